/**
 * Parity on real engines (docs/verify.md): for each rule × target, run the target's output on its engine over the
 * same events and compare with the reference, the JS matcher (`spl2x run`'s module), through `./compare.ts`.
 *
 * | target | engine run | compared with |
 * |---|---|---|
 * | esdsl | the request body on an index of the events in the profile's schema (./mapping.ts), every composite page, `responseToRows` | filter-only rule: the hits' ids vs the JS `filter` matches; pipeline: the rows vs `run`'s rows (`partial`: the query alone vs the JS `filter` matches) |
 * | kql | the independent KQL reader's DSL (./kql/, field types from the mapping) as the query | the JS `filter` matches (KQL is the filter only) |
 * | sigma | (1) the pySigma oracle's matcher on the events renamed through the profile; (2) pySigma's Lucene query as `query_string` on the sigma-schema index | the JS `filter` matches, both |
 * | js | the reference itself: it compiles; with an expectation, `filter`/`run` give its matches/rows | the hand-written expectation |
 *
 * Verdicts decide what must hold (`compareMatches` / `compareRows`); `unsupported` is reported, not compared.
 * Indices are created once per schema × profile × event file and reused across rules (`ParitySession`).
 */
import type { Client } from '@elastic/elasticsearch';
import type { Rule } from '../ir/types.js';
import { convertWith, type ProfileCache } from '../targets/convert.js';
import { responseToRows, type EsRequest } from '../targets/esdsl/index.js';
import { js } from '../targets/js/index.js';
import { rawText, toRow } from '../targets/js/runtime/event.js';
import { loadModule, type MatcherModule } from '../targets/js/run.js';
import { loadProfile, type Profile } from '../targets/profile.js';
import { target as targetByName } from '../targets/registry.js';
import type { Fidelity, Note, Target, TargetName } from '../targets/types.js';
import { canonicalRow, compareMatches, compareRows, type Comparison } from './compare.js';
import { toDocuments, type Document, type DocumentsReport, type EventFile, rawFieldOf } from './documents.js';
import { clusterInfo, deleteIndex, ensureIndex, indexEvents, search, type EsClusterInfo, type EsMapping, type EsResult } from './elasticsearch.js';
import { KqlSyntaxError, toDsl } from './kql/index.js';
import { indexSpec, kqlFieldTypes, type IndexSpec, type Schema } from './mapping.js';
import { runPysigma, type PysigmaOptions, type PysigmaReport } from './pysigma.js';

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** The events one rule runs on: one or more files, together. */
export interface EventSet {
  readonly files: readonly EventFile[];
}

export function eventsOf(set: EventSet): Record<string, unknown>[] {
  return set.files.flatMap((f) => f.events);
}

export function idsOf(set: EventSet): string[] {
  return set.files.flatMap((f) => f.ids);
}

/** A hand-written expectation (test/fixtures/expect/): the JS matcher must give exactly these. */
export interface Expectation {
  readonly matches: readonly string[];
  readonly rows?: readonly Record<string, unknown>[];
}

export interface RuleInput {
  /** A name for reports (the rule file's base name). */
  readonly name: string;
  readonly rule: Rule;
  readonly events: EventSet;
  readonly expectation?: Expectation;
}

