/**
 * The stages after the filter → the rest of the search request (aggregations, `_source`, runtime fields, sort,
 * size) and the row plan `responseToRows` follows.
 *
 * - Before an aggregation (the *events* phase) the target tracks what each field name stands for: an event
 *   field, an `eval` result (a copy = the source field under the new name; a simple string expression = a
 *   runtime field), a renamed field, a field dropped by `table`/`fields`, or a field written by a stage it does not
 *   express (`rex`, `lookup`, …).
 * - `stats`/`tstats` (with a preceding `bin` on `_time`) → one `composite` aggregation (BY fields as sources, in
 *   order; `missing_bucket: false` drops events without a BY value as SPL does) with one sub-aggregation per
 *   function; without BY fields a `filter` aggregation on `match_all` (one row).
 * - Every later stage (the *rows* phase: `where`, `sort`, `head`, `dedup`, `table`, `rename`, `eval`, `convert`,
 *   `fillnull`, `bin`, `stats`/`eventstats`) runs client-side in `responseToRows` on the complete result (all
 *   composite pages), by the JS matcher's runtime (post.ts): exact. The same stages in the events phase of a rule
 *   without aggregation run client-side on the hits.
 */
import { printExpr } from '../../ir/print-expr.js';
import { exprFields, predicateFields } from '../../ir/lower/predicates.js';
import type { Aggregation, Origin, Query, Stage, TimeSpan } from '../../ir/types.js';
import { truthy } from '../js/generate.js';
import { translateRegex } from '../js/regex.js';
import { STATS_FUNCTIONS } from '../js/runtime/stats.js';
import { fillWildcards, wildcardCaptures } from '../js/runtime/value.js';
import { rowExpr, rowPredicate } from './client.js';
import type { EsContext } from './context.js';
import { isNumericType, type EsFieldType } from './field-types.js';
import { compileEval, type EvalSource } from './painless.js';
import type { AggsPlan, ByColumn, EsAgg, EsRuntimeField, EsSearchBody, HitsPlan, OutColumn, RowOp, RowPlan } from './types.js';

/** Composite page size (buckets per response); `responseToRows` takes every page. */
export const COMPOSITE_PAGE = 1000;
/** `terms` size for values()/dc()/…: more distinct values than this in one group make `responseToRows` throw. */
export const TERMS_SIZE = 10000;
/** Hits per request without aggregation (index.max_result_window); more need search_after paging. */
export const MAX_HITS = 10000;
/** SPL's list() keeps 100 values (top_hits' default max is 100 too). */
export const LIST_SIZE = 100;
/** Runtime fields are named `spl2x.<SPL name>` so they never shadow a mapped field. */
export const RUNTIME_PREFIX = 'spl2x.';

type Src =
  | { readonly kind: 'event'; readonly spl: string }
  | { readonly kind: 'eval'; readonly spl: string; readonly ev: EvalSource; readonly origin: Origin }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown'; readonly why: string };

type Layer =
  | { readonly kind: 'assign'; readonly field: string; readonly src: Src }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  | { readonly kind: 'keep'; readonly fields: readonly string[]; readonly table: boolean }
  | { readonly kind: 'remove'; readonly fields: readonly string[] }
  | { readonly kind: 'unknown'; readonly fields: readonly string[] | '*'; readonly why: string };

class Env {
  private readonly layers: Layer[] = [];
  /** The fields known to exist at this point, in order (undefined = not known). */
  known: string[] | undefined;
  /** Wildcard patterns of the last table/fields whose matching fields cannot be listed. */
  knownPatterns: string[] = [];

  push(l: Layer): void {
    this.layers.push(l);
  }

  resolve(name: string): Src {
    let n = name;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i]!;
      switch (l.kind) {
        case 'assign':
          if (l.field === n) return l.src;
          break;
        case 'rename': {
          const m = wildcardCaptures(l.to, n);
          if (m) n = fillWildcards(l.from, m);
          else if (wildcardCaptures(l.from, n)) return { kind: 'missing' };
          break;
        }
        case 'keep':
          if (!l.fields.some((f) => wildcardCaptures(f, n)) && (l.table || !n.startsWith('_'))) return { kind: 'missing' };
          break;
        case 'remove':
          if (l.fields.some((f) => wildcardCaptures(f, n))) return { kind: 'missing' };
          break;
        case 'unknown':
          if (l.fields === '*' || l.fields.includes(n)) return { kind: 'unknown', why: l.why };
          break;
      }
    }
    return { kind: 'event', spl: n };
  }
}

