/**
 * Elasticsearch's own regexp limits (issue #7), checked at conversion by src/targets/esdsl/limits.ts, proven on the
 * real engine:
 *
 * - `index.max_regex_length` (1,000): a 1,000-character regexp runs, 1,001 is refused — and the check agrees;
 * - `max_determinized_states` (10,000; Lucene's effort limit 100,000): for families of known-explosive shapes, the
 *   estimate rejects exactly the sizes Elasticsearch refuses (`too_complex_to_determinize_exception`) and accepts
 *   the ones it runs;
 * - a rule over a limit converts to a superset (`exists` on the field) with a warning at the predicate, and the
 *   regexp it would have written is indeed refused by the engine;
 * - every regexp the esdsl target writes for the fixture rules, the examples and the real corpora runs.
 *
 * Under CI=true a missing engine fails, never skips.
 */
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFrontend } from '../../src/ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../../src/load/index.js';
import { loadMacros, MacroTable } from '../../src/macros/index.js';
import { pcreToLucene } from '../../src/regex/index.js';
import { esdsl } from '../../src/targets/esdsl/index.js';
import { determinizeEffort, MAX_REGEX_LENGTH, regexpLimitProblem } from '../../src/targets/esdsl/limits.js';
import { loadProfile } from '../../src/targets/profile.js';
import {
  clusterInfo, deleteIndex, ensureIndex, ES_START_HINT, esClient, indexEvents, searchMany, type ManyAnswer,
} from '../../src/verify/elasticsearch.js';
import { CORPUS, hasShared } from '../helpers/corpus.js';
import { lowerSpl } from '../helpers/spl.js';
import { splString } from './values.js';

const ECS = (() => {
  const r = loadProfile('ecs');
  if (!r.ok) throw new Error('ecs profile');
  return r.value;
})();

