/**
 * `responseToRows`: Elasticsearch search responses (every page: hits pages or composite pages) → the rows
 * `spl2x run` gives for the rule, following docs/semantics.md "Runtime semantics": a field without a value is
 * absent; `values()` gives sorted distinct strings (always an array); a binned `_time` is epoch seconds; BY fields
 * first, then the aggregations in order; rows ordered by the BY values (numbers numerically, else as strings);
 * then the stages the target runs client-side (`output.rows.post`).
 */
import { isNumeric } from '../../ir/lower/search.js';
import type { SortKey } from '../../ir/types.js';
import type { ValuePattern } from '../../values/pattern.js';
import { matchPattern, substitute } from './names.js';
import type { AggsPlan, EsRequest, EsResponse, HitsPlan, OutColumn, Row, RowExpr, RowOp, RowPredicate, Scalar } from './types.js';

type Value = Scalar | Scalar[];

export function responseToRows(output: EsRequest, response: EsResponse | readonly EsResponse[]): Row[] {
  const responses: readonly EsResponse[] = Array.isArray(response) ? response : [response as EsResponse];
  const plan = output.rows;
  let rows = plan.source.kind === 'hits' ? hitRows(plan.source, responses) : aggRows(plan.source, responses);
  for (const op of plan.post) rows = applyOp(op, rows);
  return rows;
}

// ───────────────────────────── hits ─────────────────────────────

/**
 * A hit as the JS matcher makes an event a row: `_source` flattened (nested objects → dotted names, arrays keep
 * their scalars, objects inside arrays become JSON text, `null`/`[]` missing), the SPL names the rule uses for a
 * field added as aliases, and `_time` (epoch seconds) from the profile's time field.
 */
function hitRows(plan: HitsPlan, responses: readonly EsResponse[]): Row[] {
  const rows: Row[] = [];
  for (const r of responses)
    for (const hit of r.hits?.hits ?? []) {
      const row: Row = {};
      flattenInto(row, '', hit._source ?? {});
      for (const [path, names] of Object.entries(plan.names)) {
        const v = row[path];
        if (v !== undefined) for (const n of names) if (row[n] === undefined) row[n] = v;
      }
      const t = row[plan.timeField];
      const secs = t === undefined || Array.isArray(t) ? undefined : toEpochSeconds(t);
      if (secs !== undefined) row['_time'] = secs;
      rows.push(row);
    }
  return rows;
}

function scalarOf(v: unknown): Scalar | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || v === undefined) return undefined;
  return JSON.stringify(v);
}

function flattenInto(row: Row, prefix: string, obj: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      flattenInto(row, `${name}.`, v as Record<string, unknown>);
      continue;
    }
    if (Array.isArray(v)) {
      const out = v.map(scalarOf).filter((x): x is Scalar => x !== undefined);
      if (out.length) row[name] = out;
      else delete row[name];
      continue;
    }
    const s = scalarOf(v);
    if (s === undefined) delete row[name];
    else row[name] = s;
  }
}

/** The values of a dotted path in a `_source` document. */
function pathValue(src: Record<string, unknown>, path: string): Value | undefined {
  const row: Row = {};
  flattenInto(row, '', src);
  return row[path];
}

function toEpochSeconds(v: Scalar): number | undefined {
  if (typeof v === 'number') return v / 1000;
  if (typeof v !== 'string') return undefined;
  if (/^\d+$/.test(v)) return Number(v) / 1000;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !/T/.test(v) ? v : `${v}Z`);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

// ───────────────────────────── aggregations ─────────────────────────────

interface Bucket {
  readonly key?: Record<string, unknown>;
  readonly doc_count?: number;
  readonly [agg: string]: unknown;
}