export interface VerifyOptions {
  readonly targets: readonly TargetName[];
  /** The profile of each target (`--profile`); the reference always reads the events' SPL names (`splunk`). */
  readonly profiles: ProfileCache;
  readonly strict?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Results

export interface Check {
  /** What was compared: `matches`, `rows`, `filter part`, `pySigma matcher`, `pySigma Lucene`, `expectation …`. */
  readonly label: string;
  /** Where the target side ran. */
  readonly engine: string;
  /** What ran (the query text or DSL), for reports. */
  readonly query?: string;
  /** `matches` (event ids) or `rows`. */
  readonly kind: 'matches' | 'rows';
  /** The verdict the comparison applied. */
  readonly verdict: Fidelity;
  /** Reference / target sizes (ids or rows). */
  readonly reference: number;
  readonly actual: number;
  readonly comparison?: Comparison;
  /** The check could not run (the engine refused the request, the oracle failed…): a failure. */
  readonly error?: string;
  /** Not checked, and why (what the oracle itself cannot express): not a failure. */
  readonly skipped?: string;
  /** The documents the engine saw, by id (for printing both sides; left out of JSON reports). */
  readonly documents?: ReadonlyMap<string, Document>;
  /** What the engine could not index (values that do not fit the mapping), shown with a failure. */
  readonly indexProblems?: readonly string[];
  /**
   * A failed comparison whose cause is known and is not the target's translation: `profile` — the engine gives
   * exactly what `spl2x run --profile P` gives on the indexed documents, so the difference comes from the profile
   * (several SPL fields mapped to one field); `oracle` — an oracle or engine cannot express what the target wrote
   * (pySigma's Lucene regexes, `|cased` on the case-folding Sigma index). Reported, not failed.
   */
  readonly explained?: { readonly kind: 'profile' | 'oracle'; readonly why: string };
}

/**
 * `held`: every check holds; `profile` / `oracle-limit`: a check differs for a reason explained in the check
 * (`Check.explained`), the others hold; `mismatch`: a comparison fails; `error`: a check could not run;
 * `unsupported`: nothing to compare; `reference`: the JS matcher itself, with no expectation to meet.
 */
export type Status = 'held' | 'profile' | 'oracle-limit' | 'mismatch' | 'error' | 'unsupported' | 'reference';

export interface TargetParity {
  readonly target: TargetName;
  /** The profile the target converted with. */
  readonly profile: string;
  readonly fidelity: Fidelity;
  readonly notes: readonly Note[];
  /** The target's output (for reports). */
  readonly output: unknown;
  readonly status: Status;
  readonly checks: readonly Check[];
}

export interface RuleParity {
  readonly name: string;
  readonly file: string;
  readonly title: string | null;
  readonly id: string | null;
  /** The reference: the JS matcher module (`spl2x run`) on the events. */
  readonly reference: {
    readonly fidelity: Fidelity;
    readonly notes: readonly Note[];
    readonly filterMatches: readonly string[];
    /** The events inside the rule's data source (`selects`); the others are left out of row searches. */
    readonly selected: number;
    readonly rows: readonly Record<string, unknown>[];
    readonly error?: string;
  };
  readonly targets: readonly TargetParity[];
  /** The event ids of the set, and each event (for printing both sides). */
  readonly events: ReadonlyMap<string, Record<string, unknown>>;
}

/** Whether a status fails a run (a mismatch or a check that could not run). */
export const failing = (s: Status): boolean => s === 'mismatch' || s === 'error';

/** How many ids/rows make the failing checks fail (superset extras and explained differences are not counted). */
export function mismatchCount(t: TargetParity): number {
  let n = 0;
  for (const c of t.checks) if (unexplained(c)) n += c.comparison!.missing.length + (c.verdict === 'exact' ? c.comparison!.extra.length : 0);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// The session: engines, indices

export interface IndexedFile {
  readonly index: string;
  readonly file: string;
  readonly spec: IndexSpec;
  readonly docs: DocumentsReport;
  /** Fields whose values did not fit their type (`ignore_malformed` left them unindexed): field → documents. */
  readonly ignored: Readonly<Record<string, number>>;
}

export interface Indexed {
  /** Comma-separated index names (GET /<names>/_search). */
  readonly names: string;
  readonly mappings: readonly EsMapping[];
  /** id → the document indexed for it. */
  readonly documents: ReadonlyMap<string, Document>;
  readonly count: number;
  /** The documents in event order, with their ids, and the fields the profile merged. */
  readonly docs: DocSet;
  /** What the engine could not index, as sentences (shown with a failure). */
  readonly problems: readonly string[];
}

/** Documents of an event set in event order (what `spl2x run --profile P` would read). */
export interface DocSet {
  readonly ordered: readonly Document[];
  readonly ids: readonly string[];
  /** Target field → the SPL fields merged into it (over the set's files). */
  readonly merged: Readonly<Record<string, readonly string[]>>;
}

function docSet(reports: readonly DocumentsReport[]): DocSet {
  const merged: Record<string, Set<string>> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.merged)) for (const x of v) (merged[k] ??= new Set()).add(x);
  return {
    ordered: reports.flatMap((r) => r.documents),
    ids: reports.flatMap((r) => r.ids),
    merged: Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, [...v].sort()])),
  };
}

export interface IndexReport {
  readonly index: string;
  readonly file: string;
  readonly dropped: readonly string[];
  readonly merged: Readonly<Record<string, readonly string[]>>;
  readonly untimed: readonly string[];
  readonly ignored: Readonly<Record<string, number>>;
}

export interface SessionOptions {
  /** Index name prefix (lower case); default `spl2x-verify-<pid>-<random>`. */
  readonly prefix?: string;
  /** "Now" for `now()`/`time()` on both sides, epoch seconds (default: when the session starts). */
  readonly now?: number;
  readonly pysigma?: PysigmaOptions;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\.ndjson$/, '')
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-_.]+/, '')
    .slice(0, 60) || 'x';

/** Engines and the indices made for one run; `close()` deletes the indices. */
export class ParitySession {
  readonly now: number;
  readonly prefix: string;
  private readonly files = new Map<string, Promise<EsResult<IndexedFile>>>();
  private readonly created: string[] = [];
  private cluster: EsClusterInfo | undefined;
  private fileNames = new Map<EventFile, string>();

