import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerRule } from '../../../src/ir/lower/index.js';
import type { Rule } from '../../../src/ir/types.js';
import { loadRuleText } from '../../../src/load/index.js';
import { kql, kqlTarget, type KqlOptions } from '../../../src/targets/kql/index.js';
import { loadProfile, type Profile } from '../../../src/targets/profile.js';
import type { Fidelity, TargetResult } from '../../../src/targets/types.js';
import { lowerSpl } from '../../helpers/spl.js';
import { evaluate, parseKql, type Event } from './kql-grammar.js';

type ProfileName = 'splunk' | 'ecs' | 'sigma';

const PROFILES = Object.fromEntries(
  (['splunk', 'ecs', 'sigma'] as const).map((name) => {
    const p = loadProfile(name);
    if (!p.ok) throw new Error(`profile ${name}`);
    return [name, p.value];
  }),
) as Record<ProfileName, Profile>;

/** Convert, and check that the output is KQL Kibana's grammar accepts (every output of every table goes through here). */
function convertRule(rule: Rule, profile: ProfileName = 'splunk', options?: KqlOptions, strict = false): TargetResult<string> {
  const target = options ? kqlTarget(options) : kql;
  const r = target.convert(rule, { profile: PROFILES[profile], strict });
  expect(() => parseKql(r.output), r.output).not.toThrow();
  return r;
}

const run = (spl: string, profile: ProfileName = 'splunk', options?: KqlOptions, strict = false) =>
  convertRule(lowerSpl(spl), profile, options, strict);

type Row = readonly [spl: string, kql: string, fidelity: Fidelity];

function table(rows: readonly Row[], profile: ProfileName = 'splunk', options?: KqlOptions) {
  it.each(rows)('%s → %s (%s)', (spl, want, fidelity) => {
    const r = run(spl, profile, options);
    expect(r.output).toBe(want);
    expect(r.fidelity, r.notes.map((n) => n.message).join('\n')).toBe(fidelity);
  });
}

describe('target contract', () => {
  it('is the kql target, default profile ecs, files *.kql', () => {
    expect([kql.name, kql.extension, kql.defaultProfile]).toEqual(['kql', 'kql', 'ecs']);
    expect(kql.serialize('a: 1')).toBe('a: 1\n');
  });
});

describe('boolean structure and precedence (KQL: NOT > AND > OR; SPL search: NOT > OR > AND)', () => {
  table([
    ['a=1', 'a: 1', 'exact'],
    ['a=1 b=2', 'a: 1 and b: 2', 'exact'],
    ['a=1 OR b=2', 'a: 1 or b: 2', 'exact'],
    ['a=1 b=2 OR c=3', 'a: 1 and (b: 2 or c: 3)', 'exact'],
    ['(a=1 b=2) OR c=3', 'a: 1 and b: 2 or c: 3', 'exact'],
    ['(a=1 OR b=2) (c=3 OR d=4)', '(a: 1 or b: 2) and (c: 3 or d: 4)', 'exact'],
    ['a=1 OR (b=2 (c=3 OR d=4))', 'a: 1 or b: 2 and (c: 3 or d: 4)', 'exact'],
    ['NOT a=1', 'not a: 1', 'exact'],
    ['NOT (a=1 OR b=2)', 'not (a: 1 or b: 2)', 'exact'],
    ['NOT (a=1 b=2)', 'not (a: 1 and b: 2)', 'exact'],
    ['NOT a=1 NOT b=2', 'not a: 1 and not b: 2', 'exact'],
    ['a=1 NOT (b=2 OR NOT c=3)', 'a: 1 and not (b: 2 or not c: 3)', 'exact'],
    ['a IN (1, 2, 3)', 'a: (1 or 2 or 3)', 'exact'],
    ['a IN (1, "2 3")', 'a: (1 or "2 3")', 'exact'],
    ['a IN (1, *)', 'a: *', 'exact'],
    ['NOT a IN (1, 2)', 'not a: (1 or 2)', 'exact'],
    // numeric ranges are exact only on numeric fields, which KQL cannot know: partial, may miss (mayMiss)
    ['a=1 | where b > 5 AND c <= 2.5', 'a: 1 and b > 5 and c <= 2.5', 'partial'],
    ['a=1 | where b >= 3 OR c < 0', 'a: 1 and (b >= 3 or c < 0)', 'partial'],
    ['search *', '*: *', 'exact'],
    ['a=1 OR a!=*', 'a: 1', 'exact'],
    ['a=1 a!=*', 'not *: *', 'exact'],
  ]);
});

