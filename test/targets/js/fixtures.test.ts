/**
 * The JS matcher on the shared fixtures: for every rule of test/fixtures/rules (and the real rules of corpus.list),
 * the events whose ids pass `filter` are the expectation's `matches`, and `run` gives its `rows`
 * (test/fixtures/expect/, written by hand from docs/semantics.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import type { Rule } from '../../../src/ir/types.js';
import { loadRuleText } from '../../../src/load/index.js';
import { loadMacros, MacroTable, type MacroTable as Macros } from '../../../src/macros/index.js';
import { js } from '../../../src/targets/js/index.js';
import { loadModule, parseEvents } from '../../../src/targets/js/run.js';
import { CORPUS, hasShared } from '../../helpers/corpus.js';
import { NOW, profile } from './helpers.js';

const FIXTURES = 'test/fixtures';
const RULE_EXT = /\.(ya?ml|spl|txt)$/i;

interface Expectation {
  readonly events: readonly string[];
  readonly matches: readonly string[];
  readonly rows?: readonly Record<string, unknown>[];
}

function eventsOf(files: readonly string[]): Record<string, unknown>[] {
  return files.flatMap((f) => {
    const parsed = parseEvents(readFileSync(join(FIXTURES, 'events', f), 'utf8'), f);
    expect(parsed.diagnostics).toEqual([]);
    return parsed.events as Record<string, unknown>[];
  });
}

function lower(path: string, macros: Macros): Rule {
  const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return runFrontend(loaded.value[0]!, { macros }).rule;
}

async function check(rule: Rule, x: Expectation): Promise<void> {
  const result = js.convert(rule, { profile: profile('splunk'), strict: false });
  expect(result.notes.filter((n) => n.level !== 'info').map((n) => n.message)).toEqual([]);
  expect(result.fidelity).toBe('exact');
  const mod = await loadModule(result.output);
  const events = eventsOf(x.events);
  const matches = events.filter((e) => mod.filter(e, { events })).map((e) => String(e['id']));
  expect([...matches].sort()).toEqual([...x.matches].sort());
  if (x.rows !== undefined) expect(JSON.parse(JSON.stringify(mod.run(events, { now: NOW })))).toEqual(x.rows);
}

const examples = await loadMacros('examples/macros.conf');
if (!examples.ok) throw new Error('examples/macros.conf does not load');
const own = existsSync(join(FIXTURES, 'macros.conf')) ? await loadMacros(join(FIXTURES, 'macros.conf'), { base: examples.value }) : examples;
if (!own.ok) throw new Error('test/fixtures/macros.conf does not load');
const fixtureMacros = own.value;

const ruleFiles = readdirSync(join(FIXTURES, 'rules')).filter((f) => RULE_EXT.test(f)).sort();
const expectation = (name: string): Expectation => JSON.parse(readFileSync(join(FIXTURES, 'expect', `${name}.json`), 'utf8')) as Expectation;

describe('fixture rules', () => {
  it.each(ruleFiles)('%s', async (file) => {
    await check(lower(join(FIXTURES, 'rules', file), fixtureMacros), expectation(file.replace(RULE_EXT, '')));
  });

  it('examples/psexec_service_creation.yml meets the seed expectation', async () => {
    await check(lower('examples/psexec_service_creation.yml', fixtureMacros), expectation('psexec-service-creation.catalog'));
  });
});

const corpusList = readFileSync(join(FIXTURES, 'rules', 'corpus.list'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe.runIf(hasShared(CORPUS))('corpus rules of corpus.list', async () => {
  const escu = await loadMacros(resolve(CORPUS, 'escu/macros'));
  const escuMacros = escu.ok ? escu.value : MacroTable.builtin();
  it.each(corpusList)('%s', async (rel) => {
    const rule = lower(resolve(CORPUS, rel), rel.startsWith('escu/') ? escuMacros : MacroTable.builtin());
    await check(rule, expectation(join('corpus', basename(rel).replace(RULE_EXT, ''))));
  });
});
