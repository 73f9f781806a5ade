/**
 * Predicate → Sigma field tests. The IR's boolean tree is kept (and/or/not) with Sigma leaves: a field test
 * (`field|modifiers: value`) or a keyword (raw-text search). What has no exact Sigma form is dropped in a
 * superset-safe way, by polarity:
 *
 * - under an even number of NOTs a leaf is replaced by `true` (the rule matches more);
 * - under an odd number of NOTs by `false`, so its negation becomes `true` — for `NOT (a OR x)` only `x` goes
 *   (`NOT a` is still required), for `NOT (a AND x)` the whole negated part goes. A superset translation (a
 *   keyword for a breaker-bounded term, a wider regex) is likewise only used where it makes the rule match more,
 *   never inside a negation.
 *
 * Every approximation lowers the verdict and leaves a note at the leaf's origin.
 */
import type { Origin, Predicate } from '../../ir/types.js';
import { literal, patternToString, type ValuePattern } from '../../values/pattern.js';
import type { Verdict } from '../fidelity.js';
import type { Profile } from '../profile.js';
import { regexToSigma, regexToWildcard } from './regex.js';
import { asNumber, matchPattern, sigmaString, type SigmaScalar } from './values.js';

/** A Sigma leaf or boolean node. */
export type SNode =
  | { readonly k: 'and' | 'or'; readonly items: readonly SNode[] }
  | { readonly k: 'not'; readonly item: SNode }
  | { readonly k: 'true' | 'false' }
  /** `field|mod1|mod2: value` (key is the whole `field|mods` string). */
  | { readonly k: 'entry'; readonly field: string; readonly key: string; readonly value: SigmaScalar }
  /** A keyword (already a Sigma string value, escaped). */
  | { readonly k: 'keyword'; readonly value: string };

export interface TranslateContext {
  readonly profile: Profile;
  readonly strict: boolean;
  readonly verdict: Verdict;
  /** SPL field names already reported as unmapped. */
  readonly unmapped: Set<string>;
}

const TRUE: SNode = { k: 'true' };
const FALSE: SNode = { k: 'false' };

function entry(field: string, modifiers: readonly string[], value: SigmaScalar): SNode {
  return { k: 'entry', field, key: [field, ...modifiers].join('|'), value };
}

/** The Sigma name of an SPL field (noting, once per field, a field the profile does not map). */
export function mapField(spl: string, ctx: TranslateContext, origin?: Origin): string {
  const m = ctx.profile.field(spl);
  if (!m.mapped && !ctx.unmapped.has(spl)) {
    ctx.unmapped.add(spl);
    if (ctx.strict) ctx.verdict.degrade('unsupported', `field '${spl}' is not mapped by profile '${ctx.profile.name}' (--strict)`, origin, 'error');
    else ctx.verdict.note('warning', `field '${spl}' is not mapped by profile '${ctx.profile.name}'; kept as '${m.name}'`, origin);
  }
  return m.name;
}

/** Drop an inexpressible leaf: `true` where that widens the rule, `false` under a negation (see the module doc). */
function drop(positive: boolean, what: string, origin: Origin, ctx: TranslateContext): SNode {
  if (positive) {
    ctx.verdict.degrade('superset', `${what}: no Sigma equivalent; dropped (the rule matches more events)`, origin);
    return TRUE;
  }
  ctx.verdict.degrade('superset', `${what}: no exact Sigma equivalent inside a negation; the negated test is dropped (the rule matches more events)`, origin);
  return FALSE;
}

/** Use a wider translation: fine where it widens the rule, dropped inside a negation. */
function widen(node: SNode, positive: boolean, what: string, origin: Origin, ctx: TranslateContext): SNode {
  if (!positive) return drop(false, what, origin, ctx);
  ctx.verdict.degrade('superset', `${what} (the rule matches more events)`, origin);
  return node;
}

function isRaw(field: string, ctx: TranslateContext): boolean {
  return field === '_raw' && ctx.profile.rawField === null;
}

