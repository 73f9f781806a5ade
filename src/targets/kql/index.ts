/**
 * The `kql` target: a rule's filter as a Kibana Query Language (KQL) query string, with a fidelity verdict and notes.
 * KQL is a filter language: it has no regex, no aggregation, no pipeline, and cannot choose indices.
 *
 * Decisions (facts: `../shared/reference/semantics.md` section C and Kibana's `grammar.peggy`):
 *
 * 1. **Letter case.** SPL search values match case-insensitively; KQL on keyword fields matches exactly, case
 *    included (Kibana's `caseInsensitive` option is not reachable from a query string). A case-sensitive match of a
 *    case-insensitive value can MISS events, so it is never called exact or superset:
 *    - a value with no character case folding can change (`7045`, `C:\`, `-`: see `case.ts`) is exact;
 *    - otherwise, at positive polarity, the value is emitted as written and the verdict is `partial` with a
 *      warning that events differing only in case are missed (default `caseFolding: 'as-written'`), or, with
 *      `kqlTarget({ caseFolding: 'wildcard' })`, every run of cased characters becomes `*` (a true superset);
 *    - inside a NOT, a case-sensitive match excludes fewer events, so the result is a superset (noted).
 *    Regexes and `where` comparisons are case-sensitive in SPL (unless `(?i)`): exact as to case.
 * 2. **Polarity.** An approximation must widen the rule's results. At positive polarity a leaf may be replaced by
 *    a superset (a wildcard for a regex, `f: *` when nothing tighter exists, a substring for a raw term); inside a
 *    NOT only exact forms are used: an alternative (an `IN` value, a regex alternative) with no exact form is left
 *    out of the negation, and when none is left the negated condition is dropped (the NOT branch becomes true).
 *    Dropped or widened leaves make the verdict `superset`, with a note.
 * 3. **Regexes** (KQL has none) become the regex module's `pcreToWildcard(…).anyOf`: wildcard patterns whose union
 *    is the regex (or wider: then `superset`), written as a value list `f: (*4* or *disabled*)`. Nothing tighter
 *    than "the field exists": `f: *` (superset), or dropped under a NOT. PCRE's `$` also matches before a final
 *    newline, and that alternative (`*.exe\n`) has whitespace (see 4), so `\.exe$` is `f: *.exe*` (superset) and,
 *    under a NOT, `not f: *.exe` (superset); `\.exe\z` is exactly `f: *.exe`.
 * 4. **Whitespace.** Inside an unquoted value whitespace belongs to the value (`a b` is one value), but Kibana sends
 *    a wildcard value to Elasticsearch as `query_string` unless it knows the field is a keyword field (Kibana 8.5+
 *    with field types from a data view: a `wildcard` query), and `query_string` splits on whitespace (`*a b*` would
 *    search `*a` OR `b*`: not a superset). So literal values are always quoted (exact: `term`/`match_phrase`), and
 *    whitespace inside a wildcard value becomes `*` (superset, noted).
 * 5. **Raw-text search** (`_raw` terms, phrases, `TERM()`) goes to the profile's raw field, read as a keyword field
 *    holding the whole event text: `raw: *text*`. A phrase is a case-insensitive substring in SPL, so it is exact
 *    up to case and whitespace; a term or `TERM()` is bounded by breakers in SPL, so the substring is a superset.
 *    `TERM(f=v)` with a `lift`, when the profile sets `liftTerms`, is searched as the field test `f: v` (info note:
 *    the profile declares the two equivalent). No raw field in the profile: the raw leaf is dropped (superset).
 * 6. **Field types** are the profile's business: strings are assumed keyword-family fields, numeric comparisons
 *    numeric fields, CIDR tests `ip` fields (notes say so where it matters).
 * 7. **`neq`** is `f: * and not f: v` (the field exists and no value equals), `NOT f=v` is `not f: v`.
 * 8. **Data sources** cannot be chosen in KQL: an info note names the profile's index pattern; a selector the
 *    profile does not know makes the verdict `superset`; a generating command (`inputlookup`, …) `unsupported`.
 * 9. **Stages** after the filter (aggregations, eval, table, …, and filters that could not be merged) are not
 *    expressed: verdict `partial`, one note per stage.
 */