export interface PipelineOut {
  readonly body: Omit<EsSearchBody, 'query'>;
  readonly plan: RowPlan;
}

const ORDER_FNS = new Set(['list', 'first', 'last', 'earliest', 'latest']);
const ALIASES: Record<string, string> = { c: 'count', distinct_count: 'dc', mean: 'avg' };

export function translateStages(q: Query, ctx: EsContext): PipelineOut {
  return new Pipeline(q, ctx).run();
}

class Pipeline {
  private readonly env = new Env();
  private readonly post: RowOp[] = [];
  private readonly runtime: Record<string, EsRuntimeField> = {};
  private readonly bins = new Map<string, { span?: TimeSpan; stage: Extract<Stage, { kind: 'bin' }> }>();
  private phase: 'events' | 'rows' = 'events';
  /** Events-phase stages done client-side (they change which events an aggregation would see). */
  private readonly clientEventOps: { stage: Stage; orderOnly: boolean }[] = [];
  private aggs: { name: string; agg: EsAgg; plan: AggsPlan } | undefined;
  /** Events-phase stages not evaluable on hits: reported only when no aggregation follows. */
  private deferred: { message: string; origin: Origin }[] = [];
  /** Stages done client-side on hits (info notes given when no aggregation follows). */
  private clientHits: Stage[] = [];

  constructor(
    private readonly q: Query,
    private readonly ctx: EsContext,
  ) {}

  run(): PipelineOut {
    this.q.stages.forEach((s, i) => {
      const before = this.post.length;
      this.stage(s);
      // Row operations that change rows are noted (renames and field lists only reshape them).
      if (this.post.length <= before || s.kind === 'fields' || s.kind === 'rename') return;
      if (this.phase === 'events') this.clientHits.push(s);
      else if (i > this.statsIndex) this.clientNote(s, 'the complete aggregation result');
    });
    return this.aggs ? this.aggsOut(this.aggs) : this.hitsOut();
  }

  private get v() {
    return this.ctx.verdict;
  }

  private statsIndex = -1;

  private clientNote(s: Stage, what: string): void {
    this.v.note('info', `${s.kind === 'stats' ? (s as { variant: string }).variant : s.kind} runs client-side in responseToRows, on ${what}`, s.origin);
  }

  private partial(message: string, origin: Origin): void {
    this.v.degrade('partial', message, origin);
  }

  // ───────────── stages ─────────────

