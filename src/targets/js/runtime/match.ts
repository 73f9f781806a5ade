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
      // Lower case never shortens a string (only U+0130 changes length, to 2): a longer value cannot be equal.
      return caseSensitive ? (s) => s === a : (s) => s.length <= a.length && s.toLowerCase() === a;
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
  if (typeof v === 'string') return m(v);
  if (Array.isArray(v)) {
    for (const x of v) if (m(textOf(x))) return true;
    return false;
  }
  return m(textOf(v));
}

// The generated filter's leaves take the field's value (`readField` of a row, or `eventField` of an input event):
// undefined = missing. The `leaf*` forms on a row and a field name are for callers with rows.

/** `f = pattern`: the field exists and some value matches. */
export function valEq(v: Value | undefined, m: Matcher): boolean {
  return v !== undefined && anyValue(v, m);
}

/** A data-source check (`index=…`, `sourcetype=…`): holds when the event lacks the field, else as `valEq`. */
export function valSelect(v: Value | undefined, m: Matcher): boolean {
  return v === undefined || anyValue(v, m);
}

/** `f != pattern`: the field exists and no value matches. */
export function valNeq(v: Value | undefined, m: Matcher): boolean {
  return v !== undefined && !anyValue(v, m);
}

/** `f IN (p1, p2, …)`: some value matches some pattern. */
export function valIn(v: Value | undefined, ms: readonly Matcher[]): boolean {
  if (v === undefined) return false;
  for (const m of ms) if (anyValue(v, m)) return true;
  return false;
}

export function leafEq(r: Row, field: string, m: Matcher): boolean {
  return valEq(readField(r, field), m);
}

export function leafNeq(r: Row, field: string, m: Matcher): boolean {
  return valNeq(readField(r, field), m);
}

export function leafIn(r: Row, field: string, ms: readonly Matcher[]): boolean {
  return valIn(readField(r, field), ms);
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

export function valOrder(v: Value | undefined, t: OrderTest): boolean {
  if (v === undefined) return false;
  if (Array.isArray(v)) return v.some(t);
  return t(v);
}

/** A RegExp for searching (no `g`/`y`: `test` must not keep state). */
export function searchRegex(source: string, flags: string): RegExp {
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}

/** `f ~ re`: the field exists and the regex (a RegExp, or the linear-time guard of `linear.ts`) is found in some value. */
export function valRegex(v: Value | undefined, re: { test(s: string): boolean }): boolean {
  if (v === undefined) return false;
  if (typeof v === 'string') return re.test(v);
  if (Array.isArray(v)) {
    for (const x of v) if (re.test(textOf(x))) return true;
    return false;
  }
  return re.test(textOf(v));
}

/** `cidrmatch`: some value of the field is an IP inside the range (`c` undefined: an invalid CIDR, never). */
export function valCidr(v: Value | undefined, c: Cidr | undefined): boolean {
  if (!c || v === undefined) return false;
  return anyValue(v, (s) => cidrContains(c, s));
}

export function leafOrder(r: Row, field: string, t: OrderTest): boolean {
  return valOrder(readField(r, field), t);
}

export function leafRegex(r: Row, field: string, re: { test(s: string): boolean }): boolean {
  return valRegex(readField(r, field), re);
}

export function leafExists(r: Row, field: string): boolean {
  return readField(r, field) !== undefined;
}

export function leafCidr(r: Row, field: string, c: Cidr | undefined): boolean {
  return valCidr(readField(r, field), c);
}
