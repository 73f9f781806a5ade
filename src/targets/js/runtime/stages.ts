/**
 * Pipeline stages after the filter. Each stage maps rows to rows and never changes a row in place (raw-text caches
 * are keyed by row).
 */
import { parseCidr } from './cidr.js';
import type { EV, EvalContext } from './evalfn.js';
import { leafIn, pattern, readField, type Matcher, type PatternSpec } from './match.js';
import { jsonLeaves, jsonPath, jsonScalar, parseJsonDoc } from './spathlib.js';
import { runEventstats, runStats, runStreamstats, type StatsSpec } from './stats.js';
import { strftime, strptime } from './time.js';
import {
  compareScalars, compareText, copyRow, fillWildcards, getField, isNumeric, newRow, setField, textOf, toNumber,
  valuesOf, wildcardCaptures, type Row, type Scalar, type Value,
} from './value.js';

/** Everything a query run reads besides its rows. */
export interface RunContext extends EvalContext {
  /**
   * The data source: every event given to `run`, as rows, newest first (subsearches, join and append read it; made
   * on first use).
   */
  readonly events: readonly Row[];
  /** Subsearch results, computed once per run. */
  readonly subsearches: Map<object, readonly (readonly [string, readonly Matcher[]])[][]>;
}

export type StageFn = (rows: Row[], c: RunContext) => Row[];
export type RowTest = (r: Row, c: RunContext) => boolean;

/** A test on an input event as given (a plain object), without its row. */
export type EventTest = (e: Record<string, unknown>, c: RunContext) => boolean;

/** A compiled query: data-source checks, the filter, the stages. */
export interface CompiledQuery {
  readonly selects: (r: Row) => boolean;
  readonly filter: RowTest;
  readonly stages: readonly StageFn[];
  /**
   * The main query only: `selects` and `filter` on input events, exactly `selects(toRow(e))` and
   * `filter(toRow(e), c)` without making the row (null when the filter needs rows: subsearches, mvfilter, mvmap).
   */
  readonly event?: { readonly selects: EventTest; readonly filter: EventTest } | null;
  /** The main query only: true when a subsearch, join or append reads the data source (every event of the run). */
  readonly source?: boolean;
  /** The main query only: the only fields its stages can see (`_time` included); a run keeps no others. */
  readonly keep?: readonly string[];
}

/** The stages of a query on rows that passed its filter. */
export function runStages(q: CompiledQuery, rows: Row[], c: RunContext): Row[] {
  for (const s of q.stages) rows = s(rows, c);
  return rows;
}

/** A query on the data source (every event of the run, as rows): a subsearch, join or append. */
export function runQuery(q: CompiledQuery, c: RunContext): Row[] {
  const rows: Row[] = [];
  for (const r of c.events) if (q.selects(r) && q.filter(r, c)) rows.push(r);
  return runStages(q, rows, c);
}

/** Splunk's subsearch output limit. */
export const SUBSEARCH_MAXOUT = 10000;

/** A search value with `*` wildcards as a pattern spec. */
export function searchValueSpec(text: string): PatternSpec {
  const out: (string | 0)[] = [];
  let lit = '';
  for (const ch of text) {
    if (ch === '*') {
      if (lit) out.push(lit);
      lit = '';
      if (out[out.length - 1] !== 0) out.push(0);
    } else lit += ch;
  }
  if (lit) out.push(lit);
  return out;
}

/**
 * `[ subsearch ]` as a filter: its rows (at most 10,000) become `(f1=v1 AND f2=v2) OR …` in the search language
 * (case-insensitive, `*` wildcards, a multivalue field any of its values); fields starting with `_` are left out;
 * no rows → nothing matches.
 */
export function subsearchMatch(r: Row, c: RunContext, q: CompiledQuery): boolean {
  let conds = c.subsearches.get(q);
  if (!conds) {
    const list: (readonly [string, readonly Matcher[]])[][] = [];
    for (const row of runQuery(q, c).slice(0, SUBSEARCH_MAXOUT)) {
      const conj: (readonly [string, readonly Matcher[]])[] = [];
      for (const k of Object.keys(row)) {
        if (k.startsWith('_')) continue;
        conj.push([k, valuesOf(row[k] as Value).map((v) => pattern(searchValueSpec(textOf(v)), false))]);
      }
      if (conj.length) list.push(conj);
    }
    c.subsearches.set(q, list);
    conds = list;
  }
  return conds.some((conj) => conj.every(([f, ms]) => leafIn(r, f, ms)));
}

