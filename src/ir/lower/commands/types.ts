import type { Predicate, Stage } from '../../types.js';

/** What one SPL stage lowers to: a filter (to merge into the query's filter) or a later stage. */
export type Lowered = { readonly kind: 'filter'; readonly predicate: Predicate } | { readonly kind: 'stage'; readonly stage: Stage };

export const filter = (predicate: Predicate): Lowered => ({ kind: 'filter', predicate });
export const stage = (s: Stage): Lowered => ({ kind: 'stage', stage: s });

/** `key=value` options as a plain record (keys lower-cased). */
export function optionRecord(options: readonly { key: string; value: { value: string } }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) out[o.key.toLowerCase()] = o.value.value;
  return out;
}
