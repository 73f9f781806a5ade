/**
 * IR predicate → Query DSL, native queries only.
 *
 * Approximation without ever losing a match: every node is translated in a *mode*. In `superset` mode (the top
 * level, and inside an even number of NOTs) a leaf that cannot be expressed exactly becomes a query matching at
 * least what it matches (`match_all`, or `exists(f)` for a field leaf, which is false on a missing field). Under a
 * NOT the mode flips to `subset`: there a leaf must be exact, or else it becomes `match_none` (or a known subset),
 * so the NOT around it matches at least what SPL's NOT does. `NOT (a AND x)` with `x` inexpressible thus becomes
 * `match_all` (the whole negated branch is dropped); `NOT (a OR x)` keeps `NOT a`. Every approximation lowers the
 * verdict to `superset` with a note at the leaf.
 *
 * Leaf semantics (docs/semantics.md, "Runtime semantics"): a field leaf is false on a missing field, which ES
 * gives for free; `neq` = `exists AND must_not eq`; NOT = `must_not` (true on a missing field, as SPL's NOT).
 */
import { printExpr } from '../../ir/print-expr.js';
import { printPredicate } from '../../ir/print-predicate.js';
import type { CompareOp, Origin, Predicate } from '../../ir/types.js';
import { isLiteral, isMatchAll, literal, literalText, patternToString, type ValuePattern } from '../../values/pattern.js';
import type { EsContext, EsField } from './context.js';
import { MATCH_ALL, MATCH_NONE, and, exists, not, or } from './dsl.js';
import { MAJOR_BREAKERS, MINOR_BREAKERS, breakerClass, hasCase, regexpLiteral, usesOptionalOperators, wildcardValue } from './escape.js';
import { isNumericType } from './field-types.js';
import { regexpLimitProblem } from './limits.js';
import { toLucene } from './regex.js';
import type { EsQuery } from './types.js';

type Mode = 'superset' | 'subset';

/**
 * How a leaf can be expressed: `exact` when it can; otherwise `superset` (matches at least the leaf) and/or
 * `subset` (matches at most the leaf), with `why`. `prefer` = use the superset form even though an exact one
 * exists (a lifted `TERM(f=v)`), with `preferNote` and the verdict `preferFidelity`.
 */
interface LeafForms {
  readonly exact?: EsQuery;
  readonly superset?: EsQuery;
  readonly subset?: EsQuery;
  readonly why?: string;
  readonly prefer?: { readonly note: string; readonly fidelity: 'superset' | 'partial'; readonly level: 'info' | 'warning' };
}

const NUMERIC_LOOKING = '.*([0-9]|Infinity).*';

/**
 * Splunk fields that select data rather than describe events. Inside the filter tree (`(sourcetype=a OR
 * sourcetype=b)`, not a top-level selector) they have no Elasticsearch field unless the profile maps them: a test
 * on them is not expressible (a `term` on a field no document has would silently match nothing).
 */
const SELECTOR_FIELDS = new Set(['index', 'sourcetype', 'source', 'eventtype', 'splunk_server']);

/** A top-level conjunct that a data-source macro of the profile produced: it selects the index instead. */
export interface MacroSelection {
  readonly name: string;
  readonly origin: Origin;
}

/**
 * The filter of a query as one Query DSL query. A top-level conjunct produced entirely by a macro the profile
 * maps as a data source (security content's `wineventlog_security` = `eventtype=… OR Channel=… OR source=…`)
 * is the data-source selection, not a test: it is returned in `macros` (the index pattern honours it) and left
 * out of the query.
 */
export function translatePredicate(p: Predicate, ctx: EsContext): { query: EsQuery; macros: MacroSelection[] } {
  const t = new Translator(ctx);
  const macros: MacroSelection[] = [];
  const maps = ctx.profile.data.sources.macro ?? {};
  const items = p.kind === 'and' ? p.items : [p];
  const kept: EsQuery[] = [];
  for (const c of items) {
    const m = c.kind === 'true' ? undefined : c.origin.macros?.find((name) => maps[name]?.index && allFrom(c, name));
    if (m) macros.push({ name: m, origin: c.origin });
    else kept.push(t.tr(c, 'superset'));
  }
  return { query: and(kept), macros };
}

