import type { DedupCommand, SortKey as AstSortKey } from '../../../spl/ast.js';
import type { SortKey } from '../../types.js';
import type { LowerContext } from '../context.js';
import { optionRecord, stage, type Lowered } from './types.js';

export function lowerSortKey(k: AstSortKey): SortKey {
  return { field: k.field.name, descending: k.descending, ...(k.mode ? { mode: k.mode } : {}) };
}

export function lowerDedup(c: DedupCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'dedup',
    fields: c.fields.map((f) => f.name),
    count: c.count,
    options: optionRecord(c.options),
    sortBy: c.sortBy.map(lowerSortKey),
    origin: ctx.origin(c.span),
  });
}
