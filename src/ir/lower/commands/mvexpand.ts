import type { MvexpandCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerMvexpand(c: MvexpandCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'mvexpand', field: c.field.name, ...(c.limit !== undefined ? { limit: c.limit } : {}), origin: ctx.origin(c.span) });
}
