/**
 * The seed rule (examples/psexec_service_creation.yml) on 7045 events with Splunk's classic field names
 * (test/fixtures/events/js/psexec_7045.jsonl): PsExec- and Impacket-style installs give rows, near misses none.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { js } from '../../../src/targets/js/index.js';
import { loadModule, parseEvents, runModule, type MatcherModule } from '../../../src/targets/js/run.js';
import { lowerFile, profile } from './helpers.js';

const rule = lowerFile('examples/psexec_service_creation.yml');
const result = js.convert(rule, { profile: profile('splunk'), strict: false });
const parsed = parseEvents(readFileSync('test/fixtures/events/js/psexec_7045.jsonl', 'utf8'));
const events = parsed.events as Record<string, unknown>[];
let mod: MatcherModule;

beforeAll(async () => {
  mod = await loadModule(result.output);
});

describe('seed rule: PSexec Service Creation', () => {
  it('reads the fixture without diagnostics', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(events.length).toBe(13);
  });

  it('is exact; the data-source macros are info notes', () => {
    expect(result.fidelity).toBe('exact');
    expect(result.notes.filter((n) => n.level !== 'info')).toEqual([]);
    expect(result.notes.map((n) => n.message)).toEqual([
      'data source macro:get_endpoint_data is not checked: the events given to run() are the data source',
      'data source macro:get_endpoint_data_winevent is not checked: the events given to run() are the data source',
    ]);
    expect(mod.meta).toMatchObject({ id: '5399.5499', title: 'PSexec Service Creation', fidelity: 'exact' });
  });

  it.each(events.map((e) => [e['id'] as string, e] as const))('filter: %s', (id, event) => {
    expect(mod.filter(event)).toBe(!id.startsWith('near-miss'));
  });

  it('run: one row per (second, host), values(*) of the tabled fields', async () => {
    const rows = await runModule(result.output, events);
    expect(rows).toEqual([
      { _time: 1709287200, host: 'WS01', service_name: ['%SystemRoot%\\PSEXESVC.exe', '\\\\ADMIN$\\PSEXESVC.exe'] },
      { _time: 1709292615, host: 'WS02', service_name: ['\\\\ADMIN$\\aBcDeFgH.exe'] },
      { _time: 1709294400, host: 'WS03', service_name: ['C:\\Windows\\remcomsv.exe'] },
    ]);
  });

  it('run: near misses alone give no rows', async () => {
    expect(await runModule(result.output, events.filter((e) => String(e['id']).startsWith('near-miss')))).toEqual([]);
  });

  it('the module is self-contained: no import/require, no dynamic code', () => {
    expect(result.output).not.toMatch(/^\s*import\b/m);
    expect(result.output).not.toMatch(/\brequire\(|\beval\(|new Function/);
    expect(js.serialize(result.output)).toBe(result.output);
  });
});
