/**
 * Escaping proven on the real engine (issue #7): ≥ 10,000 seeded random values full of special characters, one
 * document each in ONE Elasticsearch index; for each value, SPL rules that test it (./cases.ts: equality in search
 * and in `where`, wildcards, a `regex`) go through the real frontend and each target, run on Elasticsearch, and
 * must find exactly the documents the reference (the JS matcher's runtime) finds:
 *
 * - esdsl: the request's query, as is;
 * - kql: the KQL read by the independent reader (src/verify/kql/) twice — with the index's field types, as a Kibana
 *   data view gives them (`term`/`wildcard`), and with none, as Kibana without a data view (`match`,
 *   `match_phrase`, `query_string` for wildcards: a Lucene query_string path on the engine);
 * - sigma: pySigma-backend-elasticsearch's Lucene query for the Sigma rule, as `query_string` (as the parity suite).
 *
 * A verdict `exact` must give exactly the reference's documents, `superset` at least them. Forms a target cannot
 * express exactly (its verdict says so, e.g. KQL's case-insensitive values are `partial`) are counted, not run.
 *
 * Seed: SPL2X_ESCAPING_SEED (default below); count: SPL2X_ESCAPING_VALUES (default 10,000). A failure prints the
 * seed and the shortest failing values first. Under CI=true a missing engine fails, never skips.
 */
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/ir/types.js';
import { esdsl } from '../../src/targets/esdsl/index.js';
import { kql } from '../../src/targets/kql/index.js';
import { loadProfile, type Profile } from '../../src/targets/profile.js';
import { sigma } from '../../src/targets/sigma/index.js';
import type { Fidelity, Note } from '../../src/targets/types.js';
import { eventFile, toDocuments, type Document } from '../../src/verify/documents.js';
import {
  clusterInfo, deleteIndex, ensureIndex, ES_START_HINT, esClient, indexEvents, searchMany, type EsMapping, type ManyQuery,
} from '../../src/verify/elasticsearch.js';
import { toDsl } from '../../src/verify/kql/index.js';
import { esdslIndex, kqlFieldTypes, sigmaIndex } from '../../src/verify/mapping.js';
import { runPysigma, SETUP_HINT, type PysigmaValue } from '../../src/verify/pysigma.js';
import { lowerSpl } from '../helpers/spl.js';
import { buildCases, FIELD, FORMS, type Case, type Form } from './cases.js';
import { randomValues, seedFromEnv } from './values.js';

const DEFAULT_SEED = 20261128;
const SEED = seedFromEnv(DEFAULT_SEED);
const COUNT = Number(process.env['SPL2X_ESCAPING_VALUES'] || 10_000);
const CI = process.env['CI'] === 'true';

function profile(name: string): Profile {
  const r = loadProfile(name);
  if (!r.ok) throw new Error(`profile ${name} does not load`);
  return r.value;
}
const ECS = profile('ecs');
const SIGMA = profile('sigma');

const values = randomValues(SEED, COUNT);
const ids = values.map((_, i) => `v${i}`);
const cases = buildCases(values, SEED);

