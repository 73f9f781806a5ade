import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadMacros, MacroTable, parseMacrosConf } from '../../../src/macros/index.js';
import { esdsl } from '../../../src/targets/esdsl/index.js';
import { convert, messages, term } from './helpers.js';

const macros = await loadMacros('examples/macros.conf');
if (!macros.ok) throw new Error('examples/macros.conf does not load');

const values = (field: string) => ({ terms: { field, size: 10000, order: { _key: 'asc' } } });

describe('data source → index', () => {
  it.each<[string, string, string]>([
    ['`get_endpoint_data` `get_endpoint_data_winevent` x=1', 'winlogbeat-*', 'exact'],
    ['sourcetype="WinEventLog:System" x=1', 'winlogbeat-*,logs-system.system-*', 'exact'],
    ['`wineventlog_system` x=1', 'winlogbeat-*,logs-system.system-*', 'exact'],
    ['| tstats count from datamodel=Endpoint.Processes by Processes.dest', 'logs-endpoint.events.process-*,winlogbeat-*', 'exact'],
    ['x=1', 'winlogbeat-*,logs-*', 'exact'],
    ['`unknown_source` x=1', 'winlogbeat-*,logs-*', 'superset'],
    ['index=main x=1', 'winlogbeat-*,logs-*', 'superset'],
    ['| inputlookup hosts.csv', 'winlogbeat-*,logs-*', 'unsupported'],
  ])('%s → %s', (spl, index, fidelity) => {
    const r = convert(spl);
    expect(r.output.index).toBe(index);
    expect(r.fidelity).toBe(fidelity);
  });

  it('selectors a profile-mapped macro expands to read as the macro\'s mapping', () => {
    const r = convert('`wineventlog_system` EventCode=7045', { macros: macros.value });
    expect(r.output.index).toBe('winlogbeat-*,logs-system.system-*');
    expect(r.output.body.query).toEqual(term('event.code', '7045'));
    expect(r.fidelity).toBe('exact');
  });

  it('a top-level conjunct a profile-mapped macro produced selects the index and leaves the query', () => {
    const conf = '[wineventlog_security]\ndefinition = eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security\n';
    const table = new MacroTable(parseMacrosConf(conf, 'macros.conf').defs);
    const r = convert('`wineventlog_security` EventCode=4728', { macros: table });
    expect(r.output.index).toBe('winlogbeat-*,logs-system.security-*');
    expect(r.output.body.query).toEqual(term('event.code', '4728'));
    expect(r.fidelity).toBe('exact');
  });

  it('data-source fields inside the tree are no ES fields: dropped as a superset, not a term that never matches', () => {
    const r = convert('(sourcetype=a OR sourcetype=b) EventCode=1');
    expect(r.output.body.query).toEqual(term('event.code', '1'));
    expect(r.fidelity).toBe('superset');
    expect(messages(r)).toContainEqual(expect.stringContaining('sourcetype="a" selects data in Splunk'));
  });

  it('an unknown macro is noted at its span', () => {
    const r = convert('`unknown_source` x=1');
    expect(r.notes).toContainEqual(
      expect.objectContaining({ level: 'warning', stage: 0, span: { start: 0, end: 16 }, message: expect.stringContaining('macro `unknown_source` is not in profile ecs') }),
    );
  });
});

