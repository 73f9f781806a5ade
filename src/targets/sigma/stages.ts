/**
 * The stages after the filter. A Sigma rule matches events; what it can say about later stages:
 *
 * - `table`/`fields` → the rule's `fields` list (no effect on what matches);
 * - `stats count by X | where count > N` (`>= < <= =` too), and `stats dc(x) as n by X | where n > N` → a Sigma
 *   correlation rule (`event_count` / `value_count`), the time window from a preceding `bin _time span=…` or the
 *   tstats `span=`, else a default with a note;
 * - everything else changes the results in a way Sigma cannot express: verdict `partial`, with a note.
 */
import { assertNever, type Aggregation, type Origin, type Predicate, type Stage, type TimeSpan } from '../../ir/types.js';
import { patternToString } from '../../values/pattern.js';
import { mapField, type TranslateContext } from './translate.js';
import { asNumber } from './values.js';

/** The window used when the SPL aggregates over the whole search time range (no `_time` grouping). */
export const DEFAULT_TIMESPAN = '1h';

export interface Correlation {
  readonly type: 'event_count' | 'value_count';
  readonly groupBy: readonly string[];
  readonly timespan: string;
  /** `{gt: 5}`, `{gte: 10, field: 'User'}`, … */
  readonly condition: Readonly<Record<string, number | string>>;
}

export interface StagesResult {
  /** Event fields for the rule's `fields` list (profile names), from the last `table`/`fields` before aggregating. */
  readonly fields: readonly string[];
  readonly correlation?: Correlation;
}

/** A Sigma timespan (`90m`, `1h`, `1d`): the largest unit that divides the span. */
export function timespan(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds <= 0) return undefined;
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (seconds % n === 0) return `${seconds / n}${unit}`;
  return `${seconds}s`;
}

interface Rename {
  readonly from: string;
  readonly to: string;
}

function wildcardRegex(p: string): RegExp {
  return new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*)')}$`);
}

/** The field name before the renames seen so far (`rename Processes.* AS *` makes `dest` read `Processes.dest`). */
export function unrename(name: string, renames: readonly Rename[]): string {
  let n = name;
  for (let k = renames.length - 1; k >= 0; k--) {
    const r = renames[k]!;
    const m = wildcardRegex(r.to).exec(n);
    if (!m) continue;
    let i = 1;
    n = r.from.replace(/\*/g, () => m[i++] ?? '');
  }
  return n;
}

/** The name a field gets through renames applied in order (`rename Processes.* AS *` makes `Processes.dest` `dest`). */
export function forwardRename(name: string, renames: readonly Rename[]): string {
  let n = name;
  for (const r of renames) {
    const m = wildcardRegex(r.from).exec(n);
    if (!m) continue;
    let i = 1;
    n = r.to.replace(/\*/g, () => m[i++] ?? '');
  }
  return n;
}

const COUNT_FNS = new Set(['count', 'c']);
const DC_FNS = new Set(['dc', 'distinct_count']);
const CONDITION_OP = { gt: 'gt', ge: 'gte', lt: 'lt', le: 'lte', eq: 'eq' } as const;

function aggText(a: Aggregation): string {
  const call = a.field ? `${a.fn}(${a.field})` : a.fn;
  return a.as === call ? call : `${call} as ${a.as}`;
}

