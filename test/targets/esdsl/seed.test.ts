import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerRule } from '../../../src/ir/lower/index.js';
import { loadRuleText } from '../../../src/load/index.js';
import { pcreToLucene } from '../../../src/regex/index.js';
import { MAJOR_BREAKERS, breakerClass, usesOptionalOperators } from '../../../src/targets/esdsl/escape.js';
import { esdsl, responseToRows } from '../../../src/targets/esdsl/index.js';
import { profile } from './helpers.js';

const FILE = 'examples/psexec_service_creation.yml';
const loaded = loadRuleText(FILE, readFileSync(FILE, 'utf8'));
if (!loaded.ok) throw new Error(`${FILE} does not load`);
const rule = lowerRule(loaded.value[0]!, {});
const result = esdsl.convert(rule, { profile: profile('ecs'), strict: false });
const { index, body, rows } = result.output;

function regexp(field: string, pcre: string): unknown {
  const r = pcreToLucene(pcre);
  if ('error' in r || r.fidelity === 'unsupported') return { exists: { field } };
  return { regexp: { [field]: { value: r.pattern, ...(usesOptionalOperators(r.pattern) ? { flags: 'ALL' } : {}), ...(r.caseInsensitive ? { case_insensitive: true } : {}) } } };
}

const KEPT = ['user', 'signature_id', 'dest_host', 'process_id', 'process_name', 'process_path', 'process', 'parent_process_id', 'parent_process_name', 'parent_process_path', 'event_id', 'src', 'service_name'];
const ES: Record<string, string> = {
  user: 'user.name',
  signature_id: 'event.code',
  dest_host: 'host.name',
  process_id: 'process.pid',
  process_name: 'process.name',
  process_path: 'process.executable',
  process: 'process.command_line',
  parent_process_id: 'process.parent.pid',
  parent_process_name: 'process.parent.name',
  parent_process_path: 'process.parent.executable',
  event_id: 'event.code',
  src: 'source.ip',
  service_name: 'winlog.event_data.ImagePath',
};

describe('seed rule: PSexec Service Creation (profile ecs)', () => {
  it('searches the intersection of the two endpoint macros\' indexes', () => {
    expect(index).toBe('winlogbeat-*');
  });

  it('filter: lifted TERM OR raw forms, regexp queries on winlog.event_data.*, the two `regex !=` as must_not', () => {
    const MAJOR = breakerClass(MAJOR_BREAKERS);
    expect(body.query).toEqual({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { term: { 'event.code': { value: '7045' } } },
                { regexp: { 'event.original': { value: `(.*${MAJOR})?EventCode=7045(${MAJOR}.*)?`, case_insensitive: true } } },
                { wildcard: { 'event.original': { value: '*<EventID>7045<*', case_insensitive: true } } },
              ],
              minimum_should_match: 1,
            },
          },
          regexp('winlog.event_data.ServiceName', '(\\w{4}|execsvc)$'),
          regexp('winlog.event_data.ImagePath', '\\x5c.{8}\\.exe$'),
        ],
        must_not: [regexp('winlog.event_data.StartType', '4|disabled'), regexp('winlog.event_data.ServiceName', '\\s+|[\\_\\/\\x5c]')],
      },
    });
  });

  it('aggregation: composite of date_histogram 1s and terms host.name, one terms sub-aggregation per kept field', () => {
    expect(body.size).toBe(0);
    expect(body.runtime_mappings).toBeUndefined();
    expect(body.aggs).toEqual({
      stats: {
        composite: {
          size: 1000,
          sources: [
            { _time: { date_histogram: { field: '@timestamp', fixed_interval: '1s', missing_bucket: false } } },
            { host: { terms: { field: 'host.name', missing_bucket: false } } },
          ],
        },
        aggs: Object.fromEntries(KEPT.map((f) => [f, { terms: { field: ES[f], size: 10000, order: { _key: 'asc' } } }])),
      },
    });
    expect(rows.post).toEqual([]);
  });

  it('verdict superset (the lifted TERM), with notes pointing at their stage and span', () => {
    expect(result.fidelity).toBe('superset');
    const lift = result.notes.find((n) => n.message.startsWith('TERM(EventCode=7045) searched as field EventCode=7045'));
    expect(lift).toMatchObject({ level: 'info', stage: 0 });
    expect(rule.spl.slice(lift!.span!.start, lift!.span!.end)).toBe('TERM(EventCode=7045)');
    const alias = result.notes.find((n) => n.message === 'eval service_name copies a field: read as winlog.event_data.ImagePath');
    expect(alias).toMatchObject({ level: 'info', stage: 5 });
    expect(result.notes.filter((n) => n.level !== 'info')).toEqual([]);
  });

  it('every field is mapped: the same verdict under --strict', () => {
    expect(esdsl.convert(rule, { profile: profile('ecs'), strict: true }).fidelity).toBe('superset');
  });

  it('responseToRows gives the rows spl2x run gives', () => {
    const bucket = (t: number, host: string, fields: Record<string, (string | number)[]>) => ({
      key: { _time: t * 1000, host },
      doc_count: 1,
      ...Object.fromEntries(KEPT.map((f) => [f, { buckets: (fields[f] ?? []).map((key) => ({ key, doc_count: 1 })), sum_other_doc_count: 0 }])),
    });
    const response = {
      aggregations: {
        stats: {
          after_key: { _time: 1551604828000, host: 'WIN-77LTAPHIQ1R.example.corp' },
          buckets: [
            bucket(1551604828, 'WIN-77LTAPHIQ1R.example.corp', {
              signature_id: ['7045'],
              event_id: ['7045'],
              dest_host: ['WIN-77LTAPHIQ1R.example.corp'],
              service_name: ['%SystemRoot%\\PSEXESVC.exe'],
            }),
          ],
        },
      },
    };
    expect(responseToRows(result.output, [response, { aggregations: { stats: { buckets: [] } } }])).toEqual([
      {
        _time: 1551604828,
        host: 'WIN-77LTAPHIQ1R.example.corp',
        signature_id: ['7045'],
        dest_host: ['WIN-77LTAPHIQ1R.example.corp'],
        event_id: ['7045'],
        service_name: ['%SystemRoot%\\PSEXESVC.exe'],
      },
    ]);
  });
});
