import type { SearchCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { lowerSearch } from '../search.js';
import { filter, type Lowered } from './types.js';

export function lowerSearchCommand(c: SearchCommand, ctx: LowerContext): Lowered {
  return filter(c.expr ? lowerSearch(c.expr, ctx) : { kind: 'true', origin: ctx.origin(c.span) });
}