/** `count > 5`, `n >= 10 AND n < 100`: the field and the Sigma condition, or why not. */
function threshold(p: Predicate): { field: string; condition: Record<string, number> } | string {
  const leaves = p.kind === 'and' ? p.items : [p];
  let field: string | undefined;
  const condition: Record<string, number> = {};
  for (const x of leaves) {
    if (x.kind !== 'compare') return 'the filter is not a threshold on the aggregation';
    const op = x.op === 'neq' ? undefined : CONDITION_OP[x.op];
    const n = asNumber(patternToString(x.value));
    if (!op || n === undefined) return `'${x.field} ${x.op} ${patternToString(x.value)}' is not a numeric threshold Sigma correlations can state`;
    if (field !== undefined && field !== x.field) return 'the filter tests more than one aggregation';
    field = x.field;
    // Counts are integers: count > 5.5 is count > 5, count >= 5.5 is count >= 6.
    const v = Number.isInteger(n) ? n : op === 'gt' || op === 'lte' ? Math.floor(n) : op === 'gte' || op === 'lt' ? Math.ceil(n) : undefined;
    if (v === undefined) return `'${x.field} = ${n}' never holds for a count`;
    if (op in condition) return `the filter repeats '${op}'`;
    condition[op] = v;
  }
  return field === undefined ? 'empty filter' : { field, condition };
}

type StatsStage = Extract<Stage, { kind: 'stats' }>;

/**
 * `stageText(i)` gives SPL stage i's text: an SPL stage lowered to several IR stages (`top` = stats, eventstats,
 * eval, sort, …) gets one note in its own words.
 */
