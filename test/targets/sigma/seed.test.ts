import { describe, expect, it } from 'vitest';
import { SPL2X_SIGMA_NAMESPACE, uuidv5 } from '../../../src/targets/sigma/uuid.js';
import { convertFile } from './helpers.js';

/**
 * The seed rule (PSexec Service Creation):
 *   `get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=7045) OR "<EventID>7045<")
 *   | regex Service_Start_Type!="4|disabled" | regex Service_Name!="\s+|[\_\/\x5c]"
 *   | regex Service_Name="(\w{4}|execsvc)$" | regex Service_File_Name="\x5c.{8}\.exe$"
 *   | eval … | table … | bin span=1s | stats values(*) as * by _time, host
 */
const inputs = [
  ['catalog YAML', 'examples/psexec_service_creation.yml'],
  ['catalog page text', 'test/fixtures/rules/psexec-service-creation.catalog.txt'],
] as const;

describe.each(inputs)('the seed rule from its %s', (_label, file) => {
  const c = convertFile(file);
  const det = c.detection;

  it('is one Sigma rule with the rule\'s metadata', () => {
    expect(c.docs).toHaveLength(1);
    expect(c.rule['title']).toBe('PSexec Service Creation');
    expect(c.rule['id']).toBe(uuidv5('5399.5499', SPL2X_SIGMA_NAMESPACE));
    expect(c.rule['status']).toBe('experimental');
    expect(c.rule['level']).toBe('medium');
    expect(c.rule['references']).toHaveLength(4);
    expect(c.rule['description']).toMatch(/^Detect creation of service for PSexec/);
    expect(c.rule).not.toHaveProperty('date');
  });

  it('has tactic then technique tags', () => {
    const tags = c.rule['tags'] as string[];
    expect(tags).toEqual(expect.arrayContaining(['attack.persistence', 'attack.execution', 'attack.t1543.003', 'attack.t1569.002']));
    // The page also lists privilege-escalation for T1543.003; the YAML only persistence.
    expect(tags.filter((t) => !/^attack\.t\d/.test(t))).toEqual(tags.slice(0, tags.length - 2));
    expect(tags.slice(-2)).toEqual(['attack.t1543.003', 'attack.t1569.002']);
  });

  it('reads windows/system (the profile maps the macros)', () => {
    expect(c.rule['logsource']).toEqual({ product: 'windows', service: 'system' });
  });

  it('searches EventID 7045 from the lifted TERM, or the XML phrase as a keyword', () => {
    expect(det['selection_event_id']).toEqual({ EventID: 7045 });
    expect(det['keywords']).toEqual(['<EventID>7045<']);
    expect(c.condition).toContain('(selection_event_id or keywords)');
    expect(c.messages.some((m) => m.includes('TERM(EventCode=7045) is searched as the field test EventID=7045'))).toBe(true);
  });

  it('tests ServiceName and ImagePath with |re', () => {
    const sel = det['selection'] as Record<string, string>;
    expect(Object.keys(sel).sort()).toEqual(['ImagePath|re', 'ServiceName|re']);
    expect(sel['ServiceName|re']).toMatch(/execsvc/);
    expect(sel['ImagePath|re']).toMatch(/\\\.exe\$$/);
  });

  it('excludes the != regexes with filters', () => {
    expect(det['filter_start_type']).toEqual({ 'StartType|re': '4|disabled' });
    expect(Object.keys(det['filter_service_name'] as object)).toEqual(['ServiceName|re']);
    expect(c.condition).toBe('selection and (selection_event_id or keywords) and not 1 of filter_*');
  });

  it('lists the table fields, mapped', () => {
    const fields = c.rule['fields'] as string[];
    expect(fields).toEqual(expect.arrayContaining(['Computer', 'User', 'EventID', 'Image', 'CommandLine', 'ImagePath']));
    expect(fields).not.toContain('_time');
  });

  it('is partial: values(*) by _time, host has no Sigma equivalent', () => {
    expect(c.result.fidelity).toBe('partial');
    const note = c.result.notes.find((n) => n.message.includes('values(*) as * by _time, host'));
    expect(note).toBeDefined();
    expect(note!.stage).toBe(8);
    expect(note!.level).toBe('warning');
  });

  it('is deterministic', () => {
    expect(convertFile(file).text).toBe(c.text);
  });
});

describe('the seed rule\'s two inputs', () => {
  it('give the same Sigma rule', () => {
    const [a, b] = inputs.map(([, f]) => convertFile(f));
    expect(a!.detection).toEqual(b!.detection);
    expect(a!.rule['logsource']).toEqual(b!.rule['logsource']);
  });
});
