import { describe, expect, it } from 'vitest';
import { responseToRows, type EsResponse } from '../../../src/targets/esdsl/index.js';
import { strftime } from '../../../src/targets/js/runtime/time.js';
import { NOW, runSpl } from '../js/helpers.js';
import { convert } from './helpers.js';

const terms = (...keys: (string | number)[]) => ({ buckets: keys.map((key) => ({ key, doc_count: 1 })), sum_other_doc_count: 0 });
const composite = (...buckets: object[]): EsResponse => ({ aggregations: { stats: { buckets } } });

describe('responseToRows: composite pages → spl2x run rows', () => {
  const out = convert('x=1 | eval svc=Service_File_Name | table _time host user process_id svc | bin span=1s | stats values(*) as * by _time, host').output;

  it('BY fields first (binned _time in epoch seconds), values() sorted as strings, empty values absent, rows by BY values', () => {
    const pages = [
      composite(
        { key: { _time: 1700000001000, host: 'b' }, doc_count: 2, user: terms('zed', 'Alice'), process_id: terms(9, 10), svc: terms() },
        { key: { _time: 1700000000000, host: 'a' }, doc_count: 1, user: terms('bob'), process_id: terms(), svc: terms('C:\\x.exe') },
      ),
      composite({ key: { _time: 1700000000000, host: 'B' }, doc_count: 1, user: terms('carol'), process_id: terms(4), svc: terms() }),
    ];
    const rows = responseToRows(out, pages);
    expect(rows).toEqual([
      { _time: 1700000000, host: 'B', user: ['carol'], process_id: ['4'] },
      { _time: 1700000000, host: 'a', user: ['bob'], svc: ['C:\\x.exe'] },
      { _time: 1700000001, host: 'b', user: ['Alice', 'zed'], process_id: ['10', '9'] },
    ]);
    expect(Object.keys(rows[2]!)).toEqual(['_time', 'host', 'user', 'process_id']);
  });

  it('throws rather than return a silently short values() list', () => {
    const page = composite({ key: { _time: 0, host: 'a' }, doc_count: 20000, user: { buckets: [{ key: 'a', doc_count: 1 }], sum_other_doc_count: 19999 } });
    expect(() => responseToRows(out, page)).toThrow(/more distinct values/);
  });

  it('numbers sort before strings in BY order (the JS matcher order)', () => {
    const o = convert('x=1 | stats count by user').output;
    const rows = responseToRows(o, composite(...['b', '10', '9', 'A'].map((user) => ({ key: { user }, doc_count: 1 }))));
    expect(rows.map((r) => r['user'])).toEqual(['9', '10', 'A', 'b']);
  });
});

describe('responseToRows: aggregation functions', () => {
  it('no BY: one row, also with no response at all', () => {
    const o = convert('x=1 | stats count dc(user) as users values(user) as names').output;
    expect(responseToRows(o, { aggregations: { stats: { doc_count: 5, users: terms('a', 'b', 'c'), names: terms('b', 'a') } } })).toEqual([{ count: 5, users: 3, names: ['a', 'b'] }]);
    expect(responseToRows(o, [])).toEqual([{ count: 0, users: 0 }]);
  });

  it('min/max/range/sum/avg from the terms listing: numeric when every value is, else text order', () => {
    const o = convert('x=1 | stats min(user) as mn max(user) as mx range(user) as r sum(user) as s avg(user) as a by host').output;
    const listing = (...v: [string, number][]) => ({ buckets: v.map(([key, doc_count]) => ({ key, doc_count })), sum_other_doc_count: 0 });
    const mixed = listing(['10', 2], ['9', 1], ['x', 1]);
    const numeric = listing(['10', 1], ['9', 3]);
    const rows = responseToRows(o, composite({ key: { host: 'a' }, doc_count: 4, mn: mixed, mx: mixed, r: mixed, s: mixed, a: mixed }, { key: { host: 'b' }, doc_count: 4, mn: numeric, mx: numeric, r: numeric, s: numeric, a: numeric }));
    expect(rows).toEqual([
      { host: 'a', mn: '10', mx: 'x', r: 1, s: 29, a: 29 / 3 },
      { host: 'b', mn: 9, mx: 10, r: 1, s: 37, a: 37 / 4 },
    ]);
  });

  it('native metrics (numeric fields), dates in epoch seconds, null = absent', () => {
    const o = convert('x=1 | stats min(process_id) as p max(_time) as t count(user) as n by host').output;
    const rows = responseToRows(o, composite({ key: { host: 'a' }, doc_count: 2, p: { value: 3 }, t: { value: 1700000000500, value_as_string: '2023-11-14T22:13:20.500Z' }, n: { value: 2 } }, { key: { host: 'b' }, doc_count: 1, p: { value: null }, t: { value: null }, n: { value: 0 } }));
    expect(rows).toEqual([
      { host: 'a', p: 3, t: 1700000000.5, n: 2 },
      { host: 'b', n: 0 },
    ]);
  });

  it('list / first / earliest from top_hits: list gives text in event order, first the whole value', () => {
    const o = convert('x=1 | stats list(process_id) as l first(user) as f earliest(user) as e by host').output;
    const hits = (...sources: object[]) => ({ doc_count: sources.length, top: { hits: { hits: sources.map((_source) => ({ _source })) } } });
    const rows = responseToRows(
      o,
      composite({
        key: { host: 'a' },
        doc_count: 3,
        l: hits({ process: { pid: 5 } }, { 'process.pid': [6, 7] }),
        f: hits({ user: { name: ['x', 'y'] } }),
        e: hits({ user: { name: 'old' } }),
      }),
    );
    expect(rows).toEqual([{ host: 'a', l: ['5', '6', '7'], f: ['x', 'y'], e: 'old' }]);
  });

  it('tstats fillnull_value: a missing BY value (null key) takes the fill value', () => {
    const o = convert('| tstats fillnull_value=null count from datamodel=Endpoint.Processes by Processes.dest').output;
    const rows = responseToRows(o, composite({ key: { 'Processes.dest': null }, doc_count: 3 }, { key: { 'Processes.dest': 'web' }, doc_count: 1 }));
    expect(rows).toEqual([
      { 'Processes.dest': 'null', count: 3 },
      { 'Processes.dest': 'web', count: 1 },
    ]);
  });
});

