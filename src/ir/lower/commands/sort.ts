import type { SortCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { lowerSortKey } from './dedup.js';
import { stage, type Lowered } from './types.js';

/** Splunk's `sort` keeps 10,000 results unless a limit is given (0 = all). */
export function lowerSort(c: SortCommand, ctx: LowerContext): Lowered {
  const limit = c.limit ?? 10000;
  return stage({ kind: 'sort', keys: c.keys.map(lowerSortKey), ...(limit > 0 ? { limit } : {}), origin: ctx.origin(c.span) });
}
