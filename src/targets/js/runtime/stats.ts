/**
 * `stats`, `eventstats`, `streamstats`, `tstats` (docs/semantics.md, "Stages"): one row per distinct BY tuple,
 * events missing a BY field dropped, a multivalue BY field one group per value, rows ordered by the BY values.
 */
import type { EV, EvalContext } from './evalfn.js';
import { rowTime } from './event.js';
import { readField } from './match.js';
import {
  compareScalars, compareText, copyRow, fillWildcards, getField, isNumeric, newRow, setField, textOf, toNumber,
  valuesOf, wildcardCaptures, type Row, type Scalar, type Value,
} from './value.js';

/** The aggregation functions the runtime implements (aliases included). */
export const STATS_FUNCTIONS: ReadonlySet<string> = new Set([
  'count', 'c', 'dc', 'distinct_count', 'estdc', 'values', 'list', 'min', 'max', 'range', 'sum', 'sumsq', 'avg',
  'mean', 'stdev', 'stdevp', 'var', 'varp', 'mode', 'first', 'last', 'earliest', 'latest', 'earliest_time', 'latest_time',
]);

/** `list()` keeps at most this many values. */
export const LIST_LIMIT = 100;

/** One aggregation as the generated code gives it. */
export interface AggSpec {
  readonly fn: string;
  /** Field or field pattern (`*`, `Processes.*`); absent for `count` and `fn(eval(…))`. */
  readonly field?: string;
  /** `fn(eval(expr))`: the expression, evaluated per row (`false` counts as no value). */
  readonly arg?: (r: Row, c: EvalContext) => EV;
  readonly as: string;
}

export interface StatsSpec {
  readonly variant: 'stats' | 'eventstats' | 'streamstats' | 'tstats';
  readonly aggs: readonly AggSpec[];
  readonly by: readonly string[];
  /** tstats `span=` in seconds: `_time` is binned before grouping. */
  readonly span?: number;
  /** tstats `fillnull_value`: a missing BY field takes this value instead of dropping the event. */
  readonly fillBy?: string;
  /** streamstats `current` (default true). */
  readonly current?: boolean;
  /** streamstats `window` (0 = all rows so far). */
  readonly window?: number;
  /** streamstats `global` (default true): the window counts rows of every group. */
  readonly global?: boolean;
}

/** Accumulates one aggregation over rows. */
export class Acc {
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

  /** Add one row's value of the field (undefined: the row lacks it; `count` counts rows anyway). */
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
    for (const s of valuesOf(v)) {
      this.n++;
      const text = textOf(s);
      this.texts.add(text);
      if (this.list.length < LIST_LIMIT) this.list.push(text);
      this.modes.set(text, (this.modes.get(text) ?? 0) + 1);
      if (this.textMin === undefined || text < this.textMin) this.textMin = text;
      if (this.textMax === undefined || text > this.textMax) this.textMax = text;
      if (isNumeric(s)) {
        const x = toNumber(s);
        if (x < this.numMin) this.numMin = x;
        if (x > this.numMax) this.numMax = x;
        this.sum += x;
        this.sumsq += x * x;
        this.nums++;
      } else this.allNumeric = false;
    }
  }

  /** The result, or undefined when there is none (the row then omits the field). */
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
        return this.texts.size ? [...this.texts].sort(compareText) : undefined;
      case 'list':
        return this.list.length ? [...this.list] : undefined;
      case 'min':
        if (this.n === 0) return undefined;
        return this.allNumeric ? this.numMin : this.textMin;
      case 'max':
        if (this.n === 0) return undefined;
        return this.allNumeric ? this.numMax : this.textMax;
      case 'range':
        return this.nums ? this.numMax - this.numMin : undefined;
      case 'sum':
        return this.nums ? this.sum : undefined;
      case 'sumsq':
        return this.nums ? this.sumsq : undefined;
      case 'avg':
      case 'mean':
        return this.nums ? this.sum / this.nums : undefined;
      case 'stdev': {
        const v = variance(true);
        return v === undefined ? undefined : Math.sqrt(v);
      }
      case 'stdevp': {
        const v = variance(false);
        return v === undefined ? undefined : Math.sqrt(v);
      }
      case 'var':
        return variance(true);
      case 'varp':
        return variance(false);
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
      case 'earliest_time':
        return this.earliest?.t;
      case 'latest_time':
        return this.latest?.t;
      default:
        return undefined;
    }
  }
}