describe('missing fields: a leaf is false without its field; NOT is true without it; neq needs the field', () => {
  const events: Record<string, Event> = {
    none: {},
    one: { a: '1' },
    two: { a: '2' },
    empty: { a: '' },
    multi: { a: ['1', '2'] },
    nulled: { a: null },
  };
  it.each([
    ['a!=1', 'a: * and not a: 1', { none: false, one: false, two: true, empty: true, multi: false, nulled: false }],
    ['NOT a=1', 'not a: 1', { none: true, one: false, two: true, empty: true, multi: false, nulled: true }],
    ['a=*', 'a: *', { none: false, one: true, two: true, empty: true, multi: true, nulled: false }],
    ['NOT a=*', 'not a: *', { none: true, one: false, two: false, empty: false, multi: false, nulled: true }],
    ['a!=*', 'not *: *', { none: false, one: false, two: false, empty: false, multi: false, nulled: false }],
    ['| where NOT a="1"', 'a: * and not a: 1', { none: false, one: false, two: true, empty: true, multi: false, nulled: false }],
    ['| where isnull(a)', 'not a: *', { none: true, one: false, two: false, empty: false, multi: false, nulled: true }],
    ['| where isnotnull(a)', 'a: *', { none: false, one: true, two: true, empty: true, multi: true, nulled: false }],
    // numeric ranges: right on a numeric field, but KQL cannot know the field's type (partial, mayMiss)
    ['a>1', 'a > 1', { none: false, one: false, two: true, empty: false, multi: true, nulled: false }, 'partial'],
    ['NOT a>1', 'not a > 1', { none: true, one: true, two: false, empty: true, multi: false, nulled: true }, 'partial'],
  ] as const)('%s → %s', (spl, want, truth, fidelity: string = 'exact') => {
    const r = run(spl);
    expect(r.output).toBe(want);
    expect(r.fidelity).toBe(fidelity);
    const q = parseKql(r.output);
    for (const [name, ev] of Object.entries(events)) expect([name, evaluate(q, ev)]).toEqual([name, truth[name as keyof typeof truth]]);
  });
});

describe('values: quoting, escaping, wildcards', () => {
  table([
    ['a=7045', 'a: 7045', 'exact'],
    ['a="-1.5"', 'a: -1.5', 'exact'],
    ['a="1 2"', 'a: "1 2"', 'exact'],
    ['a=""', 'a: ""', 'exact'],
    ['a="(1):<2>{3}"', 'a: "(1):<2>{3}"', 'exact'],
    ['a="1\\"2"', 'a: "1\\"2"', 'exact'],
    ['a="\\\\"', 'a: "\\\\"', 'exact'],
    ['a="1*2"', 'a: 1*2', 'exact'],
    ['a="(1)*"', 'a: \\(1\\)*', 'exact'],
    ['a="*\\\\1\\\\*"', 'a: *\\\\1\\\\*', 'exact'],
    ['a="*:*"', 'a: *\\:*', 'exact'],
    ['a="*1 2*"', 'a: *1*2*', 'superset'],
    ['a="1 2*"', 'a: 1*2*', 'superset'],
    ['NOT a="1 2*"', '*: *', 'superset'],
    ['b=1 NOT a="1 2*"', 'b: 1', 'superset'],
    ['| where like(a, "1%")', 'a: 1*', 'exact'],
    ['| where like(a, "1_2%")', 'a: 1*2*', 'superset'],
    ['| where NOT like(a, "1_2%")', 'a: *', 'superset'],
    ['"a b"=1', '"a b": 1', 'exact'],
    ['a="中文"', 'a: "中文"', 'exact'],
    ['a="中文*"', 'a: 中文*', 'exact'],
  ]);
});