  private stage(s: Stage): void {
    if (this.phase === 'rows') return this.rowStage(s);
    switch (s.kind) {
      case 'eval': {
        for (const a of s.assignments) {
          const ev = compileEval(a.expr, (name) => this.lookupForScript(name));
          const src: Src = { kind: 'eval', spl: a.field, ev, origin: s.origin };
          this.env.push({ kind: 'assign', field: a.field, src });
          if (this.env.known && !this.env.known.includes(a.field)) this.env.known.push(a.field);
        }
        // Without a later aggregation the eval runs on the hits, client-side.
        const op = this.clientOp(s, (message, origin) => this.deferred.push({ message, origin }));
        if (op) this.post.push(op);
        return;
      }
      case 'rename':
        // A wildcard rename over fields the request cannot enumerate: the renamed fields are neither asked for in
        // `_source` nor mapped back to SPL names, so rows may lack them.
        if (!this.env.known && s.pairs.some((p) => p.from.includes('*')))
          this.partial('rename with a wildcard over fields the request cannot enumerate: the result rows may lack the renamed fields', s.origin);
        for (const p of s.pairs) {
          this.env.push({ kind: 'rename', from: p.from, to: p.to });
          if (this.env.known) this.env.known = renameList(this.env.known, p.from, p.to);
        }
        this.post.push({ op: 'rename', pairs: s.pairs });
        return;
      case 'fields':
        this.fieldsStage(s);
        return;
      case 'bin':
        if (s.as !== s.field) this.env.push({ kind: 'assign', field: s.as, src: this.env.resolve(s.field) });
        this.bins.set(s.as, { ...(s.span ? { span: s.span } : {}), stage: s });
        if (s.span?.seconds !== undefined) this.post.push({ op: 'bin', field: s.field, as: s.as, seconds: s.span.seconds });
        else this.deferred.push({ message: 'bin without a fixed span is not applied to the result rows', origin: s.origin });
        return;
      case 'stats':
        if (s.variant === 'eventstats' || s.variant === 'streamstats') {
          // Adds fields to the events (client-side on hits); an aggregation that reads them is partial.
          this.env.push({ kind: 'unknown', fields: s.aggregations.some((a) => a.as.includes('*')) ? '*' : s.aggregations.map((a) => a.as), why: `computed by ${s.variant}` });
          if (s.variant === 'streamstats') {
            this.deferred.push({ message: 'streamstats is not computed on the result rows', origin: s.origin });
            return;
          }
          this.rowStage(s);
          return;
        }
        this.statsStage(s);
        return;
      case 'filter':
        if (s.predicate.kind === 'true') return;
        this.post.push({ op: 'filter', where: rowPredicate(s.predicate, this.ctx) });
        this.clientEventOps.push({ stage: s, orderOnly: false });
        return;
      case 'sort':
        this.post.push({ op: 'sort', keys: s.keys, ...(s.limit !== undefined ? { limit: s.limit } : {}) });
        this.clientEventOps.push({ stage: s, orderOnly: s.limit === undefined });
        return;
      case 'head':
        this.post.push({ op: 'head', count: s.count });
        this.clientEventOps.push({ stage: s, orderOnly: false });
        return;
      case 'dedup':
        this.post.push(dedupOp(s));
        this.clientEventOps.push({ stage: s, orderOnly: false });
        return;
      case 'convert':
      case 'fillnull': {
        const op = this.clientOp(s, (message, origin) => this.deferred.push({ message, origin }));
        if (op) this.post.push(op);
        this.clientEventOps.push({ stage: s, orderOnly: false });
        this.env.push({ kind: 'unknown', fields: s.kind === 'convert' ? s.conversions.map((c) => c.as) : s.fields.length ? s.fields : '*', why: `written by ${s.kind}` });
        return;
      }
      case 'makemv':
      case 'replace':
      case 'fromjson': {
        // Client-side on the hits (exact there); an aggregation after it cannot see its effect.
        const op = this.valueOp(s, (message, origin) => this.deferred.push({ message, origin }));
        if (!op) return this.unexpressed(s);
        this.post.push(op);
        this.clientEventOps.push({ stage: s, orderOnly: false });
        this.env.push({ kind: 'unknown', fields: writtenBy(s), why: `written by ${s.kind}` });
        return;
      }
      default:
        this.unexpressed(s);
    }
  }

  /** makemv / replace / fromjson as a client-side row operation (the JS runtime's), or undefined (noted) when not. */
  private valueOp(s: Extract<Stage, { kind: 'makemv' | 'replace' | 'fromjson' }>, fail: (message: string, origin: Origin) => void): RowOp | undefined {
    switch (s.kind) {
      case 'makemv': {
        if (s.setsv) fail('makemv setsv=true is not implemented: the field is left multivalue', s.origin);
        if (s.split.kind === 'delim') return { op: 'makemv', field: s.field, delim: s.split.delim, allowEmpty: s.allowEmpty };
        const t = translateRegex(s.split.pattern);
        if (!t.ok || !t.exact) return undefined;
        return { op: 'makemv', field: s.field, tokenizer: { source: t.source, flags: t.flags }, allowEmpty: s.allowEmpty };
      }
      case 'replace':
        if (s.fields.length === 0)
          fail('replace without IN: Splunk replaces only in fields the search did not generate; here every field not starting with _ is rewritten', s.origin);
        return { op: 'replace', pairs: s.pairs, fields: s.fields };
      case 'fromjson':
        return { op: 'fromjson', field: s.field, prefix: s.prefix };
    }
  }

  private fieldsStage(s: Extract<Stage, { kind: 'fields' }>): void {
    if (s.mode === 'remove') {
      this.env.push({ kind: 'remove', fields: s.fields });
      if (this.env.known) this.env.known = this.env.known.filter((f) => !s.fields.some((p) => wildcardCaptures(p, f)));
      this.post.push({ op: 'fields', mode: 'remove', fields: s.fields });
      return;
    }
    const fields = [...new Set(s.fields)];
    this.env.push({ kind: 'keep', fields, table: s.mode === 'table' });
    if (this.env.known) {
      this.env.known = this.env.known.filter((f) => fields.some((p) => wildcardCaptures(p, f)));
      this.env.knownPatterns = this.env.knownPatterns.filter((p) => fields.includes(p));
    } else {
      this.env.known = fields.filter((f) => !f.includes('*'));
      this.env.knownPatterns = fields.filter((f) => f.includes('*'));
    }
    this.post.push({ op: 'fields', mode: s.mode, fields });
  }