  constructor(
    readonly client: Client,
    private readonly options: SessionOptions = {},
  ) {
    this.now = options.now ?? Math.floor(Date.now() / 1000);
    this.prefix = options.prefix ?? `spl2x-verify-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  get pysigmaOptions(): PysigmaOptions {
    return this.options.pysigma ?? {};
  }

  /** The cluster, or the message saying how to get one. */
  async engine(): Promise<EsResult<EsClusterInfo>> {
    if (this.cluster) return { ok: true, value: this.cluster };
    const r = await clusterInfo(this.client);
    if (r.ok) this.cluster = r.value;
    return r;
  }

  engineName(): string {
    return this.cluster ? `Elasticsearch ${this.cluster.version}` : 'Elasticsearch';
  }

  /** A distinct short name per event file (two files may share a base name). */
  private fileKey(f: EventFile): string {
    let k = this.fileNames.get(f);
    if (!k) {
      k = `${slug(f.name)}-${this.fileNames.size}`;
      this.fileNames.set(f, k);
    }
    return k;
  }

  /** Index one event file in `schema` for `profile` (once; later calls reuse it). */
  indexFile(schema: Schema, profile: Profile, file: EventFile): Promise<EsResult<IndexedFile>> {
    const key = `${schema}\u0000${profile.data.origin}\u0000${profile.name}\u0000${this.fileKey(file)}`;
    let p = this.files.get(key);
    if (!p) {
      const index = `${this.prefix}-${schema}-${slug(profile.name)}-${this.files.size}-${this.fileKey(file)}`.slice(0, 200);
      p = this.createIndex(index, schema, profile, file);
      this.files.set(key, p);
    }
    return p;
  }

  private async createIndex(index: string, schema: Schema, profile: Profile, file: EventFile): Promise<EsResult<IndexedFile>> {
    const docs = toDocuments(file, profile);
    const spec = indexSpec(schema, profile, docs.documents);
    const created = await ensureIndex(this.client, index, spec.mapping, spec.settings);
    if (!created.ok) return { ok: false, error: `cannot create index ${index}: ${created.error}` };
    this.created.push(index);
    const indexed = await indexEvents(this.client, index, docs.documents, docs.ids);
    if (!indexed.ok) return { ok: false, error: `cannot index ${file.name} (${schema} schema, profile ${profile.name}): ${indexed.error}` };
    const ignored: Record<string, number> = {};
    const r = await search(this.client, index, { size: 0, aggs: { ignored: { terms: { field: '_ignored', size: 1000 } } } });
    if (r.ok) {
      const buckets = (r.value.pages[0]?.aggregations?.['ignored'] as { buckets?: { key: string; doc_count: number }[] } | undefined)?.buckets ?? [];
      for (const b of buckets) ignored[b.key] = b.doc_count;
    }
    return { ok: true, value: { index, file: file.name, spec, docs, ignored } };
  }

  /** The indices of every file of a set (schema × profile). */
  async indices(schema: Schema, profile: Profile, set: EventSet): Promise<EsResult<Indexed>> {
    const parts: IndexedFile[] = [];
    for (const f of set.files) {
      const r = await this.indexFile(schema, profile, f);
      if (!r.ok) return r;
      parts.push(r.value);
    }
    const documents = new Map<string, Document>();
    for (const p of parts) p.docs.documents.forEach((d, i) => documents.set(p.docs.ids[i]!, d));
    return {
      ok: true,
      value: {
        names: parts.map((p) => p.index).join(','),
        mappings: parts.map((p) => p.spec.mapping),
        documents,
        count: documents.size,
        docs: docSet(parts.map((p) => p.docs)),
        problems: parts.flatMap((p) =>
          Object.entries(p.ignored).map(([f, n]) => {
            const type = (p.spec.mapping.properties?.[f] as { type?: string } | undefined)?.type ?? '?';
            return `${p.file}: ${n} document(s) have a value of ${f} that is not a valid ${type} (ignore_malformed: not indexed, so no query sees it)`;
          }),
        ),
      },
    };
  }

  /** Every index made so far: its event file, schema, profile, and what its documents report (before `close()`). */
  async indexReports(): Promise<IndexReport[]> {
    const out: IndexReport[] = [];
    for (const p of this.files.values()) {
      const r = await p;
      if (r.ok) out.push({ index: r.value.index, file: r.value.file, dropped: r.value.docs.dropped, merged: r.value.docs.merged, untimed: r.value.docs.untimed, ignored: r.value.ignored });
    }
    return out;
  }

  /** Delete every index this session created. */
  async close(): Promise<void> {
    for (const index of this.created.splice(0)) await deleteIndex(this.client, index);
    this.files.clear();
  }

  /** The ids (`_id`) of every document of `names` that `query` matches. */
  async matchingIds(names: string, count: number, query: Record<string, unknown>): Promise<EsResult<string[]>> {
    const r = await search(this.client, names, { query, size: Math.max(count, 1), _source: false, track_total_hits: true });
    if (!r.ok) return r;
    const page = r.value.pages[0];
    const hits = page?.hits.hits ?? [];
    const total = page?.hits.total;
    const totalValue = typeof total === 'number' ? total : (total?.value ?? hits.length);
    if (totalValue > hits.length) return { ok: false, error: `${totalValue} hits but only ${hits.length} returned` };
    return { ok: true, value: hits.map((h) => String(h._id)) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Verify

interface ReferenceRun {
  readonly module?: MatcherModule;
  readonly fidelity: Fidelity;
  readonly notes: readonly Note[];
  readonly filterMatches: string[];
  /** Ids of the events the rule's data-source selectors accept (`selects`: all when the events carry no such field). */
  readonly selected: string[];
  readonly rows: Record<string, unknown>[];
  readonly error?: string;
}

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

let splunkProfile: Profile | undefined;
function referenceProfile(): Profile {
  if (!splunkProfile) {
    const r = loadProfile('splunk');
    if (!r.ok) throw new Error(`the built-in splunk profile does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    splunkProfile = r.value;
  }
  return splunkProfile;
}

/** The reference: the JS matcher with the `splunk` profile (what `spl2x run` does), on the SPL-named events. */
async function reference(rule: Rule, set: EventSet, now: number): Promise<ReferenceRun> {
  const converted = convertWith(js as Target, rule, { ok: true, value: referenceProfile(), diagnostics: [] }, false);
  if (!converted.ok || converted.value.output === null) {
    const why = converted.ok ? converted.value.notes.map((n) => n.message).join('; ') : converted.diagnostics.map((d) => d.message).join('; ');
    return { fidelity: 'unsupported', notes: converted.ok ? converted.value.notes : [], filterMatches: [], selected: [], rows: [], error: `the JS matcher could not be generated: ${why}` };
  }
  const { fidelity, notes } = converted.value;
  try {
    const module = await loadModule(converted.value.output as string);
    const events = eventsOf(set);
    const ids = idsOf(set);
    const filterMatches = events.flatMap((e, i) => (module.filter(e, { now, events }) ? [ids[i]!] : []));
    const selected = events.flatMap((e, i) => (module.selects(e) ? [ids[i]!] : []));
    const rows = plain(module.run(events, { now })) as Record<string, unknown>[];
    return { module, fidelity, notes, filterMatches, selected, rows };
  } catch (e) {
    return { fidelity, notes, filterMatches: [], selected: [], rows: [], error: `the JS matcher failed: ${(e as Error).message}` };
  }
}