/** Whether every leaf of `p` came from the body of macro `name`. */
function allFrom(p: Predicate, name: string): boolean {
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.items.every((x) => allFrom(x, name));
    case 'not':
      return allFrom(p.item, name);
    default:
      return p.origin.macros?.includes(name) ?? false;
  }
}

class Translator {
  constructor(private readonly ctx: EsContext) {}

  tr(p: Predicate, mode: Mode): EsQuery {
    switch (p.kind) {
      case 'and':
        return and(p.items.map((x) => this.tr(x, mode)));
      case 'or':
        return or(p.items.map((x) => this.tr(x, mode)));
      case 'not':
        return not(this.tr(p.item, mode === 'superset' ? 'subset' : 'superset'));
      case 'true':
        return MATCH_ALL;
      case 'false':
        return MATCH_NONE;
      default:
        return this.pick(this.leaf(p), mode, p);
    }
  }

  private pick(forms: LeafForms, mode: Mode, p: Predicate): EsQuery {
    const v = this.ctx.verdict;
    const f = withinRegexpLimits(forms);
    if (mode === 'superset') {
      if (f.prefer && f.superset) {
        v.degrade(f.prefer.fidelity, f.prefer.note, p.origin, f.prefer.level);
        return f.superset;
      }
      if (f.exact) return f.exact;
      const q = f.superset ?? MATCH_ALL;
      v.degrade('superset', `${f.why ?? 'not expressible'}: searched as ${describe(q)} (superset)`, p.origin);
      return q;
    }
    if (f.exact) return f.exact;
    const q = f.subset ?? MATCH_NONE;
    v.degrade(
      'superset',
      `${f.why ?? 'not expressible'}; it is under NOT, so the negated test is ${f.subset ? 'relaxed' : 'dropped (matches every event)'} (superset)`,
      p.origin,
    );
    return q;
  }

  private leaf(p: Exclude<Predicate, { kind: 'and' | 'or' | 'not' | 'true' | 'false' }>): LeafForms {
    if ('field' in p && SELECTOR_FIELDS.has(p.field) && !this.ctx.profile.field(p.field).mapped)
      return { why: `${printPredicate(p)} selects data in Splunk; ${p.field} is not a field in profile ${this.ctx.profile.name}` };
    switch (p.kind) {
      case 'compare':
        return this.compare(p.field, p.op, p.value, p.caseSensitive, p.numeric, p.origin);
      case 'in':
        return this.inList(p.field, p.values, p.caseSensitive, p.origin);
      case 'exists': {
        if (p.field === '_raw' && !this.ctx.profile.rawField) return { exact: MATCH_ALL };
        const f = this.ctx.field(p.field, p.origin);
        return f ? { exact: exists(f.name) } : { why: `${p.field} has no field in profile ${this.ctx.profile.name}` };
      }
      case 'regex':
        return this.regex(p.field, p.pattern, p.caseSensitive, p.origin);
      case 'cidr':
        return this.cidr(p.field, p.cidr, p.origin);
      case 'raw':
        return this.raw(p);
      case 'macro':
        return { why: `macro \`${p.name}\` is not defined, so what it selects is unknown` };
      case 'subsearch':
        return { why: 'a subsearch filters by its results at run time; Elasticsearch has no equivalent' };
      case 'expr':
        return { why: `eval expression ${printExpr(p.expr)} would need a script query (not native)` };
    }
  }

  // ───────────── field tests ─────────────

  private resolve(field: string, origin: Origin): EsField | undefined {
    return this.ctx.field(field, origin);
  }