const client: Client = esClient();
const index = `spl2x-escaping-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let engineProblem = '';
let mapping: EsMapping | undefined;
const rules = new Map<Case, Rule | string>();

/** What one target did with the cases: per form, how many ran, held, were skipped and why; the failures. */
interface Outcome {
  readonly ran: Record<Form, number>;
  readonly notRun: Map<string, number>;
  /** Ran, with a remark (e.g. an oracle's output repaired). */
  readonly remarks: Map<string, number>;
  readonly failures: Failure[];
  readonly values: Set<number>;
  ms: number;
}
interface Failure {
  readonly c: Case;
  readonly what: string;
  readonly output: string;
  readonly missing: readonly number[];
  readonly extra: readonly string[];
  readonly error?: string;
}

const newOutcome = (): Outcome => ({
  ran: Object.fromEntries(FORMS.map((f) => [f, 0])) as Record<Form, number>,
  notRun: new Map(),
  remarks: new Map(),
  failures: [],
  values: new Set(),
  ms: 0,
});

function describeOutcome(target: string, o: Outcome): string {
  const lines = [
    `${target}: seed ${SEED} (SPL2X_ESCAPING_SEED), ${values.length} values, ${o.values.size} values run on Elasticsearch, ` +
      `${Object.values(o.ran).reduce((a, b) => a + b, 0)} queries in ${(o.ms / 1000).toFixed(1)} s`,
    `  run per form: ${FORMS.map((f) => `${f} ${o.ran[f]}`).join(', ')}`,
    ...[...o.notRun].map(([why, n]) => `  not run (${n}): ${why}`),
    ...[...o.remarks].map(([why, n]) => `  ran (${n}): ${why}`),
  ];
  if (o.failures.length) {
    lines.push(`  FAILURES: ${o.failures.length}; shortest first:`);
    const sorted = [...o.failures].sort((a, b) => values[a.c.value]!.length - values[b.c.value]!.length);
    for (const f of sorted.slice(0, 12)) {
      lines.push(
        `  - ${f.c.form} value ${JSON.stringify(values[f.c.value])}${f.c.pattern !== undefined ? ` pattern ${JSON.stringify(f.c.pattern)}` : ''}`,
        `    SPL: ${f.c.spl}`,
        `    ${f.what}: ${f.output}`,
        ...(f.error ? [`    error: ${f.error}`] : []),
        ...(f.missing.length ? [`    missing: ${f.missing.slice(0, 5).map((i) => JSON.stringify(values[i])).join(', ')}${f.missing.length > 5 ? ` … (${f.missing.length})` : ''}`] : []),
        ...(f.extra.length ? [`    extra: ${f.extra.slice(0, 5).map((id) => JSON.stringify(values[Number(id.slice(1))])).join(', ')}${f.extra.length > 5 ? ` … (${f.extra.length})` : ''}`] : []),
      );
    }
  }
  return lines.join('\n');
}

function ruleOf(c: Case): Rule | string {
  let r = rules.get(c);
  if (r === undefined) {
    try {
      const rule = lowerSpl(c.spl);
      const errors = rule.diagnostics.filter((d) => d.severity === 'error');
      r = errors.length ? `SPL errors: ${errors.map((d) => d.message).join('; ')}` : rule;
    } catch (e) {
      r = `frontend threw: ${(e as Error).message}`;
    }
    rules.set(c, r);
  }
  return r;
}

interface Job {
  readonly c: Case;
  readonly query: Record<string, unknown>;
  readonly fidelity: Fidelity;
  readonly what: string;
  readonly output: string;
}

const tally = (m: Map<string, number>, why: string) => m.set(why, (m.get(why) ?? 0) + 1);

/** Run jobs on the index and compare each with its case's reference set, as its verdict says. */
async function runJobs(jobs: readonly Job[], o: Outcome): Promise<void> {
  const queries: ManyQuery[] = jobs.map((j) => ({ query: j.query, size: j.fidelity === 'exact' ? Math.min(10_000, j.c.expected.length + 1) : 10_000 }));
  const answers = await searchMany(client, index, queries, { batch: 200, concurrency: 2 });
  if (!answers.ok) throw new Error(`Elasticsearch: ${answers.error}`);
  answers.value.forEach((a, k) => {
    const j = jobs[k]!;
    o.ran[j.c.form]++;
    o.values.add(j.c.value);
    const expected = new Set(j.c.expected.map((i) => ids[i]!));
    if (!a.ok) {
      o.failures.push({ c: j.c, what: j.what, output: j.output, missing: j.c.expected, extra: [], error: a.error });
      return;
    }
    const got = new Set(a.ids);
    const missing = j.c.expected.filter((i) => !got.has(ids[i]!));
    const extra = a.ids.filter((id) => !expected.has(id));
    const holds = j.fidelity === 'exact' ? a.total === expected.size && extra.length === 0 && missing.length === 0 : missing.length === 0;
    if (!holds) o.failures.push({ c: j.c, what: j.what, output: j.output, missing, extra: j.fidelity === 'exact' ? extra : [] });
  });
}

function hint(): string {
  return `${engineProblem}\n${ES_START_HINT}${CI ? '\nCI=true: Elasticsearch must be running (ES_URL), never skipped' : ''}`;
}

beforeAll(async () => {
  const info = await clusterInfo(client);
  if (!info.ok) {
    engineProblem = info.error;
    return;
  }
  // One index, both schemas of the parity suite: the esdsl/kql fields of the ecs profile (process.command_line, a
  // keyword without normalizer) and the sigma schema's CommandLine (a keyword with the lowercase normalizer).
  const events = values.map((v, i) => ({ id: ids[i]!, [FIELD]: v }));
  const file = eventFile('escaping', events);
  const ecsDocs = toDocuments(file, ECS).documents;
  const sigmaDocs = toDocuments(file, SIGMA).documents;
  const docs: Document[] = ecsDocs.map((d, i) => ({ ...sigmaDocs[i]!, ...d }));
  const ecsSpec = esdslIndex(ECS, ecsDocs);
  const sigmaSpec = sigmaIndex(SIGMA, sigmaDocs);
  mapping = { ...ecsSpec.mapping, properties: { ...sigmaSpec.mapping.properties, ...ecsSpec.mapping.properties } };
  const created = await ensureIndex(client, index, mapping, { ...sigmaSpec.settings, ...ecsSpec.settings, query: { default_field: ['_raw'] } });
  if (!created.ok) throw new Error(`cannot create ${index}: ${created.error}`);
  const indexed = await indexEvents(client, index, docs, ids);
  if (!indexed.ok) throw new Error(indexed.error);
}, 300_000);

afterAll(async () => {
  if (!engineProblem) await deleteIndex(client, index);
});

describe(`escaping on Elasticsearch (seed ${SEED}, ${COUNT} values)`, () => {
  it('Elasticsearch answers (ES_URL, or npm run es:start)', () => {
    expect(engineProblem, hint()).toBe('');
  });

  it('has at least 10,000 distinct values and every form', () => {
    expect(values.length).toBeGreaterThanOrEqual(Math.min(COUNT, 10_000));
    expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(values.length);
    for (const f of FORMS) expect(cases.some((c) => c.form === f), f).toBe(true);
  });

  it('every rule goes through the frontend without an error', () => {
    const bad = cases.map((c) => [c, ruleOf(c)] as const).filter(([, r]) => typeof r === 'string');
    expect(bad.slice(0, 10).map(([c, r]) => `${c.spl}: ${String(r)}`), `seed ${SEED}`).toEqual([]);
  });

  it('esdsl: each query finds exactly the reference documents', async () => {
    expect(engineProblem, hint()).toBe('');
    const t0 = Date.now();
    const o = newOutcome();
    const jobs: Job[] = [];
    for (const c of cases) {
      const rule = ruleOf(c);
      if (typeof rule === 'string') continue;
      const r = esdsl.convert(rule, { profile: ECS, strict: false });
      if (r.fidelity !== 'exact' && r.fidelity !== 'superset') {
        tally(o.notRun, `${c.form}: verdict ${r.fidelity}: ${notesOf(r.notes)}`);
        o.failures.push({ c, what: 'esdsl', output: JSON.stringify(r.output.body.query), missing: [], extra: [], error: `verdict ${r.fidelity}: ${notesOf(r.notes)}` });
        continue;
      }
      jobs.push({ c, query: r.output.body.query as Record<string, unknown>, fidelity: r.fidelity, what: `esdsl (${r.fidelity})`, output: JSON.stringify(r.output.body.query) });
    }
    await runJobs(jobs, o);
    o.ms = Date.now() - t0;
    console.log(describeOutcome('esdsl', o));
    expect(o.failures.length, describeOutcome('esdsl', o)).toBe(0);
    expect(o.values.size).toBe(values.length);
  }, 600_000);

  it('kql: the KQL, read as Kibana does (with and without a data view), finds exactly the reference documents', async () => {
    expect(engineProblem, hint()).toBe('');
    const t0 = Date.now();
    const o = newOutcome();
    const fields = kqlFieldTypes([mapping!]);
    const jobs: Job[] = [];
    for (const c of cases) {
      const rule = ruleOf(c);
      if (typeof rule === 'string') continue;
      const r = kql.convert(rule, { profile: ECS, strict: false });
      if (r.fidelity !== 'exact' && r.fidelity !== 'superset') {
        tally(o.notRun, `${c.form}: verdict ${r.fidelity}${r.notes.some((n) => n.mayMiss) ? ' (may miss: KQL compares keywords case-sensitively)' : `: ${notesOf(r.notes)}`}`);
        continue;
      }
      for (const [how, opts] of [['data view', { fields }], ['no data view', {}]] as const) {
        let dsl: Record<string, unknown>;
        try {
          dsl = toDsl(r.output, opts);
        } catch (e) {
          o.failures.push({ c, what: `kql (${how})`, output: r.output, missing: [], extra: [], error: `the KQL reader rejects it: ${(e as Error).message}` });
          continue;
        }
        // Without a data view only wildcard values read differently (query_string instead of wildcard): the
        // literal ones (match_phrase on a keyword: one term) add nothing but time.
        if (how === 'no data view' && !JSON.stringify(dsl).includes('"query_string"')) continue;
        jobs.push({ c, query: dsl, fidelity: r.fidelity, what: `kql ${r.fidelity}, read with ${how} → ${JSON.stringify(dsl)}`, output: r.output });
      }
    }
    await runJobs(jobs, o);
    o.ms = Date.now() - t0;
    console.log(describeOutcome('kql', o));
    expect(o.failures.length, describeOutcome('kql', o)).toBe(0);
    expect(o.values.size).toBe(values.length);
  }, 600_000);

  it("sigma: pySigma reads every value back as the rule's value, and its Lucene query finds exactly the reference documents", async () => {
    expect(engineProblem, hint()).toBe('');
    const t0 = Date.now();
    const o = newOutcome();
    const readBack = { checked: 0, failures: [] as string[] };
    const texts: { c: Case; text: string; fidelity: Fidelity; lucene: boolean }[] = [];
    for (const c of cases) {
      const rule = ruleOf(c);
      if (typeof rule === 'string') continue;
      // Read back: every search form; `where` equality for the values search cannot write (a literal `*`).
      const wanted = c.form === 'search-eq' || c.form === 'search-wildcard' || (c.form === 'where-eq' && /[*?]/.test(values[c.value]!));
      if (!wanted) continue;
      const r = sigma.convert(rule, { profile: SIGMA, strict: false });
      if (r.fidelity !== 'exact') {
        o.failures.push({ c, what: 'sigma', output: r.output, missing: [], extra: [], error: `verdict ${r.fidelity}: ${notesOf(r.notes)}` });
        continue;
      }
      texts.push({ c, text: r.output, fidelity: r.fidelity, lucene: c.form !== 'where-eq' });
    }
    tally(o.notRun, 'where-eq: |cased values (pySigma-backend-elasticsearch has no case-sensitive Lucene form, the index folds case): read back by pySigma only');
    // pySigma in two processes (a 2-core machine): validators off, values read back, Lucene written.
    const half = Math.ceil(texts.length / 2);
    const runs = await Promise.all([texts.slice(0, half), texts.slice(half)].map((part) =>
      runPysigma({ rules: part.map((t) => t.text), backend: true, validate: false, values: true }, { timeoutMs: 900_000 })));
    for (const py of runs) expect(py.ok, py.ok ? '' : `${py.message}\n${SETUP_HINT}`).toBe(true);
    const results = runs.flatMap((py) => (py.ok ? py.report.results : []));
    expect(results.length).toBe(texts.length);
    const jobs: Job[] = [];
    texts.forEach((t, k) => {
      const res = results[k]!;
      const detection = sigmaDetection(t.text);
      if (!res.loaded) {
        o.failures.push({ c: t.c, what: 'sigma', output: detection, missing: [], extra: [], error: `pySigma does not load it: ${res.errors.join('; ')}` });
        return;
      }
      // 1. pySigma's reading of the value is the rule's value (or pattern), character for character.
      readBack.checked++;
      const want = t.c.pattern ?? values[t.c.value]!;
      const got = (res.values ?? []).map(readValue);
      if (got.length !== 1 || got[0] !== want)
        readBack.failures.push(`${t.c.form} ${JSON.stringify(want)}: pySigma reads ${JSON.stringify(got)} from\n    ${detection}`);
      if (!t.lucene) return;
      // 2. pySigma's Lucene on Elasticsearch.
      const lucene = res.lucene ?? [];
      if (res.backendErrors.length || lucene.length !== 1) {
        o.failures.push({ c: t.c, what: 'sigma', output: detection, missing: [], extra: [], error: `pySigma Lucene: ${res.backendErrors.join('; ') || `${lucene.length} queries`}` });
        return;
      }
      const q = repairLucene(lucene[0]!);
      if (q.rangeShorthand) {
        tally(o.notRun, `${t.c.form}: a value starting with < or >: Elasticsearch's query_string reads \\< \\> at the start of a term as a range (QueryStringQueryParser), escaped or not; read back by pySigma only`);
        return;
      }
      if (q.repaired) tally(o.remarks, `${t.c.form}: after escaping the tab/newline/CR pySigma-backend-elasticsearch leaves bare (its add_escaped lists the space only; query_string splits on them)`);
      jobs.push({ c: t.c, query: { query_string: { query: q.query, analyze_wildcard: true } }, fidelity: t.fidelity, what: `sigma → pySigma Lucene ${JSON.stringify(q.query)}`, output: detection });
    });
    await runJobs(jobs, o);
    o.ms = Date.now() - t0;
    const report = `${describeOutcome('sigma', o)}\n  pySigma read back ${readBack.checked} values: ${readBack.failures.length} differ${readBack.failures.slice(0, 10).map((f) => `\n  - ${f}`).join('')}`;
    console.log(report);
    expect(readBack.failures.length, report).toBe(0);
    expect(o.failures.length, report).toBe(0);
    expect(o.values.size).toBeGreaterThanOrEqual(Math.min(COUNT, 10_000) * 0.9);
    expect(readBack.checked).toBeGreaterThanOrEqual(Math.min(COUNT, 10_000));
  }, 900_000);
});