  private unexpressed(s: Stage): void {
    const what = s.kind === 'opaque' ? `${s.command} (${s.reason})` : s.kind;
    const effect = this.phase === 'rows' ? 'its effect on the rows is missing' : 'later stages see the events without it';
    if (s.kind === 'iplocation')
      this.partial(
        `iplocation ${s.field} is not expressed: Elasticsearch has no GeoIP lookup at search time (an ingest pipeline's geoip processor can add location fields when indexing); ${s.outputs.join(', ')} are missing`,
        s.origin,
      );
    else this.partial(`${what} is not expressed: Elasticsearch search has no equivalent; ${effect}`, s.origin);
    const written = writtenBy(s);
    this.env.push({ kind: 'unknown', fields: written, why: `written by ${s.kind === 'opaque' ? s.command : s.kind}, which is not expressed` });
    if (this.env.known && written !== '*') for (const f of written) if (!this.env.known.includes(f)) this.env.known.push(f);
  }

  /** The row-phase (after the aggregation) stages: all client-side. */
  private rowStage(s: Stage): void {
    switch (s.kind) {
      case 'filter':
        if (s.predicate.kind !== 'true') this.post.push({ op: 'filter', where: rowPredicate(s.predicate, this.ctx) });
        return;
      case 'sort':
        this.post.push({ op: 'sort', keys: s.keys, ...(s.limit !== undefined ? { limit: s.limit } : {}) });
        return;
      case 'head':
        this.post.push({ op: 'head', count: s.count });
        return;
      case 'dedup':
        this.post.push(dedupOp(s));
        return;
      case 'fields':
        this.post.push({ op: 'fields', mode: s.mode, fields: [...new Set(s.fields)] });
        return;
      case 'rename':
        this.post.push({ op: 'rename', pairs: s.pairs });
        return;
      case 'bin':
        if (s.span?.seconds !== undefined) this.post.push({ op: 'bin', field: s.field, as: s.as, seconds: s.span.seconds });
        else this.partial(`bin without a fixed span is not applied to the result rows`, s.origin);
        return;
      case 'eval':
      case 'convert':
      case 'fillnull': {
        const op = this.clientOp(s, (message, origin) => this.partial(message, origin));
        if (op) this.post.push(op);
        return;
      }
      case 'makemv':
      case 'replace':
      case 'fromjson': {
        const op = this.valueOp(s, (message, origin) => this.partial(message, origin));
        if (op) this.post.push(op);
        else this.unexpressed(s);
        return;
      }
      case 'stats': {
        if (s.variant === 'streamstats' || s.variant === 'tstats') return this.unexpressed(s);
        const fail = this.phase === 'rows' ? (m: string, o: Origin) => this.partial(m, o) : (m: string, o: Origin) => this.deferred.push({ message: m, origin: o });
        const aggs: { fn: string; field?: string; as: string }[] = [];
        for (const a of s.aggregations) {
          if (a.evalArg || !STATS_FUNCTIONS.has(a.fn)) fail(`${a.fn}(${a.evalArg ? 'eval(…)' : (a.field ?? '')}) in ${s.variant} over the result rows is not computed`, s.origin);
          else aggs.push({ fn: a.fn, ...(a.field ? { field: a.field } : {}), as: a.as });
        }
        this.post.push({ op: 'stats', variant: s.variant, aggs, by: s.by });
        return;
      }
      default:
        this.unexpressed(s);
    }
  }

  /** eval / convert / fillnull as a client-side row operation, or undefined (noted) when not evaluable. */
  private clientOp(s: Extract<Stage, { kind: 'eval' | 'convert' | 'fillnull' }>, fail: (message: string, origin: Origin) => void): RowOp | undefined {
    switch (s.kind) {
      case 'eval': {
        const assignments: { field: string; expr: Exclude<ReturnType<typeof rowExpr>, { why: string }> }[] = [];
        for (const a of s.assignments) {
          const e = rowExpr(a.expr);
          if ('why' in e) {
            fail(`eval ${a.field}=${printExpr(a.expr)} is not evaluated on the result rows (${e.why})`, s.origin);
            continue;
          }
          assignments.push({ field: a.field, expr: e });
        }
        return assignments.length ? { op: 'eval', assignments } : undefined;
      }
      case 'convert':
        // Every conversion: the runtime implements SPL's convert functions (an unknown one keeps the value, as in spl2x run).
        return { op: 'convert', timeformat: s.timeformat, conversions: s.conversions };
      case 'fillnull':
        return { op: 'fillnull', value: s.value, fields: s.fields };
    }
  }