function aggRows(plan: AggsPlan, responses: readonly EsResponse[]): Row[] {
  const buckets: Bucket[] = [];
  for (const r of responses) {
    const a = r.aggregations?.[plan.agg] as { buckets?: Bucket[] } | undefined;
    if (!a) continue;
    if (plan.by.length) buckets.push(...(a.buckets ?? []));
    else if (buckets.length === 0) buckets.push(a as Bucket);
  }
  if (!plan.by.length && buckets.length === 0) buckets.push({ doc_count: 0 });
  const rows: Row[] = [];
  for (const b of buckets) {
    const row: Row = {};
    let complete = true;
    for (const c of plan.by) {
      const k = b.key?.[c.name] ?? c.fill;
      if (k === null || k === undefined) complete = false;
      else if (typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean') row[c.name] = c.time && typeof k === 'number' ? k / 1000 : k;
    }
    if (!complete) continue;
    for (const c of plan.columns) {
      const v = column(c, b);
      if (v !== undefined) row[c.name] = v;
    }
    rows.push(row);
  }
  if (plan.by.length) {
    const names = plan.by.map((c) => c.name);
    rows.sort((x, y) => {
      for (const n of names) {
        const a = first(x[n]);
        const b = first(y[n]);
        const d = a === undefined || b === undefined ? 0 : compareScalars(a, b);
        if (d) return d;
      }
      return 0;
    });
  }
  return rows;
}

function column(c: OutColumn, b: Bucket): Value | undefined {
  const sub = (c.agg ? b[c.agg] : undefined) as Record<string, unknown> | undefined;
  switch (c.from) {
    case 'count':
      return b.doc_count ?? 0;
    case 'zero':
      return 0;
    case 'value_count':
      return typeof sub?.['value'] === 'number' ? sub['value'] : 0;
    case 'native': {
      if (!sub) return undefined;
      if (c.fn === 'range') {
        const { min, max } = sub as { min?: number | null; max?: number | null };
        return typeof min === 'number' && typeof max === 'number' ? max - min : undefined;
      }
      const v = sub['value'];
      if (typeof v !== 'number') return undefined;
      return c.time ? v / 1000 : v;
    }
    case 'terms':
      return fromTerms(c, sub);
    case 'hits':
      return fromHits(c, sub);
  }
}

/** values/dc/min/max/sum/avg/range from a terms aggregation listing every distinct value (with event counts). */
function fromTerms(c: OutColumn, sub: Record<string, unknown> | undefined): Value | undefined {
  const t = sub as { buckets?: { key: unknown; key_as_string?: string; doc_count: number }[]; sum_other_doc_count?: number } | undefined;
  if (!t) return c.fn === 'dc' ? 0 : undefined;
  if ((t.sum_other_doc_count ?? 0) > 0)
    throw new Error(`${c.fn}() for ${c.name}: more distinct values than the terms aggregation returned (raise its size)`);
  const entries = (t.buckets ?? []).map((b) => ({
    value: c.time && typeof b.key === 'number' ? String(b.key / 1000) : (b.key_as_string ?? String(b.key)),
    count: b.doc_count,
  }));
  const distinct = [...new Set(entries.map((e) => e.value))];
  switch (c.fn) {
    case 'values':
      return distinct.length ? distinct.sort(compareStrings) : undefined;
    case 'dc':
      return distinct.length;
    case 'min':
    case 'max':
    case 'range': {
      if (!distinct.length) return undefined;
      const allNum = distinct.every((v) => isNumeric(v));
      if (c.fn === 'range') {
        const nums = distinct.filter((v) => isNumeric(v)).map(Number);
        return nums.length ? Math.max(...nums) - Math.min(...nums) : undefined;
      }
      if (allNum) {
        const nums = distinct.map(Number);
        return c.fn === 'min' ? Math.min(...nums) : Math.max(...nums);
      }
      const sorted = distinct.slice().sort(compareStrings);
      return c.fn === 'min' ? sorted[0] : sorted[sorted.length - 1];
    }
    case 'sum':
    case 'avg': {
      const nums = entries.filter((e) => isNumeric(e.value));
      if (!nums.length) return undefined;
      const sum = nums.reduce((s, e) => s + Number(e.value) * e.count, 0);
      const n = nums.reduce((s, e) => s + e.count, 0);
      return c.fn === 'sum' ? sum : sum / n;
    }
    default:
      return undefined;
  }
}

/** list/first/last/earliest/latest from a filter(exists) + top_hits pair (events newest first, or oldest first). */
/**
 * list/first/last/earliest/latest from a filter(exists) + top_hits pair. `list`: the values' text in event order
 * (newest first), at most 100; the others: the whole value of the one event top_hits returns.
 */
function fromHits(c: OutColumn, sub: Record<string, unknown> | undefined): Value | undefined {
  const hits = (sub?.['top'] as { hits?: { hits?: { _source?: Record<string, unknown> }[] } } | undefined)?.hits?.hits ?? [];
  const conv = (x: Scalar): Scalar | undefined => (c.time ? toEpochSeconds(x) : x);
  const values: Value[] = [];
  for (const h of hits) {
    const v = pathValue(h._source ?? {}, c.path ?? '');
    if (v === undefined) continue;
    const list = (Array.isArray(v) ? v : [v]).map(conv).filter((x): x is Scalar => x !== undefined);
    if (list.length) values.push(Array.isArray(v) ? list : list[0]!);
  }
  if (!values.length) return undefined;
  if (c.fn === 'list') return values.flatMap((v) => (Array.isArray(v) ? v : [v])).map(textOf).slice(0, 100);
  return values[0];
}

// ───────────────────────────── client-side stages ─────────────────────────────

function applyOp(op: RowOp, rows: Row[]): Row[] {
  switch (op.op) {
    case 'filter':
      return rows.filter((r) => test(op.where, r));
    case 'sort': {
      const sorted = rows.slice().sort((a, b) => compareByKeys(op.keys, a, b));
      return op.limit ? sorted.slice(0, op.limit) : sorted;
    }
    case 'head':
      return rows.slice(0, op.count);
    case 'dedup': {
      const seen = new Map<string, number>();
      const out: Row[] = [];
      for (const r of rows) {
        if (op.fields.some((f) => r[f] === undefined)) {
          if (op.keepempty) out.push(r);
          continue;
        }
        const key = JSON.stringify(op.fields.map((f) => r[f]));
        const n = seen.get(key) ?? 0;
        if (n < op.count) out.push(r);
        seen.set(key, n + 1);
      }
      return op.sortBy.length ? out.sort((a, b) => compareByKeys(op.sortBy, a, b)) : out;
    }
    case 'fields':
      return rows.map((r) => selectFields(op.mode, op.fields, r));
    case 'rename':
      return rows.map((r) => {
        let row = r;
        for (const p of op.pairs) {
          const next: Row = {};
          for (const [k, v] of Object.entries(row)) {
            const m = matchPattern(p.from, k);
            next[m ? substitute(p.to, m) : k] = v;
          }
          row = next;
        }
        return row;
      });
    case 'eval':
      return rows.map((r) => {
        const row = { ...r };
        for (const a of op.assignments) {
          const v = evalExpr(a.expr, row);
          if (v === null) delete row[a.field];
          else row[a.field] = v;
        }
        return row;
      });
    case 'convert':
      return rows.map((r) => {
        const row = { ...r };
        for (const c of op.conversions) {
          const v = r[c.field];
          if (v === undefined) continue;
          const conv = (x: Scalar): Scalar =>
            c.fn === 'ctime' ? (isNumeric(String(x)) ? strftime(Number(x), op.timeformat) : x) : c.fn === 'num' || c.fn === 'auto' ? (isNumeric(String(x)) ? Number(x) : x) : x;
          row[c.as] = Array.isArray(v) ? v.map(conv) : conv(v);
        }
        return row;
      });
    case 'fillnull': {
      const fields = op.fields.length ? op.fields : [...new Set(rows.flatMap((r) => Object.keys(r)))];
      return rows.map((r) => {
        const row = { ...r };
        for (const f of fields) if (row[f] === undefined) row[f] = op.value;
        return row;
      });
    }
    case 'stats':
      return op.variant === 'stats' ? rowStats(op, rows) : rowEventstats(op, rows);
    case 'bin':
      return rows.map((r) => {
        const v = r[op.field];
        if (v === undefined) return r;
        const b = (x: Scalar): Scalar => (isNumeric(String(x)) ? Math.floor(Number(x) / op.seconds) * op.seconds : x);
        return { ...r, [op.as]: Array.isArray(v) ? v.map(b) : b(v) };
      });
  }
}

function selectFields(mode: 'table' | 'keep' | 'remove', fields: readonly string[], r: Row): Row {
  if (mode === 'remove') {
    const row: Row = {};
    for (const [k, v] of Object.entries(r)) if (!fields.some((f) => matchPattern(f, k))) row[k] = v;
    return row;
  }
  const row: Row = {};
  for (const f of fields)
    for (const [k, v] of Object.entries(r)) if (matchPattern(f, k) && !(k in row)) row[k] = v;
  if (mode === 'keep') for (const [k, v] of Object.entries(r)) if (k.startsWith('_') && !(k in row)) row[k] = v;
  return row;
}

// ───────────────────────────── stats over rows ─────────────────────────────

type StatsOp = Extract<RowOp, { op: 'stats' }>;

/** One aggregation over rows, as the JS matcher's runtime computes it (src/targets/js/runtime/stats.ts). */
class Acc {
  private n = 0;
  private readonly texts = new Set<string>();
  private readonly list: string[] = [];
  private allNumeric = true;
  private numMin = Infinity;
  private numMax = -Infinity;
  private textMin: string | undefined;
  private textMax: string | undefined;
  private sum = 0;
  private sumsq = 0;
  private nums = 0;
  private readonly modes = new Map<string, number>();
  private first: Value | undefined;
  private last: Value | undefined;
  private earliest: { t: number; v: Value } | undefined;
  private latest: { t: number; v: Value } | undefined;

  constructor(private readonly fn: string) {}

  add(v: Value | undefined, time: number | undefined): void {
    if (this.fn === 'count#rows') {
      this.n++;
      return;
    }
    if (v === undefined) return;
    if (this.first === undefined) this.first = v;
    this.last = v;
    if (time !== undefined) {
      if (!this.earliest || time < this.earliest.t) this.earliest = { t: time, v };
      if (!this.latest || time > this.latest.t) this.latest = { t: time, v };
    }
    for (const x of Array.isArray(v) ? v : [v]) {
      this.n++;
      const text = textOf(x);
      this.texts.add(text);
      if (this.list.length < 100) this.list.push(text);
      this.modes.set(text, (this.modes.get(text) ?? 0) + 1);
      if (this.textMin === undefined || text < this.textMin) this.textMin = text;
      if (this.textMax === undefined || text > this.textMax) this.textMax = text;
      if (isNumeric(text)) {
        const num = Number(text);
        this.numMin = Math.min(this.numMin, num);
        this.numMax = Math.max(this.numMax, num);
        this.sum += num;
        this.sumsq += num * num;
        this.nums++;
      } else this.allNumeric = false;
    }
  }

  result(): Value | undefined {
    const variance = (sample: boolean): number | undefined => {
      const d = sample ? this.nums - 1 : this.nums;
      if (d <= 0) return this.nums === 1 && !sample ? 0 : undefined;
      const mean = this.sum / this.nums;
      return Math.max(0, (this.sumsq - this.nums * mean * mean) / d);
    };
    switch (this.fn) {
      case 'count#rows':
      case 'count':
      case 'c':
        return this.n;
      case 'dc':
      case 'distinct_count':
      case 'estdc':
        return this.texts.size;
      case 'values':
        return this.texts.size ? [...this.texts].sort(compareStrings) : undefined;
      case 'list':
        return this.list.length ? [...this.list] : undefined;
      case 'min':
        return this.n === 0 ? undefined : this.allNumeric ? this.numMin : this.textMin;
      case 'max':
        return this.n === 0 ? undefined : this.allNumeric ? this.numMax : this.textMax;
      case 'range':
        return this.nums ? this.numMax - this.numMin : undefined;
      case 'sum':
        return this.nums ? this.sum : undefined;
      case 'sumsq':
        return this.nums ? this.sumsq : undefined;
      case 'avg':
      case 'mean':
        return this.nums ? this.sum / this.nums : undefined;
      case 'stdev':
      case 'stdevp': {
        const v = variance(this.fn === 'stdev');
        return v === undefined ? undefined : Math.sqrt(v);
      }
      case 'var':
      case 'varp':
        return variance(this.fn === 'var');
      case 'mode': {
        let best: string | undefined;
        let count = 0;
        for (const [k, c] of this.modes) if (c > count) [best, count] = [k, c];
        return best;
      }
      case 'first':
        return this.first;
      case 'last':
        return this.last;
      case 'earliest':
        return this.earliest?.v;
      case 'latest':
        return this.latest?.v;
      default:
        return undefined;
    }
  }
}

interface StatsColumn {
  readonly fn: string;
  readonly field: string | undefined;
  readonly as: string;
}

/** Wildcard aggregations expanded over the fields present in the rows (first-appearance order), BY and `_` fields left out. */
function statsColumns(op: StatsOp, rows: readonly Row[]): StatsColumn[] {
  const out: StatsColumn[] = [];
  let present: string[] | undefined;
  for (const a of op.aggs) {
    const fn = a.fn === 'count' && a.field === undefined ? 'count#rows' : a.fn;
    if (a.field === undefined || !a.field.includes('*')) {
      out.push({ fn, field: a.field, as: a.as });
      continue;
    }
    present ??= [...new Set(rows.flatMap((r) => Object.keys(r)))];
    for (const name of present) {
      if (op.by.includes(name) || (name.startsWith('_') && !a.field.startsWith('_'))) continue;
      const caps = matchPattern(a.field, name);
      if (caps) out.push({ fn, field: name, as: a.as.includes('*') ? substitute(a.as, caps) : a.as });
    }
  }
  return out;
}

function byTuples(r: Row, by: readonly string[], split: boolean): Scalar[][] {
  let tuples: Scalar[][] = [[]];
  for (const f of by) {
    const v = r[f];
    if (v === undefined) return [];
    const vals: Scalar[] = split ? (Array.isArray(v) ? v : [v]) : [(Array.isArray(v) ? v : [v]).map(textOf).join('\n')];
    tuples = tuples.flatMap((t) => vals.map((x) => [...t, x]));
  }
  return tuples;
}

function rowTime(r: Row): number | undefined {
  const t = r['_time'];
  return typeof t === 'number' ? t : undefined;
}

function rowStats(op: StatsOp, rows: readonly Row[]): Row[] {
  const cols = statsColumns(op, rows);
  const groups = new Map<string, { by: Scalar[]; accs: Acc[] }>();
  for (const r of rows) {
    const vals = cols.map((c) => (c.field === undefined ? undefined : r[c.field]));
    for (const t of byTuples(r, op.by, true)) {
      const k = JSON.stringify(t.map(textOf));
      let g = groups.get(k);
      if (!g) {
        g = { by: t, accs: cols.map((c) => new Acc(c.fn)) };
        groups.set(k, g);
      }
      for (let i = 0; i < cols.length; i++) g.accs[i]!.add(vals[i], rowTime(r));
    }
  }
  if (op.by.length === 0 && groups.size === 0) groups.set('[]', { by: [], accs: cols.map((c) => new Acc(c.fn)) });
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.by.length; i++) {
      const d = compareScalars(a.by[i]!, b.by[i]!);
      if (d) return d;
    }
    return 0;
  });
  const out: Row[] = [];
  for (const g of sorted) {
    const row: Row = {};
    op.by.forEach((f, i) => (row[f] = g.by[i]!));
    cols.forEach((c, i) => {
      const v = g.accs[i]!.result();
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) row[c.as] = v;
    });
    if (Object.keys(row).length) out.push(row);
  }
  return out;
}