/** Translate a predicate; `positive` is false under an odd number of NOTs. */
export function translate(p: Predicate, positive: boolean, ctx: TranslateContext): SNode {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { k: p.kind, items: p.items.map((x) => translate(x, positive, ctx)) };
    case 'not':
      return { k: 'not', item: translate(p.item, !positive, ctx) };
    case 'true':
      return TRUE;
    case 'false':
      return FALSE;
    case 'compare':
      return compare(p, positive, ctx);
    case 'in': {
      if (isRaw(p.field, ctx)) return drop(positive, `a test on _raw (${p.field} IN …)`, p.origin, ctx);
      const field = mapField(p.field, ctx, p.origin);
      return {
        k: 'or',
        items: p.values.map((v) => {
          const m = matchPattern(v, { cased: p.caseSensitive, numbers: true });
          return entry(field, m.modifiers, m.value);
        }),
      };
    }
    case 'exists':
      if (isRaw(p.field, ctx)) return TRUE;
      return entry(mapField(p.field, ctx, p.origin), ['exists'], true);
    case 'cidr':
      return entry(mapField(p.field, ctx, p.origin), ['cidr'], p.cidr);
    case 'regex':
      return regex(p, positive, ctx);
    case 'raw':
      return raw(p, positive, ctx);
    case 'macro':
      return drop(positive, `macro \`${p.name}\` inside the search`, p.origin, ctx);
    case 'subsearch':
      return drop(positive, 'subsearch', p.origin, ctx);
    case 'expr':
      return drop(positive, 'eval expression used as a filter', p.origin, ctx);
  }
}

type ComparePred = Extract<Predicate, { kind: 'compare' }>;

const ORDER_MODIFIER = { lt: 'lt', le: 'lte', gt: 'gt', ge: 'gte' } as const;

function compare(p: ComparePred, positive: boolean, ctx: TranslateContext): SNode {
  if (isRaw(p.field, ctx)) return drop(positive, `a test on _raw (${p.field} ${p.op} ${patternToString(p.value)})`, p.origin, ctx);
  const field = mapField(p.field, ctx, p.origin);
  switch (p.op) {
    case 'eq': {
      const m = matchPattern(p.value, { cased: p.caseSensitive, numbers: true });
      return entry(field, m.modifiers, m.value);
    }
    case 'neq': {
      // f!=v: f has a value and none equals v (docs/semantics.md) = exists(f) AND NOT f=v.
      const m = matchPattern(p.value, { cased: p.caseSensitive, numbers: true });
      return { k: 'and', items: [entry(field, ['exists'], true), { k: 'not', item: entry(field, m.modifiers, m.value) }] };
    }
    default: {
      const text = patternToString(p.value);
      const n = p.numeric ? asNumber(text) : undefined;
      if (n === undefined) return drop(positive, `string ordering ${p.field} ${p.op} "${text}" (Sigma compares numbers only)`, p.origin, ctx);
      return entry(field, [ORDER_MODIFIER[p.op]], n);
    }
  }
}

type RegexPred = Extract<Predicate, { kind: 'regex' }>;

function regex(p: RegexPred, positive: boolean, ctx: TranslateContext): SNode {
  if (isRaw(p.field, ctx)) return drop(positive, `regex on _raw /${p.pattern}/ (Sigma keywords cannot be regexes)`, p.origin, ctx);
  const field = mapField(p.field, ctx, p.origin);
  const r = regexToSigma(p.pattern, !p.caseSensitive);
  if (r.ok) {
    const mods = ['re', ...(['i', 'm', 's'] as const).filter((f) => r.flags.includes(f))];
    const node = entry(field, mods, r.pattern);
    for (const n of r.notes) ctx.verdict.note('info', `regex /${p.pattern}/: ${n}`, p.origin);
    if (r.fidelity === 'exact') return node;
    return widen(node, positive, `regex /${p.pattern}/ is written as a wider Sigma regex /${r.pattern}/`, p.origin, ctx);
  }
  // No Sigma regex: the tightest wildcard values that match at least the same values, if any.
  const w = regexToWildcard(p.pattern, !p.caseSensitive);
  if (w) {
    const items = w.anyOf.map((v) => {
      const m = matchPattern(v, { cased: !w.caseInsensitive, numbers: false });
      return entry(field, m.modifiers, m.value);
    });
    const node: SNode = items.length === 1 ? items[0]! : { k: 'or', items };
    const what = `regex /${p.pattern}/ (${r.reason}) is written as the wildcard value${items.length > 1 ? 's' : ''} ${w.anyOf.map((v) => `'${patternToString(v)}'`).join(', ')}`;
    if (w.fidelity === 'exact') {
      ctx.verdict.note('info', what, p.origin);
      return node;
    }
    return widen(node, positive, what, p.origin, ctx);
  }
  return drop(positive, `regex /${p.pattern}/ (${r.reason})`, p.origin, ctx);
}