  // ───────────── field sources ─────────────

  /** How a script reads an SPL field at this point of the pipeline. */
  private lookupForScript(name: string): { esName: string } | { script: string } | { why: string } {
    const src = this.env.resolve(name);
    switch (src.kind) {
      case 'event': {
        const f = this.ctx.field(name === src.spl ? name : src.spl);
        if (!f) return { why: `${name} has no field in profile ${this.ctx.profile.name}` };
        if (f.type === 'date' || f.type === 'double') return { why: `${name} is a ${f.type} field in Elasticsearch (formatted differently)` };
        return { esName: f.name };
      }
      case 'eval':
        if (src.ev.kind === 'field') return { esName: src.ev.esName };
        if (src.ev.kind === 'script') return { script: src.ev.source };
        return { why: src.ev.why };
      case 'missing':
        return { why: `${name} was removed by an earlier stage` };
      case 'unknown':
        return { why: `${name} is ${src.why}` };
    }
  }

  /** An SPL field at this point as something Elasticsearch can read (a field or a runtime field), or why not. */
  private readable(name: string, origin: Origin): { es: string; type: EsFieldType; runtime?: boolean } | { missing: true } | { why: string } {
    const src = this.env.resolve(name);
    switch (src.kind) {
      case 'event': {
        const f = this.ctx.field(src.spl, origin);
        if (!f) return { why: `${name} (raw text) is not a field in profile ${this.ctx.profile.name}` };
        return { es: f.name, type: f.type };
      }
      case 'missing':
        return { missing: true };
      case 'unknown':
        return { why: `${name} is ${src.why}` };
      case 'eval': {
        if (src.ev.kind === 'field') {
          this.ctx.noteOnce(`alias:${src.spl}`, 'info', `eval ${src.spl} copies a field: read as ${src.ev.esName}`, src.origin);
          return { es: src.ev.esName, type: this.ctx.typeOf(src.ev.esName) };
        }
        if (src.ev.kind === 'unsupported') return { why: `eval ${src.spl}: ${src.ev.why}` };
        const rt = RUNTIME_PREFIX + src.spl;
        if (!this.runtime[rt]) {
          this.runtime[rt] = { type: 'keyword', script: { source: src.ev.source } };
          this.ctx.noteOnce(
            `rt:${rt}`,
            'info',
            `eval ${src.spl} is the runtime field ${rt} (Painless over doc values: exact for single-valued fields)`,
            src.origin,
          );
        }
        return { es: rt, type: 'keyword', runtime: true };
      }
    }
  }

  // ───────────── stats ─────────────

  private statsStage(s: Extract<Stage, { kind: 'stats' }>): void {
    const orderDependent = s.aggregations.some((a) => ORDER_FNS.has(ALIASES[a.fn] ?? a.fn));
    for (const op of this.clientEventOps)
      if (!op.orderOnly || orderDependent)
        this.partial(`${op.stage.kind} before ${s.variant} runs client-side, after the aggregation: the aggregation does not see its effect`, op.stage.origin);
    // Rows from here on; events-phase row operations (renames, fields) are consumed by the aggregation.
    this.post.length = 0;
    this.deferred = [];
    this.clientHits = [];
    this.statsIndex = this.q.stages.indexOf(s);
    this.phase = 'rows';

    const sources: Record<string, EsAgg>[] = [];
    const by: ByColumn[] = [];
    const fill = s.variant === 'tstats' ? s.options['fillnull_value'] : undefined;
    for (const name of s.by) {
      const src = this.byValue(name, s);
      if (!src) continue;
      const [kind, spec] = Object.entries(src.agg)[0]!;
      sources.push({ [name]: { [kind]: { ...(spec as object), missing_bucket: fill !== undefined } } });
      by.push({ name, time: src.time, ...(fill !== undefined ? { fill } : {}) });
    }

    const subAggs: Record<string, EsAgg> = {};
    const columns: OutColumn[] = [];
    const used = new Set<string>();
    const aggName = (as: string): string => {
      const ok = !/[[\]>]/.test(as) && !used.has(as) && as !== '';
      const n = ok ? as : `agg${used.size}`;
      used.add(n);
      return n;
    };
    for (const a of this.expandAggregations(s)) {
      const col = this.aggregation(a, s, aggName, subAggs);
      if (col) columns.push(col);
    }

    const name = 'stats';
    const inner = Object.keys(subAggs).length ? { aggs: subAggs } : {};
    const agg: EsAgg = sources.length
      ? { composite: { size: COMPOSITE_PAGE, sources }, ...inner }
      : { filter: { match_all: {} }, ...inner };
    this.aggs = { name, agg, plan: { kind: 'aggs', agg: name, by, columns } };
  }