import { printPredicate, printSelector } from '../../ir/print-predicate.js';
import type { Origin, Predicate, Rule, Selector, Stage } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import { pcreToWildcard } from '../../regex/index.js';
import { fromSearchValue, literalText, patternToString, type PatternPart, type ValuePattern } from '../../values/pattern.js';
import { Verdict } from '../fidelity.js';
import type { Fidelity, Note, Target, TargetContext, TargetResult } from '../types.js';
import { ALL, and, exists, is, NONE, not, or, print, type Kql, type RangeOp } from './ast.js';
import { foldToWildcards, hasCasedText } from './case.js';
import { isPlainNumber, literalValue, quote, unquoted, type KqlValuePart } from './escape.js';

export interface KqlOptions {
  /**
   * What to do with a case-insensitive SPL value that has cased characters (KQL matches keyword fields
   * case-sensitively): `as-written` (default) emits it as written, verdict `partial` (events differing in case are
   * missed); `wildcard` replaces each run of cased characters by `*`, verdict `superset`.
   */
  readonly caseFolding?: 'as-written' | 'wildcard';
}

/** How a pattern leaf is described and what was already given up on its way to a wildcard pattern. */
interface Leaf {
  /** The SPL construct, for notes (`` `Service_Name~/…/` ``). */
  readonly what: string;
  readonly origin: Origin;
  /** The comparison is case-insensitive in SPL. */
  readonly caseInsensitive: boolean;
  /** Why the pattern is already wider than the SPL leaf (empty: exact so far). */
  readonly widened: readonly string[];
}

const RANGE_OP: Readonly<Record<'lt' | 'le' | 'gt' | 'ge', RangeOp>> = { lt: '<', le: '<=', gt: '>', ge: '>=' };

function quoteCode(text: string): string {
  return `\`${text}\``;
}

/** A wildcard pattern for a note, control characters shown as escapes (`*.exe\n`). */
function showPattern(p: ValuePattern): string {
  return quoteCode(patternToString(p).replace(/[\n\r\t]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c));
}

/** Parts with adjacent `*` merged and empty literals dropped. */
function normalize(parts: readonly KqlValuePart[]): KqlValuePart[] {
  const out: KqlValuePart[] = [];
  for (const p of parts) {
    if (p.kind === 'lit') {
      if (p.text === '') continue;
      const prev = out[out.length - 1];
      if (prev?.kind === 'lit') out[out.length - 1] = { kind: 'lit', text: prev.text + p.text };
      else out.push(p);
    } else if (out[out.length - 1]?.kind !== 'any') out.push(p);
  }
  return out;
}

/** Each whitespace run inside a literal part becomes `*`. */
function whitespaceToAny(parts: readonly KqlValuePart[]): KqlValuePart[] {
  const out: KqlValuePart[] = [];
  for (const p of parts) {
    if (p.kind === 'any') out.push(p);
    else
      p.text.split(/(\s+)/u).forEach((piece, i) => out.push(i % 2 === 1 ? { kind: 'any' } : { kind: 'lit', text: piece }));
  }
  return normalize(out);
}

const isAny = (p: KqlValuePart) => p.kind === 'any';

/** A value pattern made ready for KQL, with what that cost. */
interface Shaped {
  readonly parts: readonly KqlValuePart[];
  /** Why the pattern is wider than the SPL one (empty: exact). */
  readonly widened: readonly string[];
  /** Case-insensitive in SPL and has cased characters: KQL's case-sensitive match differs. */
  readonly caseMatters: boolean;
}

function shape(input: readonly PatternPart[], leaf: Leaf): Shaped {
  const widened = [...leaf.widened];
  let parts = normalize(input.map((p): KqlValuePart => (p.kind === 'lit' ? p : { kind: 'any' })));
  if (input.some((p) => p.kind === 'one')) widened.push('KQL has no single-character wildcard: `_` is searched as `*`');
  if (parts.some(isAny) && parts.some((p) => p.kind === 'lit' && /\s/u.test(p.text))) {
    parts = whitespaceToAny(parts);
    widened.push('whitespace inside a wildcard value is searched as `*`, since Kibana may send wildcard values through `query_string`, which splits on whitespace');
  }
  return { parts, widened, caseMatters: leaf.caseInsensitive && hasCasedText(parts) };
}