/** A rule with no stage after its filter: compared by matching events. */
export function filterOnly(rule: Rule): boolean {
  return rule.query.stages.length === 0;
}

/** A comparison that failed with no explanation. */
export const unexplained = (c: Check): boolean => c.comparison !== undefined && !c.comparison.ok && c.explained === undefined;

function statusOf(checks: readonly Check[], fidelity: Fidelity): Status {
  if (checks.some((c) => c.error !== undefined)) return 'error';
  if (checks.some(unexplained)) return 'mismatch';
  if (checks.some((c) => c.explained?.kind === 'oracle')) return 'oracle-limit';
  if (checks.some((c) => c.explained?.kind === 'profile')) return 'profile';
  if (fidelity === 'unsupported') return 'unsupported';
  return 'held';
}

const short = (s: string, n = 4000): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);

function matchesCheck(
  label: string,
  engine: string,
  query: string | undefined,
  ref: readonly string[],
  actual: readonly string[],
  fidelity: Fidelity,
  notes: readonly Note[],
  documents?: ReadonlyMap<string, Document>,
  indexProblems?: readonly string[],
): Check {
  return {
    ...(documents ? { documents } : {}),
    ...(indexProblems?.length ? { indexProblems } : {}),
    label,
    engine,
    ...(query !== undefined ? { query } : {}),
    kind: 'matches',
    verdict: fidelity,
    reference: ref.length,
    actual: actual.length,
    comparison: compareMatches(ref, actual, fidelity, notes),
  };
}

function errorCheck(label: string, engine: string, kind: 'matches' | 'rows', fidelity: Fidelity, reference: number, error: string, query?: string): Check {
  return { label, engine, kind, verdict: fidelity, reference, actual: 0, error, ...(query !== undefined ? { query } : {}) };
}

/**
 * Rows compared as multisets (`compareRows`); for an `exact` verdict their order too (sort, head, stats order):
 * the same rows in another order fail with a summary that says so.
 */
function rowsCheck(label: string, engine: string, query: string, ref: readonly Record<string, unknown>[], actual: readonly Record<string, unknown>[], fidelity: Fidelity, notes: readonly Note[]): Check {
  let comparison = compareRows(ref, actual, fidelity, notes);
  if (comparison.ok && fidelity === 'exact') {
    const a = ref.map(canonicalRow);
    const b = actual.map(canonicalRow);
    const at = a.findIndex((r, i) => r !== b[i]);
    if (at >= 0) comparison = { ...comparison, ok: false, summary: `${comparison.summary}; the same rows in another order (first difference at row ${at + 1})` };
  }
  return { label, engine, query, kind: 'rows', verdict: fidelity, reference: ref.length, actual: actual.length, comparison };
}

interface SigmaJob {
  readonly ruleIndex: number;
  readonly text: string;
  readonly set: EventSet;
  readonly profile: Profile;
}

/**
 * Verify rules. Sigma texts of all rules go to pySigma in one call per Sigma profile (the matcher's result for an
 * event does not depend on the others, so one call over every event file serves every rule).
 */
export async function verifyRules(session: ParitySession, inputs: readonly RuleInput[], opts: VerifyOptions): Promise<RuleParity[]> {
  const refs: ReferenceRun[] = [];
  for (const input of inputs) refs.push(await reference(input.rule, input.events, session.now));

  // Sigma first: one oracle run for everything.
  const sigmaJobs: SigmaJob[] = [];
  const converted = inputs.map((input, i) =>
    opts.targets.map((name) => {
      const t = targetByName(name);
      if (!t) throw new Error(`unknown target ${name}`);
      const profile = opts.profiles.for(t);
      const r = convertWith(t, input.rule, profile, opts.strict ?? false);
      if (name === 'sigma' && r.ok && profile.ok && r.value.output !== null && r.value.fidelity !== 'unsupported') {
        sigmaJobs.push({ ruleIndex: i, text: r.value.output as string, set: input.events, profile: profile.value });
      }
      return { t, profile, r };
    }),
  );
  const sigmaResults = await runSigmaJobs(session, sigmaJobs);

  const out: RuleParity[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const ref = refs[i]!;
    const targets: TargetParity[] = [];
    for (const { t, profile, r } of converted[i]!) {
      const profileName = profile.ok ? profile.value.name : '?';
      if (!r.ok || !profile.ok) {
        const why = r.ok ? '' : r.diagnostics.map((d) => d.message).join('; ');
        targets.push({ target: t.name, profile: profileName, fidelity: 'unsupported', notes: [], output: null, status: 'error', checks: [errorCheck('convert', t.name, 'matches', 'unsupported', 0, `cannot convert: ${why}`)] });
        continue;
      }
      const { output, fidelity, notes } = r.value;
      const base = { target: t.name, profile: profileName, fidelity, notes, output };
      if (ref.error !== undefined) {
        targets.push({ ...base, status: 'error', checks: [errorCheck('reference', 'JS matcher', 'matches', fidelity, 0, ref.error)] });
        continue;
      }
      if (t.name === 'js') {
        const checks = jsChecks(input, ref);
        targets.push({ ...base, status: checks.length ? statusOf(checks, fidelity) : 'reference', checks });
        continue;
      }
      if (output === null || fidelity === 'unsupported') {
        targets.push({ ...base, status: 'unsupported', checks: [] });
        continue;
      }
      let checks: Check[];
      if (t.name === 'esdsl') checks = await esdslChecks(session, input, ref, output as EsRequest, fidelity, notes, profile.value);
      else if (t.name === 'kql') checks = await kqlChecks(session, input, ref, output as string, fidelity, notes, profile.value);
      else checks = await sigmaChecks(session, input, ref, output as string, fidelity, notes, profile.value, sigmaResults.get(i));
      targets.push({ ...base, status: statusOf(checks, fidelity), checks });
    }
    const events = new Map<string, Record<string, unknown>>();
    for (const f of input.events.files) f.events.forEach((e, k) => events.set(f.ids[k]!, e));
    out.push({
      name: input.name,
      file: input.rule.file,
      title: input.rule.meta.title ?? null,
      id: input.rule.meta.id ?? null,
      reference: { fidelity: ref.fidelity, notes: ref.notes, filterMatches: ref.filterMatches, selected: ref.selected.length, rows: ref.rows, ...(ref.error !== undefined ? { error: ref.error } : {}) },
      targets,
      events,
    });
  }
  return out;
}