  /** A composite source for a BY field: binned `_time` → date_histogram, else terms. */
  private byValue(name: string, s: Extract<Stage, { kind: 'stats' }>): { agg: EsAgg; time: boolean } | undefined {
    const bin = this.bins.get(name);
    const span = bin ? bin.span : s.variant === 'tstats' && name === '_time' ? s.span : undefined;
    const r = this.readable(name, s.origin);
    if ('missing' in r) {
      this.partial(`BY field ${name} was removed by an earlier stage: Splunk returns no rows`, s.origin);
      return undefined;
    }
    if ('why' in r) {
      this.partial(`BY field ${name} cannot be grouped on: ${r.why}`, s.origin);
      return undefined;
    }
    const time = r.type === 'date';
    if (bin || span) {
      const origin = bin?.stage.origin ?? s.origin;
      if (bin && Object.keys(bin.stage.options).some((k) => k !== 'span'))
        this.partial(`bin options ${Object.keys(bin.stage.options).filter((k) => k !== 'span').join(', ')} are not expressed`, origin);
      if (!span) {
        this.partial(`bin ${name} without span= (Splunk picks the bins): grouped on the unbinned value`, origin);
      } else if (time) {
        const interval = intervalOf(span);
        if (interval) return { agg: { date_histogram: { field: r.es, ...interval } }, time };
        this.partial(`bin span=${span.value}${span.unit} has no Elasticsearch interval: grouped on the unbinned time`, origin);
      } else if (isNumericType(r.type) && span.seconds === undefined) {
        return { agg: { histogram: { field: r.es, interval: span.value } }, time };
      } else this.partial(`bin on ${name} (${r.type}) is not expressed: grouped on the unbinned value`, origin);
    }
    return { agg: { terms: { field: r.es } }, time };
  }

  /** `values(*) as *` and friends: one aggregation per field the pipeline keeps (BY and `_` fields excepted). */
  private expandAggregations(s: Extract<Stage, { kind: 'stats' }>): Aggregation[] {
    const out: Aggregation[] = [];
    for (const a of s.aggregations) {
      if (!a.field?.includes('*')) {
        out.push(a);
        continue;
      }
      const known = this.env.known;
      if (!known) {
        this.partial(
          `${a.fn}(${a.field}) needs the list of fields: Elasticsearch aggregations name their fields (add a table/fields stage before ${s.variant}, or list them)`,
          s.origin,
        );
        continue;
      }
      for (const f of known) {
        if ((f.startsWith('_') && !a.field.startsWith('_')) || s.by.includes(f)) continue;
        const m = wildcardCaptures(a.field, f);
        if (!m) continue;
        out.push({ fn: a.fn, field: f, as: a.as.includes('*') ? fillWildcards(a.as, m) : a.as });
      }
      if (this.env.knownPatterns.length)
        this.partial(
          `${a.fn}(${a.field}) covers the listed fields only: the fields matching ${this.env.knownPatterns.join(', ')} cannot be listed for an aggregation`,
          s.origin,
        );
    }
    return out;
  }

