import type { FromjsonCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerFromjson(c: FromjsonCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'fromjson', field: c.field.name, prefix: c.prefix, origin: ctx.origin(c.span) });
}