/** One concrete aggregation: where its input comes from and its output name. */
interface Column {
  readonly fn: string;
  readonly read: (r: Row, c: EvalContext) => Value | undefined;
  readonly as: string;
}

function evalInput(v: EV): Value | undefined {
  if (v === null || v === false) return undefined;
  return v;
}

/**
 * Expand wildcard aggregations (`values(*) as *`) over the fields present in the rows (first-appearance order),
 * leaving out BY fields and fields starting with `_` (unless the pattern itself starts with `_`).
 */
function columns(spec: StatsSpec, rows: readonly Row[]): Column[] {
  const out: Column[] = [];
  let present: string[] | undefined;
  for (const a of spec.aggs) {
    const fn = a.fn === 'count' && a.field === undefined && !a.arg ? 'count#rows' : a.fn;
    if (a.arg) {
      const arg = a.arg;
      out.push({ fn, read: (r, c) => evalInput(arg(r, c)), as: a.as });
      continue;
    }
    const field = a.field;
    if (field === undefined || !field.includes('*')) {
      out.push({ fn, read: field === undefined ? () => undefined : (r) => readField(r, field), as: a.as });
      continue;
    }
    if (!present) {
      const seen = new Set<string>();
      for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
      present = [...seen];
    }
    for (const name of present) {
      if (spec.by.includes(name) || (name.startsWith('_') && !field.startsWith('_'))) continue;
      const caps = wildcardCaptures(field, name);
      if (!caps) continue;
      out.push({ fn, read: (r) => getField(r, name), as: a.as.includes('*') ? fillWildcards(a.as, caps) : a.as });
    }
  }
  return out;
}

function binTime(r: Row, span: number | undefined): Row {
  if (span === undefined) return r;
  const t = rowTime(r);
  if (t === undefined) return r;
  const out = copyRow(r);
  out['_time'] = Math.floor(t / span) * span;
  return out;
}

/** The BY tuples of a row: one per combination of values (none when a BY field is missing). */
function byTuples(r: Row, by: readonly string[], fill: string | undefined, splitMultivalue: boolean): Scalar[][] {
  let tuples: Scalar[][] = [[]];
  for (const f of by) {
    const v = readField(r, f);
    const vals: readonly Scalar[] = v === undefined ? (fill === undefined ? [] : [fill]) : splitMultivalue ? valuesOf(v) : [valuesOf(v).map(textOf).join('\n')];
    if (vals.length === 0) return [];
    const next: Scalar[][] = [];
    for (const t of tuples) for (const x of vals) next.push([...t, x]);
    tuples = next;
  }
  return tuples;
}

function keyOf(t: readonly Scalar[]): string {
  return JSON.stringify(t.map(textOf));
}

interface Group {
  readonly by: Scalar[];
  readonly accs: Acc[];
}

/** `stats` / `tstats`: one row per BY tuple, ordered by the BY values. */
export function runStats(spec: StatsSpec, input: readonly Row[], c: EvalContext): Row[] {
  const rows = spec.span === undefined ? input : input.map((r) => binTime(r, spec.span));
  const cols = columns(spec, rows);
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const time = rowTime(r);
    const vals = cols.map((col) => col.read(r, c));
    for (const t of byTuples(r, spec.by, spec.fillBy, true)) {
      const k = keyOf(t);
      let g = groups.get(k);
      if (!g) {
        g = { by: t, accs: cols.map((col) => new Acc(col.fn)) };
        groups.set(k, g);
      }
      for (let i = 0; i < cols.length; i++) g.accs[i]!.add(vals[i], time);
    }
  }
  if (spec.by.length === 0 && groups.size === 0) groups.set('[]', { by: [], accs: cols.map((col) => new Acc(col.fn)) });
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.by.length; i++) {
      const d = compareScalars(a.by[i]!, b.by[i]!);
      if (d) return d;
    }
    return 0;
  });
  const out: Row[] = [];
  for (const g of sorted) {
    const row = newRow();
    spec.by.forEach((f, i) => setField(row, f, g.by[i]));
    cols.forEach((col, i) => setField(row, col.as, g.accs[i]!.result()));
    if (Object.keys(row).length) out.push(row);
  }
  return out;
}