/** A pattern as characters, `null` for a `*` (what `covers` compares). */
type CoverTokens = readonly (string | null)[];

function coverTokens(ps: readonly KqlValuePart[]): CoverTokens {
  return ps.flatMap((p): (string | null)[] => (p.kind === 'any' ? [null] : [...p.text]));
}

/** Whether every value `sub` matches is matched by `sup` (case-sensitive wildcard patterns). */
function covers(a: CoverTokens, b: CoverTokens): boolean {
  // Without a `*`, sup matches one value: it covers exactly the same literal (what the table below computes too).
  if (!a.includes(null)) return a.length === b.length && a.every((t, j) => t === b[j]);
  // can[j]: a[0..i) produces b[0..j); a `*` of sup absorbs any run of sub, its `*`s included
  let can = b.map(() => false).concat(false);
  can[0] = true;
  for (const t of a) {
    const next: boolean[] = [];
    for (let j = 0; j <= b.length; j++) {
      next[j] = t === null ? can[j]! || (j > 0 && next[j - 1]!) : j > 0 && can[j - 1]! && b[j - 1] === t;
    }
    can = next;
  }
  return can[b.length]!;
}

/** Patterns without those another one covers (the union is the same). */
function withoutCovered(patterns: readonly (readonly KqlValuePart[])[]): (readonly KqlValuePart[])[] {
  const tokens = patterns.map(coverTokens);
  return patterns.filter((_p, i) => !patterns.some((_o, j) => j !== i && covers(tokens[j]!, tokens[i]!) && (!covers(tokens[i]!, tokens[j]!) || j < i)));
}

class Converter {
  private readonly verdict = new Verdict();
  private readonly seen = new Set<string>();
  private readonly caseFolding: 'as-written' | 'wildcard';

  constructor(
    private readonly rule: Rule,
    private readonly ctx: TargetContext,
    options: KqlOptions,
  ) {
    this.caseFolding = options.caseFolding ?? 'as-written';
  }

  convert(): TargetResult<string> {
    const q = this.rule.query;
    this.sources(q.source.selectors);
    const tree = this.pred(q.filter, true);
    this.stages(q.stages);
    return { output: print(tree), fidelity: this.verdict.fidelity, notes: this.verdict.notes };
  }

  // ───────────── notes ─────────────

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private note(level: Note['level'], message: string, origin?: Origin): void {
    if (this.once(`${level}|${origin?.stage ?? ''}|${message}`)) this.verdict.note(level, message, origin);
  }

  private degrade(f: Fidelity, message: string, origin?: Origin, level: Note['level'] = 'warning'): void {
    if (this.once(`${f}|${level}|${origin?.stage ?? ''}|${message}`)) this.verdict.degrade(f, message, origin, level);
  }

  /** An approximation that may MISS events (`partial`, the note carries `mayMiss`). */
  private mayMiss(message: string, origin?: Origin): void {
    if (this.once(`miss|${origin?.stage ?? ''}|${message}`)) this.verdict.mayMiss(message, origin);
  }

  private field(spl: string, origin: Origin): string {
    const m = this.ctx.profile.field(spl);
    if (!m.mapped) {
      const profile = quoteCode(this.ctx.profile.name);
      if (this.ctx.strict) this.degrade('unsupported', `field ${quoteCode(spl)} is not in profile ${profile} (--strict)`, origin, 'error');
      else this.note('warning', `field ${quoteCode(spl)} is not in profile ${profile}: searched as ${quoteCode(m.name)}`, origin);
    }
    return m.name;
  }

  // ───────────── data source ─────────────

