import type { RexCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerRex(c: RexCommand, ctx: LowerContext): Lowered {
  const max = c.options.find((o) => o.key.toLowerCase() === 'max_match');
  return stage({
    kind: 'rex',
    field: c.field.name,
    mode: c.mode,
    pattern: c.pattern,
    groups: c.groups,
    maxMatch: max ? Number(max.value.value) : 1,
    origin: ctx.origin(c.span),
  });
}