const client: Client = esClient();
const index = `spl2x-escaping-limits-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const FIELD = 'process.command_line';
let engineProblem = '';

beforeAll(async () => {
  const info = await clusterInfo(client);
  if (!info.ok) {
    engineProblem = info.error;
    return;
  }
  const created = await ensureIndex(client, index, { dynamic: 'strict', properties: { [FIELD]: { type: 'keyword' }, 'event.original': { type: 'keyword' } } });
  if (!created.ok) throw new Error(created.error);
  const indexed = await indexEvents(client, index, [{ [FIELD]: 'a'.repeat(20) }, { [FIELD]: 'x', 'event.original': 'x' }]);
  if (!indexed.ok) throw new Error(indexed.error);
});

afterAll(async () => {
  if (!engineProblem) await deleteIndex(client, index);
});

const hint = () => `${engineProblem}\n${ES_START_HINT}${process.env['CI'] === 'true' ? '\nCI=true: Elasticsearch must be running, never skipped' : ''}`;

/** Run regexps (on FIELD) and give each one's outcome: `ok`, or Elasticsearch's reason. */
async function engine(regexps: readonly { value: string; ci?: boolean; field?: string }[]): Promise<ManyAnswer[]> {
  const r = await searchMany(
    client,
    index,
    regexps.map((x) => ({ query: { regexp: { [x.field ?? FIELD]: { value: x.value, ...(x.ci ? { case_insensitive: true } : {}) } } }, size: 0 })),
    { batch: 100 },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const refusedForLength = (a: ManyAnswer) => !a.ok && /index\.max_regex_length/.test(a.error);
const refusedAsComplex = (a: ManyAnswer) => !a.ok && /too_complex_to_determinize|would require more than|input automaton is too large/.test(a.error);

describe('index.max_regex_length (1,000 characters)', () => {
  it('the engine runs 1,000 characters and refuses 1,001; the check says the same', async () => {
    expect(engineProblem, hint()).toBe('');
    const at = 'a'.repeat(MAX_REGEX_LENGTH);
    const over = 'a'.repeat(MAX_REGEX_LENGTH + 1);
    const [a, b] = await engine([{ value: at }, { value: over }]);
    expect(a!.ok).toBe(true);
    expect(refusedForLength(b!), JSON.stringify(b)).toBe(true);
    expect(regexpLimitProblem(at)).toBeUndefined();
    expect(regexpLimitProblem(over)).toMatch(/1001 characters, over Elasticsearch's index\.max_regex_length \(1000\)/);
  });

  it('counts UTF-16 code units, as Java does: 500 astral characters are 1,000 units', async () => {
    expect(engineProblem, hint()).toBe('');
    const at = '😀'.repeat(500);
    const over = `${at}a`;
    const [a, b] = await engine([{ value: at }, { value: over }]);
    expect(a!.ok).toBe(true);
    expect(refusedForLength(b!)).toBe(true);
    expect(regexpLimitProblem(at)).toBeUndefined();
    expect(regexpLimitProblem(over)).toBeDefined();
  });
});

/** Families of shapes whose DFA doubles with n (the `.{n}` after a `.*`-reachable letter). */
const FAMILIES: readonly { name: string; of: (n: number) => string; ns: readonly number[]; ci?: boolean; oneSide?: true }[] = [
  // The DFA doubles with n: the effort limit.
  { name: '.*a.{n}', of: (n) => `.*a.{${n}}`, ns: [8, 10, 11, 12, 13, 14, 16] },
  { name: '.*a.{n} case-insensitive', of: (n) => `.*a.{${n}}`, ns: [11, 12, 13, 14], ci: true },
  { name: '(.*a.{n})?b', of: (n) => `(.*a.{${n}})?b`, ns: [10, 11, 12, 13, 14] },
  { name: '.*[0-9].{n}[a-z].*', of: (n) => `.*[0-9].{${n}}[a-z].*`, ns: [9, 10, 11, 12, 13] },
  { name: '[ab]*a[ab]{n}', of: (n) => `[ab]*a[ab]{${n}}`, ns: [11, 12, 13, 14] },
  { name: '.*a.{n}.*', of: (n) => `.*a.{${n}}.*`, ns: [10, 11, 12, 13] },
  { name: '.{0,30}a.{n}', of: (n) => `.{0,30}a.{${n}}`, ns: [6, 7, 8, 9, 10] },
  { name: '(.*[ab]){n}c.{n}', of: (n) => `(.*[ab]){${n}}c.{${n}}`, ns: [12, 14, 15, 16, 17] },
  // {n,m} / {n,} refuse (states − 1) × n > 10,000 before building.
  { name: '(ab){n}', of: (n) => `(ab){${n}}`, ns: [4000, 5000, 5001, 6000] },
  { name: '(ab){n,}', of: (n) => `(ab){${n},}`, ns: [100, 200, 5001] },
  // CompiledAutomaton's depth-first walk: 1,000 levels, unless the language is a single string.
  { name: '.{0,n}', of: (n) => `.{0,${n}}`, ns: [500, 999, 1000, 1001, 5000] },
  { name: 'x{n} (a single string: never refused)', of: (n) => `(x{${n}})|(x{${n}})`, ns: [999, 1000, 1001, 2000], oneSide: true },
  { name: 'y{n}x?', of: (n) => `y{${n}}x?`, ns: [500, 999, 1000, 1001] },
];

describe('max_determinized_states (10,000): the estimate agrees with the engine', () => {
  it.each(FAMILIES.map((f) => [f.name, f] as const))('%s', async (_, fam) => {
    expect(engineProblem, hint()).toBe('');
    const patterns = fam.ns.map((n) => fam.of(n));
    const answers = await engine(patterns.map((value) => ({ value, ci: fam.ci ?? false })));
    const table = patterns.map((p, k) => {
      const effort = determinizeEffort(p, fam.ci ?? false);
      const a = answers[k]!;
      return { pattern: p, effort, ours: regexpLimitProblem(p, fam.ci ?? false) === undefined ? 'runs' : 'refused', engine: a.ok ? 'runs' : refusedAsComplex(a) ? 'refused' : `error: ${a.error}` };
    });
    for (const row of table) expect(row.ours, JSON.stringify(table, null, 1)).toBe(row.engine);
    // Each family crosses the limit inside its range, so both sides of the boundary are shown.
    expect(new Set(table.map((r) => r.engine))).toEqual(new Set(fam.oneSide ? ['runs'] : ['runs', 'refused']));
  });
});

describe('a rule over a limit: a superset with a positioned warning; what it would have written is refused', () => {
  const rows = [
    { name: 'a regex of 1,200 characters', pcre: 'a'.repeat(1200), limit: refusedForLength, message: /index\.max_regex_length/ },
    { name: 'an explosive regex', pcre: 'x.{14}y$', limit: refusedAsComplex, message: /max_determinized_states/ },
    {
      // ../shared/corpus/escu/detections/endpoint/powershell_script_block_with_url_chain.yml (its quotes SPL-unescaped)
      name: "a real rule's URL-chain regex",
      pcre: '("?(https?:\\/\\/(?:www\\.)?[-a-zA-Z0-9@:%._\\+~#=]{1,256}\\.[a-zA-Z0-9()]{1,6}\\b(?:[-a-zA-Z0-9()@:%_\\+.~#?&\\/=]*))"?(?:,|\\))?){2,}',
      limit: refusedAsComplex,
      message: /max_determinized_states/,
    },
  ] as const;
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_, row) => {
    expect(engineProblem, hint()).toBe('');
    const spl = `| regex CommandLine=${splString(row.pcre)}`;
    const out = esdsl.convert(lowerSpl(spl), { profile: ECS, strict: false });
    expect(out.fidelity).toBe('superset');
    expect(out.output.body.query).toEqual({ exists: { field: FIELD } });
    const note = out.notes.find((n) => row.message.test(n.message));
    expect(note, JSON.stringify(out.notes)).toBeDefined();
    expect(note!.level).toBe('warning');
    // The note points at the pattern, in the rule's text.
    expect(note!.span!.start).toBeGreaterThan(spl.indexOf('='));
    expect(note!.span!.end).toBeLessThanOrEqual(spl.length);
    // What the regexp would have been, on the engine:
    const lucene = pcreToLucene(row.pcre);
    if ('error' in lucene) throw new Error(lucene.error.message);
    const [a] = await engine([{ value: lucene.pattern }]);
    expect(row.limit(a!), JSON.stringify(a)).toBe(true);
    // Under NOT the negated test is dropped (superset), never approximated inward.
    const neg = esdsl.convert(lowerSpl(`| regex CommandLine!=${splString(row.pcre)}`), { profile: ECS, strict: false });
    expect(neg.fidelity).toBe('superset');
    expect(JSON.stringify(neg.output.body.query)).not.toContain('regexp');
  });
});

/** Every `regexp` inside a query. */
function regexps(q: unknown, out: { field: string; value: string; ci: boolean }[] = []): { field: string; value: string; ci: boolean }[] {
  if (Array.isArray(q)) for (const x of q) regexps(x, out);
  else if (q && typeof q === 'object')
    for (const [k, v] of Object.entries(q)) {
      if (k === 'regexp' && v && typeof v === 'object')
        for (const [field, spec] of Object.entries(v as Record<string, { value: string; case_insensitive?: boolean }>))
          out.push({ field, value: spec.value, ci: spec.case_insensitive === true });
      else regexps(v, out);
    }
  return out;
}

describe('every regexp the esdsl target writes for real rules runs on the engine', () => {
  it('fixture rules, examples and (with ../shared) the real corpora', async () => {
    expect(engineProblem, hint()).toBe('');
    const sets: { dirs: string[]; macros?: string }[] = [
      { dirs: [join('test/fixtures/rules')] },
      { dirs: ['examples'], macros: 'examples/macros.conf' },
    ];
    if (hasShared(CORPUS)) {
      sets.push({ dirs: [`${CORPUS}/escu/detections`], macros: `${CORPUS}/escu/macros` });
      sets.push({ dirs: [`${CORPUS}/armory/detections`] });
    }
    const found = new Map<string, { field: string; value: string; ci: boolean }>();
    let rules = 0;
    for (const set of sets) {
      const table = set.macros ? await loadMacros(set.macros) : undefined;
      const macros = table?.ok ? table.value : MacroTable.builtin();
      for (const f of await listRuleFiles(set.dirs)) {
        const r = await loadRuleFile(f);
        if (!r.ok) continue;
        for (const doc of r.value) {
          rules++;
          const out = esdsl.convert(runFrontend(doc, { macros }).rule, { profile: ECS, strict: false });
          for (const x of regexps(out.output.body.query)) {
            expect(regexpLimitProblem(x.value, x.ci), `${f}: ${x.value}`).toBeUndefined();
            found.set(JSON.stringify(x), { ...x, field: x.field === 'event.original' ? 'event.original' : FIELD });
          }
        }
      }
    }
    const list = [...found.values()];
    const answers = await engine(list);
    const failed = answers.map((a, k) => ({ a, x: list[k]! })).filter(({ a }) => !a.ok);
    console.log(`regexp limits: ${rules} rules, ${list.length} distinct regexps, all under the limits, ${list.length - failed.length} run on ${index}`);
    expect(failed.map(({ a, x }) => `${x.value}: ${a.ok ? '' : a.error}`)).toEqual([]);
    expect(list.length).toBeGreaterThan(10);
  }, 300_000);
});