/** pySigma's reading of a value as SPL writes a pattern: text, `*` for any run (`?` shown for one character). */
function readValue(v: PysigmaValue): string {
  if (v.parts) return v.parts.map((p) => ('lit' in p ? p.lit : 'any' in p ? '*' : '?')).join('');
  return v.text ?? `<${v.type}>`;
}

/**
 * pySigma-backend-elasticsearch 2.1.1's Lucene, made runnable where the backend's escaping is short of
 * query_string's grammar: it escapes the space but not tab, newline, CR (or U+3000), which query_string reads as
 * whitespace between terms; they are escaped here (outside quotes). A term starting with `\<` or `\>` is read as a
 * range by Elasticsearch's query_string whatever the escaping: reported, not repaired.
 */
function repairLucene(q: string): { query: string; repaired: boolean; rangeShorthand: boolean } {
  let out = '';
  let inQuote = false;
  let repaired = false;
  for (let i = 0; i < q.length; i++) {
    const ch = q[i]!;
    if (ch === '\\') {
      out += ch + (q[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && /[\t\n\r\u3000]/.test(ch)) {
      out += `\\${ch}`;
      repaired = true;
      continue;
    }
    out += ch;
  }
  return { query: out, repaired, rangeShorthand: /^[^:]+:\\[<>]/.test(q) && !/[*?]/.test(q.replace(/\\./g, '')) };
}

function notesOf(notes: readonly Note[]): string {
  return notes.filter((n) => n.level !== 'info').map((n) => n.message).join(' | ') || '(no note)';
}

/** The detection part of a Sigma text, for failure messages. */
function sigmaDetection(text: string): string {
  const m = /detection:\n([\s\S]*?)\n\S/.exec(text);
  return m ? m[1]!.trim() : text;
}
