/**
 * Eval expressions: operators with null propagation and three-valued logic, and the function library.
 * `null` is a missing value. A comparison with a multivalue operand holds when any value satisfies it; scalar
 * operators and functions (arithmetic, `.`, string functions) take a multivalue of one as its value and give null
 * for more.
 */
import { cidrContains, parseCidr, type Cidr } from './cidr.js';
import { pattern, readField, type Matcher, type PatternSpec } from './match.js';
import { jsonPath, parseJsonDoc } from './spathlib.js';
import { relativeTime, strftime, strptime } from './time.js';
import { compareScalars, isNumeric, textOf, toNumber, valuesOf, type Row, type Scalar, type Value } from './value.js';

/** An eval value: a field value or null (missing). */
export type EV = Value | null;

/** What compiled expressions can read besides the row. */
export interface EvalContext {
  /** "Now" in epoch seconds (`now()`, `time()`), fixed for one run. */
  readonly now: number;
}

/** A field in an expression (`_raw` falls back to the synthesised raw text). */
export function ef(r: Row, name: string): EV {
  return readField(r, name) ?? null;
}

/** The single value of an operand: a multivalue of one is that value; of more, null. */
export function one(v: EV): Scalar | null {
  if (v === null) return null;
  if (Array.isArray(v)) return v.length === 1 ? v[0]! : null;
  return v;
}

/** A list result: empty → null, one value → that value, more → a multivalue. */
export function mvResult(list: readonly Scalar[]): EV {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  return [...list];
}

// ───────────── logic (Kleene) ─────────────

/** true / false / null (unknown) of a value: only booleans are truth values. */
function tri(v: EV): boolean | null {
  const s = one(v);
  return typeof s === 'boolean' ? s : null;
}

/** Whether a condition holds (`if`, `case`, `where`): only `true` does; null and other values do not. */
export function evTruth(v: EV): boolean {
  return tri(v) === true;
}

export function evAnd(a: EV, b: EV): EV {
  const x = tri(a);
  const y = tri(b);
  if (x === false || y === false) return false;
  if (x === null || y === null) return null;
  return true;
}

export function evOr(a: EV, b: EV): EV {
  const x = tri(a);
  const y = tri(b);
  if (x === true || y === true) return true;
  if (x === null || y === null) return null;
  return false;
}

export function evXor(a: EV, b: EV): EV {
  const x = tri(a);
  const y = tri(b);
  if (x === null || y === null) return null;
  return x !== y;
}

export function evNot(a: EV): EV {
  const x = tri(a);
  return x === null ? null : !x;
}

// ───────────── comparison ─────────────

