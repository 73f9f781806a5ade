import type { AppendpipeCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

/** `appendpipe [ … ]`: its commands become stages that run on the rows so far; their output is appended. */
export function lowerAppendpipe(c: AppendpipeCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'appendpipe', stages: ctx.lowerSubStages(c.subpipeline), origin: ctx.origin(c.span) });
}