describe('letter case: SPL search values are case-insensitive, KQL keyword fields are not', () => {
  describe('as written (default): a value with letters is partial at positive polarity, superset under NOT', () => {
    table(
      [
        ['EventCode=7045', 'event.code: 7045', 'exact'],
        ['dest_ip=10.0.0.1', 'destination.ip: "10.0.0.1"', 'exact'],
        ['Service_Name=PSEXESVC', 'winlog.event_data.ServiceName: "PSEXESVC"', 'partial'],
        ['Service_Name=CASE(PSEXESVC)', 'winlog.event_data.ServiceName: "PSEXESVC"', 'exact'],
        ['| where Service_Name="PSEXESVC"', 'winlog.event_data.ServiceName: "PSEXESVC"', 'exact'],
        ['NOT Service_Name=PSEXESVC', 'not winlog.event_data.ServiceName: "PSEXESVC"', 'superset'],
        ['Service_Name!=PSEXESVC', 'winlog.event_data.ServiceName: * and not winlog.event_data.ServiceName: "PSEXESVC"', 'superset'],
        ['process_name=*.exe', 'process.name: *.exe', 'partial'],
        ['StartType="auto start"', 'winlog.event_data.StartType: "auto start"', 'partial'],
      ],
      'ecs',
    );
  });

  describe('wildcard: cased runs become `*`, a true superset', () => {
    table(
      [
        ['EventCode=7045', 'event.code: 7045', 'exact'],
        ['Service_Name=PSEXESVC', 'winlog.event_data.ServiceName: *', 'superset'],
        ['process_name=cmd.exe', 'process.name: *.*', 'superset'],
        ['StartType="auto start"', 'winlog.event_data.StartType: *', 'superset'],
        ['StartType="auto start*"', 'winlog.event_data.StartType: *', 'superset'],
        ['Service_Name IN (PSEXESVC, "7045 x")', 'winlog.event_data.ServiceName: *', 'superset'],
        ['ImagePath="*\\1 2\\*"', 'winlog.event_data.ImagePath: *\\\\1*2\\\\*', 'superset'],
        ['process_path="C:\\\\Windows\\\\*"', 'process.executable: *\\:\\\\*\\\\*', 'superset'],
        ['NOT Service_Name=PSEXESVC', 'not winlog.event_data.ServiceName: "PSEXESVC"', 'superset'],
        ['Service_Name=CASE(PSEXESVC)', 'winlog.event_data.ServiceName: "PSEXESVC"', 'exact'],
      ],
      'ecs',
      { caseFolding: 'wildcard' },
    );
  });

  it('says that events differing in case are missed', () => {
    const r = run('Service_Name=PSEXESVC', 'ecs');
    expect(r.notes.some((n) => n.level === 'warning' && /MISSED/.test(n.message) && n.stage === 0)).toBe(true);
  });

  describe('case-insensitive string ordering cannot be expressed', () => {
    table([
      ['name<m', 'name < "m"', 'partial'],
      ['| where name < "m"', 'name < "m"', 'exact'],
      ['name<5', 'name < 5', 'partial'],
    ]);
    table([['name<m', 'name: *', 'superset']], 'splunk', { caseFolding: 'wildcard' });
  });
});

