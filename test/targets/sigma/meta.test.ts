import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/ir/types.js';
import { sigma } from '../../../src/targets/sigma/index.js';
import { attackTags, slug } from '../../../src/targets/sigma/meta.js';
import { SPL2X_SIGMA_NAMESPACE, uuidv5 } from '../../../src/targets/sigma/uuid.js';
import { lowerSpl } from '../../helpers/spl.js';
import { convert, convertRule, profile } from './helpers.js';

const withMeta = (spl: string, meta: Partial<Rule['meta']>): Rule => {
  const r = lowerSpl(spl);
  return { ...r, meta: { ...r.meta, ...meta } };
};

describe('tags', () => {
  it('puts tactics (hyphenated, as the v2 tags appendix) before techniques, each once', () => {
    const meta = {
      techniques: [
        { id: 'T1543.003', tactics: ['persistence', 'privilege-escalation'] },
        { id: 'T1569.002', tactics: ['execution'] },
        { id: 'T1078', tactics: ['Privilege Escalation', 'defense_evasion'] },
      ],
      references: [],
      dataCategories: [],
    };
    expect(attackTags(meta)).toEqual([
      'attack.persistence',
      'attack.privilege-escalation',
      'attack.execution',
      'attack.defense-evasion',
      'attack.t1543.003',
      'attack.t1569.002',
      'attack.t1078',
    ]);
  });

  it('omits tags when the rule has no techniques', () => {
    expect(convert('sourcetype=XmlWinEventLog:System EventCode=7045').rule).not.toHaveProperty('tags');
  });
});

describe('logsource', () => {
  // [SPL, logsource, a phrase of a note or '']
  const cases: [string, Record<string, string>, string][] = [
    ['`get_endpoint_data` `get_endpoint_data_winevent` EventCode=7045', { product: 'windows', service: 'system' }, ''],
    ['`wineventlog_security` EventCode=4688', { product: 'windows', service: 'security' }, ''],
    ['sourcetype=XmlWinEventLog:System EventCode=7045', { product: 'windows', service: 'system' }, ''],
    ['`get_endpoint_data` EventCode=7045', { product: 'windows', service: 'system' }, "logsource service 'system' inferred from event code 7045"],
    ['EventCode=4104 ScriptBlockText=*Invoke-Mimikatz*', { product: 'windows', service: 'powershell' }, "service 'powershell' inferred"],
    ['EventCode IN (4624, 4625)', { product: 'windows', service: 'security' }, 'inferred from event codes 4624, 4625'],
    ['EventCode=7045 OR EventCode=4697', { product: 'windows' }, "profile 'sigma''s default"],
    ['NOT EventCode=7045 ServiceName=x', { product: 'windows' }, "profile 'sigma''s default"],
    ['ServiceName=x', { product: 'windows' }, "profile 'sigma''s default"],
  ];
  it.each(cases)('%s', (spl, want, phrase) => {
    const c = convert(spl);
    expect(c.rule['logsource']).toEqual(want);
    if (phrase) expect(c.messages.some((m) => m.includes(phrase))).toBe(true);
  });

  it('an unmapped data source is not restricted: superset, with a note and a definition', () => {
    const c = convert('index=wineventlog EventCode=7045');
    expect(c.rule['logsource']).toEqual({ product: 'windows', service: 'system', definition: 'Splunk data source: index=wineventlog' });
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes("data source index=wineventlog has no logsource in profile 'sigma'"))).toBe(true);
  });

  it('never guesses a log source for data sources the profile does not know', () => {
    const c = convert('sourcetype=aws:cloudtrail eventName=GetPasswordData');
    expect(c.rule['logsource']).toEqual({ product: 'splunk', definition: 'Splunk data source: sourcetype=aws:cloudtrail' });
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes("written as product 'splunk'"))).toBe(true);
  });

  it('a generating command is unsupported', () => {
    const c = convert('| inputlookup users.csv | where x=1');
    expect(c.result.fidelity).toBe('unsupported');
  });
});

describe('ids, names, titles', () => {
  it('derives the id from the rule id, else the file path', () => {
    const a = convertRule(withMeta('EventCode=7045', { id: 'abc-1' }));
    expect(a.rule['id']).toBe(uuidv5('abc-1', SPL2X_SIGMA_NAMESPACE));
    const b = convert('EventCode=7045');
    expect(b.rule['id']).toBe(uuidv5('test.spl', SPL2X_SIGMA_NAMESPACE));
  });

  it('titles the rule from its title, else the file name', () => {
    expect(convertRule(withMeta('EventCode=7045', { title: 'My Rule' })).rule['title']).toBe('My Rule');
    expect(convert('EventCode=7045').rule['title']).toBe('test');
  });

  it('names the rule from its title and id', () => {
    const c = convertRule(withMeta('EventCode=7045', { title: 'PSexec Service Creation', id: '5399.5499' }));
    expect(c.rule['name']).toBe(`psexec_service_creation_${uuidv5('5399.5499', SPL2X_SIGMA_NAMESPACE).slice(0, 8)}`);
    expect(slug('Windows: Créé  -- 100%')).toBe('windows_cree_100');
  });

  it('keeps long descriptions on one line (no folding)', () => {
    const long = 'word '.repeat(60).trim();
    const c = convertRule(withMeta('EventCode=7045', { description: long }));
    expect(c.rule['description']).toBe(long);
    expect(c.text.split('\n').some((l) => l === `description: ${long}`)).toBe(true);
  });

  it('writes the keys in the spec\'s order', () => {
    const c = convertRule(withMeta('EventCode=7045 | table ServiceName', { title: 'T', description: 'D', references: ['https://x'], techniques: [{ id: 'T1', tactics: ['execution'] }] }));
    expect(Object.keys(c.rule)).toEqual(['title', 'id', 'name', 'status', 'description', 'references', 'author', 'tags', 'logsource', 'detection', 'fields', 'falsepositives', 'level']);
  });
});

describe('field mapping', () => {
  it('notes an unmapped field once', () => {
    const c = convert('EventCode=7045 foo=1 foo=2');
    expect(c.messages.filter((m) => m.includes("field 'foo' is not mapped"))).toHaveLength(1);
    expect(c.result.fidelity).toBe('exact');
  });

  it('--strict makes an unmapped field unsupported', () => {
    const c = convert('EventCode=7045 foo=1', { strict: true });
    expect(c.result.fidelity).toBe('unsupported');
    expect(c.result.notes.find((n) => n.message.includes("field 'foo'"))?.level).toBe('error');
  });

  it('uses the profile\'s names (ecs)', () => {
    const c = convert('EventCode=7045 Service_Name=x', { profile: 'ecs' });
    expect(JSON.stringify(c.detection)).toContain('event.code');
  });
});

describe('the Target contract', () => {
  it('describes itself', () => {
    expect(sigma.name).toBe('sigma');
    expect(sigma.extension).toBe('yml');
    expect(sigma.defaultProfile).toBe('sigma');
  });

  it('serializes to the YAML text it produced, ending with a newline', () => {
    const r = sigma.convert(lowerSpl('EventCode=7045'), { profile: profile(), strict: false });
    expect(sigma.serialize(r.output)).toBe(r.output);
    expect(r.output.endsWith('\n')).toBe(true);
  });

  it('points notes at stages and spans', () => {
    const c = convert('EventCode=7045 | eval x=1');
    const n = c.result.notes.find((x) => x.message.startsWith('eval x'));
    expect(n?.stage).toBe(1);
    expect(n?.span).toBeDefined();
  });
});
