import type { FillnullCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerFillnull(c: FillnullCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'fillnull', value: c.value, fields: c.fields.map((f) => f.name), origin: ctx.origin(c.span) });
}
