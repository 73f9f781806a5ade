/**
 * The parity comparator: what a target's results on a real engine must be, given its verdict, compared with the
 * JS matcher's (the reference implementation of docs/semantics.md).
 *
 * - `exact`: the same matching events (filter-only rules) or the same rows;
 * - `superset`: every reference match/row is among the target's; the extra ones are counted, not failed;
 * - `partial`: the expressible part (the filter) is checked as a superset; when the target says an approximation
 *   may miss events (a note with `mayMiss`), misses are reported, not failed;
 * - `unsupported`: nothing to check.
 */
import type { Fidelity, Note } from '../targets/types.js';

export interface Comparison {
  readonly ok: boolean;
  /** In the reference, not in the target's results. */
  readonly missing: readonly string[];
  /** In the target's results, not in the reference. */
  readonly extra: readonly string[];
  /** One line saying what was checked and what was found. */
  readonly summary: string;
}

/** Compare sets of matching event ids. */
export function compareMatches(reference: Iterable<string>, actual: Iterable<string>, verdict: Fidelity, notes: readonly Note[] = []): Comparison {
  const ref = new Set(reference);
  const act = new Set(actual);
  const missing = [...ref].filter((x) => !act.has(x)).sort();
  const extra = [...act].filter((x) => !ref.has(x)).sort();
  return judge(missing, extra, verdict, notes, `${ref.size} reference match(es), ${act.size} from the target`);
}

/**
 * Compare result rows as multisets of canonical JSON: keys sorted, and scalars compared as text, since SPL results
 * have no value types (`process_id=4300` is the text "4300"; an engine with a `long` mapping answers the number
 * 4300 — the same SPL value). Arrays keep their order. Row order is not compared here: a caller that needs order
 * compares `canonicalRow` lists itself.
 */
export function compareRows(reference: readonly object[], actual: readonly object[], verdict: Fidelity, notes: readonly Note[] = []): Comparison {
  const left = count(reference.map(canonicalRow));
  const right = count(actual.map(canonicalRow));
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [row, n] of left) for (let i = right.get(row) ?? 0; i < n; i++) missing.push(row);
  for (const [row, n] of right) for (let i = left.get(row) ?? 0; i < n; i++) extra.push(row);
  return judge(missing.sort(), extra.sort(), verdict, notes, `${reference.length} reference row(s), ${actual.length} from the target`);
}

function judge(missing: string[], extra: string[], verdict: Fidelity, notes: readonly Note[], counts: string): Comparison {
  const mayMiss = notes.some((n) => n.mayMiss);
  let ok: boolean;
  let rule: string;
  switch (verdict) {
    case 'exact':
      ok = missing.length === 0 && extra.length === 0;
      rule = 'exact: must be equal';
      break;
    case 'superset':
      ok = missing.length === 0;
      rule = 'superset: must contain every reference result';
      break;
    case 'partial':
      ok = missing.length === 0 || mayMiss;
      rule = mayMiss ? 'partial (the target notes it may miss results): reported only' : 'partial: the expressed filter must contain every reference result';
      break;
    case 'unsupported':
      ok = true;
      rule = 'unsupported: nothing checked';
      break;
  }
  const found = `${missing.length} missing, ${extra.length} extra`;
  return { ok, missing, extra, summary: `${rule}; ${counts}; ${found}` };
}

/** A row as canonical JSON: object keys sorted at every level, numbers and booleans as their text. */
export function canonicalRow(row: object): string {
  return JSON.stringify(sortKeys(row));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function count(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
