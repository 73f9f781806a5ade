/**
 * The rules of the escaping property test: for each random value, SPL rules that test it with each construct a
 * target escapes differently, each with the set of values it must match under docs/semantics.md (computed with the
 * JS matcher's runtime, the reference implementation).
 *
 * | form | SPL | meaning |
 * |---|---|---|
 * | `search-eq` | `CommandLine="<v>"` (values without `*`: SPL cannot write a literal `*` in search) | case-insensitive equality |
 * | `where-eq` | `\| where CommandLine=="<v>"` (every value) | case-sensitive equality |
 * | `search-wildcard` | `CommandLine="<p>"`, p = a prefix, suffix or both of v around `*` | case-insensitive wildcard |
 * | `case-wildcard` | `CommandLine=CASE("<p>")` | case-sensitive wildcard |
 * | `regex` | `\| regex CommandLine="^<v as PCRE>$"` | PCRE: v, or v followed by one newline (`$`) |
 */
import { pattern, type PatternSpec } from '../../src/targets/js/runtime/match.js';
import { searchValueSpec } from '../../src/targets/js/runtime/stages.js';
import { codePoints, pcreLiteral, rng, splString } from './values.js';

export const FIELD = 'CommandLine';

export type Form = 'search-eq' | 'where-eq' | 'search-wildcard' | 'case-wildcard' | 'regex';
export const FORMS: readonly Form[] = ['search-eq', 'where-eq', 'search-wildcard', 'case-wildcard', 'regex'];

export interface Case {
  readonly form: Form;
  /** Index of the value the case is built from. */
  readonly value: number;
  readonly spl: string;
  /** For wildcard forms: the pattern as SPL reads it (`*` = any run). */
  readonly pattern?: string;
  /** Indexes of the values the rule matches (the reference). */
  readonly expected: readonly number[];
}

/** Indexes of the values a whole-value pattern matches, as the JS matcher's `pattern()` decides. */
function matching(values: readonly string[], lowered: readonly string[], spec: PatternSpec, caseSensitive: boolean): number[] {
  // pattern() lower-cases both sides when case-insensitive: the same test on pre-lowered values, once each.
  const m = caseSensitive ? pattern(spec, true) : pattern(spec.map((p) => (typeof p === 'string' ? p.toLowerCase() : p)), true);
  const texts = caseSensitive ? values : lowered;
  const out: number[] = [];
  for (let i = 0; i < texts.length; i++) if (m(texts[i]!)) out.push(i);
  return out;
}

/** A wildcard pattern from a value: a prefix `ab*`, a suffix `*yz`, or both `ab*yz`, cut before any `*`. */
function wildcardOf(v: string, r: () => number): string | undefined {
  const cps = codePoints(v);
  if (cps.length === 0) return undefined;
  const k = r();
  const upto = (xs: string[]) => {
    const i = xs.indexOf('*');
    return i < 0 ? xs : xs.slice(0, i);
  };
  const n = 1 + Math.floor(r() * cps.length);
  if (k < 0.5) {
    const pre = upto(cps.slice(0, n));
    return pre.length ? `${pre.join('')}*` : undefined;
  }
  if (k < 0.75) {
    const suf = upto(cps.slice(cps.length - n).reverse()).reverse();
    return suf.length ? `*${suf.join('')}` : undefined;
  }
  const a = upto(cps.slice(0, Math.ceil(n / 2)));
  const b = upto(cps.slice(cps.length - Math.floor(n / 2)).reverse()).reverse();
  return a.length && b.length ? `${a.join('')}*${b.join('')}` : undefined;
}

/** Every case for `values` (seeded: the wildcard shapes and whitespace escapes are drawn from `seed`). */
export function buildCases(values: readonly string[], seed: number): Case[] {
  const r = rng(seed ^ 0x5bd1e995);
  const lowered = values.map((v) => v.toLowerCase());
  const byValue = new Map<string, number>(values.map((v, i) => [v, i]));
  const byLower = new Map<string, number>(lowered.map((v, i) => [v, i]));
  const cases: Case[] = [];
  values.forEach((v, i) => {
    if (!v.includes('*')) cases.push({ form: 'search-eq', value: i, spl: `${FIELD}=${splString(v)}`, expected: [byLower.get(v.toLowerCase())!] });
    cases.push({ form: 'where-eq', value: i, spl: `| where ${FIELD}==${splString(v)}`, expected: [i] });
    const p = wildcardOf(v, r);
    if (p !== undefined) {
      const spec = searchValueSpec(p);
      cases.push({ form: 'search-wildcard', value: i, spl: `${FIELD}=${splString(p)}`, pattern: p, expected: matching(values, lowered, spec, false) });
      cases.push({ form: 'case-wildcard', value: i, spl: `${FIELD}=CASE(${splString(p)})`, pattern: p, expected: matching(values, lowered, spec, true) });
    }
    const re = `^${pcreLiteral(v, r() < 0.5)}$`;
    const withNewline = byValue.get(`${v}\n`);
    cases.push({ form: 'regex', value: i, spl: `| regex ${FIELD}=${splString(re)}`, expected: withNewline === undefined ? [i] : [i, withNewline] });
  });
  return cases;
}