// ───────────── filter, eval, rename, fields ─────────────

export function stageFilter(test: RowTest): StageFn {
  return (rows, c) => rows.filter((r) => test(r, c));
}

/** `eval a=…, b=…`: in order, each assignment sees the earlier ones; null removes the field. */
export function stageEval(assignments: readonly (readonly [string, (r: Row, c: EvalContext) => EV])[]): StageFn {
  return (rows, c) =>
    rows.map((r) => {
      const out = copyRow(r);
      for (const [field, f] of assignments) setField(out, field, f(out, c));
      return out;
    });
}

/** Rename the keys of a row in place of the old ones; a renamed field replaces an existing one of that name. */
function renameKeys(r: Row, map: (k: string) => string | undefined): Row {
  const renamed = new Map<string, string>();
  for (const k of Object.keys(r)) {
    const to = map(k);
    if (to !== undefined && to !== k) renamed.set(k, to);
  }
  if (renamed.size === 0) return r;
  const targets = new Set(renamed.values());
  const out = newRow();
  for (const k of Object.keys(r)) {
    const to = renamed.get(k);
    if (to === undefined && targets.has(k)) continue;
    out[to ?? k] = r[k] as Value;
  }
  return out;
}

/** `rename a AS b, x* AS y*`: pairs apply in order; a wildcard's matches go into the new name's `*`s. */
export function stageRename(pairs: readonly (readonly [string, string])[]): StageFn {
  return (rows) =>
    rows.map((r) => {
      let out = r;
      for (const [from, to] of pairs) {
        out = renameKeys(out, (k) => {
          const caps = wildcardCaptures(from, k);
          return caps === undefined ? undefined : to.includes('*') ? fillWildcards(to, caps) : to;
        });
      }
      return out;
    });
}

/**
 * `table` keeps the listed fields in the listed order (a wildcard: the matching fields in row order); `fields`
 * keeps the listed fields in row order (docs/semantics.md; Splunk would also keep `_raw` and `_time`); `fields -`
 * removes them.
 */
export function stageFields(mode: 'table' | 'keep' | 'remove', patterns: readonly string[]): StageFn {
  const matches = (k: string) => patterns.some((p) => wildcardCaptures(p, k) !== undefined);
  return (rows) =>
    rows.map((r) => {
      const out = newRow();
      if (mode === 'table') {
        for (const p of patterns) {
          if (!p.includes('*')) {
            const v = getField(r, p);
            if (v !== undefined && !Object.hasOwn(out, p)) out[p] = v;
            continue;
          }
          for (const k of Object.keys(r)) if (!Object.hasOwn(out, k) && wildcardCaptures(p, k) !== undefined) out[k] = r[k] as Value;
        }
        return out;
      }
      for (const k of Object.keys(r)) {
        const keep = mode === 'keep' ? matches(k) : !matches(k);
        if (keep) out[k] = r[k] as Value;
      }
      return out;
    });
}

// ───────────── bin ─────────────

export interface BinSpec {
  readonly field: string;
  readonly as: string;
  /** A fixed span in seconds (`span=5m`). */
  readonly seconds?: number;
  /** A calendar span in months (`span=1mon`, `q` = 3, `y` = 12), in UTC. */
  readonly months?: number;
  /** A numeric span on a non-time field (`bin size span=10` → `"10-20"`). */
  readonly numeric?: number;
}

function floorSpan(x: number, span: number): number {
  const v = Math.floor(x / span) * span;
  return span < 1 ? Math.round(v * 1e6) / 1e6 : v;
}

function rangeText(lo: number, span: number): string {
  return `${textOf(lo)}-${textOf(floorSpan(lo + span, span))}`;
}