describe('raw-text search', () => {
  describe('splunk profile (raw field _raw, no lifting)', () => {
    table([
      ['4625', '_raw: *4625*', 'superset'],
      ['"<1>"', '_raw: *\\<1\\>*', 'exact'],
      ['"1 2"', '_raw: *1*2*', 'superset'],
      ['"4625*"', '_raw: *4625*', 'exact'],
      ['error', '_raw: *error*', 'partial'],
      ['NOT 4625', '*: *', 'superset'],
      ['NOT "<1>"', 'not _raw: *\\<1\\>*', 'exact'],
      ['TERM(1.2.3.4)', '_raw: *1.2.3.4*', 'superset'],
      ['TERM(EventCode=7045)', '_raw: *EventCode=7045*', 'partial'],
    ]);
  });
  describe('ecs profile (event.original, TERM(f=v) lifted)', () => {
    table(
      [
        ['TERM(EventCode=7045)', 'event.code: 7045', 'exact'],
        ['NOT TERM(EventCode=7045)', 'not event.code: 7045', 'exact'],
        ['"<EventID>7045<"', 'event.original: *\\<EventID\\>7045\\<*', 'partial'],
        ['TERM(EventCode=7045) OR "<EventID>7045<"', 'event.code: 7045 or event.original: *\\<EventID\\>7045\\<*', 'partial'],
      ],
      'ecs',
    );
  });
  describe('sigma profile (no raw field): raw leaves are dropped', () => {
    table(
      [
        ['4625', '*: *', 'superset'],
        ['EventCode=1 4625', 'EventID: 1', 'superset'],
        ['EventCode=1 NOT 4625', 'EventID: 1', 'superset'],
        ['TERM(EventCode=7045)', 'EventID: 7045', 'exact'],
      ],
      'sigma',
    );
  });
  it('notes the lifting and the raw-field reading', () => {
    const lifted = run('TERM(EventCode=7045)', 'ecs');
    expect(lifted.notes.map((n) => n.message).join('\n')).toMatch(/liftTerms/);
    const raw = run('"<1>"');
    expect(raw.notes.some((n) => n.level === 'info' && /keyword field holding the whole event text/.test(n.message))).toBe(true);
  });
});

describe('leaves KQL cannot express are dropped (superset), never approximated inside a NOT', () => {
  table([
    ['a=1 | where len(b) > 10', 'a: 1', 'superset'],
    ['a=1 | where NOT (len(b) > 10)', 'a: 1', 'superset'],
    ['a=1 [search b=2 | fields c]', 'a: 1', 'superset'],
    ['a=1 | search `undefined_thing`', 'a: 1', 'superset'],
    ['a=1 | search b=1 OR `undefined_thing`', 'a: 1', 'superset'],
    ['| where cidrmatch("10.0.0.0/8", ip)', 'ip: 10.0.0.0/8', 'exact'],
    ['| where cidrmatch("fe80::/10", ip)', 'ip: fe80\\:\\:/10', 'exact'],
  ]);
});

describe('later stages and data sources', () => {
  it.each([
    ['a=1 | stats count by b', 'a: 1', 'partial', ['stats count by b']],
    ['a=1 | stats count by b | where count > 5', 'a: 1', 'partial', ['stats count by b', 'threshold']],
    ['a=1 | table a b', 'a: 1', 'partial', ['table a, b']],
    ['a=1 | eval c=2', 'a: 1', 'partial', ['eval c']],
    ['a=1 | head 5 | search b=2', 'a: 1', 'partial', ['head 5', 'could not be merged']],
  ] as const)('%s', (spl, want, fidelity, mentions) => {
    const r = run(spl);
    expect(r.output).toBe(want);
    expect(r.fidelity).toBe(fidelity);
    const text = r.notes.map((n) => n.message).join('\n');
    for (const m of mentions) expect(text).toContain(m);
    expect(r.notes.filter((n) => n.level === 'warning').every((n) => n.stage !== null && n.span !== undefined)).toBe(true);
  });

  it.each([
    ['`wineventlog_system` EventCode=7045', 'event.code: 7045', 'exact', 'winlogbeat-*,logs-system.system-*'],
    ['sourcetype=WinEventLog:System EventCode=7045', 'event.code: 7045', 'exact', 'winlogbeat-*,logs-system.system-*'],
    ['index=main EventCode=7045', 'event.code: 7045', 'superset', 'winlogbeat-*,logs-*'],
    ['EventCode=7045', 'event.code: 7045', 'exact', 'winlogbeat-*,logs-*'],
    ['| inputlookup foo.csv | where a=1', 'a: 1', 'unsupported', 'inputlookup'],
  ] as const)('%s', (spl, want, fidelity, mention) => {
    const r = run(spl, 'ecs');
    expect(r.output).toBe(want);
    expect(r.fidelity).toBe(fidelity);
    expect(r.notes.map((n) => n.message).join('\n')).toContain(mention);
  });
});