/** Compare two scalars: numerically when both are numbers, else their text by UTF-16 code units (case-sensitive). */
function cmp2(a: Scalar, b: Scalar): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const s = textOf(a);
  const t = textOf(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function anyPair(a: EV, b: EV, test: (c: number) => boolean): EV {
  if (a === null || b === null) return null;
  for (const x of valuesOf(a)) for (const y of valuesOf(b)) if (test(cmp2(x, y))) return true;
  return false;
}

export function evEq(a: EV, b: EV): EV {
  return anyPair(a, b, (c) => c === 0);
}

/** `a != b` is `NOT (a = b)` (null stays null). */
export function evNeq(a: EV, b: EV): EV {
  return evNot(evEq(a, b));
}

export function evLt(a: EV, b: EV): EV {
  return anyPair(a, b, (c) => c < 0);
}

export function evLe(a: EV, b: EV): EV {
  return anyPair(a, b, (c) => c <= 0);
}

export function evGt(a: EV, b: EV): EV {
  return anyPair(a, b, (c) => c > 0);
}

export function evGe(a: EV, b: EV): EV {
  return anyPair(a, b, (c) => c >= 0);
}

/** `a IN (b, c, …)`. */
export function evIn(a: EV, list: readonly EV[]): EV {
  if (a === null) return null;
  for (const b of list) if (b !== null && evEq(a, b) === true) return true;
  return false;
}

/** A like() pattern (`%` any run, `_` one character) as a pattern spec. */
export function likeSpec(p: string): PatternSpec {
  const out: (string | 0 | 1)[] = [];
  let lit = '';
  for (const ch of p) {
    if (ch === '%' || ch === '_') {
      if (lit) out.push(lit);
      lit = '';
      if (ch === '_') out.push(1);
      else if (out[out.length - 1] !== 0) out.push(0);
    } else lit += ch;
  }
  if (lit) out.push(lit);
  return out;
}

const LIKE_CACHE = new Map<string, Matcher>();

/** `like(a, p)` / `a LIKE p`: case-sensitive; `p` a compiled matcher or a pattern string (compiled, cached). */
export function evLike(a: EV, p: Matcher | EV): EV {
  if (a === null || p === null) return null;
  let m: Matcher;
  if (typeof p === 'function') m = p;
  else {
    const text = one(p);
    if (text === null) return null;
    const key = textOf(text);
    let cached = LIKE_CACHE.get(key);
    if (!cached) {
      cached = pattern(likeSpec(key), true);
      if (LIKE_CACHE.size < 1000) LIKE_CACHE.set(key, cached);
    }
    m = cached;
  }
  return valuesOf(a).some((x) => m(textOf(x)));
}

// ───────────── arithmetic ─────────────

function arith(a: EV, b: EV, f: (x: number, y: number) => number): EV {
  const x = one(a);
  const y = one(b);
  if (x === null || y === null || !isNumeric(x) || !isNumeric(y)) return null;
  const r = f(toNumber(x), toNumber(y));
  return Number.isFinite(r) ? r : null;
}

/** `+`: numbers add; two strings (not both numeric) concatenate; anything else is null. */
export function evAdd(a: EV, b: EV): EV {
  const x = one(a);
  const y = one(b);
  if (x === null || y === null) return null;
  if (isNumeric(x) && isNumeric(y)) return arith(x, y, (p, q) => p + q);
  if (typeof x === 'string' && typeof y === 'string') return x + y;
  return null;
}

export function evSub(a: EV, b: EV): EV {
  return arith(a, b, (x, y) => x - y);
}

export function evMul(a: EV, b: EV): EV {
  return arith(a, b, (x, y) => x * y);
}

/** `/`: division by zero is null. */
export function evDiv(a: EV, b: EV): EV {
  return arith(a, b, (x, y) => (y === 0 ? NaN : x / y));
}

export function evMod(a: EV, b: EV): EV {
  return arith(a, b, (x, y) => (y === 0 ? NaN : x % y));
}

export function evNeg(a: EV): EV {
  const x = one(a);
  if (x === null || !isNumeric(x)) return null;
  return -toNumber(x);
}

/** `.`: text of both operands joined; null when either is null. */
export function evConcat(a: EV, b: EV): EV {
  const x = one(a);
  const y = one(b);
  if (x === null || y === null) return null;
  return textOf(x) + textOf(y);
}

// ───────────── functions ─────────────

/** [min, max] argument counts of the generic functions (`fn_<name>`); max -1 = any. */
export const EVAL_ARITY: Readonly<Record<string, readonly [number, number]>> = Object.assign(
  Object.create(null) as Record<string, readonly [number, number]>,
  {
    coalesce: [1, -1], isnull: [1, 1], isnotnull: [1, 1], nullif: [2, 2],
    lower: [1, 1], upper: [1, 1], len: [1, 1], substr: [2, 3], replace: [3, 3], split: [2, 2],
    trim: [1, 2], ltrim: [1, 2], rtrim: [1, 2], urldecode: [1, 1],
    mvindex: [2, 3], mvcount: [1, 1], mvjoin: [2, 2], mvappend: [1, -1], mvdedup: [1, 1], mvsort: [1, 1], mvfind: [2, 2], mvzip: [2, 3],
    tonumber: [1, 2], tostring: [1, 2], round: [1, 2], abs: [1, 1], floor: [1, 1], ceil: [1, 1], ceiling: [1, 1],
    sqrt: [1, 1], pow: [2, 2], exp: [1, 1], ln: [1, 1], log: [1, 2], pi: [0, 0], exact: [1, 1],
    min: [1, -1], max: [1, -1], strftime: [2, 2], strptime: [2, 2], relative_time: [2, 2],
    cidrmatch: [2, 2], typeof: [1, 1], isnum: [1, 1], isint: [1, 1], isstr: [1, 1], isbool: [1, 1], spath: [2, 2],
    like: [2, 2], match: [2, 2],
  },
);

export function fn_coalesce(...args: EV[]): EV {
  for (const a of args) if (a !== null) return a;
  return null;
}

export function fn_isnull(a: EV): EV {
  return a === null;
}

export function fn_isnotnull(a: EV): EV {
  return a !== null;
}

export function fn_nullif(a: EV, b: EV): EV {
  return evEq(a, b) === true ? null : a;
}

function str1(a: EV): string | null {
  const x = one(a);
  return x === null ? null : textOf(x);
}

export function fn_lower(a: EV): EV {
  const s = str1(a);
  return s === null ? null : s.toLowerCase();
}

export function fn_upper(a: EV): EV {
  const s = str1(a);
  return s === null ? null : s.toUpperCase();
}

/** Length in characters (code points). */
export function fn_len(a: EV): EV {
  const s = str1(a);
  return s === null ? null : Array.from(s).length;
}

/** `substr(s, start[, length])`: 1-based, in characters; a negative start counts from the end; 0 is 1. */
export function fn_substr(a: EV, start: EV, length?: EV): EV {
  const s = str1(a);
  const st = one(start);
  if (s === null || st === null || !isNumeric(st)) return null;
  const chars = Array.from(s);
  let i = Math.trunc(toNumber(st));
  i = i < 0 ? Math.max(0, chars.length + i) : Math.max(0, i - 1);
  if (length === undefined) return chars.slice(i).join('');
  const l = one(length);
  if (l === null || !isNumeric(l)) return null;
  const n = Math.trunc(toNumber(l));
  if (n < 0) return null;
  return chars.slice(i, i + n).join('');
}

/**
 * `replace(s, re, repl)`: every match replaced (`re` compiled by the generated code with the `g` flag); in `repl`
 * `\N` is group N, `\\` a backslash, everything else literal.
 */
export function fn_replace(a: EV, re: RegExp | null, repl: EV): EV {
  const s = str1(a);
  const r = str1(repl);
  if (s === null || re === null || r === null) return null;
  re.lastIndex = 0;
  return s.replace(re, (...m: unknown[]) => {
    // (match, g1…gn, offset, input[, groups]): the groups end where the numeric offset starts.
    const end = m.findIndex((x, i) => i > 0 && typeof x === 'number');
    const groups = m.slice(0, end < 0 ? 1 : end);
    return r.replace(/\\(\d|\\)/g, (_x, g: string) => (g === '\\' ? '\\' : String(groups[Number(g)] ?? '')));
  });
}

/** `split(s, delim)`: an empty delimiter splits into characters. */
export function fn_split(a: EV, d: EV): EV {
  const s = str1(a);
  const delim = str1(d);
  if (s === null || delim === null) return null;
  return mvResult(delim === '' ? Array.from(s) : s.split(delim));
}

function trimWith(a: EV, chars: EV | undefined, left: boolean, right: boolean): EV {
  const s = str1(a);
  if (s === null) return null;
  const set = chars === undefined ? ' \t\n\r\f\v' : str1(chars);
  if (set === null) return null;
  const cs = Array.from(s);
  let i = 0;
  let j = cs.length;
  if (left) while (i < j && set.includes(cs[i]!)) i++;
  if (right) while (j > i && set.includes(cs[j - 1]!)) j--;
  return cs.slice(i, j).join('');
}

export function fn_trim(a: EV, chars?: EV): EV {
  return trimWith(a, chars, true, true);
}

export function fn_ltrim(a: EV, chars?: EV): EV {
  return trimWith(a, chars, true, false);
}

export function fn_rtrim(a: EV, chars?: EV): EV {
  return trimWith(a, chars, false, true);
}

/** `%XX` sequences decoded as UTF-8 (invalid sequences kept as written); `+` is kept. */
export function fn_urldecode(a: EV): EV {
  const s = str1(a);
  if (s === null) return null;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (x, h: string) => {
        const n = parseInt(h, 16);
        return n < 128 ? String.fromCharCode(n) : x;
      });
    }
  });
}