/** `bin`: `floor(value / span) * span` (epoch seconds, UTC); a value that is not a number is left as is. */
export function stageBin(spec: BinSpec): StageFn {
  const binOne = (s: Scalar): Scalar => {
    if (!isNumeric(s)) return s;
    const x = toNumber(s);
    if (spec.seconds !== undefined) return floorSpan(x, spec.seconds);
    if (spec.months !== undefined) {
      const d = new Date(Math.floor(x) * 1000);
      const m = d.getUTCFullYear() * 12 + d.getUTCMonth();
      const start = m - (((m % spec.months) + spec.months) % spec.months);
      return Date.UTC(Math.floor(start / 12), start % 12, 1) / 1000;
    }
    if (spec.numeric !== undefined) return rangeText(floorSpan(x, spec.numeric), spec.numeric);
    return s;
  };
  return (rows) =>
    rows.map((r) => {
      const v = getField(r, spec.field);
      if (v === undefined) return r;
      const out = copyRow(r);
      setField(out, spec.as, Array.isArray(v) ? v.map(binOne) : binOne(v));
      return out;
    });
}

// ───────────── stats ─────────────

export function stageStats(spec: StatsSpec): StageFn {
  switch (spec.variant) {
    case 'eventstats':
      return (rows, c) => runEventstats(spec, rows, c);
    case 'streamstats':
      return (rows, c) => runStreamstats(spec, rows, c);
    default:
      return (rows, c) => runStats(spec, rows, c);
  }
}

// ───────────── dedup, sort, head ─────────────

/** A sort key: field, descending, mode (`auto` numbers before text; `num`; `str`; `ip`). */
export type SortKeySpec = readonly [string, boolean, 'auto' | 'num' | 'str' | 'ip'];

function ipKey(s: string): number[] | undefined {
  const c = parseCidr(s);
  return c && c.bits === c.bytes.length * 8 ? [...c.bytes] : undefined;
}

function compareBy(mode: SortKeySpec[2], a: Scalar, b: Scalar): number {
  switch (mode) {
    case 'str':
      return compareText(textOf(a), textOf(b));
    case 'num': {
      const x = isNumeric(a) ? toNumber(a) : NaN;
      const y = isNumeric(b) ? toNumber(b) : NaN;
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? compareText(textOf(a), textOf(b)) : 1) : -1;
      return x - y;
    }
    case 'ip': {
      const x = ipKey(textOf(a));
      const y = ipKey(textOf(b));
      if (!x || !y) return x ? -1 : y ? 1 : compareText(textOf(a), textOf(b));
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return 0;
    }
    default:
      return compareScalars(a, b);
  }
}

/** Stable sort by keys; a missing value sorts last (in either direction); a multivalue sorts by its first value. */
export function sortRows(rows: readonly Row[], keys: readonly SortKeySpec[]): Row[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => {
      for (const [field, desc, mode] of keys) {
        const a = readField(x.r, field);
        const b = readField(y.r, field);
        if (a === undefined || b === undefined) {
          if (a === undefined && b === undefined) continue;
          return a === undefined ? 1 : -1;
        }
        const d = compareBy(mode, valuesOf(a)[0]!, valuesOf(b)[0]!);
        if (d) return desc ? -d : d;
      }
      return x.i - y.i;
    })
    .map((x) => x.r);
}

export function stageSort(keys: readonly SortKeySpec[], limit: number | undefined): StageFn {
  return (rows) => {
    const sorted = sortRows(rows, keys);
    return limit === undefined ? sorted : sorted.slice(0, limit);
  };
}

export function stageHead(count: number): StageFn {
  return (rows) => rows.slice(0, Math.max(0, count));
}

export interface DedupSpec {
  readonly fields: readonly string[];
  readonly count: number;
  readonly keepempty: boolean;
  readonly consecutive: boolean;
  readonly keepevents: boolean;
  readonly sortBy: readonly SortKeySpec[];
}

/**
 * `dedup N f…`: the first N rows per tuple of values (a multivalue compares as all its values); rows missing a field
 * are dropped unless `keepempty=true`; `consecutive=true` only removes runs; `keepevents=true` keeps duplicates
 * with the fields removed; `sortby` sorts the result.
 */