describe('field mapping', () => {
  it('compares _time as an instant when the profile maps it to a date field', () => {
    expect(run('| where _time > 1700000000', 'ecs').output).toBe('@timestamp > "2023-11-14T22:13:20.000Z"');
    expect(run('| where _time > 1700000000', 'splunk').output).toBe('_time > 1700000000');
  });

  it('an unmapped field is used as is with a warning; under --strict it makes the rule unsupported', () => {
    const loose = run('no_such_field=1', 'ecs');
    expect([loose.output, loose.fidelity]).toEqual(['no_such_field: 1', 'exact']);
    expect(loose.notes.some((n) => n.level === 'warning' && n.message.includes('no_such_field'))).toBe(true);
    const strict = run('no_such_field=1', 'ecs', undefined, true);
    expect(strict.fidelity).toBe('unsupported');
    expect(strict.notes.some((n) => n.level === 'error')).toBe(true);
  });
});

describe('regex leaves: the tightest wildcard superset, never approximated inside a NOT', () => {
  table([
    // PCRE's `$` also matches before a final newline: `*.exe\n` has no exact wildcard form (whitespace), so it widens
    ['| regex a="\\.exe$"', 'a: *.exe*', 'superset'],
    ['| regex a!="\\.exe$"', 'not a: *.exe', 'superset'],
    ['| regex a="^cmd\\.exe$"', 'a: ("cmd.exe" or "cmd.exe\\n")', 'exact'],
    ['| regex a!="^cmd\\.exe$"', 'not a: ("cmd.exe" or "cmd.exe\\n")', 'exact'],
    ['| regex a="^cmd\\.exe\\z"', 'a: "cmd.exe"', 'exact'],
    ['| regex a="\\.exe\\z"', 'a: *.exe', 'exact'],
    ['| regex a="4|disabled"', 'a: (*4* or *disabled*)', 'exact'],
    ['| regex a!="4|disabled"', 'not a: (*4* or *disabled*)', 'exact'],
    ['| regex a=".*"', 'a: *', 'superset'], // pcreToWildcard cannot say "exactly: the field exists"
    ['| regex a="\\d+"', 'a: *', 'superset'],
    ['| regex a!="\\d+"', '*: *', 'superset'],
    ['x=1 | regex a!="\\d"', 'x: 1', 'superset'],
    ['x=1 | regex a!="\\d|zz"', 'x: 1', 'superset'],
    ['x=1 | regex a!="yy|zz"', 'x: 1 and not a: (*yy* or *zz*)', 'exact'],
    ['| regex a="\\x5c.{8}\\.exe$"', 'a: *\\\\*.exe*', 'superset'],
    ['| regex a!="\\x5c.{8}\\.exe$"', '*: *', 'superset'],
    ['| regex a!="\\s+|[\\_\\/\\x5c]"', '*: *', 'superset'],
    ['| regex "evil"', '_raw: *evil*', 'exact'],
    ['| regex a="(?i)cmd"', 'a: *cmd*', 'partial'],
  ]);
  table([['| regex a="(?i)cmd"', 'a: *', 'superset']], 'splunk', { caseFolding: 'wildcard' });
});

describe('the seed rule (PSexec service creation) with profile ecs', () => {
  const file = 'examples/psexec_service_creation.yml';
  const loaded = loadRuleText(file, readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const r = convertRule(lowerRule(loaded.value[0]!), 'ecs');
  const text = r.notes.map((n) => `${n.level} ${n.stage} ${n.message}`).join('\n');

  it('keeps the event code, the exclusion list and wildcard supersets of the regexes', () => {
    expect(r.output).toBe(
      '(event.code: 7045 or event.original: *\\<EventID\\>7045\\<*)' +
        ' and not winlog.event_data.StartType: (*4* or *disabled*)' +
        ' and winlog.event_data.ServiceName: *' +
        ' and winlog.event_data.ImagePath: *\\\\*.exe*',
    );
  });

  it('is partial: the aggregation is not expressed, and a case-insensitive phrase is searched case-sensitively', () => {
    expect(r.fidelity).toBe('partial');
    for (const m of [
      'winlogbeat-*,logs-windows.*', // get_endpoint_data
      'winlogbeat-*,logs-system.*', // get_endpoint_data_winevent
      'liftTerms',
      'MISSED',
      'inside a NOT',
      'stats values(*) by _time, host',
      'eval service_name',
      'bin _time span=1s',
    ]) {
      expect(text).toContain(m);
    }
  });
});