  private sources(selectors: readonly Selector[]): void {
    const profile = this.ctx.profile;
    if (selectors.length === 0) {
      const d = profile.defaultSource?.index;
      if (d) this.note('info', `no data-source selector: choose the data view ${quoteCode(d)} in Kibana (profile ${quoteCode(profile.name)} default)`);
      return;
    }
    for (const s of selectors) {
      const desc = quoteCode(printSelector(s));
      if (s.kind === 'generator') {
        this.degrade('unsupported', `the rule reads ${quoteCode(s.command)}, not indexed events: KQL cannot express that`, s.origin, 'error');
        continue;
      }
      const index = profile.source(s)?.index;
      if (index) {
        this.note('info', `data source ${desc}: choose the data view ${quoteCode(index)} in Kibana (KQL cannot select indices)`, s.origin);
      } else {
        const d = profile.defaultSource?.index;
        this.degrade(
          'superset',
          `data source ${desc} is not in profile ${quoteCode(profile.name)}: KQL cannot select it, so the query matches in whatever data view is chosen${d ? ` (profile default: ${quoteCode(d)})` : ''}`,
          s.origin,
        );
      }
    }
  }

  // ───────────── stages ─────────────

  private stages(stages: readonly Stage[]): void {
    let aggregation: string | undefined;
    // An SPL stage spelled with several IR stages (`top` = stats, eventstats, eval, sort, …) gets one note.
    const perStage = new Map<number, number>();
    for (const s of stages) perStage.set(s.origin.stage, (perStage.get(s.origin.stage) ?? 0) + 1);
    const grouped = new Set<number>();
    for (const s of stages) {
      const name = this.rule.stageMap[s.origin.stage]?.command ?? s.kind;
      if ((perStage.get(s.origin.stage) ?? 0) > 1 && s.kind !== 'filter') {
        if (s.kind === 'stats') aggregation = name;
        if (grouped.has(s.origin.stage)) continue;
        grouped.add(s.origin.stage);
        const text = (this.rule.stageMap[s.origin.stage]?.text ?? name).replace(/\s+/g, ' ').trim();
        this.degrade('partial', `${quoteCode(text)}: KQL is a filter language, this stage is not expressed`, s.origin);
        continue;
      }
      if (s.kind === 'filter') {
        this.degrade(
          'partial',
          aggregation
            ? `${quoteCode(name)} filters the rows of ${quoteCode(aggregation)} (a threshold on aggregated results): not expressed in KQL`
            : `${quoteCode(name)} could not be merged into the filter (it follows a stage that changes rows or fields): not expressed in KQL`,
          s.origin,
        );
        continue;
      }
      this.degrade('partial', `${quoteCode(describeStage(s, name))}: KQL is a filter language, this stage is not expressed`, s.origin);
      if (s.kind === 'stats') aggregation = name;
    }
  }

  // ───────────── predicates ─────────────

  /** `pos`: the node is under an even number of NOTs (an approximation there must widen, else narrow). */
  private pred(p: Predicate, pos: boolean): Kql {
    switch (p.kind) {
      case 'and':
        return and(p.items.map((i) => this.pred(i, pos)));
      case 'or':
        return or(p.items.map((i) => this.pred(i, pos)));
      case 'not':
        return not(this.pred(p.item, !pos));
      case 'true':
        return ALL;
      case 'false':
        return NONE;
      case 'exists':
        return exists(this.field(p.field, p.origin));
      case 'compare': {
        const field = this.field(p.field, p.origin);
        const leaf: Leaf = { what: quoteCode(printPredicate(p)), origin: p.origin, caseInsensitive: !p.caseSensitive, widened: [] };
        switch (p.op) {
          case 'eq':
            return this.match(field, p.value.parts, leaf, pos);
          case 'neq':
            // exists and no value equals: the equality sits under a NOT
            return and([exists(field), not(this.match(field, p.value.parts, leaf, !pos))]);
          case 'lt':
          case 'le':
          case 'gt':
          case 'ge':
            return this.range(p.field, field, RANGE_OP[p.op], literalText(p.value), p.numeric, leaf, pos);
          default:
            return assertNever(p.op, 'comparison');
        }
      }
      case 'in': {
        const field = this.field(p.field, p.origin);
        const leaf: Leaf = { what: quoteCode(printPredicate(p)), origin: p.origin, caseInsensitive: !p.caseSensitive, widened: [] };
        return this.matchAny(field, p.values.map((v) => v.parts), leaf, pos);
      }
      case 'regex':
        return this.regex(p, pos);
      case 'cidr': {
        const field = this.field(p.field, p.origin);
        this.note('info', `${quoteCode(printPredicate(p))}: a CIDR value matches the range only on an \`ip\` field (${quoteCode(field)} must be one)`, p.origin);
        return is(field, unquoted([{ kind: 'lit', text: p.cidr }]) ?? quote(p.cidr));
      }
      case 'raw':
        return this.raw(p, pos);
      case 'macro':
        return this.drop(`the macro ${quoteCode(printPredicate(p))} inside the search has no definition`, p.origin, pos);
      case 'subsearch':
        return this.drop('a subsearch (its results filter the events at run time) has no KQL form', p.origin, pos);
      case 'expr':
        return this.drop(`the eval expression ${quoteCode(printPredicate(p))} has no KQL form`, p.origin, pos);
      default:
        return assertNever(p, 'predicate');
    }
  }

