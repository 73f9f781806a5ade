import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, loadProfile } from '../../src/targets/profile.js';
import { literal } from '../../src/values/pattern.js';

const origin = { stage: 0, span: { start: 0, end: 0 } };

describe('built-in field profiles', () => {
  it.each(BUILTIN_PROFILES)('%s loads', (name) => {
    const p = loadProfile(name);
    expect(p.ok).toBe(true);
  });

  it.each([
    ['splunk', 'Service_Name', 'Service_Name', true],
    ['splunk', '_raw', '_raw', true],
    ['ecs', 'EventCode', 'event.code', true],
    ['ecs', 'Service_Name', 'winlog.event_data.ServiceName', true],
    ['ecs', 'host', 'host.name', true],
    ['ecs', '_time', '@timestamp', true],
    ['ecs', '_raw', 'event.original', true],
    ['ecs', 'Processes.process_name', 'process.name', true],
    ['ecs', 'no_such_field', 'no_such_field', false],
    ['sigma', 'EventCode', 'EventID', true],
    ['sigma', 'Service_File_Name', 'ImagePath', true],
    ['sigma', 'Service_Start_Type', 'StartType', true],
  ] as const)('%s maps %s to %s', (profile, field, name, mapped) => {
    const p = loadProfile(profile);
    if (!p.ok) throw new Error('profile');
    expect(p.value.field(field)).toEqual({ mapped, name });
  });

  it('maps data sources to index patterns and logsources', () => {
    const ecs = loadProfile('ecs');
    const sigma = loadProfile('sigma');
    if (!ecs.ok || !sigma.ok) throw new Error('profile');
    const macro = { kind: 'macro' as const, name: 'get_endpoint_data_winevent', args: [], origin };
    expect(ecs.value.source(macro)?.index).toContain('winlogbeat-*');
    expect(sigma.value.source(macro)?.logsource).toEqual({ product: 'windows', service: 'system' });
    expect(sigma.value.source({ kind: 'sourcetype', value: literal('WinEventLog:System'), origin })?.logsource?.service).toBe('system');
    expect(ecs.value.source({ kind: 'macro', name: 'unknown_macro', args: [], origin })).toBeUndefined();
  });
});

describe('user profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl2x-profile-'));
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('loads a profile file with prefix mappings', () => {
    const f = write('mine.yml', 'name: mine\nraw: message\ntime: ts\nfields:\n  "Processes.*": "proc.*"\n  user: actor\n');
    const p = loadProfile(f);
    if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
    expect(p.value.field('Processes.process_name')).toEqual({ mapped: true, name: 'proc.process_name' });
    expect(p.value.field('user')).toEqual({ mapped: true, name: 'actor' });
    expect(p.value.rawField).toBe('message');
    expect(p.value.field('__proto__')).toEqual({ mapped: false, name: '__proto__' });
  });

  it.each([
    ['missing file', join(dir, 'nope.yml'), 'PROF001'],
    ['bad YAML', write('bad.yml', 'name: [unclosed\n'), 'PROF002'],
    ['no name', write('noname.yml', 'fields: {}\n'), 'PROF003'],
    ['non-string field', write('badfield.yml', 'name: x\nfields:\n  a: [1]\n'), 'PROF003'],
  ])('rejects a %s with %s', (_l, file, code) => {
    const p = loadProfile(file);
    expect(p.ok).toBe(false);
    expect(p.diagnostics[0]?.code).toBe(code);
  });
});
