import type { Predicate, Stage } from '../../types.js';

/**
 * What one SPL stage lowers to: a filter (to merge into the query's filter), a later stage, or several later stages
 * (a command the IR spells with existing stages: `top` = stats + eventstats + eval + sort + dedup/head).
 */
export type Lowered =
  | { readonly kind: 'filter'; readonly predicate: Predicate }
  | { readonly kind: 'stage'; readonly stage: Stage }
  | { readonly kind: 'stages'; readonly stages: readonly Stage[] };

export const filter = (predicate: Predicate): Lowered => ({ kind: 'filter', predicate });
export const stage = (s: Stage): Lowered => ({ kind: 'stage', stage: s });
export const stages = (list: readonly Stage[]): Lowered => (list.length === 1 ? { kind: 'stage', stage: list[0]! } : { kind: 'stages', stages: list });

/** The stages a lowered command adds (none for a filter). */
export const stagesOf = (l: Lowered): readonly Stage[] => (l.kind === 'stage' ? [l.stage] : l.kind === 'stages' ? l.stages : []);

/** `key=value` options as a plain record (keys lower-cased). */
export function optionRecord(options: readonly { key: string; value: { value: string } }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) out[o.key.toLowerCase()] = o.value.value;
  return out;
}