export function stageDedup(spec: DedupSpec): StageFn {
  return (rows) => {
    const seen = new Map<string, number>();
    let previous: string | undefined;
    const out: Row[] = [];
    for (const r of rows) {
      const vals = spec.fields.map((f) => readField(r, f));
      if (vals.some((v) => v === undefined)) {
        if (spec.keepempty) out.push(r);
        continue;
      }
      const key = JSON.stringify(vals.map((v) => valuesOf(v).map(textOf)));
      if (spec.consecutive) {
        if (key !== previous) out.push(r);
        previous = key;
        continue;
      }
      const n = seen.get(key) ?? 0;
      if (n < spec.count) {
        seen.set(key, n + 1);
        out.push(r);
      } else if (spec.keepevents) {
        const copy = copyRow(r);
        for (const f of spec.fields) delete copy[f];
        out.push(copy);
      }
    }
    return spec.sortBy.length ? sortRows(out, spec.sortBy) : out;
  };
}

// ───────────── rex ─────────────

/**
 * `rex field=f "(?<name>…)"`: the named groups of the first match (or of up to `maxMatch` matches, 0 = all, as
 * multivalues) become fields; a group that does not take part leaves its field as it was; no match changes nothing.
 * `re` must have the `g` flag. A multivalue field is searched value by value.
 */
export function stageRex(field: string, re: RegExp, groups: readonly string[], maxMatch: number): StageFn {
  const limit = maxMatch <= 0 ? Infinity : maxMatch;
  return (rows) =>
    rows.map((r) => {
      const v = readField(r, field);
      if (v === undefined) return r;
      const found = new Map<string, Scalar[]>();
      let matches = 0;
      for (const s of valuesOf(v)) {
        const text = textOf(s);
        re.lastIndex = 0;
        while (matches < limit) {
          const m = re.exec(text);
          if (!m) break;
          matches++;
          for (const g of groups) {
            const x = m.groups?.[g];
            if (x === undefined) continue;
            const list = found.get(g);
            if (list) list.push(x);
            else found.set(g, [x]);
          }
          if (m[0] === '') re.lastIndex++;
        }
        if (matches >= limit) break;
      }
      if (found.size === 0) return r;
      const out = copyRow(r);
      for (const [g, list] of found) out[g] = list.length === 1 ? list[0]! : list;
      return out;
    });
}

/**
 * `rex mode=sed "s/re/repl/flags"`: `re` has `g` for the `g` flag; `nth` replaces only that occurrence (1-based).
 * In the replacement `\N` is group N and `\\` a backslash; everything else (`&` included) is literal.
 */
export function stageSedReplace(field: string, re: RegExp, replacement: string, nth: number): StageFn {
  const edit = (text: string): string => {
    let i = 0;
    re.lastIndex = 0;
    return text.replace(re, (...m: unknown[]) => {
      i++;
      const end = m.findIndex((x, k) => k > 0 && typeof x === 'number');
      const groups = m.slice(0, end < 0 ? 1 : end);
      if (nth > 0 && i !== nth) return String(groups[0]);
      return replacement.replace(/\\(\d|\\)/g, (_w, g: string) => (g === '\\' ? '\\' : String(groups[Number(g)] ?? '')));
    });
  };
  return sedStage(field, edit);
}

/** `rex mode=sed "y/abc/xyz/"`: character transliteration. */
export function stageSedTranslate(field: string, from: string, to: string): StageFn {
  const a = Array.from(from);
  const b = Array.from(to);
  return sedStage(field, (text) =>
    Array.from(text)
      .map((ch) => {
        const i = a.indexOf(ch);
        return i < 0 ? ch : b[i] ?? ch;
      })
      .join(''),
  );
}

function sedStage(field: string, edit: (s: string) => string): StageFn {
  return (rows) =>
    rows.map((r) => {
      const v = readField(r, field);
      if (v === undefined) return r;
      const out = copyRow(r);
      out[field] = Array.isArray(v) ? v.map((s) => edit(textOf(s))) : edit(textOf(v));
      return out;
    });
}

// ───────────── convert, fillnull, mvexpand, spath ─────────────