/** `mvindex(mv, start[, end])`: 0-based, negative from the end, `end` inclusive. */
export function fn_mvindex(a: EV, start: EV, end?: EV): EV {
  if (a === null) return null;
  const list = valuesOf(a);
  const st = one(start);
  if (st === null || !isNumeric(st)) return null;
  const norm = (i: number) => (i < 0 ? list.length + i : i);
  const i = norm(Math.trunc(toNumber(st)));
  if (i < 0 || i >= list.length) return null;
  if (end === undefined) return list[i]!;
  const en = one(end);
  if (en === null || !isNumeric(en)) return null;
  const j = Math.min(norm(Math.trunc(toNumber(en))), list.length - 1);
  if (j < i) return null;
  return mvResult(list.slice(i, j + 1));
}

export function fn_mvcount(a: EV): EV {
  return a === null ? null : valuesOf(a).length;
}

export function fn_mvjoin(a: EV, d: EV): EV {
  const delim = str1(d);
  if (a === null || delim === null) return null;
  return valuesOf(a).map(textOf).join(delim);
}

export function fn_mvappend(...args: EV[]): EV {
  return mvResult(args.flatMap((x) => [...valuesOf(x)]));
}

export function fn_mvdedup(a: EV): EV {
  if (a === null) return null;
  const seen = new Set<string>();
  const out: Scalar[] = [];
  for (const v of valuesOf(a)) {
    const k = textOf(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return mvResult(out);
}

/** `mvsort`: by text, UTF-16 order. */
export function fn_mvsort(a: EV): EV {
  if (a === null) return null;
  return mvResult([...valuesOf(a)].sort((x, y) => (textOf(x) < textOf(y) ? -1 : textOf(x) > textOf(y) ? 1 : 0)));
}

/** `mvfind(mv, re)`: index of the first value the regex is found in, else null. */
export function fn_mvfind(a: EV, re: RegExp | null): EV {
  if (a === null || re === null) return null;
  const list = valuesOf(a);
  for (let i = 0; i < list.length; i++) {
    re.lastIndex = 0;
    if (re.test(textOf(list[i]!))) return i;
  }
  return null;
}

export function fn_mvzip(a: EV, b: EV, d?: EV): EV {
  if (a === null || b === null) return null;
  const delim = d === undefined ? ',' : str1(d);
  if (delim === null) return null;
  const x = valuesOf(a);
  const y = valuesOf(b);
  const n = Math.min(x.length, y.length);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(textOf(x[i]!) + delim + textOf(y[i]!));
  return mvResult(out);
}

/** `mvfilter(expr)`: the values of `field` for which `test` (the expression with the field bound to one value) holds. */
export function fn_mvfilter(r: Row, field: string, test: (row: Row) => EV): EV {
  const v = readField(r, field);
  if (v === undefined) return null;
  const out: Scalar[] = [];
  for (const x of valuesOf(v)) {
    const row = Object.assign(Object.create(null) as Row, r);
    row[field] = x;
    if (evTruth(test(row))) out.push(x);
  }
  return mvResult(out);
}

/** `mvmap(field, expr)`: `expr` (with the field bound to one value) for each value of `field`; nulls are dropped. */
export function fn_mvmap(r: Row, field: string, f: (row: Row) => EV): EV {
  const v = readField(r, field);
  if (v === undefined) return null;
  const out: Scalar[] = [];
  for (const x of valuesOf(v)) {
    const row = Object.assign(Object.create(null) as Row, r);
    row[field] = x;
    for (const y of valuesOf(f(row))) out.push(y);
  }
  return mvResult(out);
}

/** `tonumber(s[, base])`: decimal text (or a number) → number; with a base 2–36, an integer in that base. */
export function fn_tonumber(a: EV, base?: EV): EV {
  const x = one(a);
  if (x === null) return null;
  if (base === undefined) return isNumeric(x) ? toNumber(x) : null;
  const b = one(base);
  if (b === null || !isNumeric(b)) return null;
  const radix = Math.trunc(toNumber(b));
  if (radix < 2 || radix > 36) return null;
  let s = textOf(x).trim().toLowerCase();
  const neg = s.startsWith('-');
  if (neg || s.startsWith('+')) s = s.slice(1);
  if (radix === 16 && s.startsWith('0x')) s = s.slice(2);
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  if (s === '' || ![...s].every((c) => digits.includes(c))) return null;
  const n = parseInt(s, radix);
  return neg ? -n : n;
}

function withCommas(n: number): string {
  const fixed = (Math.round(Math.abs(n) * 100) / 100).toString();
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + grouped + (frac ? `.${frac}` : '');
}

function duration(n: number): string {
  const total = Math.floor(Math.abs(n));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const p = (x: number) => String(x).padStart(2, '0');
  return `${n < 0 ? '-' : ''}${days ? `${days}+` : ''}${p(h)}:${p(m)}:${p(s)}`;
}

/** `tostring(x[, "hex"|"commas"|"duration"])`. */
export function fn_tostring(a: EV, format?: EV): EV {
  const x = one(a);
  if (x === null) return null;
  if (format === undefined) return textOf(x);
  const f = str1(format);
  if (f === null || !isNumeric(x)) return f === null ? null : textOf(x);
  const n = toNumber(x);
  switch (f.toLowerCase()) {
    case 'hex':
      return Number.isInteger(n) ? `${n < 0 ? '-' : ''}0x${Math.abs(n).toString(16).toUpperCase()}` : textOf(x);
    case 'commas':
      return withCommas(n);
    case 'duration':
      return duration(n);
    default:
      return textOf(x);
  }
}

function num1(a: EV): number | null {
  const x = one(a);
  return x === null || !isNumeric(x) ? null : toNumber(x);
}

function finite(n: number): EV {
  return Number.isFinite(n) ? n : null;
}

/** `round(x[, digits])`: half away from zero. */
export function fn_round(a: EV, digits?: EV): EV {
  const n = num1(a);
  if (n === null) return null;
  const d = digits === undefined ? 0 : num1(digits);
  if (d === null) return null;
  const k = Math.trunc(d);
  const r = Number(`${Math.round(Number(`${Math.abs(n)}e${k}`))}e${-k}`);
  return finite(n < 0 ? -r : r);
}

export function fn_abs(a: EV): EV {
  const n = num1(a);
  return n === null ? null : Math.abs(n);
}

export function fn_floor(a: EV): EV {
  const n = num1(a);
  return n === null ? null : Math.floor(n);
}

export function fn_ceil(a: EV): EV {
  const n = num1(a);
  return n === null ? null : Math.ceil(n);
}

export function fn_ceiling(a: EV): EV {
  return fn_ceil(a);
}

export function fn_sqrt(a: EV): EV {
  const n = num1(a);
  return n === null ? null : finite(Math.sqrt(n));
}

export function fn_pow(a: EV, b: EV): EV {
  const x = num1(a);
  const y = num1(b);
  return x === null || y === null ? null : finite(Math.pow(x, y));
}

export function fn_exp(a: EV): EV {
  const n = num1(a);
  return n === null ? null : finite(Math.exp(n));
}

export function fn_ln(a: EV): EV {
  const n = num1(a);
  return n === null ? null : finite(Math.log(n));
}

/** `log(x[, base])`: base 10 by default. */
export function fn_log(a: EV, base?: EV): EV {
  const n = num1(a);
  const b = base === undefined ? 10 : num1(base);
  return n === null || b === null ? null : finite(Math.log(n) / Math.log(b));
}

export function fn_pi(): EV {
  return Math.PI;
}

export function fn_exact(a: EV): EV {
  return a;
}

function extreme(args: EV[], sign: 1 | -1): EV {
  let best: Scalar | null = null;
  for (const a of args) for (const v of valuesOf(a)) if (best === null || sign * compareScalars(v, best) > 0) best = v;
  return best;
}

/** `min(…)`/`max(…)`: over every value of every argument; numbers order before text (so text is the max). */
export function fn_min(...args: EV[]): EV {
  return extreme(args, -1);
}

export function fn_max(...args: EV[]): EV {
  return extreme(args, 1);
}

export function fn_strftime(t: EV, f: EV): EV {
  const n = num1(t);
  const fmt = str1(f);
  return n === null || fmt === null ? null : strftime(n, fmt);
}

export function fn_strptime(s: EV, f: EV): EV {
  const text = str1(s);
  const fmt = str1(f);
  if (text === null || fmt === null) return null;
  return strptime(text, fmt) ?? null;
}

export function fn_relative_time(t: EV, spec: EV): EV {
  const n = num1(t);
  const s = str1(spec);
  if (n === null || s === null) return null;
  return relativeTime(n, s) ?? null;
}

const CIDR_CACHE = new Map<string, Cidr | undefined>();

/** `cidrmatch(cidr, ip)`: some value of `ip` is in the range; an invalid range gives false. */
export function fn_cidrmatch(c: EV, ip: EV): EV {
  const range = str1(c);
  if (range === null || ip === null) return null;
  let parsed = CIDR_CACHE.get(range);
  if (!CIDR_CACHE.has(range)) {
    parsed = parseCidr(range);
    if (CIDR_CACHE.size < 1000) CIDR_CACHE.set(range, parsed);
  }
  if (!parsed) return false;
  const p = parsed;
  return valuesOf(ip).some((v) => cidrContains(p, textOf(v)));
}

/** `typeof(x)`: `Number`, `String`, `Boolean`, `Multivalue` or `Invalid` (null). */
export function fn_typeof(a: EV): EV {
  if (a === null) return 'Invalid';
  if (Array.isArray(a) && a.length > 1) return 'Multivalue';
  const x = one(a)!;
  if (typeof x === 'boolean') return 'Boolean';
  return isNumeric(x) ? 'Number' : 'String';
}

export function fn_isnum(a: EV): EV {
  const x = one(a);
  return x !== null && isNumeric(x);
}

export function fn_isint(a: EV): EV {
  const x = one(a);
  return x !== null && isNumeric(x) && Number.isInteger(toNumber(x));
}

export function fn_isstr(a: EV): EV {
  const x = one(a);
  return x !== null && typeof x === 'string' && !isNumeric(x);
}

export function fn_isbool(a: EV): EV {
  return typeof one(a) === 'boolean';
}

/** `spath(json, path)`: the values at the path (see spathlib). */
export function fn_spath(a: EV, p: EV): EV {
  const s = str1(a);
  const path = str1(p);
  if (s === null || path === null) return null;
  const doc = parseJsonDoc(s);
  return doc === undefined ? null : mvResult(jsonPath(doc, path));
}

/** `like(a, p)` as a function. */
export function fn_like(a: EV, p: Matcher | EV): EV {
  return evLike(a, p);
}

/** `match(a, re)`: the regex (compiled by the generated code) is found in some value. */
export function fn_match(a: EV, re: RegExp | null): EV {
  if (a === null || re === null) return null;
  return valuesOf(a).some((v) => {
    re.lastIndex = 0;
    return re.test(textOf(v));
  });
}