  /** A leaf with no usable KQL form: true at positive polarity, false under a NOT (either way the rule widens). */
  private drop(why: string, origin: Origin, pos: boolean): Kql {
    this.degrade('superset', pos ? `${why}: dropped (superset)` : `${why}: it sits inside a NOT, so the negated condition is dropped (superset)`, origin);
    return pos ? ALL : NONE;
  }

  /** `field` matches the whole-value pattern `input` (literal text, `*`, like's `_`). */
  private match(field: string, input: readonly PatternPart[], leaf: Leaf, pos: boolean): Kql {
    return this.matchAny(field, [input], leaf, pos);
  }

  /**
   * `field` matches one of the whole-value patterns `inputs`, whose union is the SPL leaf (an `IN` list, a
   * regex's alternatives), or wider when `leaf.widened` says so. Under a NOT each disjunct that has no exact form
   * is left out (the union shrinks, so the negation widens); when none is left the whole negated leaf is dropped.
   */
  private matchAny(field: string, inputs: readonly (readonly PatternPart[])[], leaf: Leaf, pos: boolean): Kql {
    const shaped = inputs.map((input) => shape(input, leaf));
    if (!pos) {
      const exact = shaped.filter((s) => s.widened.length === 0);
      const reasons = [...new Set(shaped.flatMap((s) => s.widened))];
      if (exact.length === 0) {
        this.degrade('superset', `${leaf.what} sits inside a NOT and has no exact KQL form (${reasons.join('; ')}): the negated condition is dropped (superset)`, leaf.origin);
        return NONE;
      }
      if (reasons.length > 0) {
        this.degrade('superset', `${leaf.what} sits inside a NOT; the alternatives with no exact KQL form (${reasons.join('; ')}) are left out of the negation (superset)`, leaf.origin);
      }
      if (exact.some((s) => s.caseMatters)) {
        this.degrade('superset', `${leaf.what} sits inside a NOT and KQL compares keyword fields case-sensitively: the NOT excludes only the exact-case value, so more events match (superset)`, leaf.origin);
      }
      return anyOf(field, exact.map((s) => this.render(field, s.parts, leaf, pos)));
    }
    const reasons = [...new Set(shaped.flatMap((s) => s.widened))];
    if (reasons.length > 0) this.degrade('superset', `${leaf.what}: ${reasons.join('; ')} (superset)`, leaf.origin);
    let patterns = shaped.map((s) => s.parts);
    if (shaped.some((s) => s.caseMatters)) {
      if (this.caseFolding === 'wildcard') {
        // folding can leave whitespace between wildcards (`auto start` → `* *`): widen it like any other
        patterns = shaped.map((s) => (s.caseMatters ? whitespaceToAny(foldToWildcards(s.parts)) : s.parts));
        this.degrade('superset', `${leaf.what} is case-insensitive in SPL: its letters are searched as \`*\` (superset)`, leaf.origin);
      } else {
        this.mayMiss(
          `${leaf.what} is case-insensitive in SPL but KQL compares keyword fields case-sensitively: the value is searched as written, events whose value differs only in letter case are MISSED (not a superset)`,
          leaf.origin,
        );
      }
    }
    return anyOf(field, withoutCovered(patterns).map((parts) => this.render(field, parts, leaf, pos)));
  }