type RawPred = Extract<Predicate, { kind: 'raw' }>;

function raw(p: RawPred, positive: boolean, ctx: TranslateContext): SNode {
  const shown = p.mode === 'phrase' ? `"${p.text}"` : p.mode === 'indexed' ? `TERM(${p.text})` : p.text;
  if (p.lift && ctx.profile.data.liftTerms) {
    const field = mapField(p.lift.field, ctx, p.origin);
    const m = matchPattern(literal(p.lift.value), { cased: false, numbers: true });
    ctx.verdict.note('info', `${shown} is searched as the field test ${field}=${p.lift.value} (profile '${ctx.profile.name}' lifts TERM(field=value))`, p.origin);
    return entry(field, m.modifiers, m.value);
  }
  // A phrase is a case-insensitive substring of _raw: exactly a keyword / a `contains` test. A term must also be
  // bounded by breakers (TERM() by major breakers), which Sigma cannot say: the substring test is wider.
  const exact = p.mode === 'phrase' && !p.caseSensitive;
  const why = p.caseSensitive
    ? `case-sensitive raw search ${shown} is searched case-insensitively`
    : `raw search ${shown} is searched as a substring of the whole event (Splunk also requires breakers around it)`;
  if (p.value.parts.every((x) => x.kind === 'any')) return TRUE; // "" or *: every event
  const rawField = ctx.profile.rawField;
  let node: SNode;
  if (rawField === null) {
    node = { k: 'keyword', value: sigmaString(p.value.parts) };
  } else {
    // A substring of the raw-text field: `*value*` (`contains`).
    const inner = [...p.value.parts];
    while (inner[0]?.kind === 'any') inner.shift();
    while (inner[inner.length - 1]?.kind === 'any') inner.pop();
    const v: ValuePattern = { parts: [{ kind: 'any' }, ...inner, { kind: 'any' }] };
    const m = matchPattern(v, { cased: false, numbers: false });
    node = entry(rawField, m.modifiers, m.value);
  }
  if (exact) return node;
  return widen(node, positive, why, p.origin, ctx);
}

/** Flatten and/or, fold constants, remove double negations. */
export function simplify(n: SNode): SNode {
  switch (n.k) {
    case 'and':
    case 'or': {
      const unit = n.k === 'and' ? 'true' : 'false';
      const zero = n.k === 'and' ? 'false' : 'true';
      const items: SNode[] = [];
      const seen = new Set<string>();
      const push = (x: SNode) => {
        const key = JSON.stringify(x); // a repeated test adds nothing (a AND a = a OR a = a)
        if (!seen.has(key)) items.push(x), seen.add(key);
      };
      for (const x of n.items.map(simplify)) {
        if (x.k === zero) return x;
        if (x.k === unit) continue;
        if (x.k === n.k) x.items.forEach(push);
        else push(x);
      }
      if (items.length === 0) return { k: unit };
      if (items.length === 1) return items[0]!;
      return { k: n.k, items };
    }
    case 'not': {
      const x = simplify(n.item);
      if (x.k === 'true') return FALSE;
      if (x.k === 'false') return TRUE;
      if (x.k === 'not') return x.item;
      return { k: 'not', item: x };
    }
    default:
      return n;
  }
}