describe('responseToRows: stages after stats, client-side', () => {
  it('where, sort, head, rename, convert ctime, table', () => {
    const o = convert('x=1 | stats count max(_time) as t by host | where count > 5 | sort - count | head 2 | rename host as h | convert ctime(t) | table h count t').output;
    const rows = responseToRows(
      o,
      composite(
        { key: { host: 'a' }, doc_count: 6, t: { value: 1700000000000 } },
        { key: { host: 'b' }, doc_count: 50, t: { value: 0 } },
        { key: { host: 'c' }, doc_count: 3, t: { value: 0 } },
        { key: { host: 'd' }, doc_count: 7, t: { value: 86400000 } },
      ),
    );
    expect(rows).toEqual([
      { h: 'b', count: 50, t: '01/01/1970 00:00:00' },
      { h: 'd', count: 7, t: '01/02/1970 00:00:00' },
    ]);
  });

  it('search on a multivalue result field: case-insensitive, any value', () => {
    const o = convert('x=1 | stats values(user) as users by host | search users=ADM*').output;
    const rows = responseToRows(o, composite({ key: { host: 'a' }, doc_count: 2, users: terms('admin', 'bob') }, { key: { host: 'b' }, doc_count: 1, users: terms('carol') }));
    expect(rows.map((r) => r['host'])).toEqual(['a']);
  });

  it('eval, fillnull and dedup on rows', () => {
    const o = convert('x=1 | stats count values(user) as u by host, src | eval double=count*2, label=host . "/" . src | fillnull value=none u | dedup host').output;
    const rows = responseToRows(o, composite({ key: { host: 'a', src: '10.0.0.1' }, doc_count: 2, u: terms() }, { key: { host: 'a', src: '10.0.0.2' }, doc_count: 1, u: terms('x') }, { key: { host: 'b', src: '10.0.0.3' }, doc_count: 1, u: terms('y') }));
    expect(rows).toEqual([
      { host: 'a', src: '10.0.0.1', count: 2, double: 4, label: 'a/10.0.0.1', u: 'none' },
      { host: 'b', src: '10.0.0.3', count: 1, u: ['y'], double: 2, label: 'b/10.0.0.3' },
    ]);
  });

  it('a second stats and eventstats over the rows', () => {
    const o = convert('x=1 | stats count by host, user | eventstats sum(count) as total by host | stats dc(user) as users max(total) as total values(user) as names by host').output;
    const rows = responseToRows(o, composite({ key: { host: 'a', user: 'u1' }, doc_count: 2 }, { key: { host: 'a', user: 'u2' }, doc_count: 3 }, { key: { host: 'b', user: 'u1' }, doc_count: 1 }));
    expect(rows).toEqual([
      { host: 'a', users: 2, total: 5, names: ['u1', 'u2'] },
      { host: 'b', users: 1, total: 1, names: ['u1'] },
    ]);
  });

  it('where expressions, eval with the runtime\'s functions, if/case, now()', () => {
    const r = convert('x=1 | stats values(user) as users count by host | eval first=mvindex(users, 0), size=if(count > 1, "many", "one"), age=now() - 100, h=substr(host, 1, 2) | where len(host) > 1 AND mvcount(users) >= 1');
    expect(r.fidelity).toBe('exact');
    const rows = responseToRows(r.output, composite({ key: { host: 'a' }, doc_count: 2, users: terms('x') }, { key: { host: 'web' }, doc_count: 2, users: terms('z', 'y') }), { now: 1000 });
    expect(rows).toEqual([{ host: 'web', users: ['y', 'z'], count: 2, first: 'y', size: 'many', age: 900, h: 'we' }]);
  });

  it('dedup consecutive=true keeps the option', () => {
    const o = convert('x=1 | stats count by host, user | dedup consecutive=true host').output;
    expect(o.rows.post).toEqual([{ op: 'dedup', fields: ['host'], count: 1, keepempty: false, sortBy: [], consecutive: true }]);
    const rows = responseToRows(o, composite({ key: { host: 'a', user: 'x' }, doc_count: 1 }, { key: { host: 'a', user: 'y' }, doc_count: 1 }, { key: { host: 'b', user: 'x' }, doc_count: 1 }));
    expect(rows.map((x) => `${x['host']}/${x['user']}`)).toEqual(['a/x', 'b/x']);
  });

  it('convert ctime formats with the runtime strftime, in UTC', () => {
    expect(strftime(1700000000.25, '%Y-%m-%dT%H:%M:%S.%3N %a %b %j %p %%')).toBe('2023-11-14T22:13:20.250 Tue Nov 318 PM %');
  });
});