// ——— explaining a difference by the profile ———

/**
 * The SPL events completed with the profile's aliases: a profile maps several SPL names to one field
 * (`EventCode`, `signature_id`, `event_id` → `event.code`), so every document has a value under each of those
 * names, while the SPL event has only the name its source wrote (Splunk adds the others through CIM field aliases).
 * Each event gets, for every SPL name the profile maps onto a field its document has, that field's value; `_raw`
 * stays the event's own text. `fills` says which names were filled from which field.
 */
function aliasEnriched(set: EventSet, profile: Profile, docs: DocSet): { events: Record<string, unknown>[]; fills: Map<string, Set<string>> } {
  const fills = new Map<string, Set<string>>();
  const events = eventsOf(set);
  const inverse = new Map<string, Set<string>>();
  const add = (spl: string) => {
    if (spl.startsWith('_') || spl.endsWith('*')) return;
    const t = profile.field(spl).name;
    (inverse.get(t) ?? inverse.set(t, new Set()).get(t)!).add(spl);
  };
  for (const k of Object.keys(profile.data.fields)) add(k);
  for (const e of events) for (const k of Object.keys(toRow(e) ?? {})) add(k);
  const out = events.map((e, i) => {
    const row = toRow(e);
    const doc = docs.ordered[i];
    if (!row || !doc) return e;
    const copy: Record<string, unknown> = { ...row, _raw: rawText(row) };
    for (const [target, names] of inverse) {
      const v = doc[target];
      if (v === undefined || names.size < 2) continue;
      for (const n of names) {
        if (copy[n] !== undefined) continue;
        copy[n] = v;
        (fills.get(`${target}`) ?? fills.set(target, new Set()).get(target)!).add(n);
      }
    }
    return copy;
  });
  return { events: out, fills };
}

/**
 * A failed check, diagnosed: when the engine's result is exactly what the reference (`spl2x run`) gives on the
 * SPL events completed with the profile's aliases (`aliasEnriched`), the difference comes from the profile mapping
 * several SPL names to one field — the documents have values under names the SPL events lack — not from the
 * target's translation.
 */
async function diagnose(check: Check, ref: ReferenceRun, input: RuleInput, profile: Profile, docs: DocSet, actual: { ids: readonly string[] } | { rows: readonly Record<string, unknown>[] }, notes: readonly Note[], now: number): Promise<Check> {
  if (!check.comparison || check.comparison.ok || profile.identity || !ref.module) return check;
  const { events, fills } = aliasEnriched(input.events, profile, docs);
  if (fills.size === 0) return check;
  const ids = idsOf(input.events);
  let again: Comparison;
  try {
    if ('ids' in actual) {
      const refIds = events.flatMap((e, i) => (ref.module!.filter(e, { now, events }) ? [ids[i]!] : []));
      again = compareMatches(refIds, actual.ids, check.verdict, notes);
    } else {
      const rows = plain(ref.module.run(events, { now })) as Record<string, unknown>[];
      again = rowsCheck(check.label, check.engine, '', rows, actual.rows, check.verdict, notes).comparison!;
    }
  } catch {
    return check;
  }
  if (!again.ok) return check;
  // Name the aliases the rule reads (a name that appears in its SPL); count the others.
  const words = new Set(input.rule.expandedSpl.split(/[^A-Za-z0-9_.]+/));
  const filled: string[] = [];
  let others = 0;
  for (const [t, names] of fills) {
    const used = [...names].filter((n) => words.has(n)).sort();
    others += names.size - used.length;
    if (used.length) filled.push(`${used.join(', ')} ← ${t}`);
  }
  filled.sort();
  if (others) filled.push(`${others} other alias(es) the rule does not name`);
  return {
    ...check,
    explained: {
      kind: 'profile',
      why:
        `the engine gives exactly what \`spl2x run\` gives once each event also carries the SPL names the ${profile.name} profile maps onto the same field ` +
        `(${filled.join('; ')}): the difference comes from the profile's aliases (the documents have values under names these SPL events lack), not from the translation`,
    },
  };
}

