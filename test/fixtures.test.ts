import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFrontend } from '../src/ir/lower/index.js';
import { loadRuleText } from '../src/load/index.js';
import { loadMacros, MacroTable } from '../src/macros/index.js';
import { isPermissive, renderFixtures } from './fixtures/events/build.mjs';
import { CORPUS, hasShared } from './helpers/corpus.js';

/**
 * The shared fixtures every target is checked on (structure only; the matcher and target tests compare their
 * results with test/fixtures/expect/):
 *
 * - test/fixtures/rules/: every rule loads and lowers with no error diagnostic and no opaque stage;
 * - test/fixtures/expect/<rule file name without extension>.json: names existing event files and ids, and the rule
 *   has at least one matching and one non-matching event there;
 * - test/fixtures/events/*.ndjson: flat Splunk-shaped events with unique ids, each with a permissive licence or
 *   written by the project, and exactly what build.mjs produces;
 * - test/fixtures/rules/corpus.list: real corpus rules read from ../shared/corpus, with their expectations in
 *   test/fixtures/expect/corpus/.
 */

const FIXTURES = 'test/fixtures';
const RULES = join(FIXTURES, 'rules');
const EVENTS = join(FIXTURES, 'events');
const EXPECT = join(FIXTURES, 'expect');
const RULE_EXT = /\.(ya?ml|spl|txt)$/i;

