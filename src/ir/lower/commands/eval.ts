import type { EvalCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { lowerExpr } from '../expr.js';
import { stage, type Lowered } from './types.js';

export function lowerEval(c: EvalCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'eval',
    assignments: c.assignments.map((a) => ({ field: a.field.name, expr: lowerExpr(a.expr, ctx) })),
    origin: ctx.origin(c.span),
  });
}
