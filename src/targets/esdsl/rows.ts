/**
 * `responseToRows`: Elasticsearch search responses (every page: hits pages or composite pages) → the rows
 * `spl2x run` gives for the rule (docs/semantics.md "Runtime semantics").
 *
 * This file does the part only the esdsl target can: hits → rows (`_source` read as the JS matcher reads an event,
 * the SPL names the rule uses added, the time field as `_time`); composite buckets → rows (BY keys first, a date
 * key in epoch seconds, then each aggregation from its sub-aggregation: metrics, `terms` listings, `top_hits`),
 * ordered by the BY values. The plan's client-side stages then run with the JS matcher's runtime (`post.ts`); the
 * aggregations computed from a listing use the runtime's accumulator.
 */
import { toRow } from '../js/runtime/event.js';
import { Acc, LIST_LIMIT } from '../js/runtime/stats.js';
import { parseEventTime } from '../js/runtime/time.js';
import {
  compareScalars, getField, isNumeric, newRow, plainRow, setField, textOf, toNumber, valuesOf, type Row as RuntimeRow,
  type Scalar, type Value,
} from '../js/runtime/value.js';
import { runPost } from './post.js';
import type { AggsPlan, EsRequest, EsResponse, HitsPlan, OutColumn, Row } from './types.js';

/** Options of `responseToRows`, as `run(events, options)` takes them. */
export interface RowsOptions {
  /** "Now" for `now()`/`time()`, epoch seconds (default: the clock when the call starts). */
  readonly now?: number;
}

export function responseToRows(output: EsRequest, response: EsResponse | readonly EsResponse[], options: RowsOptions = {}): Row[] {
  const responses: readonly EsResponse[] = Array.isArray(response) ? response : [response as EsResponse];
  const plan = output.rows;
  const rows = plan.source.kind === 'hits' ? hitRows(plan.source, responses) : aggRows(plan.source, responses);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  return runPost(plan.post, rows, now).map((r) => plainRow(r) as Row);
}

/** An Elasticsearch date in `_source` or a metric: epoch milliseconds (a number or numeric text), or ISO-8601. */
function esTime(v: Value | undefined): number | undefined {
  if (v === undefined || Array.isArray(v) || typeof v === 'boolean') return undefined;
  return isNumeric(v) ? toNumber(v) / 1000 : parseEventTime(v);
}

// ───────────────────────────── hits ─────────────────────────────

/** A hit as the JS matcher makes an event a row, the plan's SPL names as aliases, `_time` from the time field. */
function hitRows(plan: HitsPlan, responses: readonly EsResponse[]): RuntimeRow[] {
  const aliases = Object.entries(plan.names).flatMap(([path, names]) => names.map((n) => [n, path] as const));
  const rows: RuntimeRow[] = [];
  for (const r of responses)
    for (const hit of r.hits?.hits ?? []) {
      const row = toRow(hit._source ?? {}, aliases);
      if (!row) continue;
      const secs = esTime(getField(row, plan.timeField));
      if (secs !== undefined) row['_time'] = secs;
      rows.push(row);
    }
  return rows;
}

// ───────────────────────────── aggregations ─────────────────────────────

interface Bucket {
  readonly key?: Record<string, unknown>;
  readonly doc_count?: number;
  readonly [agg: string]: unknown;
}

function aggRows(plan: AggsPlan, responses: readonly EsResponse[]): RuntimeRow[] {
  const buckets: Bucket[] = [];
  for (const r of responses) {
    const a = r.aggregations?.[plan.agg] as { buckets?: Bucket[] } | undefined;
    if (!a) continue;
    if (plan.by.length) buckets.push(...(a.buckets ?? []));
    else if (buckets.length === 0) buckets.push(a as Bucket);
  }
  if (!plan.by.length && buckets.length === 0) buckets.push({ doc_count: 0 });
  const rows: RuntimeRow[] = [];
  for (const b of buckets) {
    const row = newRow();
    let complete = true;
    for (const c of plan.by) {
      const k = b.key?.[c.name] ?? c.fill;
      if (typeof k === 'number') row[c.name] = c.time ? k / 1000 : k;
      else if (typeof k === 'string' || typeof k === 'boolean') row[c.name] = k;
      else complete = false;
    }
    if (!complete) continue;
    for (const c of plan.columns) setField(row, c.name, column(c, b));
    rows.push(row);
  }
  // SPL's row order: by the BY values, numbers (numerically) before text.
  const names = plan.by.map((c) => c.name);
  return rows.sort((x, y) => {
    for (const n of names) {
      const d = compareScalars(x[n] as Scalar, y[n] as Scalar);
      if (d) return d;
    }
    return 0;
  });
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

interface Listing {
  readonly buckets?: readonly { readonly key: unknown; readonly key_as_string?: string; readonly doc_count: number }[];
  readonly sum_other_doc_count?: number;
}

/**
 * values/dc/min/max/range/sum/avg from a `terms` listing of every distinct value with its event count. Each
 * distinct value goes once through the runtime's accumulator; sum/avg weigh each numeric value by its event count.
 */
function fromTerms(c: OutColumn, sub: Record<string, unknown> | undefined): Value | undefined {
  const t = sub as Listing | undefined;
  if ((t?.sum_other_doc_count ?? 0) > 0)
    throw new Error(`${c.fn}() for ${c.name}: more distinct values than the terms aggregation returned (raise its size)`);
  const entries = (t?.buckets ?? []).map((b) => ({
    value: c.time && typeof b.key === 'number' ? textOf(b.key / 1000) : (b.key_as_string ?? String(b.key)),
    count: b.doc_count,
  }));
  if (c.fn === 'sum' || c.fn === 'avg') {
    const nums = entries.filter((e) => isNumeric(e.value));
    if (!nums.length) return undefined;
    const sum = nums.reduce((s, e) => s + toNumber(e.value) * e.count, 0);
    return c.fn === 'sum' ? sum : sum / nums.reduce((n, e) => n + e.count, 0);
  }
  const acc = new Acc(c.fn);
  for (const e of entries) acc.add(e.value, undefined);
  return acc.result();
}

/**
 * list/first/last/earliest/latest from a filter(exists) + top_hits pair (events in the order the aggregation
 * sorted them). `list`: the values' text in event order, at most LIST_LIMIT; the others: the whole value of the one
 * event top_hits returns.
 */
function fromHits(c: OutColumn, sub: Record<string, unknown> | undefined): Value | undefined {
  const hits = (sub?.['top'] as { hits?: { hits?: { _source?: Record<string, unknown> }[] } } | undefined)?.hits?.hits ?? [];
  const values: Value[] = [];
  for (const h of hits) {
    const source = toRow(h._source ?? {});
    const v = source && getField(source, c.path ?? '');
    if (v === undefined) continue;
    const list = c.time ? valuesOf(v).map((x) => esTime(x)).filter((x): x is number => x !== undefined) : [...valuesOf(v)];
    if (list.length) values.push(Array.isArray(v) ? list : list[0]!);
  }
  if (!values.length) return undefined;
  if (c.fn === 'list') return values.flatMap((v) => valuesOf(v).map(textOf)).slice(0, LIST_LIMIT);
  return values[0];
}