  /** `field = pattern` (multivalue: any value; missing field: false). */
  private eq(f: EsField, p: ValuePattern, cs: boolean): LeafForms {
    if (isMatchAll(p)) return { exact: exists(f.name) };
    const text = literalText(p);
    const lit = isLiteral(p);
    const ci = !cs && hasCase(text);
    switch (f.type) {
      case 'keyword': {
        const opt = ci ? { case_insensitive: true } : {};
        // `case_insensitive` folds ASCII letters only: other letters are spelled as classes in a regexp.
        if (ci && hasNonAsciiCase(text)) return { exact: { regexp: { [f.name]: { value: patternRegexp(p), ...opt } } } };
        if (lit) return { exact: { term: { [f.name]: { value: text, ...opt } } } };
        const [first, second] = p.parts;
        if (p.parts.length === 2 && first?.kind === 'lit' && second?.kind === 'any')
          return { exact: { prefix: { [f.name]: { value: first.text, ...opt } } } };
        return { exact: { wildcard: { [f.name]: { value: wildcardValue(p), ...opt } } } };
      }
      case 'long':
      case 'double': {
        const sup = { superset: exists(f.name) };
        if (!lit) return { ...sup, why: `wildcards on numeric field ${f.name}` };
        const t = text.trim();
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { exact: MATCH_NONE };
        const q = { term: { [f.name]: { value: Number(t) } } };
        if (String(Number(t)) === text) return { exact: q };
        return { superset: q, why: `${JSON.stringify(text)} on numeric field ${f.name} compares as a number, SPL compares strings` };
      }
      case 'ip': {
        if (lit) {
          if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text))
            return { exact: { term: { [f.name]: { value: text } } } };
          if (/^[0-9a-fA-F:.]+$/.test(text) && text.includes(':'))
            return { superset: { term: { [f.name]: { value: text } } }, why: `IPv6 ${text} on ip field ${f.name} matches every spelling of the address` };
          return { exact: MATCH_NONE };
        }
        const m = p.parts.length === 2 && p.parts[0]?.kind === 'lit' && p.parts[1]?.kind === 'any' ? /^((\d{1,3}\.){1,3})$/.exec(p.parts[0].text) : null;
        if (m) {
          const octets = m[1]!.slice(0, -1).split('.');
          if (octets.every((o) => String(Number(o)) === o && Number(o) <= 255)) {
            const cidr = [...octets, ...Array(4 - octets.length).fill('0')].join('.') + `/${octets.length * 8}`;
            return { exact: { term: { [f.name]: { value: cidr } } } };
          }
        }
        return { superset: exists(f.name), why: `wildcard ${patternToString(p)} on ip field ${f.name}` };
      }
      case 'date': {
        if (lit && /^\d+(\.\d+)?$/.test(text))
          return { exact: { range: { [f.name]: { gte: text, lte: text, format: 'epoch_second' } } } };
        return { superset: exists(f.name), why: `${patternToString(p)} on time field ${f.name}` };
      }
    }
  }

  private compare(field: string, op: CompareOp, value: ValuePattern, cs: boolean, numeric: boolean, origin: Origin): LeafForms {
    const f = this.resolve(field, origin);
    if (!f) return { why: `${field} has no field in profile ${this.ctx.profile.name}` };
    if (op === 'eq') return this.eq(f, value, cs);
    if (op === 'neq') {
      const e = this.eq(f, value, cs);
      if (e.exact) return { exact: and([exists(f.name), not(e.exact)]) };
      return { superset: exists(f.name), why: `${field}!=${patternToString(value)}: ${e.why ?? 'not expressible'}` };
    }
    return this.ordering(f, op, literalText(value), numeric, cs);
  }

  /**
   * `f < v` etc. SPL compares numerically when both sides are numbers, else as strings (docs/semantics.md).
   * - numeric field (type table): `range` with a number, exact; the time field: `format: epoch_second`;
   * - keyword field, string value: `range` with the string (ES compares keywords as strings, case-sensitively):
   *   exact when the comparison is case-sensitive or the value has no character whose order case folding changes
   *   (only characters below `A` or between `z` and U+00BF), else `exists` (superset);
   * - keyword field, numeric value: ES would compare strings ("10" < "9"), so the superset is
   *   `range OR regexp(value looks numeric)`: values containing a digit are all kept, the others compare exactly.
   *   Under NOT the subset `range AND NOT looks-numeric` is used.
   */
  private ordering(f: EsField, op: Exclude<CompareOp, 'eq' | 'neq'>, text: string, numeric: boolean, cs: boolean): LeafForms {
    const bound = (v: unknown, extra: Record<string, unknown> = {}): EsQuery => ({ range: { [f.name]: { [op === 'le' ? 'lte' : op === 'ge' ? 'gte' : op]: v, ...extra } } });
    if (f.type === 'date') return numeric ? { exact: bound(Number(text), { format: 'epoch_second' }) } : { superset: exists(f.name), why: `${op} ${text} on time field ${f.name} (not a number)` };
    if (isNumericType(f.type)) return numeric ? { exact: bound(Number(text)) } : { superset: exists(f.name), why: `SPL compares ${text} as a string; ${f.name} is numeric in Elasticsearch` };
    if (f.type === 'ip') return { superset: exists(f.name), why: `ordering comparison on ip field ${f.name}` };
    const foldSafe = cs || /^[\x00-\x40\x7b-\xbf]*$/.test(text);
    if (!foldSafe) return { superset: exists(f.name), why: `case-insensitive ordering comparison with ${JSON.stringify(text)} on keyword field ${f.name} (Elasticsearch ranges are case-sensitive)` };
    if (!numeric) return { exact: bound(text) };
    const looksNumeric: EsQuery = { regexp: { [f.name]: { value: NUMERIC_LOOKING } } };
    return {
      superset: or([bound(text), looksNumeric]),
      subset: and([bound(text), not(looksNumeric)]),
      why: `numeric comparison on keyword field ${f.name}: Elasticsearch compares keywords as strings, so values containing a digit are all kept`,
    };
  }

  private inList(field: string, values: readonly ValuePattern[], cs: boolean, origin: Origin): LeafForms {
    const f = this.resolve(field, origin);
    if (!f) return { why: `${field} has no field in profile ${this.ctx.profile.name}` };
    if (f.type === 'keyword' && values.length > 1 && values.every((v) => isLiteral(v) && (cs || !hasCase(literalText(v)))))
      return { exact: { terms: { [f.name]: values.map(literalText) } } };
    const forms = values.map((v) => this.eq(f, v, cs));
    if (forms.every((x) => x.exact)) return { exact: or(forms.map((x) => x.exact!)) };
    return {
      superset: or(forms.map((x) => x.exact ?? x.superset ?? exists(f.name))),
      subset: or(forms.map((x) => x.exact ?? x.subset ?? MATCH_NONE)),
      why: forms.find((x) => !x.exact)?.why ?? 'not expressible',
    };
  }

  private regex(field: string, pattern: string, cs: boolean, origin: Origin): LeafForms {
    const f = this.resolve(field, origin);
    if (!f) return { why: `${field} has no field in profile ${this.ctx.profile.name}` };
    const sup = { superset: exists(f.name) };
    if (f.type !== 'keyword') return { ...sup, why: `regexp queries need a keyword field; ${f.name} is ${f.type}` };
    const r = toLucene(pattern);
    if ('error' in r) return { ...sup, why: `regex /${pattern}/ cannot be translated (${r.error.message})` };
    if (r.fidelity === 'unsupported') return { ...sup, why: `regex /${pattern}/ has no Lucene equivalent (${r.notes.map((n) => n.message).join('; ')})` };
    const ci = r.caseInsensitive || !cs;
    const q: EsQuery = {
      regexp: {
        [f.name]: { value: r.pattern, ...(usesOptionalOperators(r.pattern) ? { flags: 'ALL' } : {}), ...(ci ? { case_insensitive: true } : {}) },
      },
    };
    if (ci && /[^\x00-\x7f]/.test(r.pattern) && hasCase(r.pattern.replace(/[\x00-\x7f]/g, '')))
      this.ctx.verdict.note('info', 'case_insensitive on a regexp folds ASCII letters only', origin);
    if (r.fidelity === 'exact') return { exact: q };
    return { superset: q, why: `regex /${pattern}/ translated as a superset (${r.notes.map((n) => n.message).join('; ') || 'approximated'})` };
  }

  /** `cidrmatch(cidr, f)`: a `term` on an ip field; on a keyword field an IPv4 dotted-quad regexp. */
  private cidr(field: string, cidr: string, origin: Origin): LeafForms {
    const f = this.resolve(field, origin);
    if (!f) return { why: `${field} has no field in profile ${this.ctx.profile.name}` };
    if (f.type === 'ip') return { exact: { term: { [f.name]: { value: cidr } } } };
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const bits = m?.[5] !== undefined ? Number(m[5]) : 32;
    if (f.type !== 'keyword' || !m || bits > 32 || octets.some((o) => o > 255))
      return { superset: exists(f.name), why: `cidrmatch("${cidr}", ${field}) on ${f.type} field ${f.name}` };
    if (bits === 32) return { exact: { term: { [f.name]: { value: octets.join('.') } } } };
    const parts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const keep = Math.max(0, Math.min(8, bits - i * 8));
      const o = octets[i]!;
      if (keep === 8) parts.push(String(o));
      else if (keep === 0) parts.push('<0-255>');
      else {
        const size = 2 ** (8 - keep);
        const lo = o - (o % size);
        parts.push(`<${lo}-${lo + size - 1}>`);
      }
    }
    return { exact: { regexp: { [f.name]: { value: parts.join('\\.'), flags: 'ALL' } } } };
  }

  // ───────────── raw-text search ─────────────

  private raw(p: Extract<Predicate, { kind: 'raw' }>): LeafForms {
    const rawField = this.ctx.profile.rawField;
    let exact: EsQuery | undefined;
    if (rawField) {
      this.ctx.noteOnce(
        'raw-field',
        'info',
        `raw-text search uses ${rawField}, which must be indexed as a keyword (without ignore_above) or wildcard field holding the whole event text`,
      );
      exact = this.rawQuery(rawField, p);
    }
    if (p.lift && this.ctx.profile.data.liftTerms) {
      const fieldTest = this.compare(p.lift.field, 'eq', literal(p.lift.value), p.caseSensitive, false, p.origin);
      const esName = this.ctx.profile.field(p.lift.field).name;
      const shown = `${p.lift.field}=${p.lift.value}`;
      if (fieldTest.exact) {
        if (exact)
          return {
            exact,
            superset: or([fieldTest.exact, exact]),
            prefer: { fidelity: 'superset', level: 'info', note: `TERM(${p.text}) searched as field ${shown} (${esName}) or as the raw term (superset of the raw-text match)` },
          };
        return {
          superset: fieldTest.exact,
          prefer: {
            fidelity: 'partial',
            level: 'warning',
            note: `TERM(${p.text}) searched as field ${shown} (${esName}) only: profile ${this.ctx.profile.name} has no raw-text field`,
          },
          why: `profile ${this.ctx.profile.name} has no raw-text field`,
        };
      }
    }
    if (exact) return { exact };
    return { why: `raw-text search ${printPredicate(p)}: profile ${this.ctx.profile.name} has no raw-text field` };
  }

  /**
   * - `phrase` (case-insensitive substring): `wildcard` `*phrase*`, exact;
   * - `term` (bounded by any breaker or the text's ends): `regexp` `(.*[B])?term([B].*)?`, exact;
   * - `indexed` (`TERM(x)`, bounded by major breakers): the same with the major breakers only.
   * SPL `*` inside a term is `.*`. `case_insensitive` folds ASCII; other letters are spelled as classes.
   */
  private rawQuery(rawField: string, p: Extract<Predicate, { kind: 'raw' }>): EsQuery {
    const ci = !p.caseSensitive && hasCase(literalText(p.value));
    const opt = ci ? { case_insensitive: true } : {};
    if (p.mode === 'phrase') {
      const parts = [{ kind: 'any' as const }, ...p.value.parts, { kind: 'any' as const }].filter(
        (x, i, all) => !(x.kind === 'any' && all[i - 1]?.kind === 'any'),
      );
      if (ci && hasNonAsciiCase(literalText(p.value))) return { regexp: { [rawField]: { value: patternRegexp({ parts }), ...opt } } };
      return { wildcard: { [rawField]: { value: wildcardValue({ parts }), ...opt } } };
    }
    const breakers = p.mode === 'term' ? MAJOR_BREAKERS + MINOR_BREAKERS : MAJOR_BREAKERS;
    const b = breakerClass(breakers);
    const body = p.value.parts.map((x) => (x.kind === 'lit' ? regexpLiteral(x.text, !p.caseSensitive) : x.kind === 'any' ? '.*' : '.')).join('');
    // A side is open (no breaker needed) when the term starts (ends) with a wildcard or with a breaker itself.
    const first = p.value.parts[0];
    const last = p.value.parts[p.value.parts.length - 1];
    const openStart = !first || first.kind !== 'lit' || breakers.includes(first.text[0] ?? '');
    const openEnd = !last || last.kind !== 'lit' || breakers.includes(last.text[last.text.length - 1] ?? '');
    return { regexp: { [rawField]: { value: `${openStart ? '.*' : `(.*${b})?`}${body}${openEnd ? '.*' : `(${b}.*)?`}`, ...opt } } };
  }
}