  private aggregation(
    a: Aggregation,
    s: Extract<Stage, { kind: 'stats' }>,
    aggName: (as: string) => string,
    subAggs: Record<string, EsAgg>,
  ): OutColumn | undefined {
    const fn = ALIASES[a.fn] ?? a.fn;
    if (a.evalArg) {
      this.partial(`${a.fn}(eval(${printExpr(a.evalArg)})) is not expressed`, s.origin);
      return undefined;
    }
    if (fn === 'count' && !a.field) return { name: a.as, from: 'count', fn };
    if (!a.field) {
      this.partial(`${a.fn}() without a field is not expressed`, s.origin);
      return undefined;
    }
    const r = this.readable(a.field, s.origin);
    if ('missing' in r) return fn === 'count' || fn === 'dc' ? { name: a.as, from: 'zero', fn } : undefined;
    if ('why' in r) {
      this.partial(`${a.fn}(${a.field}) as ${a.as} is not expressed: ${r.why}`, s.origin);
      return undefined;
    }
    const time = r.type === 'date';
    const name = aggName(a.as);
    const numeric = isNumericType(r.type) || time;
    const terms = (): OutColumn => {
      subAggs[name] = { terms: { field: r.es, size: TERMS_SIZE, order: { _key: 'asc' } } };
      return { name: a.as, from: 'terms', fn, agg: name, ...(time ? { time } : {}) };
    };
    switch (fn) {
      case 'count':
        subAggs[name] = { value_count: { field: r.es } };
        return { name: a.as, from: 'value_count', fn, agg: name };
      case 'values':
      case 'dc':
        return terms();
      case 'estdc':
        subAggs[name] = { cardinality: { field: r.es } };
        this.v.note('info', `estdc(${a.field}) is the cardinality aggregation (approximate, as Splunk's estdc)`, s.origin);
        return { name: a.as, from: 'native', fn, agg: name };
      case 'min':
      case 'max':
      case 'sum':
      case 'avg':
      case 'range':
        if (numeric && !(time && (fn === 'sum' || fn === 'avg'))) {
          subAggs[name] = fn === 'range' ? { stats: { field: r.es } } : { [fn]: { field: r.es } };
          return { name: a.as, from: 'native', fn, agg: name, ...(time ? { time } : {}) };
        }
        if (fn === 'sum' || fn === 'avg')
          this.v.note('info', `${a.fn}(${a.field}) is computed client-side from the distinct values and their event counts (a value repeated within one event counts once)`, s.origin);
        return terms();
      case 'list':
      case 'first':
      case 'last':
      case 'earliest':
      case 'latest': {
        if (r.runtime) {
          this.partial(`${a.fn}(${a.field}) on a computed field is not expressed`, s.origin);
          return undefined;
        }
        const order = fn === 'list' || fn === 'first' || fn === 'latest' ? 'desc' : 'asc';
        subAggs[name] = {
          filter: { exists: { field: r.es } },
          aggs: {
            top: { top_hits: { size: fn === 'list' ? LIST_SIZE : 1, sort: [{ [this.ctx.timeField]: { order } }], _source: { includes: [r.es] } } },
          },
        };
        this.ctx.noteOnce(
          'top_hits',
          'info',
          `${a.fn}() reads events newest first through top_hits; events with the same time may come in another order than Splunk's`,
          s.origin,
        );
        return { name: a.as, from: 'hits', fn, agg: name, path: r.es, ...(time ? { time } : {}) };
      }
      default:
        this.partial(`${a.fn}(${a.field}) is not expressed`, s.origin);
        return undefined;
    }
  }

  // ───────────── output ─────────────

  private aggsOut(a: { name: string; agg: EsAgg; plan: AggsPlan }): PipelineOut {
    const runtime = Object.keys(this.runtime).length ? { runtime_mappings: this.runtime } : {};
    return {
      body: { size: 0, ...runtime, aggs: { [a.name]: a.agg } },
      plan: { source: a.plan, post: this.post },
    };
  }

  /**
   * Rows from hits: `_source` under the SPL names the rule uses, then every stage client-side. When the rows end
   * with a known field list (a `table`/`fields`), `_source` is limited to the fields the rule reads.
   */
  private hitsOut(): PipelineOut {
    for (const d of this.deferred) this.partial(d.message, d.origin);
    for (const s of this.clientHits) this.clientNote(s, 'every hit');
    const time = this.ctx.timeField;
    const names = this.namesMap();
    const limited = this.env.known !== undefined && !this.q.stages.some((s) => s.kind === 'fields' && s.mode !== 'remove' && s.fields.some((f) => f.includes('*')));
    const paths = [...new Set([time, ...Object.keys(names)])];
    const head = this.firstCountOp();
    const plan: HitsPlan = { kind: 'hits', names, timeField: time };
    return {
      body: {
        size: head !== undefined ? Math.min(head, MAX_HITS) : MAX_HITS,
        sort: [{ [time]: { order: 'desc' } }],
        ...(limited ? { _source: paths } : {}),
      },
      plan: { source: plan, post: this.post },
    };
  }

  /** The size limit a leading `head` gives (no filter, sort or dedup before it). */
  private firstCountOp(): number | undefined {
    for (const op of this.post) {
      if (op.op === 'head') return op.count;
      if (op.op === 'filter' || op.op === 'sort' || op.op === 'dedup') return undefined;
    }
    return undefined;
  }