describe('stats → composite aggregation', () => {
  it('BY fields are composite sources in order; count is the doc_count', () => {
    const r = convert('x=1 | stats count by host, user');
    expect(r.output.body).toEqual({
      query: term('x', '1'),
      size: 0,
      aggs: {
        stats: {
          composite: {
            size: 1000,
            sources: [{ host: { terms: { field: 'host.name', missing_bucket: false } } }, { user: { terms: { field: 'user.name', missing_bucket: false } } }],
          },
        },
      },
    });
    expect(r.output.rows).toEqual({
      source: { kind: 'aggs', agg: 'stats', by: [{ name: 'host', time: false }, { name: 'user', time: false }], columns: [{ name: 'count', from: 'count', fn: 'count' }] },
      post: [],
    });
    expect(r.fidelity).toBe('exact');
  });

  it('without BY fields: one filter(match_all) bucket', () => {
    const r = convert('x=1 | stats count dc(user) as users');
    expect(r.output.body.aggs).toEqual({ stats: { filter: { match_all: {} }, aggs: { users: values('user.name') } } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['values(user)', { 'values(user)': values('user.name') }, 'exact'],
    ['dc(user) as n', { n: values('user.name') }, 'exact'],
    ['count(user) as n', { n: { value_count: { field: 'user.name' } } }, 'exact'],
    ['min(process_id) as a max(process_id) as b', { a: { min: { field: 'process.pid' } }, b: { max: { field: 'process.pid' } } }, 'exact'],
    ['sum(process_id) as s avg(process_id) as m range(process_id) as r', { s: { sum: { field: 'process.pid' } }, m: { avg: { field: 'process.pid' } }, r: { stats: { field: 'process.pid' } } }, 'exact'],
    ['min(user) as a sum(user) as s', { a: values('user.name'), s: values('user.name') }, 'exact'],
    ['min(_time) as firstTime max(_time) as lastTime', { firstTime: { min: { field: '@timestamp' } }, lastTime: { max: { field: '@timestamp' } } }, 'exact'],
    ['estdc(user) as n', { n: { cardinality: { field: 'user.name' } } }, 'exact'],
    [
      'list(user) as l',
      { l: { filter: { exists: { field: 'user.name' } }, aggs: { top: { top_hits: { size: 100, sort: [{ '@timestamp': { order: 'desc' } }], _source: { includes: ['user.name'] } } } } } },
      'exact',
    ],
    [
      'earliest(user) as e',
      { e: { filter: { exists: { field: 'user.name' } }, aggs: { top: { top_hits: { size: 1, sort: [{ '@timestamp': { order: 'asc' } }], _source: { includes: ['user.name'] } } } } } },
      'exact',
    ],
    ['median(process_id) as m', {}, 'partial'],
  ])('%s', (aggs, want, fidelity) => {
    const r = convert(`x=1 | stats ${aggs} by host`);
    const got = (r.output.body.aggs?.['stats'] as { aggs?: unknown }).aggs ?? {};
    expect(got).toEqual(want);
    expect(r.fidelity).toBe(fidelity);
  });

  it.each<[string, unknown]>([
    ['x=1 | bin _time span=1h | stats count by _time', { date_histogram: { field: '@timestamp', fixed_interval: '1h', missing_bucket: false } }],
    ['x=1 | bucket _time span=90s | stats count by _time', { date_histogram: { field: '@timestamp', fixed_interval: '90s', missing_bucket: false } }],
    ['x=1 | bin _time span=1d | stats count by _time', { date_histogram: { field: '@timestamp', fixed_interval: '1d', missing_bucket: false } }],
    ['x=1 | bin _time span=1mon | stats count by _time', { date_histogram: { field: '@timestamp', calendar_interval: '1M', missing_bucket: false } }],
    ['x=1 | bin _time span=1h as hour | stats count by hour', { date_histogram: { field: '@timestamp', fixed_interval: '1h', missing_bucket: false } }],
    ['| tstats count from datamodel=Endpoint.Processes by _time span=1d', { date_histogram: { field: '@timestamp', fixed_interval: '1d', missing_bucket: false } }],
    ['x=1 | stats count by _time', { terms: { field: '@timestamp', missing_bucket: false } }],
  ])('%s', (spl, source) => {
    const r = convert(spl);
    const comp = (r.output.body.aggs?.['stats'] as { composite: { sources: Record<string, unknown>[] } }).composite;
    expect(Object.values(comp.sources[0]!)[0]).toEqual(source);
    expect(r.output.rows.source).toMatchObject({ by: [{ time: true }] });
    expect(r.fidelity).toBe('exact');
  });

  it('tstats fillnull_value keeps events without a BY value (missing_bucket: true + the fill value)', () => {
    const r = convert('| tstats fillnull_value=null count from datamodel=Endpoint.Processes by Processes.dest');
    const comp = (r.output.body.aggs?.['stats'] as { composite: { sources: unknown[] } }).composite;
    expect(comp.sources).toEqual([{ 'Processes.dest': { terms: { field: 'host.name', missing_bucket: true } } }]);
    expect(r.output.rows.source).toMatchObject({ by: [{ name: 'Processes.dest', fill: 'null' }] });
  });

  it('values(*) as * needs a field list: partial without one', () => {
    const r = convert('x=1 | stats values(*) as * by host');
    expect(r.fidelity).toBe('partial');
    expect(messages(r)).toContainEqual(expect.stringContaining('values(*) needs the list of fields'));
  });

  it('values(*) after a table with wildcards covers the listed fields and is partial', () => {
    const r = convert('x=1 | table _time host user process_* | stats values(*) as * by host');
    expect(Object.keys((r.output.body.aggs?.['stats'] as { aggs: object }).aggs)).toEqual(['user']);
    expect(r.fidelity).toBe('partial');
    expect(messages(r)).toContainEqual(expect.stringContaining('the fields matching process_* cannot be listed'));
  });

  it('values(*) enumerates the table fields except BY and _ fields, and values(x*) as y_* renames', () => {
    const r = convert('x=1 | table _time host user process_name process_path | stats values(process*) as p_* values(*) as * by host');
    const got = Object.keys((r.output.body.aggs?.['stats'] as { aggs: object }).aggs);
    expect(got).toEqual(['p__name', 'p__path', 'user', 'process_name', 'process_path']);
  });
});

describe('eval before stats', () => {
  it('a field copy aggregates the source field under the new name (no script)', () => {
    const r = convert('x=1 | eval svc=Service_File_Name | stats count by svc');
    expect(r.output.body.runtime_mappings).toBeUndefined();
    expect(r.output.body.aggs?.['stats']).toMatchObject({ composite: { sources: [{ svc: { terms: { field: 'winlog.event_data.ImagePath' } } }] } });
    expect(r.fidelity).toBe('exact');
  });

  it('a concatenation or lower() becomes a keyword runtime field (Painless, null-propagating)', () => {
    const r = convert('x=1 | eval h=lower(host) . ":" . user | stats count by h');
    expect(r.output.body.runtime_mappings).toEqual({
      'spl2x.h': {
        type: 'keyword',
        script: {
          source:
            "if (!doc.containsKey('host.name') || doc['host.name'].size() == 0) return; String v3 = String.valueOf(doc['host.name'].value); String v2 = v3.toLowerCase(); String v4 = ':'; String v1 = v2 + v4; if (!doc.containsKey('user.name') || doc['user.name'].size() == 0) return; String v5 = String.valueOf(doc['user.name'].value); String v0 = v1 + v5; emit(v0);",
        },
      },
    });
    expect(r.output.body.aggs?.['stats']).toMatchObject({ composite: { sources: [{ h: { terms: { field: 'spl2x.h' } } }] } });
    expect(r.fidelity).toBe('exact');
  });

  it('other eval expressions feeding the aggregation make it partial', () => {
    const r = convert('x=1 | eval n=len(host) | stats count by n');
    expect(r.fidelity).toBe('partial');
    expect(messages(r)).toContainEqual(expect.stringContaining('BY field n cannot be grouped on: eval n: function len()'));
  });

  it('an eval nobody reads costs nothing', () => {
    expect(convert('x=1 | eval n=len(host) | stats count by host').fidelity).toBe('exact');
  });

  it('rename before stats reads the original field', () => {
    const r = convert('x=1 | rename host as h | stats count by h');
    expect(r.output.body.aggs?.['stats']).toMatchObject({ composite: { sources: [{ h: { terms: { field: 'host.name' } } }] } });
  });

  it('stages that change which events are aggregated (dedup, head, unmerged where) make it partial', () => {
    for (const spl of ['x=1 | dedup host | stats count by user', 'x=1 | head 5 | stats count', 'x=1 | eval n=1 | where n=1 | stats count']) {
      const r = convert(spl);
      expect(r.fidelity, spl).toBe('partial');
    }
    // sort keeps 10,000 events by default (so it changes what is aggregated); `sort 0` only orders them
    expect(convert('x=1 | sort host | stats count by user').fidelity).toBe('partial');
    expect(convert('x=1 | sort 0 host | stats count by user').fidelity).toBe('exact');
    expect(convert('x=1 | sort 0 host | stats first(user) by host').fidelity).toBe('partial');
  });
});

describe('stages after stats run client-side on the complete rows (exact)', () => {
  it('where / sort / head / rename / table / convert become row operations in order', () => {
    const r = convert('x=1 | stats count max(_time) as t by host | where count > 5 | sort - count | head 3 | rename host as h | convert ctime(t) | table h count t');
    expect(r.fidelity).toBe('exact');
    expect(r.output.rows.post.map((o) => o.op)).toEqual(['filter', 'sort', 'head', 'rename', 'convert', 'fields']);
    expect(r.notes.filter((n) => n.level === 'info').map((n) => `${n.stage}: ${n.message}`)).toEqual([
      '2: filter runs client-side in responseToRows, on the complete aggregation result',
      '3: sort runs client-side in responseToRows, on the complete aggregation result',
      '4: head runs client-side in responseToRows, on the complete aggregation result',
      '6: convert runs client-side in responseToRows, on the complete aggregation result',
    ]);
    expect(r.output.rows.post[0]).toEqual({
      op: 'filter',
      where: { kind: 'compare', field: 'count', op: 'gt', value: { parts: [{ kind: 'lit', text: '5' }] }, caseSensitive: true, numeric: true },
    });
  });

  it('a second stats (and eventstats) runs over the rows', () => {
    const r = convert('x=1 | stats count by host, user | eventstats sum(count) as total by host | stats dc(user) as users max(total) as total by host');
    expect(r.fidelity).toBe('exact');
    expect(r.output.rows.post).toEqual([
      { op: 'stats', variant: 'eventstats', aggs: [{ fn: 'sum', field: 'count', as: 'total' }], by: ['host'] },
      { op: 'stats', variant: 'stats', aggs: [{ fn: 'dc', field: 'user', as: 'users' }, { fn: 'max', field: 'total', as: 'total' }], by: ['host'] },
    ]);
    expect(convert('x=1 | stats count by host | stats perc95(count) by host').fidelity).toBe('partial');
    expect(convert('x=1 | stats count by host | streamstats count').fidelity).toBe('partial');
  });

  it('unmodelled stages after stats are partial', () => {
    const r = convert('x=1 | stats count by host | lookup hosts host OUTPUT owner');
    expect(r.fidelity).toBe('partial');
  });

  it('security-content ESCU rule (tstats, drop_dm_object_name, merged where, ctime macros): exact', () => {
    const spl = (yaml.load(readFileSync('examples/processes_tstats.escu.yml', 'utf8')) as { search: string }).search;
    const r = convert(spl, { macros: macros.value });
    expect(r.output.index).toBe('logs-endpoint.events.process-*,winlogbeat-*');
    expect(r.output.rows.post.map((o) => o.op)).toEqual(['rename', 'convert', 'convert']);
    expect(r.output.rows.source).toMatchObject({ by: [{ name: 'Processes.dest', fill: 'null' }, { name: 'Processes.user' }, { name: 'Processes.process' }, { name: 'Processes.process_name' }] });
    expect(r.fidelity, JSON.stringify(r.notes)).not.toBe('partial');
  });
});

describe('without aggregation: hits', () => {
  it('hits newest first, size 10000, _source limited by a final table', () => {
    const r = convert('EventCode=7045 | table _time host ServiceName');
    expect(r.output.body).toEqual({
      query: term('event.code', '7045'),
      size: 10000,
      sort: [{ '@timestamp': { order: 'desc' } }],
      _source: ['@timestamp', 'event.code', 'host.name', 'winlog.event_data.ServiceName'],
    });
    expect(r.output.rows).toEqual({
      source: { kind: 'hits', names: { 'event.code': ['EventCode'], 'host.name': ['host'], 'winlog.event_data.ServiceName': ['ServiceName'] }, timeField: '@timestamp' },
      post: [{ op: 'fields', mode: 'table', fields: ['_time', 'host', 'ServiceName'] }],
    });
  });

  it('a leading head limits size', () => {
    expect(convert('x=1 | head 5').output.body.size).toBe(5);
    expect(convert('x=1 | dedup host | head 5').output.body.size).toBe(10000);
  });

  it('eval on hits is evaluated client-side; an unsupported one is partial', () => {
    expect(convert('x=1 | eval h=lower(host) | table h').fidelity).toBe('exact');
    expect(convert('x=1 | eval h=replace(host, "a", "b") | table h').fidelity).toBe('partial');
  });

  it('serializes as pretty JSON', () => {
    const out = esdsl.serialize(convert('x=1').output);
    expect(out.startsWith('{\n  "index": "winlogbeat-*,logs-*",\n  "body": {')).toBe(true);
    expect(JSON.parse(out)).toEqual(convert('x=1').output);
  });
});
