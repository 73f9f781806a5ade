import type { SpathCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerSpath(c: SpathCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'spath',
    input: c.input ?? '_raw',
    ...(c.output !== undefined ? { output: c.output } : {}),
    ...(c.path !== undefined ? { path: c.path } : {}),
    origin: ctx.origin(c.span),
  });
}