// ——— js ———

function jsChecks(input: RuleInput, ref: ReferenceRun): Check[] {
  const x = input.expectation;
  if (!x) return [];
  const checks: Check[] = [matchesCheck('expectation: filter matches', 'JS matcher', undefined, x.matches, ref.filterMatches, 'exact', [])];
  if (x.rows !== undefined) checks.push(rowsCheck('expectation: rows', 'JS matcher', '(spl2x run)', x.rows, ref.rows, 'exact', []));
  return checks;
}

// ——— esdsl ———

async function esdslChecks(session: ParitySession, input: RuleInput, ref: ReferenceRun, output: EsRequest, fidelity: Fidelity, notes: readonly Note[], profile: Profile): Promise<Check[]> {
  const engine = session.engineName();
  const idx = await session.indices('esdsl', profile, input.events);
  const bodyText = short(JSON.stringify(output.body));
  const refIds = ref.filterMatches;
  if (!idx.ok) return [errorCheck('index', engine, 'matches', fidelity, refIds.length, idx.error)];
  const names = idx.value.names;
  if (filterOnly(input.rule)) {
    const r = await search(session.client, names, { ...output.body, size: Math.max(output.body.size, idx.value.count), _source: false });
    if (!r.ok) return [errorCheck('matches', engine, 'matches', fidelity, refIds.length, r.error, bodyText)];
    const ids = r.value.pages.flatMap((p) => p.hits.hits.map((h) => String(h._id)));
    const c = matchesCheck('matches', engine, bodyText, refIds, ids, fidelity, notes, idx.value.documents, idx.value.problems);
    return [await diagnose(c, ref, input, profile, idx.value.docs, { ids }, notes, session.now)];
  }
  if (fidelity === 'partial') {
    const query = JSON.stringify(output.body.query);
    const r = await session.matchingIds(names, idx.value.count, output.body.query);
    if (!r.ok) return [errorCheck('filter part', engine, 'matches', fidelity, refIds.length, r.error, query)];
    const c = matchesCheck('filter part', engine, short(query), refIds, r.value, fidelity, notes, idx.value.documents, idx.value.problems);
    return [await diagnose(c, ref, input, profile, idx.value.docs, { ids: r.value }, notes, session.now)];
  }
  // The index pattern stands for the rule's data source: a real cluster only has those events there. When some events
  // are outside it (their index/sourcetype/source/eventtype fields say so, as `spl2x run` checks), the search is
  // limited to the others, as the index pattern would.
  let body = output.body as unknown as Record<string, unknown>;
  let query = bodyText;
  if (ref.selected.length < idx.value.count) {
    body = { ...body, query: { bool: { filter: [output.body.query, { ids: { values: ref.selected } }] } } };
    query = `${bodyText}\n(limited to the ${ref.selected.length} of ${idx.value.count} events inside the rule's data source, as its index pattern \`${output.index}\` would be)`;
  }
  const r = await search(session.client, names, body);
  if (!r.ok) return [errorCheck('rows', engine, 'rows', fidelity, ref.rows.length, r.error, query)];
  let rows: Record<string, unknown>[];
  try {
    rows = plain(responseToRows(output, r.value.pages as unknown as Parameters<typeof responseToRows>[1], { now: session.now })) as Record<string, unknown>[];
  } catch (e) {
    return [errorCheck('rows', engine, 'rows', fidelity, ref.rows.length, `responseToRows: ${(e as Error).message}`, bodyText)];
  }
  const problems = idx.value.problems;
  const c = { ...rowsCheck('rows', engine, query, ref.rows, rows, fidelity, notes), ...(problems.length ? { indexProblems: problems } : {}) };
  return [await diagnose(c, ref, input, profile, idx.value.docs, { rows }, notes, session.now)];
}

// ——— kql ———

async function kqlChecks(session: ParitySession, input: RuleInput, ref: ReferenceRun, kqlText: string, fidelity: Fidelity, notes: readonly Note[], profile: Profile): Promise<Check[]> {
  const engine = `${session.engineName()} (KQL read by src/verify/kql)`;
  const idx = await session.indices('esdsl', profile, input.events);
  if (!idx.ok) return [errorCheck('filter', engine, 'matches', fidelity, ref.filterMatches.length, idx.error, kqlText)];
  let dsl: Record<string, unknown>;
  try {
    dsl = toDsl(kqlText, { fields: kqlFieldTypes(idx.value.mappings) });
  } catch (e) {
    const why = e instanceof KqlSyntaxError ? `Kibana's grammar rejects the KQL: ${e.message}` : `the KQL reader failed: ${(e as Error).message}`;
    return [errorCheck('filter', engine, 'matches', fidelity, ref.filterMatches.length, why, kqlText)];
  }
  const query = `${kqlText}\n→ ${short(JSON.stringify(dsl))}`;
  const r = await session.matchingIds(idx.value.names, idx.value.count, dsl);
  if (!r.ok) return [errorCheck('filter', engine, 'matches', fidelity, ref.filterMatches.length, r.error, query)];
  const c = matchesCheck('filter', engine, query, ref.filterMatches, r.value, fidelity, notes, idx.value.documents, idx.value.problems);
  return [await diagnose(c, ref, input, profile, idx.value.docs, { ids: r.value }, notes, session.now)];
}

// ——— sigma ———

