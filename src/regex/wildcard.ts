/**
 * PCRE search → `*`-wildcard patterns over the whole value (for KQL and Sigma values), derived from the anchored
 * language of `whole.ts`: literal characters stay, `.*`-like runs become `*`, anything else (a class, a bounded
 * repetition) widens to `*`.
 *
 * `anyOf` is a list of patterns whose union matches at least what the regex does (exactly, when `anyOfFidelity` is
 * `exact`): alternatives and optional parts are kept apart, e.g. `\.exe$` → `*.exe`, `*.exe\n` (PCRE's `$` also
 * matches before a final newline). `pattern` is the tightest single pattern covering them all (`*.exe*` there).
 */
import { caseClose } from './casefold.js';
import { equals, isAll, singleOf } from './charset.js';
import type { PcreAst } from './ast.js';
import { type RNode, uniformlyCaseInsensitive } from './rnode.js';
import { lowerSearch } from './search.js';
import type { RegexNote } from './types.js';
import { RegexVerdict } from './verdict.js';
import { wholeValue } from './whole.js';
import type { PatternPart, ValuePattern } from '../values/pattern.js';

export interface WildcardResult {
  /** The tightest single pattern that matches every value the regex finds a match in. */
  readonly pattern: ValuePattern;
  readonly fidelity: 'exact' | 'superset';
  /** Patterns to OR together: tighter than `pattern` when the regex has alternatives or optional parts. */
  readonly anyOf: readonly ValuePattern[];
  readonly anyOfFidelity: 'exact' | 'superset';
  /** Literal parts are compared case-insensitively (the regex is `(?i)` throughout). */
  readonly caseInsensitive: boolean;
  readonly notes: readonly RegexNote[];
}

/** Token: one literal character, or `null` for "any run of characters". */
type Tok = string | null;

interface Sketch {
  readonly toks: readonly Tok[];
  readonly exact: boolean;
}

/** Most patterns kept apart in `anyOf` (beyond that they are merged). */
const MAX_PATTERNS = 16;
/** Longest literal built by unrolling `x{n}`. */
const MAX_UNROLL = 64;

export function printWildcard(ast: PcreAst): WildcardResult | undefined {
  const lowered = lowerSearch(ast);
  const v = new RegexVerdict();
  v.absorb(lowered.verdict);
  const whole = wholeValue(lowered.alts, v);
  const ci = uniformlyCaseInsensitive(whole);
  const sketches = prune(sketch(whole, ci), ci);
  if (sketches.length === 0 || sketches.some((s) => isMatchAll(s.toks))) return undefined;
  const loweredExact = v.fidelity === 'exact';
  const anyOfExact = loweredExact && sketches.every((s) => s.exact);
  const single = lub(sketches);
  const fidelity = loweredExact && single.exact ? 'exact' : 'superset';
  const notes = [...v.notes];
  return {
    pattern: toPattern(single.toks),
    fidelity,
    anyOf: sketches.map((s) => toPattern(s.toks)),
    anyOfFidelity: anyOfExact ? 'exact' : 'superset',
    caseInsensitive: ci,
    notes,
  };
}

function sketch(r: RNode, ci: boolean): Sketch[] {
  switch (r.k) {
    case 'set': {
      const one = singleOf(r.set);
      if (one !== undefined) return [{ toks: [String.fromCodePoint(one)], exact: true }];
      const w = r.written && singleOf(r.written);
      if (ci && r.ci && w !== undefined && equals(caseClose(r.written!), r.set)) return [{ toks: [String.fromCodePoint(w)], exact: true }];
      return [{ toks: [null], exact: false }];
    }
    case 'seq': {
      let acc: Sketch[] = [{ toks: [], exact: true }];
      for (const it of r.items) {
        const next = sketch(it, ci);
        if (acc.length * next.length > MAX_PATTERNS) acc = [lub(acc)];
        const nextOnes = acc.length * next.length > MAX_PATTERNS ? [lub(next)] : next;
        acc = acc.flatMap((a) => nextOnes.map((b) => ({ toks: norm([...a.toks, ...b.toks]), exact: a.exact && b.exact })));
      }
      return acc;
    }
    case 'alt': {
      const all = r.items.flatMap((it) => sketch(it, ci));
      return all.length > MAX_PATTERNS ? [lub(all)] : all;
    }
    case 'rep': {
      if (r.body.k === 'set' && isAll(r.body.set) && r.max === Infinity) return [{ toks: [null], exact: r.min === 0 }];
      const body = sketch(r.body, ci);
      if (r.min === 0 && r.max === 1) return [{ toks: [], exact: true }, ...body];
      const one = body.length === 1 ? body[0]! : lub(body);
      const unrolled: Tok[] = [];
      for (let i = 0; i < r.min && unrolled.length <= MAX_UNROLL; i++) unrolled.push(...one.toks);
      if (unrolled.length > MAX_UNROLL) return [{ toks: [null], exact: false }];
      if (r.min === r.max) return [{ toks: norm(unrolled), exact: one.exact && body.length === 1 }];
      return [{ toks: norm([...unrolled, null]), exact: false }];
    }
  }
}

