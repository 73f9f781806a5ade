import type { WhereCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { lowerExpr, whereToPredicate } from '../expr.js';
import { filter, type Lowered } from './types.js';

export function lowerWhere(c: WhereCommand, ctx: LowerContext): Lowered {
  return filter(whereToPredicate(lowerExpr(c.expr, ctx), ctx));
}