  /** ES path → the SPL names the rule uses for it (for rows of whole `_source` documents). */
  private namesMap(): Record<string, string[]> {
    const names = new Set<string>();
    const add = (s: Set<string> | undefined) => s?.forEach((n) => names.add(n));
    add(predicateFields(this.q.filter));
    for (const s of this.q.stages) {
      switch (s.kind) {
        case 'filter':
          add(predicateFields(s.predicate));
          break;
        case 'eval':
          s.assignments.forEach((a) => add(exprFields(a.expr, new Set())));
          break;
        case 'sort':
          s.keys.forEach((k) => names.add(k.field));
          break;
        case 'dedup':
          s.fields.forEach((f) => names.add(f));
          break;
        case 'rename':
          s.pairs.forEach((p) => names.add(p.from));
          break;
        case 'convert':
          s.conversions.forEach((c) => names.add(c.field));
          break;
        case 'fields':
          s.fields.forEach((f) => names.add(f));
          break;
        case 'bin':
          names.add(s.field);
          break;
        case 'fillnull':
          s.fields.forEach((f) => names.add(f));
          break;
        case 'makemv':
        case 'fromjson':
          names.add(s.field);
          break;
        case 'replace':
          s.fields.forEach((f) => names.add(f));
          break;
        default:
          break;
      }
    }
    // Names only ever written by eval/rename (service_name = …) are not event fields.
    const written = new Set(this.q.stages.flatMap((s) => (s.kind === 'eval' ? s.assignments.map((a) => a.field) : s.kind === 'rename' ? s.pairs.map((p) => p.to) : [])));
    const read = new Set([...(predicateFields(this.q.filter) ?? [])]);
    for (const s of this.q.stages) if (s.kind === 'eval') s.assignments.forEach((a) => exprFields(a.expr, read));
    const out = new Map<string, string[]>(); // a Map: field names such as `constructor` are no object keys
    for (const n of names) {
      if (n.startsWith('_') || n.includes('*') || (written.has(n) && !read.has(n))) continue;
      const es = this.ctx.profile.field(n).name;
      out.set(es, [...(out.get(es) ?? []), n]);
    }
    return Object.fromEntries(out);
  }
}

/** The fields a stage the search does not express may write ('*' = any). */
function writtenBy(s: Stage): string[] | '*' {
  switch (s.kind) {
    case 'rex':
      return s.mode === 'sed' ? [s.field] : s.groups.slice();
    case 'lookup':
      return s.outputs.map((o) => o.as);
    case 'spath':
      return s.output ? [s.output] : '*';
    case 'mvexpand':
    case 'makemv':
      return [s.field];
    case 'iplocation':
      return s.outputs.slice();
    case 'replace':
      return s.fields.length ? s.fields.slice() : '*';
    default:
      return '*';
  }
}

function dedupOp(s: Extract<Stage, { kind: 'dedup' }>): RowOp {
  const option = (k: string) => truthy(Object.entries(s.options).find(([key]) => key.toLowerCase() === k)?.[1]) ?? false;
  return {
    op: 'dedup',
    fields: s.fields,
    count: s.count,
    keepempty: option('keepempty'),
    sortBy: s.sortBy,
    ...(option('consecutive') ? { consecutive: true } : {}),
    ...(option('keepevents') ? { keepevents: true } : {}),
  };
}

function renameList(known: readonly string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const f of known) {
    const m = wildcardCaptures(from, f);
    const n = m ? fillWildcards(to, m) : f;
    const i = out.indexOf(n);
    if (i >= 0) out.splice(i, 1);
    out.push(n);
  }
  return out;
}

/** `fixed_interval` for spans of fixed length, `calendar_interval` for one month/quarter/year. */
function intervalOf(span: TimeSpan): Record<string, string> | undefined {
  if (span.seconds !== undefined) {
    const s = span.seconds;
    for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const)
      if (s >= size && Number.isInteger(s / size)) return { fixed_interval: `${s / size}${unit}` };
    const ms = s * 1000;
    return Number.isInteger(ms) && ms > 0 ? { fixed_interval: `${ms}ms` } : undefined;
  }
  const unit = span.unit.toLowerCase();
  const cal = /^mon/.test(unit) ? 'M' : /^q/.test(unit) ? 'q' : /^y/.test(unit) ? 'y' : undefined;
  return cal && span.value === 1 ? { calendar_interval: `1${cal}` } : undefined;
}