/** Every `regexp` query inside `q`: its field, value and whether it folds case. */
function regexpsIn(q: EsQuery): { field: string; value: string; ci: boolean }[] {
  const out: { field: string; value: string; ci: boolean }[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (k === 'regexp' && v && typeof v === 'object') {
        for (const [field, spec] of Object.entries(v as Record<string, { value?: unknown; case_insensitive?: unknown }>))
          if (typeof spec?.value === 'string') out.push({ field, value: spec.value, ci: spec.case_insensitive === true });
      } else visit(v);
    }
  };
  visit(q);
  return out;
}

/** The first limit a `regexp` inside `q` breaks (docs/targets/esdsl.md, "Regexp limits"), with its field. */
function regexpProblem(q: EsQuery | undefined): { field: string; why: string } | undefined {
  if (!q) return undefined;
  for (const r of regexpsIn(q)) {
    const why = regexpLimitProblem(r.value, r.ci);
    if (why) return { field: r.field, why };
  }
  return undefined;
}

/**
 * Leaf forms without the regexps Elasticsearch would refuse (`index.max_regex_length`, `max_determinized_states`):
 * such a form is not expressible. The exact form falls back to the superset form, else to `exists` on the regexp's
 * field (a regexp match implies the field exists); a subset form is dropped (so `match_none` under a NOT). The
 * reason becomes the leaf's `why`, so the note says which limit, at the predicate's position.
 */