  private render(field: string, parts: readonly KqlValuePart[], leaf: Leaf, pos: boolean): Kql {
    const first = parts[0];
    if (parts.length === 1 && first?.kind === 'any') return exists(field);
    if (!parts.some(isAny)) return is(field, literalValue(parts.map((p) => (p.kind === 'lit' ? p.text : '')).join('')));
    const value = unquoted(parts);
    if (value === undefined) {
      // not reachable after `whitespaceToAny`; kept so a future change cannot emit a wrong value
      return this.drop(`${leaf.what} has no unquoted KQL form`, leaf.origin, pos);
    }
    if (first?.kind === 'any') this.note('info', 'leading wildcards need Kibana\'s `query:allowLeadingWildcards` setting (on by default)');
    if (parts.some((p) => p.kind === 'lit' && p.text.includes('\\'))) {
      this.note('info', 'wildcard values with a backslash: Kibana 8.5 to 8.12.0 needed it escaped twice on keyword fields (kibana#169709, fixed in 8.12.1)');
    }
    return is(field, value);
  }

  private range(splField: string, field: string, op: RangeOp, text: string, numeric: boolean, leaf: Leaf, pos: boolean): Kql {
    if (numeric && splField === '_time' && field !== '_time') {
      // the profile maps _time to a date field: compare with the instant, not a number (ES reads numbers as millis)
      const date = new Date(Number(text) * 1000);
      if (!Number.isNaN(date.getTime())) {
        const iso = date.toISOString();
        this.note('info', `${leaf.what}: epoch seconds compared as the date ${quoteCode(iso)}`, leaf.origin);
        return { k: 'range', field, op, value: quote(iso) };
      }
    }
    if (numeric) {
      // KQL does not know the field's type: on a keyword field the range compares text ("10" < "9"), which can
      // both miss and add events. Only a numeric field makes it exact.
      this.mayMiss(`${leaf.what} compares numbers only if ${quoteCode(field)} is a numeric field; on a keyword field KQL compares text and events can be missed or added`, leaf.origin);
      return { k: 'range', field, op, value: isPlainNumber(text) ? text : quote(text) };
    }
    if (leaf.caseInsensitive && hasCasedText([{ kind: 'lit', text }])) {
      // case-insensitive ordering is neither wider nor narrower than case-sensitive ordering
      if (this.caseFolding === 'wildcard') {
        return pos ? this.widenToExists(field, leaf) : this.drop(`${leaf.what} (case-insensitive ordering) has no exact KQL form`, leaf.origin, pos);
      }
      this.mayMiss(`${leaf.what} orders case-insensitively in SPL, KQL case-sensitively: events can be missed or added`, leaf.origin);
    }
    return { k: 'range', field, op, value: quote(text) };
  }

  private widenToExists(field: string, leaf: Leaf): Kql {
    this.degrade('superset', `${leaf.what} has no tighter KQL form than ${quoteCode(`${field}: *`)} (the field exists): superset`, leaf.origin);
    return exists(field);
  }

  private regex(p: Extract<Predicate, { kind: 'regex' }>, pos: boolean): Kql {
    const field = this.field(p.field, p.origin);
    const what = quoteCode(printPredicate(p));
    const w = pcreToWildcard(p.pattern, { caseInsensitive: !p.caseSensitive });
    if (!w) {
      const leaf: Leaf = { what, origin: p.origin, caseInsensitive: false, widened: [] };
      if (pos) return this.widenToExists(field, leaf);
      return this.drop(`${what} (KQL has no regex) has no exact wildcard form`, p.origin, pos);
    }
    // `anyOf`: patterns whose union is the regex (alternatives and optional parts kept apart), e.g. `4|disabled`
    // → `*4*`, `*disabled*`; `\.exe$` → `*.exe`, `*.exe\n` (PCRE's `$` also matches before a final newline)
    const shown = w.anyOf.map(showPattern).join(' or ');
    const exact = w.anyOfFidelity === 'exact';
    if (exact) this.note('info', `${what}: KQL has no regex, searched as ${shown}`, p.origin);
    const leaf: Leaf = {
      what,
      origin: p.origin,
      caseInsensitive: w.caseInsensitive,
      widened: exact ? [] : [`KQL has no regex: searched as ${shown}, which matches more`],
    };
    return this.matchAny(field, w.anyOf.map((v) => v.parts), leaf, pos);
  }