export function analyzeStages(stages: readonly Stage[], ctx: TranslateContext, stageText: (stage: number) => string | undefined = () => undefined): StagesResult {
  const v = ctx.verdict;
  const partial = (what: string, origin: Origin) => v.degrade('partial', what, origin);
  const renames: Rename[] = [];
  /** Fields written by eval/rex/lookup/… (not event fields); an eval `x = y` is an alias of y. */
  const computed = new Set<string>();
  const aliases = new Map<string, string>();
  let fields: string[] = [];
  let bin: Extract<Stage, { kind: 'bin' }> | undefined;
  let binUsed = false;
  let aggregated = false;
  let correlation: Correlation | undefined;
  const consumed = new Set<number>();
  const source = (f: string) => aliases.get(f) ?? unrename(f, renames);
  const compute = (...fs: string[]) => {
    for (const f of fs) {
      computed.add(f);
      aliases.delete(f);
    }
  };

  const perStage = new Map<number, number>();
  for (const s of stages) perStage.set(s.origin.stage, (perStage.get(s.origin.stage) ?? 0) + 1);
  const grouped = new Set<number>();

  stages.forEach((s, i) => {
    if (consumed.has(i)) return;
    if ((perStage.get(s.origin.stage) ?? 0) > 1) {
      // One SPL stage spelled with several IR stages (`top`/`rare`): one note, in the rule's words.
      if (s.kind === 'stats' && s.variant !== 'eventstats' && s.variant !== 'streamstats') aggregated = true;
      if (grouped.has(s.origin.stage)) return;
      grouped.add(s.origin.stage);
      const text = stageText(s.origin.stage) ?? s.kind;
      partial(`${text.replace(/\s+/g, ' ').trim()}: not expressed in Sigma (the rule matches the events that feed it)`, s.origin);
      return;
    }
    switch (s.kind) {
      case 'fields':
        if (aggregated) return;
        if (s.mode === 'remove') {
          v.note('info', `fields - ${s.fields.join(', ')}: only hides fields; not expressed`, s.origin);
          return;
        }
        fields = s.fields.map(source).filter((f) => !computed.has(f));
        return;
      case 'sort':
        if (s.limit !== undefined && s.limit < 10000) partial(`sort keeps only the first ${s.limit} rows: not expressed`, s.origin);
        else v.note('info', 'sort: ordering is not expressed (results come in the backend\'s order)', s.origin);
        return;
      case 'bin':
        if (s.field === '_time' && s.as === '_time' && s.span?.seconds !== undefined && !aggregated) bin = s;
        else partial(`bin ${s.field}: bucketing is not expressed`, s.origin);
        return;
      case 'stats': {
        if (aggregated || s.variant === 'eventstats' || s.variant === 'streamstats') {
          partial(`${s.variant} ${s.aggregations.map(aggText).join(', ')}: not expressed in Sigma`, s.origin);
          if (s.variant !== 'streamstats' && s.variant !== 'eventstats') aggregated = true;
          else compute(...s.aggregations.map((a) => a.as));
          return;
        }
        aggregated = true;
        const r = toCorrelation(s, i);
        if (typeof r === 'string') {
          const bucket = bin && s.by.includes('_time') ? ` (bin _time span=${bin.options['span'] ?? bin.span?.value})` : '';
          partial(
            `${s.variant} ${s.aggregations.map(aggText).join(', ')}${s.by.length ? ` by ${s.by.join(', ')}` : ''}${bucket}: ${r}; ` +
              'the Sigma rule matches the events that feed it',
            s.origin,
          );
          return;
        }
        correlation = r.correlation;
        consumed.add(r.filterIndex);
        return;
      }
      case 'filter':
        if (s.predicate.kind === 'true') return; // `search *` (an expanded `*_filter` macro): keeps every row
        partial('filter after a stage that changes the rows: not expressed', s.origin);
        return;
      case 'rename':
        renames.push(...s.pairs);
        partial(`rename ${s.pairs.map((p) => `${p.from} AS ${p.to}`).join(', ')}: result field names are not expressed`, s.origin);
        return;
      case 'eval':
        for (const a of s.assignments) {
          if (a.expr.kind === 'field' && !computed.has(a.expr.name)) {
            computed.delete(a.field);
            aliases.set(a.field, source(a.expr.name));
          } else compute(a.field);
        }
        partial(`eval ${s.assignments.map((a) => a.field).join(', ')}: computed fields are not expressed`, s.origin);
        return;
      case 'rex':
        if (s.mode === 'sed') compute(s.field);
        else compute(...s.groups);
        partial(`rex on ${s.field}: extracted fields are not expressed`, s.origin);
        return;
      case 'lookup':
        compute(...s.outputs.map((o) => o.as));
        partial(`lookup ${s.table}: enrichment is not expressed`, s.origin);
        return;
      case 'convert':
        compute(...s.conversions.map((c) => c.as));
        partial('convert: formatting is not expressed', s.origin);
        return;
      case 'fillnull':
        compute(...s.fields);
        partial('fillnull: default values are not expressed', s.origin);
        return;
      case 'spath':
        if (s.output) compute(s.output);
        partial('spath: extraction is not expressed', s.origin);
        return;
      case 'mvexpand':
        partial(`mvexpand ${s.field}: not expressed`, s.origin);
        return;
      case 'dedup':
        partial(`dedup ${s.fields.join(', ')}: not expressed`, s.origin);
        return;
      case 'head':
        partial(`head ${s.count}: not expressed`, s.origin);
        return;
      case 'join':
      case 'append':
        partial(`${s.kind} with a subsearch: not expressed`, s.origin);
        return;
      case 'iplocation':
        compute(...s.outputs);
        partial(`iplocation ${s.field}: GeoIP enrichment (${s.outputs.join(', ')}) is not expressed`, s.origin);
        return;
      case 'makemv':
        compute(s.field);
        partial(`makemv ${s.field}: splitting into a multivalue is not expressed`, s.origin);
        return;
      case 'replace':
        compute(...s.fields);
        partial(`replace${s.fields.length ? ` in ${s.fields.join(', ')}` : ''}: value replacement is not expressed`, s.origin);
        return;
      case 'fromjson':
        partial(`fromjson ${s.field}: JSON extraction is not expressed`, s.origin);
        return;
      case 'appendpipe':
        partial('appendpipe: the rows its sub-pipeline appends are not expressed', s.origin);
        return;
      case 'transaction':
        partial(`transaction${s.fields.length ? ` ${s.fields.join(', ')}` : ''}: grouping into transactions is not expressed`, s.origin);
        return;
      case 'opaque':
        partial(`${s.command}: not expressed (${s.reason})`, s.origin);
        return;
      default:
        assertNever(s, 'stage');
    }
  });

  if (bin && !binUsed) partial(`bin _time span=${bin.options['span'] ?? bin.span?.value}: bucketing is not expressed`, bin.origin);
  const profileFields = [...new Set(fields.filter((f) => !f.startsWith('_') && !f.includes('*')).map((f) => ctx.profile.field(f).name))];
  return { fields: profileFields, ...(correlation ? { correlation } : {}) };

  function toCorrelation(s: StatsStage, i: number): { correlation: Correlation; filterIndex: number } | string {
    // The threshold may follow a sort, table, rename or convert of the rows (security content renames first).
    let j = i + 1;
    const between: Rename[] = [];
    const written = new Set<string>();
    for (let x = stages[j]; x && (x.kind === 'sort' || x.kind === 'fields' || x.kind === 'rename' || x.kind === 'convert' || (x.kind === 'filter' && x.predicate.kind === 'true')); x = stages[++j]) {
      if (x.kind === 'rename') between.push(...x.pairs);
      if (x.kind === 'convert') for (const c of x.conversions) written.add(c.as);
    }
    const f = stages[j];
    if (f?.kind !== 'filter') return 'no threshold on the aggregation follows';
    const t = threshold(f.predicate);
    if (typeof t === 'string') return t;
    if (written.has(t.field)) return `'${t.field}' is rewritten by convert`;
    const agg = s.aggregations.find((a) => forwardRename(a.as, between) === t.field);
    if (!agg) return `'${t.field}' is not an aggregation of this stage`;
    let type: Correlation['type'];
    const condition: Record<string, number | string> = { ...t.condition };
    if (COUNT_FNS.has(agg.fn) && !agg.field && !agg.evalArg) type = 'event_count';
    else if (DC_FNS.has(agg.fn) && agg.field && !agg.field.includes('*') && !agg.evalArg) {
      const src = source(agg.field);
      if (computed.has(src)) return `'${agg.field}' is computed by an earlier stage`;
      type = 'value_count';
      condition['field'] = mapField(src, ctx, s.origin);
    } else return `${aggText(agg)} has no Sigma correlation equivalent`;
    // Time: a `_time` BY field must be binned; its span is the window.
    let span: TimeSpan | undefined;
    let binned = false;
    if (s.by.includes('_time')) {
      span = s.span ?? bin?.span;
      if (span?.seconds === undefined) return 'grouped by _time without a fixed span';
      binned = true;
    }
    const groupBy: string[] = [];
    for (const b of s.by) {
      if (b === '_time') continue;
      if (b.includes('*')) return `wildcard BY field '${b}'`;
      const src = source(b);
      if (computed.has(src)) return `BY field '${b}' is computed by an earlier stage`;
      groupBy.push(mapField(src, ctx, s.origin));
    }
    const others = s.aggregations.filter((a) => a !== agg);
    if (others.length > 0) v.degrade('partial', `${others.map(aggText).join(', ')}: output-only aggregations are not expressed (the correlation tests ${t.field})`, s.origin);
    let ts: string;
    if (binned) {
      ts = timespan(span!.seconds!)!;
      const widens = Object.keys(t.condition).every((k) => k === 'gt' || k === 'gte');
      const msg = `Splunk counts per aligned ${ts} bucket; a Sigma timespan may be a sliding window`;
      if (widens) v.degrade('superset', `${msg} (it can only find more groups over the threshold)`, s.origin);
      else v.degrade('partial', msg, s.origin);
    } else {
      ts = DEFAULT_TIMESPAN;
      v.note('warning', `${s.variant} aggregates over the search's time range, which the rule does not state; timespan ${DEFAULT_TIMESPAN} is a default`, s.origin);
    }
    if (binned && !s.span) binUsed = true;
    return { correlation: { type, groupBy, timespan: ts, condition }, filterIndex: j };
  }
}