function dur2sec(s: string): number | undefined {
  const m = /^\s*(?:(\d+)\+)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(s);
  if (!m) return isNumeric(s) ? toNumber(s) : undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

function mstime(s: string): number | undefined {
  const m = /^\s*(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(s);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : undefined;
}

function memk(s: string): number | undefined {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*([kmgKMG])?\s*$/.exec(s);
  if (!m) return undefined;
  const f = { k: 1, m: 1024, g: 1024 * 1024 }[(m[2] ?? 'k').toLowerCase() as 'k' | 'm' | 'g'];
  return Number(m[1]) * f;
}

/** One convert function on one value; undefined = not convertible (the value is left as is, `num` removes it). */
export function convertValue(fn: string, s: Scalar, timeformat: string): Scalar | undefined {
  const text = textOf(s);
  switch (fn) {
    case 'ctime':
      return isNumeric(s) ? strftime(toNumber(s), timeformat) : undefined;
    case 'mktime':
      return strptime(text, timeformat);
    case 'dur2sec':
      return dur2sec(text);
    case 'mstime':
      return mstime(text);
    case 'memk':
      return memk(text);
    case 'rmcomma':
      return text.replace(/,/g, '');
    case 'rmunit': {
      const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(text);
      return m ? Number(m[1]) : undefined;
    }
    case 'num':
    case 'auto':
      return isNumeric(s) ? toNumber(s) : undefined;
    case 'none':
      return s;
    default:
      return undefined;
  }
}

/**
 * `convert [timeformat=…] fn(field) [AS new]…`: wildcard fields convert every matching field (`AS` with `*`s takes
 * the captures). A value that cannot be converted is kept, except with `num`, which removes it.
 */
export function stageConvert(timeformat: string, conversions: readonly (readonly [string, string, string])[]): StageFn {
  return (rows) =>
    rows.map((r) => {
      const out = copyRow(r);
      for (const [fn, field, as] of conversions) {
        const names = field.includes('*') ? Object.keys(out).filter((k) => wildcardCaptures(field, k) !== undefined) : [field];
        for (const name of names) {
          const v = getField(out, name);
          if (v === undefined) continue;
          const target = field.includes('*') && as.includes('*') ? fillWildcards(as, wildcardCaptures(field, name) ?? []) : as === field ? name : as;
          const converted: Scalar[] = [];
          for (const s of valuesOf(v)) {
            const c = convertValue(fn, s, timeformat);
            if (c !== undefined) converted.push(c);
            else if (fn !== 'num') converted.push(s);
          }
          setField(out, target, converted.length === 1 ? converted[0] : converted);
        }
      }
      return out;
    });
}

/**
 * `fillnull value=v [fields]`: a missing field gets `v` (a string). With no fields listed, every field present in
 * some row at that point, except fields starting with `_`.
 */
export function stageFillnull(value: string, fields: readonly string[]): StageFn {
  return (rows) => {
    let names = fields;
    if (names.length === 0) {
      const seen = new Set<string>();
      for (const r of rows) for (const k of Object.keys(r)) if (!k.startsWith('_')) seen.add(k);
      names = [...seen];
    }
    return rows.map((r) => {
      if (names.every((f) => getField(r, f) !== undefined)) return r;
      const out = copyRow(r);
      for (const f of names) if (getField(out, f) === undefined) out[f] = value;
      return out;
    });
  };
}

/** `mvexpand f [limit=N]`: one row per value (the first N); a row without the field is dropped. */
export function stageMvexpand(field: string, limit: number | undefined): StageFn {
  return (rows) => {
    const out: Row[] = [];
    for (const r of rows) {
      const v = getField(r, field);
      if (v === undefined) continue;
      const vals = valuesOf(v);
      const n = limit === undefined || limit <= 0 ? vals.length : Math.min(limit, vals.length);
      for (let i = 0; i < n; i++) {
        const copy = copyRow(r);
        copy[field] = vals[i]!;
        out.push(copy);
      }
    }
    return out;
  };
}

/**
 * `spath [input=f] [output=o] [path=p]` on JSON (XML is not read): with a path, its values go to `output` (default:
 * the path); without, every leaf becomes a field (`a.b`, arrays `a{}`). Extracted fields replace existing ones;
 * JSON `null` leaves are missing.
 */
export function stageSpath(input: string, output: string | undefined, path: string | undefined): StageFn {
  return (rows) =>
    rows.map((r) => {
      const v = readField(r, input);
      if (v === undefined) return r;
      const doc = parseJsonDoc(valuesOf(v).map(textOf).join('\n'));
      if (doc === undefined) return r;
      const out = copyRow(r);
      if (path !== undefined) {
        const vals = jsonPath(doc, path);
        setField(out, output ?? path, vals.length === 1 ? vals[0] : vals);
      } else for (const [name, vals] of jsonLeaves(doc)) setField(out, name, vals.length === 1 ? vals[0] : vals);
      return out;
    });
}

// ───────────── makemv, replace, fromjson ─────────────

/**
 * `makemv`: each value of the field is split on `delim` (a literal string), or — with `tokenizer` (a regex with the
 * `g` flag) — into its matches (a match's first group when the regex has groups, else the whole match); empty
 * values are dropped unless `allowEmpty`. A row without the field is left as it is; no value left removes it.
 */
export function stageMakemv(field: string, delim: string | undefined, tokenizer: RegExp | undefined, allowEmpty: boolean): StageFn {
  const split = (text: string): string[] => {
    const parts: string[] = [];
    if (tokenizer) {
      tokenizer.lastIndex = 0;
      for (;;) {
        const m = tokenizer.exec(text);
        if (!m) break;
        const v = m.length > 1 ? m[1] : m[0];
        if (v !== undefined) parts.push(v);
        if (m[0] === '') tokenizer.lastIndex++;
      }
    } else parts.push(...(delim ? text.split(delim) : [text]));
    return allowEmpty ? parts : parts.filter((p) => p !== '');
  };
  return (rows) =>
    rows.map((r) => {
      const v = getField(r, field);
      if (v === undefined) return r;
      const out = copyRow(r);
      const vals = valuesOf(v).flatMap((x) => split(textOf(x)));
      setField(out, field, vals.length === 1 ? vals[0] : vals);
      return out;
    });
}

/**
 * `replace A WITH B, … [IN fields]`: each value (of a multivalue, each of its values) equal to a pattern is
 * replaced, as a whole and case-sensitively. A pattern without wildcards wins over one with; among those without,
 * the last given wins; among wildcard patterns, the one with the most literal characters (the fullest match), the
 * first given on a tie. The replacement's `*`s take what the pattern's matched. Field names may have wildcards; no
 * fields = every field whose name does not start with `_`.
 */
export function stageReplace(pairs: readonly (readonly [string, string])[], fields: readonly string[]): StageFn {
  const rules = pairs.map(([from, to]) => ({ from, to, wild: from.includes('*'), literal: from.replace(/\*/g, '').length }));
  const replaceOne = (s: Scalar): Scalar => {
    const text = textOf(s);
    let exact: string | undefined;
    for (const r of rules) if (!r.wild && r.from === text) exact = r.to;
    if (exact !== undefined) return exact;
    let best: { to: string; caps: string[]; literal: number } | undefined;
    for (const r of rules) {
      if (!r.wild || (best && r.literal <= best.literal)) continue;
      const caps = wildcardCaptures(r.from, text);
      if (caps) best = { to: r.to, caps, literal: r.literal };
    }
    if (!best) return s;
    return best.to.includes('*') ? fillWildcards(best.to, best.caps) : best.to;
  };
  return (rows) =>
    rows.map((r) => {
      const names = fields.length
        ? fields.flatMap((f) => (f.includes('*') ? Object.keys(r).filter((k) => wildcardCaptures(f, k) !== undefined) : [f]))
        : Object.keys(r).filter((k) => !k.startsWith('_'));
      let out: Row | undefined;
      for (const name of names) {
        const v = getField(r, name);
        if (v === undefined) continue;
        const next = Array.isArray(v) ? v.map(replaceOne) : replaceOne(v);
        const changed = Array.isArray(next) ? next.some((x, i) => x !== (v as Scalar[])[i]) : next !== v;
        if (!changed) continue;
        out ??= copyRow(r);
        out[name] = next;
      }
      return out ?? r;
    });
}

/**
 * `fromjson field [prefix=p]`: each value of the field that is a JSON object gives its top-level keys as fields
 * `p<key>`: a string, number or boolean as it is, an array as a multivalue (one value per element), a nested object
 * (or an array element that is one) as its JSON text; `null` gives nothing. Extracted fields replace existing ones;
 * a value that is not a JSON object is ignored.
 */
export function stageFromjson(field: string, prefix: string): StageFn {
  return (rows) =>
    rows.map((r) => {
      const v = getField(r, field);
      if (v === undefined) return r;
      const found = new Map<string, Scalar[]>();
      for (const x of valuesOf(v)) {
        const doc = parseJsonDoc(textOf(x));
        if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue;
        const obj = doc as Record<string, unknown>;
        for (const k of Object.keys(obj)) {
          const val = obj[k];
          const vals = (Array.isArray(val) ? val : [val]).map(jsonScalar).filter((s): s is Scalar => s !== undefined);
          const list = found.get(prefix + k);
          if (list) list.push(...vals);
          else found.set(prefix + k, vals);
        }
      }
      if (found.size === 0) return r;
      const out = copyRow(r);
      for (const [k, vals] of found) setField(out, k, vals.length === 1 ? vals[0] : vals);
      return out;
    });
}

// ───────────── join, append, appendpipe ─────────────

export interface JoinSpec {
  readonly type: 'inner' | 'left' | 'outer';
  /** Join fields; empty = the fields both sides have. */
  readonly fields: readonly string[];
  /** Matches per row (0 = all; Splunk's default 1). */
  readonly max: number;
  /** Subsearch values replace the row's (Splunk's default true). */
  readonly overwrite: boolean;
}

function fieldUnion(rows: readonly Row[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) out.add(k);
  return out;
}

/**
 * `join [type=inner|left|outer] [max=N] [overwrite=bool] f… [subsearch]`: the subsearch runs on the same events;
 * rows match on equal values (as text, case-sensitive; a multivalue compares as all its values); `left`/`outer`
 * keep rows without a match.
 */
export function stageJoin(spec: JoinSpec, sub: CompiledQuery): StageFn {
  return (rows, c) => {
    const right = runQuery(sub, c);
    let fields = spec.fields;
    if (fields.length === 0) {
      const r = fieldUnion(right);
      fields = [...fieldUnion(rows)].filter((f) => r.has(f));
    }
    const keyOf = (r: Row): string | undefined => {
      const vals = fields.map((f) => getField(r, f));
      if (vals.some((v) => v === undefined)) return undefined;
      return JSON.stringify(vals.map((v) => valuesOf(v).map(textOf)));
    };
    const index = new Map<string, Row[]>();
    for (const r of right) {
      const k = keyOf(r);
      if (k === undefined) continue;
      const list = index.get(k);
      if (list) list.push(r);
      else index.set(k, [r]);
    }
    const out: Row[] = [];
    for (const r of rows) {
      const k = keyOf(r);
      const matches = k === undefined ? [] : index.get(k) ?? [];
      if (matches.length === 0) {
        if (spec.type !== 'inner') out.push(r);
        continue;
      }
      for (const m of spec.max > 0 ? matches.slice(0, spec.max) : matches) {
        const merged = copyRow(r);
        for (const key of Object.keys(m)) if (spec.overwrite || getField(merged, key) === undefined) merged[key] = m[key] as Value;
        out.push(merged);
      }
    }
    return out;
  };
}

/** `append [subsearch]`: the subsearch's rows (on the same events) after the rows. */
export function stageAppend(sub: CompiledQuery): StageFn {
  return (rows, c) => [...rows, ...runQuery(sub, c)];
}

/** `appendpipe [ … ]`: the sub-pipeline's stages run on the rows so far; their output follows the rows. */
export function stageAppendpipe(stages: readonly StageFn[]): StageFn {
  return (rows, c) => {
    let sub = rows;
    for (const s of stages) sub = s(sub, c);
    return [...rows, ...sub];
  };
}