/** `eventstats`: every row gets its group's aggregations (rows missing a BY field are unchanged). */
export function runEventstats(spec: StatsSpec, rows: readonly Row[], c: EvalContext): Row[] {
  const cols = columns(spec, rows);
  const groups = new Map<string, Acc[]>();
  const keys: (string | undefined)[] = [];
  for (const r of rows) {
    const t = byTuples(r, spec.by, undefined, false)[0];
    const k = t ? keyOf(t) : undefined;
    keys.push(k);
    if (k === undefined) continue;
    let accs = groups.get(k);
    if (!accs) {
      accs = cols.map((col) => new Acc(col.fn));
      groups.set(k, accs);
    }
    const time = rowTime(r);
    const a = accs;
    cols.forEach((col, i) => a[i]!.add(col.read(r, c), time));
  }
  const results = new Map<string, (Value | undefined)[]>();
  for (const [k, accs] of groups) results.set(k, accs.map((a) => a.result()));
  return rows.map((r, i) => {
    const k = keys[i];
    if (k === undefined) return r;
    const res = results.get(k)!;
    const out = copyRow(r);
    cols.forEach((col, j) => setField(out, col.as, res[j]));
    return out;
  });
}

/** `streamstats`: running aggregations in row order (`current`, `window`, `global`). */
export function runStreamstats(spec: StatsSpec, rows: readonly Row[], c: EvalContext): Row[] {
  const cols = columns(spec, rows);
  const current = spec.current ?? true;
  const windowSize = spec.window ?? 0;
  const global = spec.global ?? true;
  const running = new Map<string, Acc[]>();
  const seen: { key: string; vals: (Value | undefined)[]; time: number | undefined }[] = [];
  const perGroup = new Map<string, { vals: (Value | undefined)[]; time: number | undefined }[]>();
  return rows.map((r) => {
    const t = byTuples(r, spec.by, undefined, false)[0];
    if (!t) return r;
    const key = keyOf(t);
    const vals = cols.map((col) => col.read(r, c));
    const time = rowTime(r);
    let results: (Value | undefined)[];
    if (windowSize <= 0) {
      let accs = running.get(key);
      if (!accs) {
        accs = cols.map((col) => new Acc(col.fn));
        running.set(key, accs);
      }
      const a = accs;
      if (current) cols.forEach((_, i) => a[i]!.add(vals[i], time));
      results = a.map((x) => x.result());
      if (!current) cols.forEach((_, i) => a[i]!.add(vals[i], time));
    } else {
      const entry = { key, vals, time };
      let pool: { vals: (Value | undefined)[]; time: number | undefined }[];
      if (global) {
        if (current) {
          seen.push(entry);
          if (seen.length > windowSize) seen.shift();
          pool = seen.filter((e) => e.key === key);
        } else {
          pool = seen.filter((e) => e.key === key);
          seen.push(entry);
          if (seen.length > windowSize) seen.shift();
        }
      } else {
        let list = perGroup.get(key);
        if (!list) {
          list = [];
          perGroup.set(key, list);
        }
        if (current) {
          list.push(entry);
          if (list.length > windowSize) list.shift();
          pool = [...list];
        } else {
          pool = [...list];
          list.push(entry);
          if (list.length > windowSize) list.shift();
        }
      }
      const accs = cols.map((col) => new Acc(col.fn));
      for (const e of pool) cols.forEach((_, i) => accs[i]!.add(e.vals[i], e.time));
      results = accs.map((x) => x.result());
    }
    const out = copyRow(r);
    cols.forEach((col, i) => setField(out, col.as, results[i]));
    return out;
  });
}
