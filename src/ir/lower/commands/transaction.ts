import type { TransactionCommand, TransactionFilter } from '../../../spl/ast.js';
import type { Predicate } from '../../types.js';
import type { LowerContext } from '../context.js';
import { lowerExpr, whereToPredicate } from '../expr.js';
import { lowerSearch } from '../search.js';
import { lowerTimeSpan } from './bin.js';
import { optionRecord, stage, type Lowered } from './types.js';

/** `transaction`: the grouping fields, the limits, and the start/end filters as predicates. */
export function lowerTransaction(c: TransactionCommand, ctx: LowerContext): Lowered {
  const options = optionRecord(c.options);
  const maxevents = options['maxevents'] !== undefined ? Number(options['maxevents']) : undefined;
  const startswith = c.startswith ? lowerFilter(c.startswith, ctx) : undefined;
  const endswith = c.endswith ? lowerFilter(c.endswith, ctx) : undefined;
  return stage({
    kind: 'transaction',
    fields: c.fields.map((f) => f.name),
    ...(c.maxspan ? { maxspan: lowerTimeSpan(c.maxspan) } : {}),
    ...(c.maxpause ? { maxpause: lowerTimeSpan(c.maxpause) } : {}),
    ...(maxevents !== undefined && maxevents >= 0 ? { maxevents } : {}),
    ...(startswith ? { startswith } : {}),
    ...(endswith ? { endswith } : {}),
    options,
    origin: ctx.origin(c.span),
  });
}

function lowerFilter(f: TransactionFilter, ctx: LowerContext): Predicate {
  if (f.kind === 'eval') return whereToPredicate(lowerExpr(f.expr, ctx), ctx);
  return f.expr ? lowerSearch(f.expr, ctx) : { kind: 'true', origin: ctx.origin(f.span) };
}
