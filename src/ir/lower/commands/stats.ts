import type { Aggregation as AstAggregation, StatsCommand } from '../../../spl/ast.js';
import type { Aggregation } from '../../types.js';
import type { LowerContext } from '../context.js';
import { lowerExpr } from '../expr.js';
import { optionRecord, stage, type Lowered } from './types.js';

/** The output name Splunk gives an aggregation without `as`: `count`, `dc(user)`, `values(x)`. */
export function defaultAggName(a: AstAggregation): string {
  if (!a.field && !a.evalArg) return a.fn;
  return `${a.fn}(${a.field ? a.field.name : 'eval(...)'})`;
}

export function lowerAggregation(a: AstAggregation, ctx: LowerContext): Aggregation {
  return {
    fn: a.fn,
    ...(a.field ? { field: a.field.name } : {}),
    ...(a.evalArg ? { evalArg: lowerExpr(a.evalArg, ctx) } : {}),
    as: a.as?.name ?? defaultAggName(a),
  };
}

export function lowerStats(c: StatsCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'stats',
    variant: c.variant,
    aggregations: c.aggregations.map((a) => lowerAggregation(a, ctx)),
    by: c.by.map((f) => f.name),
    options: optionRecord(c.options),
    origin: ctx.origin(c.span),
  });
}
