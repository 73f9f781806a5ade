/**
 * Events → documents (src/verify/documents.ts) and the verification mappings (src/verify/mapping.ts), without an
 * engine: what parity indexes must be what the JS matcher reads and what the targets' queries assume.
 */
import { describe, expect, it } from 'vitest';
import { rawText, toRow } from '../../src/targets/js/runtime/event.js';
import { fieldType } from '../../src/targets/esdsl/field-types.js';
import { loadProfile, type Profile } from '../../src/targets/profile.js';
import { eventFile, eventIds, ID_FIELD, toDocuments, validFieldName } from '../../src/verify/documents.js';
import { esdslIndex, kqlFieldTypes, sigmaIndex } from '../../src/verify/mapping.js';

function profile(name: string): Profile {
  const r = loadProfile(name);
  if (!r.ok) throw new Error(name);
  return r.value;
}
const ecs = profile('ecs');
const sigma = profile('sigma');

const events = [
  { id: 'a', _time: 1700000000, EventCode: '7045', Service_Name: 'PSEXESVC', host: 'WS1', ComputerName: 'WS1', source: 'WinEventLog:System', src_ip: '10.0.0.1', process_id: '4300' },
  { id: 'b', _time: '2024-01-01T00:00:00Z', EventCode: 7045, host: 'WS2', ComputerName: 'ws2.corp', _raw: 'line one\nline two', nested: { x: 1 } },
];

describe('documents', () => {
  const docs = toDocuments(eventFile('e.ndjson', events), ecs);

  it('keeps ids, maps fields through the profile, merges several SPL fields of one field', () => {
    expect(docs.ids).toEqual(['a', 'b']);
    const [a, b] = docs.documents;
    expect(a).toMatchObject({ [ID_FIELD]: 'a', 'event.code': '7045', 'winlog.event_data.ServiceName': 'PSEXESVC', 'host.name': 'WS1', 'source.ip': '10.0.0.1', 'process.pid': '4300' });
    expect(b!['host.name']).toEqual(['WS2', 'ws2.corp']);
    expect(b!['event.code']).toBe(7045);
    expect(b!['nested.x']).toBe(1);
    expect(docs.merged['host.name']).toEqual(['ComputerName', 'host']);
  });

  it('keeps an unmapped field under its own name next to a mapped field below it (flat documents)', () => {
    expect(docs.documents[0]!['source']).toBe('WinEventLog:System');
    expect(docs.documents[0]!['source.ip']).toBe('10.0.0.1');
  });

  it('writes _time as an ISO date in the profile time field, and _raw as the runtime reads it', () => {
    const [a, b] = docs.documents;
    expect(a!['@timestamp']).toBe('2023-11-14T22:13:20.000Z');
    expect(b!['@timestamp']).toBe('2024-01-01T00:00:00.000Z');
    expect(a!['event.original']).toBe(rawText(toRow(events[0])!));
    expect(String(a!['event.original'])).toContain('Service_Name=PSEXESVC');
    expect(String(a!['event.original'])).not.toContain('_time');
    expect(b!['event.original']).toBe('line one\nline two');
  });

  it('puts raw text in _raw for a profile without a raw field (Sigma keywords)', () => {
    const s = toDocuments(eventFile('e.ndjson', events), sigma).documents[0]!;
    expect(s['_raw']).toBe(rawText(toRow(events[0])!));
    expect(s['ServiceName']).toBe('PSEXESVC');
    expect(s['_time']).toBe('2023-11-14T22:13:20.000Z');
  });

  it('numbers events without distinct ids', () => {
    expect(eventIds([{ id: 'x' }, { id: 'x' }])).toEqual(['#1', '#2']);
    expect(eventIds([{ id: 3 }, {}])).toEqual(['#1', '#2']);
    expect(eventIds([{ id: 3 }, { id: 'y' }])).toEqual(['3', 'y']);
  });

  it('leaves out names Elasticsearch cannot hold', () => {
    expect(validFieldName('_id')).toBe(false);
    expect(validFieldName('a..b')).toBe(false);
    expect(validFieldName('.a')).toBe(false);
    expect(validFieldName('Processes.process_name')).toBe(true);
    const d = toDocuments(eventFile('e.ndjson', [{ id: 'z', _time: 1, _id: 'bad', ok: 1 }]), profile('splunk'));
    expect(d.documents[0]).not.toHaveProperty('_id');
    expect(d.dropped.join()).toContain('_id');
  });
});

describe('mappings', () => {
  const docs = toDocuments(eventFile('e.ndjson', events), ecs).documents;

  it('esdsl: keyword by default, the esdsl target\'s types for ECS fields, raw as keyword + text, strict and flat', () => {
    const m = esdslIndex(ecs, docs).mapping;
    expect(m.dynamic).toBe('strict');
    expect(m.subobjects).toBe(false);
    const props = m.properties as Record<string, { type: string; fields?: unknown; normalizer?: string; ignore_above?: number }>;
    expect(props['@timestamp']!.type).toBe('date');
    expect(props['event.original']).toEqual({ type: 'keyword', fields: { text: { type: 'text' } } });
    for (const [name, p] of Object.entries(props)) {
      if (name === '@timestamp' || name === ID_FIELD) continue;
      expect(p.type, name).toBe(fieldType(name, '@timestamp'));
      expect(p.normalizer, name).toBeUndefined();
    }
    expect(props['source.ip']!.type).toBe('ip');
    expect(props['process.pid']!.type).toBe('long');
    expect(props['source']!.type).toBe('keyword');
  });

  it('sigma: lowercase-normalized keywords, numeric and ip fields from the data, raw as the default field', () => {
    const s = toDocuments(eventFile('e.ndjson', events), sigma).documents;
    const spec = sigmaIndex(sigma, s);
    const props = spec.mapping.properties as Record<string, { type: string; normalizer?: string }>;
    expect(props['EventID']!.type).toBe('long');
    expect(props['src_ip']!.type).toBe('ip');
    expect(props['ServiceName']).toEqual({ type: 'keyword', normalizer: 'lowercase' });
    expect(props['_raw']!.normalizer).toBe('lowercase');
    expect(spec.settings.query).toEqual({ default_field: ['_raw'] });
  });

  it('gives the KQL reader every field and subfield with its type', () => {
    const types = kqlFieldTypes([esdslIndex(ecs, docs).mapping]);
    expect(types['event.original']).toBe('keyword');
    expect(types['event.original.text']).toBe('text');
    expect(types['@timestamp']).toBe('date');
    expect(types['source.ip']).toBe('ip');
    expect(types['process.pid']).toBe('long');
    expect(types['host.name']).toBe('keyword');
  });
});