type Value = string | number | boolean | null;
type Event = Record<string, Value | Value[]>;
interface Expectation {
  events: string[];
  matches: string[];
  rows?: Record<string, unknown>[];
  notes?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Events

const eventFiles = readdirSync(EVENTS)
  .filter((f) => f.endsWith('.ndjson'))
  .sort();
const events = new Map<string, Event[]>(
  eventFiles.map((f) => [
    f,
    readFileSync(join(EVENTS, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Event),
  ]),
);
const idsOf = (file: string): string[] => (events.get(file) ?? []).map((e) => String(e.id));

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

describe('fixture events', () => {
  it('exist', () => {
    expect(eventFiles.length).toBeGreaterThanOrEqual(9);
  });

  it('have ids unique across all files', () => {
    const all = [...events.values()].flat().map((e) => e.id);
    expect(all.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });

  it.each(eventFiles)('%s: flat events (scalars or arrays of scalars) with an epoch-seconds _time', (file) => {
    const list = events.get(file)!;
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) {
      for (const [k, v] of Object.entries(e)) {
        const ok = isScalar(v) || (Array.isArray(v) && v.length > 0 && v.every(isScalar));
        expect(ok, `${e.id}.${k}`).toBe(true);
      }
      expect(typeof e._time, `${e.id}._time`).toBe('number');
      expect(Number.isInteger(e._time), `${e.id}._time`).toBe(true);
    }
  });

  it.each(eventFiles)('%s: every event carries a permissive licence or is written by the project', (file) => {
    for (const e of events.get(file)!) {
      const license = e.meta_license;
      expect(typeof license, `${e.id}: meta_license`).toBe('string');
      expect(String(license), `${e.id}`).not.toMatch(/GPL|no licen[cs]e/i);
      if (e.meta_written_by === 'project') continue;
      expect(isPermissive(license), `${e.id}: ${String(license)}`).toBe(true);
      for (const k of ['meta_source_repo', 'meta_source_commit', 'meta_source_file']) {
        expect(typeof e[k], `${e.id}: ${k}`).toBe('string');
      }
      expect(String(e.meta_source_commit)).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('README lists every source repository', () => {
    const readme = readFileSync(join(EVENTS, 'README.md'), 'utf8');
    const repos = new Set([...events.values()].flat().filter((e) => e.meta_written_by !== 'project').map((e) => String(e.meta_source_repo)));
    for (const repo of repos) expect(readme, repo).toContain(repo.replace(/ \(.*$/, ''));
  });

  it('are exactly what build.mjs produces (run `node test/fixtures/events/build.mjs` after a change)', () => {
    const { files, real } = renderFixtures();
    if (process.env.CI) expect(real, 'CI: ../shared/events is required').toBe(true);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(EVENTS, name), 'utf8'), name).toBe(text);
    }
    if (real) expect(Object.keys(files).sort()).toEqual(eventFiles);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Expectations

function readExpectation(path: string): Expectation {
  return JSON.parse(readFileSync(path, 'utf8')) as Expectation;
}

/** The checks every expectation (fixture or corpus rule) passes. */
function checkExpectation(path: string): void {
  expect(existsSync(path), `${path} is missing`).toBe(true);
  const x = readExpectation(path);
  expect(Array.isArray(x.events) && x.events.length > 0, 'events').toBe(true);
  for (const f of x.events) expect(eventFiles, `${path}: event file ${f}`).toContain(f);
  const ids = x.events.flatMap(idsOf);
  expect(Array.isArray(x.matches), 'matches').toBe(true);
  expect(new Set(x.matches).size, `${path}: duplicate ids in matches`).toBe(x.matches.length);
  for (const id of x.matches) expect(ids, `${path}: match ${id} is not an event of ${x.events.join(', ')}`).toContain(id);
  expect(x.matches.length, `${path}: no matching event`).toBeGreaterThan(0);
  expect(ids.length - x.matches.length, `${path}: no non-matching event`).toBeGreaterThan(0);
  if (x.rows !== undefined) {
    expect(Array.isArray(x.rows)).toBe(true);
    for (const r of x.rows) expect(r !== null && typeof r === 'object' && !Array.isArray(r)).toBe(true);
  }
  const known = new Set(['events', 'matches', 'rows', 'notes']);
  expect(Object.keys(x).filter((k) => !known.has(k)), path).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

const ruleFiles = readdirSync(RULES)
  .filter((f) => RULE_EXT.test(f))
  .sort();
const ruleName = (f: string): string => basename(f).replace(RULE_EXT, '');

const examplesMacros = await loadMacros('examples/macros.conf');
if (!examplesMacros.ok) throw new Error('examples/macros.conf does not load');
const ownMacros = existsSync(join(FIXTURES, 'macros.conf')) ? await loadMacros(join(FIXTURES, 'macros.conf'), { base: examplesMacros.value }) : examplesMacros;
if (!ownMacros.ok) throw new Error('test/fixtures/macros.conf does not load');
const macros = ownMacros.value;

describe('fixture rules', () => {
  it('are at least 30, with no two sharing a name', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ruleFiles.map(ruleName)).size).toBe(ruleFiles.length);
  });

  it('every expectation belongs to a rule', () => {
    const names = new Set(ruleFiles.map(ruleName));
    const orphans = readdirSync(EXPECT)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .filter((n) => !names.has(n));
    expect(orphans).toEqual([]);
  });

  describe.each(ruleFiles)('%s', (file) => {
    const path = join(RULES, file);

    it('loads and lowers with no error diagnostic and no opaque stage', () => {
      const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      expect(loaded.value).toHaveLength(1);
      const { rule } = runFrontend(loaded.value[0]!, { macros });
      expect(rule.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(rule.stageMap.filter((s) => s.loweredTo === 'opaque').map((s) => s.command)).toEqual([]);
    });

    it('has an expectation naming existing events, with matching and non-matching events', () => {
      checkExpectation(join(EXPECT, `${ruleName(file)}.json`));
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real corpus rules (read from ../shared, never copied)

const corpusList = readFileSync(join(RULES, 'corpus.list'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('corpus rules of corpus.list', () => {
  it('lists a handful of rules, each with an expectation', () => {
    expect(corpusList.length).toBeGreaterThanOrEqual(3);
    const names = corpusList.map((p) => basename(p).replace(RULE_EXT, ''));
    expect(new Set(names).size).toBe(names.length);
    const files = readdirSync(join(EXPECT, 'corpus')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...names].sort());
  });

  it.each(corpusList)('%s: its expectation names existing events, with matching and non-matching events', (rel) => {
    checkExpectation(join(EXPECT, 'corpus', `${basename(rel).replace(RULE_EXT, '')}.json`));
  });

  describe.runIf(hasShared(CORPUS))('in ../shared/corpus', async () => {
    const escu = await loadMacros(resolve(CORPUS, 'escu/macros'));
    const escuMacros = escu.ok ? escu.value : MacroTable.builtin();

    it.each(corpusList)('%s loads and lowers with no error diagnostic and no opaque stage', (rel) => {
      const path = resolve(CORPUS, rel);
      expect(existsSync(path), path).toBe(true);
      const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      const { rule } = runFrontend(loaded.value[0]!, { macros: rel.startsWith('escu/') ? escuMacros : MacroTable.builtin() });
      expect(rule.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(rule.stageMap.filter((s) => s.loweredTo === 'opaque').map((s) => s.command)).toEqual([]);
    });
  });
});