/** Adjacent "any" tokens merged. */
function norm(toks: Tok[]): Tok[] {
  return toks.filter((t, i) => !(t === null && i > 0 && toks[i - 1] === null));
}

function isMatchAll(toks: readonly Tok[]): boolean {
  return toks.length === 1 && toks[0] === null;
}

function sameTok(a: Tok, b: Tok, ci: boolean): boolean {
  if (a === null || b === null) return a === b;
  return ci ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The most specific single pattern covering all: their common literal prefix and suffix around a `*`. */
function lub(ss: readonly Sketch[]): Sketch {
  const first = ss[0];
  if (!first) return { toks: [null], exact: false };
  if (ss.every((s) => s.toks.length === first.toks.length && s.toks.every((t, i) => t === first.toks[i]))) {
    return { toks: first.toks, exact: ss.some((s) => s.exact) };
  }
  const minLen = Math.min(...ss.map((s) => s.toks.length));
  let p = 0;
  while (p < minLen && ss.every((s) => s.toks[p] === first.toks[p])) p++;
  let q = 0;
  while (q < minLen - p && ss.every((s) => s.toks[s.toks.length - 1 - q] === first.toks[first.toks.length - 1 - q])) q++;
  const middles = ss.map((s) => s.toks.slice(p, s.toks.length - q));
  const common = commonLiteral(middles);
  const middle: Tok[] = common.length ? [null, ...common, null] : [null];
  return { toks: norm([...first.toks.slice(0, p), ...middle, ...first.toks.slice(first.toks.length - q)]), exact: false };
}

/** The longest run of literal characters found in every token list (empty when none). */
function commonLiteral(lists: readonly (readonly Tok[])[]): Tok[] {
  const [shortest, ...others] = [...lists].sort((a, b) => a.length - b.length);
  if (!shortest) return [];
  const contains = (l: readonly Tok[], c: readonly Tok[]) => {
    for (let i = 0; i + c.length <= l.length; i++) if (c.every((t, k) => l[i + k] === t)) return true;
    return false;
  };
  for (let len = shortest.length; len > 0; len--) {
    for (let i = 0; i + len <= shortest.length; i++) {
      const cand = shortest.slice(i, i + len);
      if (!cand.includes(null) && others.every((l) => contains(l, cand))) return cand;
    }
  }
  return [];
}

/** Whether every value `sub` matches is matched by `sup` (both wildcard patterns). */
function covers(sup: readonly Tok[], sub: readonly Tok[], ci: boolean): boolean {
  // match[i][j]: sup[0..i) can produce sub[0..j) (a `*` of sup absorbs any tokens of sub, `*` included).
  let prev = Array.from({ length: sub.length + 1 }, (_, j) => j === 0);
  for (let i = 1; i <= sup.length; i++) {
    const t = sup[i - 1]!;
    const cur = Array.from({ length: sub.length + 1 }, () => false);
    for (let j = 0; j <= sub.length; j++) {
      if (t === null) cur[j] = prev[j]! || (j > 0 && cur[j - 1]!);
      else cur[j] = j > 0 && prev[j - 1]! && sameTok(t, sub[j - 1]!, ci);
    }
    prev = cur;
  }
  return prev[sub.length]!;
}

/** Duplicates and patterns covered by another one dropped. */
function prune(ss: readonly Sketch[], ci: boolean): Sketch[] {
  const out: Sketch[] = [];
  ss.forEach((s, i) => {
    const coveredBy = ss.findIndex((o, j) => j !== i && covers(o.toks, s.toks, ci) && (!covers(s.toks, o.toks, ci) || j < i));
    // A covered pattern adds nothing to the union (and the union stays exact when what is left is).
    if (coveredBy < 0) out.push(s);
  });
  return out;
}

function toPattern(toks: readonly Tok[]): ValuePattern {
  const parts: PatternPart[] = [];
  let lit = '';
  for (const t of toks) {
    if (t === null) {
      if (lit) parts.push({ kind: 'lit', text: lit });
      lit = '';
      parts.push({ kind: 'any' });
    } else lit += t;
  }
  if (lit) parts.push({ kind: 'lit', text: lit });
  return { parts };
}