interface SigmaOutcome {
  /** Matched ids of the rule's events, or why there are none. */
  readonly matcher: { ids: string[] } | { error: string };
  readonly lucene: readonly string[] | null;
  readonly backendErrors: readonly string[];
  readonly versions: string;
  /** The rule's events as the oracle saw them (Sigma names). */
  readonly docs: DocSet;
  readonly documents: ReadonlyMap<string, Document>;
}

async function runSigmaJobs(session: ParitySession, jobs: readonly SigmaJob[]): Promise<Map<number, SigmaOutcome | { error: string }>> {
  const out = new Map<number, SigmaOutcome | { error: string }>();
  // One oracle run per Sigma profile, over every event file any of its rules uses.
  const byProfile = new Map<Profile, SigmaJob[]>();
  for (const j of jobs) (byProfile.get(j.profile) ?? byProfile.set(j.profile, []).get(j.profile)!).push(j);
  for (const [profile, list] of byProfile) {
    const files = [...new Set(list.flatMap((j) => j.set.files))];
    const reports = new Map<EventFile, DocumentsReport>(files.map((f) => [f, toDocuments(f, profile)]));
    const events: Document[] = [];
    const owner: { file: EventFile; id: string }[] = [];
    for (const f of files) {
      reports.get(f)!.documents.forEach((d, k) => {
        events.push(d);
        owner.push({ file: f, id: f.ids[k]! });
      });
    }
    const r = await runPysigma({ rules: list.map((j) => j.text), events, keywordField: rawFieldOf(profile) }, session.pysigmaOptions);
    if (!r.ok) {
      for (const j of list) out.set(j.ruleIndex, { error: r.message });
      continue;
    }
    const versions = versionText(r.report);
    list.forEach((j, k) => {
      const res = r.report.results[k]!;
      const inSet = new Set(j.set.files);
      const docs = docSet(j.set.files.map((f) => reports.get(f)!));
      const documents = new Map(docs.ids.map((id, i) => [id, docs.ordered[i]!]));
      let matcher: SigmaOutcome['matcher'];
      if (!res.loaded) matcher = { error: `pySigma does not load the rule: ${res.errors.join('; ')}` };
      else if (res.matches === null) matcher = { error: `the oracle's matcher could not evaluate the rule: ${res.matcherErrors.join('; ')}` };
      else if (res.matcherErrors.length) matcher = { error: `the oracle's matcher: ${res.matcherErrors.join('; ')}` };
      else matcher = { ids: res.matches.map((m) => owner[m]!).filter((o) => inSet.has(o.file)).map((o) => o.id) };
      out.set(j.ruleIndex, { matcher, lucene: res.lucene, backendErrors: res.backendErrors, versions, docs, documents });
    });
  }
  return out;
}

function versionText(report: PysigmaReport): string {
  const v = report.versions;
  return `pySigma ${v['pySigma'] ?? '?'}`;
}

/** pySigma's Lucene backend cannot write this (a limit of the backend, not of the Sigma text): not a failure. */
const BACKEND_LIMITS: readonly { pattern: RegExp; why: string }[] = [
  {
    pattern: /NotImplementedError: Case-sensitive string matching is not supported by backend/,
    why: 'pySigma-backend-elasticsearch has no Lucene form for a `|cased` value, so there is no Lucene query to run',
  },
];

/**
 * Why pySigma's Lucene query cannot be held to the Sigma rule's meaning on Elasticsearch, when the Sigma text (as
 * pySigma's own condition tree reads it) is right. Only used when the matcher check held.
 */
