/**
 * Field leaves of the filter (docs/semantics.md, "Leaves"): a leaf on a missing field is false (`neq` included);
 * values compare as strings; a multivalue field satisfies a leaf when any value does (`neq`: when no value equals).
 */
import { cidrContains, type Cidr } from './cidr.js';
import { rawText } from './event.js';
import { getField, isNumeric, textOf, toNumber, type Row, type Scalar, type Value } from './value.js';

/** A compiled test on one value's text. */
export type Matcher = (s: string) => boolean;

/**
 * A value pattern as the generated code writes it: a string is literal text, `0` is SPL `*` (any run, like's
 * `%`), `1` is exactly one character (like's `_`).
 */
export type PatternSpec = readonly (string | 0 | 1)[];

/**
 * Compile a value pattern: it matches the whole value. Case-insensitive patterns compare lower-cased text
 * (`toLowerCase` on both sides). Common shapes become string tests; the rest a RegExp (`u` and `s` flags: `_` is
 * one code point, `*` crosses newlines).
 */
export function pattern(spec: PatternSpec, caseSensitive: boolean): Matcher {
  const parts = spec.map((p) => (typeof p === 'string' && !caseSensitive ? p.toLowerCase() : p));
  const fold = caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const lits = parts.filter((p): p is string => typeof p === 'string');
  const shape = parts.map((p) => (typeof p === 'string' ? 'L' : p === 0 ? '*' : '?')).join('');
  const a = lits[0] ?? '';
  switch (shape) {
    case '':
      return (s) => s === '';
    case 'L':
      return caseSensitive ? (s) => s === a : (s) => s.toLowerCase() === a;
    case '*':
      return () => true;
    case '*L*':
      return (s) => fold(s).includes(a);
    case 'L*':
      return (s) => fold(s).startsWith(a);
    case '*L':
      return (s) => fold(s).endsWith(a);
    default: {
      // Not a RegExp: `^a[\s\S]*b[\s\S]*c…$` backtracks in O(n^k) for k wildcards (ReDoS, docs/security.md).
      const tokens = globTokens(parts);
      return (s) => globMatch(tokens, fold(s));
    }
  }
}

/** Glob tokens: a code point (as a string), `0` for `*`, `1` for exactly one code point. */
type GlobToken = string | 0 | 1;

function globTokens(parts: readonly (string | 0 | 1)[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(...Array.from(p));
    else if (p === 1 || out[out.length - 1] !== 0) out.push(p);
  }
  return out;
}

/**
 * Whole-value glob match in O(value × pattern) code points: the classic single-backtrack-point algorithm (on a
 * mismatch, only the last `*` takes one more character).
 */
function globMatch(p: readonly GlobToken[], text: string): boolean {
  const t = Array.from(text);
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < t.length) {
    const x = p[j];
    if (j < p.length && x !== 0 && (x === 1 || x === t[i])) {
      i++;
      j++;
    } else if (j < p.length && x === 0) {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < p.length && p[j] === 0) j++;
  return j === p.length;
}

/** A field's value for reading: `_raw` falls back to the synthesised raw text. */
export function readField(r: Row, name: string): Value | undefined {
  const v = getField(r, name);
  if (v === undefined && name === '_raw') return rawText(r);
  return v;
}

function anyValue(v: Value, m: Matcher): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (m(textOf(x))) return true;
    return false;
  }
  return m(textOf(v));
}

/** `f = pattern`: the field exists and some value matches. */
export function leafEq(r: Row, field: string, m: Matcher): boolean {
  const v = readField(r, field);
  return v !== undefined && anyValue(v, m);
}

/** `f != pattern`: the field exists and no value matches. */
export function leafNeq(r: Row, field: string, m: Matcher): boolean {
  const v = readField(r, field);
  return v !== undefined && !anyValue(v, m);
}

/** `f IN (p1, p2, …)`: some value matches some pattern. */
export function leafIn(r: Row, field: string, ms: readonly Matcher[]): boolean {
  const v = readField(r, field);
  if (v === undefined) return false;
  for (const m of ms) if (anyValue(v, m)) return true;
  return false;
}

/** A compiled ordering test on one value. */
export type OrderTest = (s: Scalar) => boolean;

/**
 * `f < v` (`lt le gt ge`): numeric when the literal is a number (`numeric`) and the value is numeric, else by
 * UTF-16 code units (lower-cased on both sides when case-insensitive).
 */
export function order(op: 'lt' | 'le' | 'gt' | 'ge', literalText: string, numeric: boolean, caseSensitive: boolean): OrderTest {
  const n = numeric && isNumeric(literalText) ? toNumber(literalText) : NaN;
  const lit = caseSensitive ? literalText : literalText.toLowerCase();
  const test = (c: number) => (op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0);
  return (s) => {
    if (!Number.isNaN(n) && isNumeric(s)) {
      const x = toNumber(s);
      return test(x < n ? -1 : x > n ? 1 : 0);
    }
    const t = caseSensitive ? textOf(s) : textOf(s).toLowerCase();
    return test(t < lit ? -1 : t > lit ? 1 : 0);
  };
}

export function leafOrder(r: Row, field: string, t: OrderTest): boolean {
  const v = readField(r, field);
  if (v === undefined) return false;
  if (Array.isArray(v)) return v.some(t);
  return t(v);
}

/** A RegExp for searching (no `g`/`y`: `test` must not keep state). */
export function searchRegex(source: string, flags: string): RegExp {
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}

/** `f ~ re`: the field exists and the regex is found in some value. */
export function leafRegex(r: Row, field: string, re: RegExp): boolean {
  const v = readField(r, field);
  return v !== undefined && anyValue(v, (s) => re.test(s));
}

export function leafExists(r: Row, field: string): boolean {
  return readField(r, field) !== undefined;
}

/** `cidrmatch`: some value of the field is an IP inside the range (`c` undefined: an invalid CIDR, never). */
export function leafCidr(r: Row, field: string, c: Cidr | undefined): boolean {
  if (!c) return false;
  const v = readField(r, field);
  return v !== undefined && anyValue(v, (s) => cidrContains(c, s));
}