describe('responseToRows: hits', () => {
  it('rows of a final table: SPL names, _time from @timestamp, nested or dotted _source', () => {
    const o = convert('EventCode=7045 | table _time host ServiceName').output;
    const rows = responseToRows(o, [
      { hits: { hits: [{ _source: { '@timestamp': '2023-11-14T22:13:20Z', event: { code: '7045' }, host: { name: 'web' }, winlog: { event_data: { ServiceName: 'PSEXESVC' } } } }] } },
      { hits: { hits: [{ _source: { '@timestamp': '2023-11-14T22:13:19.500Z', 'event.code': '7045', 'host.name': ['a', 'b'] } }] } },
    ]);
    expect(rows).toEqual([
      { _time: 1700000000, host: 'web', ServiceName: 'PSEXESVC' },
      { _time: 1699999999.5, host: ['a', 'b'] },
    ]);
  });

  it('rows without table keep every _source field (ES names) plus the SPL names the rule uses', () => {
    const o = convert('EventCode=7045 | dedup host').output;
    const rows = responseToRows(o, {
      hits: {
        hits: [
          { _source: { '@timestamp': '2023-11-14T22:13:20Z', event: { code: '7045' }, host: { name: 'web' } } },
          { _source: { '@timestamp': '2023-11-14T22:13:19Z', event: { code: '7045' }, host: { name: 'web' } } },
          { _source: { '@timestamp': '2023-11-14T22:13:18Z', event: { code: '7045' } } },
        ],
      },
    });
    expect(rows).toEqual([{ '@timestamp': '2023-11-14T22:13:20Z', 'event.code': '7045', 'host.name': 'web', EventCode: '7045', host: 'web', _time: 1700000000 }]);
  });
});

describe('responseToRows gives the rows spl2x run gives (the JS matcher on the same events)', () => {
  const events = [
    { _time: 1700000003, x: 1, host: 'web', user: 'alice' },
    { _time: 1700000002, x: 1, host: 'web', user: 'Bob' },
    { _time: 1700000001, x: 1, host: 'db', user: ['carol', 'alice'] },
    { _time: 1700000000, x: 1, host: '10', user: 'dave' },
    { _time: 1699999999, x: 1, host: 'web', user: 'alice' },
  ];
  /** The composite buckets Elasticsearch returns for `stats … by host` over the events, in its key order. */
  const response = (aggs: readonly string[]): EsResponse => {
    const hosts = [...new Set(events.map((e) => e.host))].sort();
    return composite(
      ...hosts.map((host) => {
        const group = events.filter((e) => e.host === host);
        const counts = new Map<string, number>();
        for (const e of group) for (const u of [e.user].flat()) counts.set(u, (counts.get(u) ?? 0) + 1);
        const listing = { buckets: [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, doc_count]) => ({ key, doc_count })), sum_other_doc_count: 0 };
        return { key: { host }, doc_count: group.length, ...Object.fromEntries(aggs.map((a) => [a, listing])) };
      }),
    );
  };

  it.each([
    'x=1 | stats count values(user) as users dc(user) as n by host | eval many=if(n > 1, "yes", "no"), one=mvindex(users, 0), t=now() | where len(host) > 2 OR count > 1 | sort - count host | table host count users n many one t',
    'x=1 | stats count min(user) as lo max(user) as hi by host | rename host as h | eventstats sum(count) as total | eval share=round(count / total, 2) | fields h share lo hi',
    'x=1 | stats values(user) as users by host | fillnull value=none other | dedup users | stats count by other',
  ])('%s', async (spl) => {
    const r = convert(spl);
    expect(r.fidelity, JSON.stringify(r.notes)).toBe('exact');
    const aggs = r.output.rows.source.kind === 'aggs' ? r.output.rows.source.columns.flatMap((c) => (c.agg ? [c.agg] : [])) : [];
    expect(responseToRows(r.output, response(aggs), { now: NOW })).toEqual(await runSpl(spl, events));
  });
});