function luceneLimits(sigmaText: string, lucene: readonly string[]): string[] {
  const why: string[] = [];
  if (lucene.some((q) => /(^|[\s(:])\//.test(q) && /:\//.test(q))) {
    why.push(
      'pySigma-backend-elasticsearch 2.1.1 writes Sigma `|re` values unchanged as Lucene `/…/` regexps, which match the whole value and have no ' +
        '`^`, `$` or `(?i)` operators (`^`/`$` are literal characters, `(?i)` makes the pattern match nothing), while Sigma regexes search the value',
    );
  }
  if (/\|cased\b/.test(sigmaText)) {
    why.push(
      'the rule has `|cased` values: the Sigma index folds case (lowercase normalizer, so case-insensitive values hold), which no `query_string` can undo, ' +
        'and pySigma-backend-elasticsearch 2.1.1 drops `|cased` from lists and from contains/startswith/endswith values without an error',
    );
  }
  return why;
}

async function sigmaChecks(
  session: ParitySession,
  input: RuleInput,
  ref: ReferenceRun,
  sigmaText: string,
  fidelity: Fidelity,
  notes: readonly Note[],
  profile: Profile,
  outcome: SigmaOutcome | { error: string } | undefined,
): Promise<Check[]> {
  const refIds = ref.filterMatches;
  if (!outcome) return [errorCheck('pySigma', 'pySigma', 'matches', fidelity, refIds.length, 'the pySigma oracle did not run')];
  if (!('matcher' in outcome)) return [errorCheck('pySigma', 'pySigma', 'matches', fidelity, refIds.length, outcome.error)];
  const checks: Check[] = [];
  const m = outcome.matcher;
  const matcherEngine = `${outcome.versions} condition tree (oracle matcher)`;
  let matcherCheck: Check;
  if ('error' in m) matcherCheck = errorCheck('pySigma matcher', matcherEngine, 'matches', fidelity, refIds.length, m.error);
  else {
    const c = matchesCheck('pySigma matcher', matcherEngine, undefined, refIds, m.ids, fidelity, notes, outcome.documents);
    matcherCheck = await diagnose(c, ref, input, profile, outcome.docs, { ids: m.ids }, notes, session.now);
  }
  checks.push(matcherCheck);

  const engine = `${session.engineName()} (pySigma Lucene, query_string)`;
  const limit = outcome.backendErrors.map((e) => BACKEND_LIMITS.find((l) => l.pattern.test(e))).find((l) => l);
  if (outcome.backendErrors.length && limit) {
    checks.push({ label: 'pySigma Lucene', engine, kind: 'matches', verdict: fidelity, reference: refIds.length, actual: 0, skipped: `${limit.why} (${outcome.backendErrors.join('; ')})` });
    return checks;
  }
  if (outcome.backendErrors.length || !outcome.lucene || outcome.lucene.length === 0) {
    checks.push(errorCheck('pySigma Lucene', engine, 'matches', fidelity, refIds.length, `pySigma's Lucene backend wrote no query: ${outcome.backendErrors.join('; ') || 'no detection rule'}`));
    return checks;
  }
  const idx = await session.indices('sigma', profile, input.events);
  const lucene = outcome.lucene.join('\n');
  if (!idx.ok) {
    checks.push(errorCheck('pySigma Lucene', engine, 'matches', fidelity, refIds.length, idx.error, lucene));
    return checks;
  }
  const ids = new Set<string>();
  for (const q of outcome.lucene) {
    const r = await session.matchingIds(idx.value.names, idx.value.count, { query_string: { query: q, analyze_wildcard: true } });
    if (!r.ok) {
      checks.push(errorCheck('pySigma Lucene', engine, 'matches', fidelity, refIds.length, r.error, lucene));
      return checks;
    }
    for (const id of r.value) ids.add(id);
  }
  let c = matchesCheck('pySigma Lucene', engine, lucene, refIds, [...ids], fidelity, notes, idx.value.documents, idx.value.problems);
  c = await diagnose(c, ref, input, profile, idx.value.docs, { ids: [...ids] }, notes, session.now);
  const matcherHeld = matcherCheck.comparison !== undefined && (matcherCheck.comparison.ok || matcherCheck.explained !== undefined);
  if (c.comparison && !c.comparison.ok && !c.explained && matcherHeld) {
    const why = luceneLimits(sigmaText, outcome.lucene);
    if (why.length) c = { ...c, explained: { kind: 'oracle', why: `${why.join('; and ')} (pySigma's own reading of the Sigma rule holds: see the pySigma matcher check)` } };
  }
  checks.push(c);
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

/** A failing check, spelled out: the rule, the target, what ran, and for each differing id or row both sides. */
export function describeFailure(rp: RuleParity, tp: TargetParity, c: Check, limit = 5): string {
  const indexed = c.documents;
  const lines = [`rule ${rp.name}${rp.id ? ` (${rp.id})` : ''} × ${tp.target} (profile ${tp.profile}, verdict ${tp.fidelity}): ${c.label} on ${c.engine}`];
  if (c.query) lines.push(`  ran: ${c.query.replace(/\n/g, '\n       ')}`);
  if (c.error !== undefined) {
    lines.push(`  error: ${c.error}`);
    return lines.join('\n');
  }
  if (!c.comparison) return lines.join('\n');
  lines.push(`  ${c.comparison.summary}`);
  for (const p of c.indexProblems ?? []) lines.push(`  note: ${p}`);
  if (c.explained) lines.push(`  explained (${c.explained.kind === 'profile' ? 'by the profile' : 'an oracle/engine limit'}): ${c.explained.why}`);
  const ref = c.label.startsWith('expectation') ? 'expectation' : 'JS matcher (reference)';
  const side = c.label.startsWith('expectation') ? 'JS matcher' : c.engine;
  if (c.kind === 'matches') {
    const show = (ids: readonly string[], inRef: boolean) => {
      for (const id of ids.slice(0, limit)) {
        lines.push(`  event ${id}: ${ref} ${inRef ? 'matches' : 'does not match'}; ${side} ${inRef ? 'does not match' : 'matches'}`);
        const ev = rp.events.get(id);
        if (ev) lines.push(`    event:    ${short(JSON.stringify(ev), 1500)}`);
        const doc = indexed?.get(id);
        if (doc) lines.push(`    document: ${short(JSON.stringify(doc), 1500)}`);
      }
      if (ids.length > limit) lines.push(`  … and ${ids.length - limit} more: ${ids.slice(limit).join(', ')}`);
    };
    show(c.comparison.missing, true);
    if (c.verdict === 'exact' || c.comparison.missing.length) show(c.comparison.extra, false);
  } else {
    for (const row of c.comparison.missing.slice(0, limit)) lines.push(`  row only in ${ref}: ${short(row, 1500)}`);
    for (const row of c.comparison.extra.slice(0, limit)) lines.push(`  row only from ${side}: ${short(row, 1500)}`);
    const more = c.comparison.missing.length + c.comparison.extra.length - Math.min(limit, c.comparison.missing.length) - Math.min(limit, c.comparison.extra.length);
    if (more > 0) lines.push(`  … and ${more} more row(s)`);
    if (!c.comparison.missing.length && !c.comparison.extra.length) {
      lines.push(`  ${ref} rows:`);
      for (const r of rp.reference.rows.slice(0, 10)) lines.push(`    ${short(canonicalRow(r), 500)}`);
    }
  }
  return lines.join('\n');
}