function rowEventstats(op: StatsOp, rows: readonly Row[]): Row[] {
  const cols = statsColumns(op, rows);
  const groups = new Map<string, Acc[]>();
  const keys = rows.map((r) => {
    const t = byTuples(r, op.by, false)[0];
    if (!t) return undefined;
    const k = JSON.stringify(t.map(textOf));
    let accs = groups.get(k);
    if (!accs) {
      accs = cols.map((c) => new Acc(c.fn));
      groups.set(k, accs);
    }
    const a = accs;
    cols.forEach((c, i) => a[i]!.add(c.field === undefined ? undefined : r[c.field], rowTime(r)));
    return k;
  });
  return rows.map((r, i) => {
    const k = keys[i];
    if (k === undefined) return r;
    const res = groups.get(k)!.map((a) => a.result());
    const row = { ...r };
    cols.forEach((c, j) => {
      const v = res[j];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) delete row[c.as];
      else row[c.as] = v;
    });
    return row;
  });
}

// ───────────────────────────── predicates on rows ─────────────────────────────

function valuesOf(r: Row, field: string): Scalar[] {
  const v = r[field];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function patternRegExp(p: ValuePattern, ci: boolean): RegExp {
  const src = p.parts
    .map((x) => (x.kind === 'lit' ? (ci ? x.text.toLowerCase() : x.text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : x.kind === 'any' ? '[\\s\\S]*' : '[\\s\\S]'))
    .join('');
  return new RegExp(`^${src}$`, 'u');
}

function matches(p: ValuePattern, cs: boolean, v: Scalar): boolean {
  const s = String(v);
  return patternRegExp(p, !cs).test(cs ? s : s.toLowerCase());
}

function test(p: RowPredicate, r: Row): boolean {
  switch (p.kind) {
    case 'and':
      return p.items.every((x) => test(x, r));
    case 'or':
      return p.items.some((x) => test(x, r));
    case 'not':
      return !test(p.item, r);
    case 'const':
      return p.value;
    case 'exists':
      return valuesOf(r, p.field).length > 0;
    case 'compare': {
      const vs = valuesOf(r, p.field);
      if (p.op === 'eq') return vs.some((v) => matches(p.value, p.caseSensitive, v));
      if (p.op === 'neq') return vs.length > 0 && !vs.some((v) => matches(p.value, p.caseSensitive, v));
      // As the JS matcher: numeric when the literal is a number and the value is numeric, else text order
      // (lower-cased on both sides when case-insensitive).
      const text = p.value.parts.map((x) => (x.kind === 'lit' ? x.text : '')).join('');
      const lit = p.caseSensitive ? text : text.toLowerCase();
      return vs.some((v) => {
        let d: number;
        if (p.numeric && isNumeric(text) && isNumeric(textOf(v))) d = Number(textOf(v)) - Number(text);
        else {
          const t = p.caseSensitive ? textOf(v) : textOf(v).toLowerCase();
          d = t < lit ? -1 : t > lit ? 1 : 0;
        }
        return p.op === 'lt' ? d < 0 : p.op === 'le' ? d <= 0 : p.op === 'gt' ? d > 0 : d >= 0;
      });
    }
    case 'in': {
      const vs = valuesOf(r, p.field);
      return vs.some((v) => p.values.some((pat) => matches(pat, p.caseSensitive, v)));
    }
    case 'regex': {
      const re = new RegExp(p.source, p.flags.replace(/[gy]/g, ''));
      return valuesOf(r, p.field).some((v) => re.test(String(v)));
    }
    case 'cidr':
      return valuesOf(r, p.field).some((v) => inCidr(String(v), p.cidr));
  }
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/');
  const a = ipv4(ip);
  const n = ipv4(net ?? '');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (a === undefined || n === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

// ───────────────────────────── ordering ─────────────────────────────

function first(v: Value | undefined): Scalar | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The JS matcher's total order: numbers (numerically) before non-numbers (by UTF-16 code units of their text). */
export function compareScalars(a: Scalar, b: Scalar): number {
  const na = isNumeric(textOf(a));
  const nb = isNumeric(textOf(b));
  if (na && nb) {
    const x = Number(textOf(a));
    const y = Number(textOf(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na) return -1;
  if (nb) return 1;
  return compareStrings(textOf(a), textOf(b));
}

/** The text of a scalar as SPL compares it (`-0` is `0`). */
function textOf(s: Scalar): string {
  return typeof s === 'number' ? (Object.is(s, -0) ? '0' : String(s)) : String(s);
}

function compareByKeys(keys: readonly SortKey[], a: Row, b: Row): number {
  for (const k of keys) {
    const x = first(a[k.field]);
    const y = first(b[k.field]);
    if (x === undefined || y === undefined) {
      if (x === y) continue;
      return x === undefined ? 1 : -1; // missing values last, either direction
    }
    let d: number;
    if (k.mode === 'str') d = compareStrings(String(x), String(y));
    else if (k.mode === 'num') d = (isNumeric(String(x)) ? Number(x) : NaN) - (isNumeric(String(y)) ? Number(y) : NaN) || 0;
    else d = compareScalars(x, y);
    if (d) return k.descending ? -d : d;
  }
  return 0;
}

// ───────────────────────────── eval on rows ─────────────────────────────

function scalar(v: Value | null): Scalar | null {
  return v === null ? null : Array.isArray(v) ? (v[0] ?? null) : v;
}

function evalExpr(e: RowExpr, r: Row): Value | null {
  switch (e.kind) {
    case 'field':
      return r[e.name] ?? null;
    case 'string':
      return e.value;
    case 'number':
      return e.value;
    case 'null':
      return null;
    case 'binary': {
      const a = scalar(evalExpr(e.left, r));
      const b = scalar(evalExpr(e.right, r));
      if (a === null || b === null) return null;
      const num = isNumeric(String(a)) && isNumeric(String(b));
      switch (e.op) {
        case 'concat':
          return String(a) + String(b);
        case 'add':
          return num ? Number(a) + Number(b) : String(a) + String(b);
        case 'sub':
          return num ? Number(a) - Number(b) : null;
        case 'mul':
          return num ? Number(a) * Number(b) : null;
        case 'div':
          return num && Number(b) !== 0 ? Number(a) / Number(b) : null;
        case 'mod':
          return num && Number(b) !== 0 ? Number(a) % Number(b) : null;
      }
      return null;
    }
    case 'call': {
      const args = e.args.map((x) => evalExpr(x, r));
      const a0 = args[0] ?? null;
      const s0 = scalar(a0);
      switch (e.fn) {
        case 'lower':
          return s0 === null ? null : String(s0).toLowerCase();
        case 'upper':
          return s0 === null ? null : String(s0).toUpperCase();
        case 'len':
          return s0 === null ? null : String(s0).length;
        case 'coalesce':
          return args.find((x) => x !== null) ?? null;
        case 'tostring':
          return s0 === null ? null : String(s0);
        case 'tonumber':
          return s0 !== null && isNumeric(String(s0)) ? Number(s0) : null;
        case 'round': {
          if (s0 === null || !isNumeric(String(s0))) return null;
          const digits = Number(scalar(args[1] ?? 0) ?? 0);
          const f = 10 ** digits;
          return Math.round(Number(s0) * f) / f;
        }
        case 'abs':
          return s0 !== null && isNumeric(String(s0)) ? Math.abs(Number(s0)) : null;
        case 'mvcount':
          return a0 === null ? null : Array.isArray(a0) ? a0.length : 1;
        case 'mvjoin': {
          const d = scalar(args[1] ?? null);
          return a0 === null || d === null ? null : (Array.isArray(a0) ? a0 : [a0]).map(String).join(String(d));
        }
        case 'strftime': {
          const f = scalar(args[1] ?? null);
          return s0 === null || f === null || !isNumeric(String(s0)) ? null : strftime(Number(s0), String(f));
        }
      }
      return null;
    }
  }
}

// ───────────────────────────── time formatting ─────────────────────────────

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime in UTC (what `convert ctime()` and `strftime()` give under docs/semantics.md). */
export function strftime(epochSeconds: number, format: string): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const H = d.getUTCHours();
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const yday = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86400000) + 1;
  const frac = epochSeconds - Math.floor(epochSeconds);
  return format.replace(/%(\d?)([a-zA-Z%])/g, (all, width: string, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return p(d.getUTCFullYear() % 100);
      case 'm': return p(d.getUTCMonth() + 1);
      case 'd': return p(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2, ' ');
      case 'H': return p(H);
      case 'I': return p(H % 12 === 0 ? 12 : H % 12);
      case 'M': return p(d.getUTCMinutes());
      case 'S': return p(d.getUTCSeconds());
      case 'p': return H < 12 ? 'AM' : 'PM';
      case 'j': return p(yday, 3);
      case 'a': return DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'A': return DAYS[d.getUTCDay()]!;
      case 'b': case 'h': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getUTCMonth()]!;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 's': return String(Math.floor(epochSeconds));
      case 'T': return `${p(H)}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
      case 'F': return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
      case 'D': return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${p(d.getUTCFullYear() % 100)}`;
      case 'R': return `${p(H)}:${p(d.getUTCMinutes())}`;
      case 'N': case 'Q': {
        const w = width ? Number(width) : c === 'Q' ? 3 : 9;
        return frac.toFixed(w).slice(2, 2 + w);
      }
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return all;
    }
  });
}
