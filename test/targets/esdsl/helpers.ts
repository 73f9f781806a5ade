import type { MacroTable } from '../../../src/macros/index.js';
import { esdsl, type EsRequest } from '../../../src/targets/esdsl/index.js';
import { loadProfile, type Profile } from '../../../src/targets/profile.js';
import type { TargetResult } from '../../../src/targets/types.js';
import { lowerSpl } from '../../helpers/spl.js';

const cache = new Map<string, Profile>();

export function profile(name: string): Profile {
  let p = cache.get(name);
  if (!p) {
    const r = loadProfile(name);
    if (!r.ok) throw new Error(`profile ${name} does not load`);
    p = r.value;
    cache.set(name, p);
  }
  return p;
}

export interface ConvertOptions {
  readonly profile?: string;
  readonly strict?: boolean;
  readonly macros?: MacroTable;
}

/** Convert SPL text with the esdsl target (profile ecs unless told). */
export function convert(spl: string, o: ConvertOptions = {}): TargetResult<EsRequest> {
  return esdsl.convert(lowerSpl(spl, o.macros), { profile: profile(o.profile ?? 'ecs'), strict: o.strict ?? false });
}

/** The query of a converted SPL filter. */
export function queryOf(spl: string, o: ConvertOptions = {}): unknown {
  return convert(spl, o).output.body.query;
}

/** The notes' messages (warnings and errors only, unless `all`). */
export function messages(r: TargetResult<EsRequest>, all = false): string[] {
  return r.notes.filter((n) => all || n.level !== 'info').map((n) => n.message);
}

// Short builders for expected queries.
export const term = (field: string, value: unknown, ci = false) => ({ term: { [field]: { value, ...(ci ? { case_insensitive: true } : {}) } } });
export const wildcard = (field: string, value: string, ci = false) => ({ wildcard: { [field]: { value, ...(ci ? { case_insensitive: true } : {}) } } });
export const prefix = (field: string, value: string, ci = false) => ({ prefix: { [field]: { value, ...(ci ? { case_insensitive: true } : {}) } } });
export const exists = (field: string) => ({ exists: { field } });
export const should = (...items: unknown[]) => ({ bool: { should: items, minimum_should_match: 1 } });
export const mustNot = (...items: unknown[]) => ({ bool: { must_not: items } });
export const filter = (...items: unknown[]) => ({ bool: { filter: items } });
export const andNot = (items: unknown[], not: unknown[]) => ({ bool: { filter: items, must_not: not } });