  private raw(p: Extract<Predicate, { kind: 'raw' }>, pos: boolean): Kql {
    const what = quoteCode(printPredicate(p));
    const profile = this.ctx.profile;
    if (p.lift && profile.data.liftTerms) {
      const field = this.field(p.lift.field, p.origin);
      const value = fromSearchValue(p.lift.value);
      this.note('info', `${what} is searched as the field test ${quoteCode(`${p.lift.field}=${p.lift.value}`)} (profile ${quoteCode(profile.name)} sets liftTerms)`, p.origin);
      return this.match(field, value.parts, { what, origin: p.origin, caseInsensitive: !p.caseSensitive, widened: [] }, pos);
    }
    const rawField = profile.rawField;
    if (!rawField) return this.drop(`${what}: profile ${quoteCode(profile.name)} has no raw-text field`, p.origin, pos);
    this.note('info', `raw-text search goes to ${quoteCode(rawField)}, read as a keyword field holding the whole event text (a \`*…*\` substring match; on a text field the wildcard would apply per token)`);
    const widened =
      p.mode === 'term'
        ? ['a search term matches between breakers in Splunk, here anywhere in the text']
        : p.mode === 'indexed'
          ? ['TERM() matches one indexed token in Splunk, here anywhere in the text']
          : [];
    const parts: PatternPart[] = [{ kind: 'any' }, ...p.value.parts, { kind: 'any' }];
    return this.match(rawField, parts, { what, origin: p.origin, caseInsensitive: !p.caseSensitive, widened }, pos);
  }
}

/** The OR of tests on one field, as a value list (`f: (a or b)`) when they are all plain value tests. */
function anyOf(field: string, tests: readonly Kql[]): Kql {
  const items = tests.filter((k) => k.k !== 'none');
  if (items.some((k) => k.k === 'is' && k.field === field && k.values.length === 1 && k.values[0] === '*')) return exists(field);
  if (items.length > 1 && items.every((k) => k.k === 'is' && k.field === field)) {
    return is(field, ...new Set(items.flatMap((k) => (k.k === 'is' ? k.values : []))));
  }
  return or(items);
}

/** A short description of a stage for notes (`stats values(*) by _time, host`). */
function describeStage(s: Stage, name: string): string {
  switch (s.kind) {
    case 'stats': {
      const aggs = s.aggregations.map((a) => `${a.fn}${a.field !== undefined ? `(${a.field})` : ''}`).join(', ');
      return `${name} ${aggs}${s.by.length ? ` by ${s.by.join(', ')}` : ''}`;
    }
    case 'eval':
      return `${name} ${s.assignments.map((a) => a.field).join(', ')}`;
    case 'fields':
      return `${name} ${s.fields.join(', ')}`;
    case 'bin':
      return `${name} ${s.field}${s.span ? ` span=${s.span.value}${s.span.unit}` : ''}`;
    case 'dedup':
      return `${name} ${s.fields.join(', ')}`;
    case 'head':
      return `${name} ${s.count}`;
    case 'sort':
      return `${name} ${s.keys.map((k) => `${k.descending ? '-' : ''}${k.field}`).join(', ')}`;
    default:
      return name;
  }
}

/** A `kql` target with options (the default export `kql` uses the defaults). */
export function kqlTarget(options: KqlOptions = {}): Target<string> {
  return {
    name: 'kql',
    description: "Kibana Query Language: the rule's filter as a query string (no aggregations, no regex, no index choice)",
    extension: 'kql',
    defaultProfile: 'ecs',
    convert: (rule: Rule, ctx: TargetContext) => new Converter(rule, ctx, options).convert(),
    serialize: (output: string) => `${output}\n`,
  };
}

export const kql: Target<string> = kqlTarget();