function withinRegexpLimits(f: LeafForms): LeafForms {
  const e = regexpProblem(f.exact);
  const sup = regexpProblem(f.superset);
  const sub = regexpProblem(f.subset);
  if (!e && !sup && !sub) return f;
  const first = (e ?? sup ?? sub)!;
  const superset = f.superset && !sup ? f.superset : exists((sup ?? e ?? first).field);
  return {
    ...(f.exact && !e ? { exact: f.exact } : {}),
    superset,
    ...(f.subset && !sub ? { subset: f.subset } : {}),
    why: f.why && !e ? `${f.why}; ${first.why}` : first.why,
    ...(f.prefer && !sup ? { prefer: f.prefer } : {}),
  };
}

/** Whether the text has a non-ASCII character with another case (ASCII `case_insensitive` does not fold it). */
function hasNonAsciiCase(text: string): boolean {
  for (const ch of text) if (ch.charCodeAt(0) > 0x7f && ch.toLowerCase() !== ch.toUpperCase()) return true;
  return false;
}

/** A whole-value pattern as a Lucene regexp, non-ASCII letters spelled in both cases (see `regexpLiteral`). */
function patternRegexp(p: ValuePattern): string {
  return p.parts.map((x) => (x.kind === 'lit' ? regexpLiteral(x.text, true) : x.kind === 'any' ? '.*' : '.')).join('');
}

function describe(q: EsQuery): string {
  if ('match_all' in q) return 'match_all';
  if ('match_none' in q) return 'match_none';
  const e = q['exists'] as { field?: string } | undefined;
  if (e?.field) return `exists(${e.field})`;
  return `a wider ${Object.keys(q)[0] ?? 'query'} query`;
}
