import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { js } from '../../../src/targets/js/index.js';
import { loadModule, parseEvents } from '../../../src/targets/js/run.js';
import { kql, kqlTarget } from '../../../src/targets/kql/index.js';
import { loadProfile } from '../../../src/targets/profile.js';
import type { Target } from '../../../src/targets/types.js';
import { lowerSpl } from '../../helpers/spl.js';
import { evaluate, parseKql, type Event } from './kql-grammar.js';

/**
 * Differential check of the verdicts: on every fixture event, the KQL (run by the test recogniser's keyword-field
 * evaluator, profile `splunk`, so field names are the events' own) is compared with the JS matcher's `filter`, the
 * reference implementation of the runtime semantics. `exact` must agree on every event; `superset` must keep every
 * event the JS matcher keeps. Case-insensitive values run with `caseFolding: 'wildcard'` too, where they are supersets.
 */
const DIR = 'test/fixtures/events';
const events = readdirSync(DIR)
  .filter((f) => f.endsWith('.ndjson'))
  .flatMap((f) => parseEvents(readFileSync(`${DIR}/${f}`, 'utf8'), f).events as Record<string, unknown>[]);

/** The profile's raw field holds `_raw`, synthesised as docs/semantics.md says when the event has none. */
function indexed(ev: Record<string, unknown>): Event {
  const out: Record<string, string | number | (string | number)[] | null> = {};
  for (const [k, v] of Object.entries(ev)) {
    if (Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'number' ? x : String(x)));
    else if (typeof v === 'number') out[k] = v;
    else if (v === null || v === undefined) out[k] = null;
    else out[k] = String(v);
  }
  if (out['_raw'] === undefined) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(ev)) {
      if (k === '_time' || k.startsWith('_') || v === null || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) lines.push(`${k}=${String(x)}`);
    }
    out['_raw'] = lines.join('\n');
  }
  return out;
}

const RULES = [
  'EventCode=7045',
  'EventCode IN (7045, 7036) NOT EventCode=7036',
  'EventCode=7045 Service_Name=PSEXESVC',
  'EventCode=7045 Service_Name=CASE(PSEXESVC)',
  'EventCode=7045 NOT Service_Start_Type="disabled"',
  'EventCode=7045 Service_Start_Type!="demand start"',
  'Service_Type="kernel mode driver"',
  'Service_File_Name="*\\\\Temp\\\\*"',
  'Service_File_Name="*\\\\AppData\\\\Local\\\\Temp\\\\*.dll*"',
  'EventCode=7045 NOT Service_File_Name="*system32*"',
  'Service_Name=* NOT Service_Name="* *"',
  '| regex Service_Name="^[a-z]{6}$"',
  '| regex Service_Name="(?i)^psexesvc$"',
  '| regex Service_File_Name="\\.exe$"',
  '| regex Service_File_Name!="\\.exe$"',
  '| regex Service_File_Name="rundll32|powershell"',
  'EventCode=7045 | regex Service_Start_Type!="4|disabled" | regex Service_Name!="\\s+|[\\_\\/\\x5c]" | regex Service_Name="(\\w{4}|execsvc)$" | regex Service_File_Name="\\x5c.{8}\\.exe$"',
  '"<EventID>7045<"',
  'TERM(EventCode=7045)',
  '"Service Control Manager"',
  '4625',
  'NOT 4624',
  'mimikatz',
  'EventCode=4624 Account_Name=*$',
  'EventCode=4624 NOT Account_Name=SYSTEM',
  'process_name=*.exe NOT process="*\\\\temp\\\\*"',
  '| where like(process, "%mimikatz%")',
  '| where like(process_name, "p_wershell.exe")',
  '| where process_name="powershell.exe" OR isnull(parent_process_name)',
  'dest_port>1000',
  'bytes_out<=500 NOT dest_port=443',
  '| where _time > 1692349000',
  'ScriptBlockText="*-enc*"',
  '| where len(process) > 10',
  'EventCode=7045 | stats count by Service_Name | where count > 1',
] as const;

const splunk = loadProfile('splunk');
if (!splunk.ok) throw new Error('profile');
const targets: [string, Target<string>][] = [
  ['as-written', kql],
  ['wildcard', kqlTarget({ caseFolding: 'wildcard' })],
];

describe('kql verdicts agree with the JS matcher on the fixture events', () => {
  it('has events', () => expect(events.length).toBeGreaterThan(150));

  it.each(RULES)('%s', async (spl) => {
    const rule = lowerSpl(spl);
    const mod = await loadModule(js.convert(rule, { profile: splunk.value, strict: false }).output);
    let checked = 0;
    for (const [mode, t] of targets) {
      const r = t.convert(rule, { profile: splunk.value, strict: false });
      if (r.fidelity !== 'exact' && r.fidelity !== 'superset') continue;
      const q = parseKql(r.output);
      checked++;
      const wrong = events.filter((ev) => {
        const want = mod.filter(ev);
        const got = evaluate(q, indexed(ev));
        return r.fidelity === 'exact' ? want !== got : want && !got;
      });
      expect(wrong.map((e) => `${mode} ${r.fidelity} ${r.output}: ${String(e['id'])}`)).toEqual([]);
    }
    const partialOnly = targets.every(([, t]) => t.convert(rule, { profile: splunk.value, strict: false }).fidelity === 'partial');
    expect(checked > 0 || partialOnly).toBe(true);
  });
});
