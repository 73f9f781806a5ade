import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allBuckets, clusterInfo, deleteIndex, ensureIndex, ES_START_HINT, esClient, type EsClusterInfo, type EsMapping, indexEvents, search,
} from '../../src/verify/elasticsearch.js';

/**
 * Smoke test of the Elasticsearch engine (src/verify/elasticsearch.ts) against a real cluster: ES_URL, else the
 * local node of `npm run es:start`. Never skipped: without a cluster every test fails with the message saying how to
 * get one (under CI, .ci/run must start it).
 */
const client = esClient();
let cluster: EsClusterInfo | undefined;
let unreachable = '';
const INDEX = `spl2x-smoke-${process.pid}-${Date.now()}`;

function need(): EsClusterInfo {
  if (cluster) return cluster;
  // The error from clusterInfo already says to run `npm run es:start` or set ES_URL (ES_START_HINT).
  const ci = process.env['CI'] === 'true' ? '\nCI=true: .ci/run must start Elasticsearch (npm run es:start) before the tests, or set ES_URL' : '';
  throw new Error(`Elasticsearch is not reachable: ${unreachable || ES_START_HINT}${ci}`);
}

const mapping: EsMapping = {
  dynamic: 'strict',
  properties: {
    '@timestamp': { type: 'date' },
    host: { properties: { name: { type: 'keyword' } } },
    process: {
      properties: {
        name: { type: 'keyword' },
        pid: { type: 'long' },
        command_line: { type: 'text', fields: { keyword: { type: 'keyword' } } },
      },
    },
    source: { properties: { ip: { type: 'ip' } } },
    // The whole event text: a keyword with no ignore_above (raw-text wildcards see all of it) + a text subfield.
    event: { properties: { original: { type: 'keyword', fields: { text: { type: 'text' } } } } },
  },
};

const LONG_TAIL = 'x'.repeat(400);
const events = [
  { t: '2024-05-01T10:00:00.100Z', host: 'WS-01', proc: 'PowerShell.exe', pid: 100, ip: '10.0.0.5', cmd: 'powershell.exe -enc SQBFAFgA' },
  { t: '2024-05-01T10:00:00.900Z', host: 'WS-01', proc: 'powershell.exe', pid: 200, ip: '10.0.0.6', cmd: 'powershell -NoProfile -EncodedCommand AAAA' },
  { t: '2024-05-01T10:00:01.200Z', host: 'WS-02', proc: 'cmd.exe', pid: 300, ip: '192.168.1.9', cmd: `cmd.exe /c whoami ${LONG_TAIL} -ENC` },
  { t: '2024-05-01T10:00:01.700Z', host: 'WS-01', proc: 'POWERSHELL.EXE', pid: 400, ip: '10.1.2.3', cmd: 'POWERSHELL.EXE -ep bypass' },
  { t: '2024-05-01T10:00:02.300Z', host: 'WS-03', proc: 'notepad.exe', pid: 500, ip: '172.16.0.1', cmd: 'notepad.exe c:\\notes.txt' },
].map((e) => ({
  '@timestamp': e.t,
  host: { name: e.host },
  process: { name: e.proc, pid: e.pid, command_line: e.cmd },
  source: { ip: e.ip },
  event: { original: `${e.t} host=${e.host} process=${e.proc} pid=${e.pid} cmd="${e.cmd}"` },
}));

/** Matching pids, sorted. */
async function pids(query: Record<string, unknown>): Promise<number[]> {
  const r = await search(client, INDEX, { query, size: 100, _source: ['process.pid'] });
  if (!r.ok) throw new Error(r.error);
  expect(r.value.pages).toHaveLength(1);
  return r.value.pages[0]!.hits.hits.map((h) => (h._source as { process: { pid: number } }).process.pid).sort((a, b) => a - b);
}

beforeAll(async () => {
  const info = await clusterInfo(client);
  if (!info.ok) {
    unreachable = info.error;
    return;
  }
  cluster = info.value;
  const created = await ensureIndex(client, INDEX, mapping);
  if (!created.ok) throw new Error(created.error);
  const indexed = await indexEvents(client, INDEX, events, events.map((_, i) => `e${i}`));
  if (!indexed.ok) throw new Error(indexed.error);
});

afterAll(async () => {
  if (cluster) {
    const d = await deleteIndex(client, INDEX);
    if (!d.ok) throw new Error(d.error);
  }
  await client.close();
});

describe('Elasticsearch engine (npm run es:start or ES_URL)', () => {
  it('a cluster answers', () => {
    const c = need();
    console.log(`Elasticsearch ${c.version} at ${c.url} (${c.clusterName}, ${c.status})`);
    expect(c.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('ensureIndex keeps an existing index (same mapping), indexEvents reports failed items as values', async () => {
    need();
    const again = await ensureIndex(client, INDEX, mapping);
    expect(again).toEqual({ ok: true, value: { created: false } });
    const bad = await indexEvents(client, INDEX, [{ process: { pid: 'not a number' } }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/1 of 1 events not indexed.*(document_parsing_exception|mapper_parsing_exception)/);
  });

  it('regexp with case_insensitive and flags', async () => {
    need();
    expect(await pids({ regexp: { 'process.name': { value: 'power.+\\.exe', case_insensitive: true, flags: 'NONE' } } })).toEqual([100, 200, 400]);
    expect(await pids({ regexp: { 'process.name': { value: 'power.+\\.exe', flags: 'NONE' } } })).toEqual([200]);
    // case_insensitive folds single ASCII characters, in a class too, but not ranges (Lucene #14378; see
    // src/regex/print-lucene.ts, which writes such ranges with both cases).
    expect(await pids({ regexp: { 'process.name': { value: 'power[s]hell\\.exe', case_insensitive: true } } })).toEqual([100, 200, 400]);
    expect(await pids({ regexp: { 'process.name': { value: 'power[a-z]+\\.exe', case_insensitive: true } } })).toEqual([200]);
    expect(await pids({ regexp: { 'process.name': { value: 'power[a-zA-Z]+\\.exe', case_insensitive: true } } })).toEqual([100, 200, 400]);
    // flags: the complement operator only with COMPLEMENT (ALL): ~(...) matches every other name.
    expect(await pids({ regexp: { 'process.name': { value: '~(power.*)', flags: 'COMPLEMENT', case_insensitive: true } } })).toEqual([300, 500]);
  });

  it('wildcard (case_insensitive) on event.original sees text past 256 characters (no ignore_above)', async () => {
    need();
    expect(await pids({ wildcard: { 'event.original': { value: '*-enc*', case_insensitive: true } } })).toEqual([100, 200, 300]);
    expect(await pids({ wildcard: { 'event.original': { value: '*-enc*' } } })).toEqual([100]);
    expect(await pids({ wildcard: { 'event.original': { value: `*${LONG_TAIL} -ENC"` } } })).toEqual([300]);
  });

  it('term/terms (case_insensitive), exists, range, ip CIDR, bool, query_string', async () => {
    need();
    expect(await pids({ term: { 'process.name': { value: 'powershell.exe', case_insensitive: true } } })).toEqual([100, 200, 400]);
    expect(await pids({ terms: { 'host.name': ['WS-02', 'WS-03'] } })).toEqual([300, 500]);
    expect(await pids({ term: { 'source.ip': '10.0.0.0/8' } })).toEqual([100, 200, 400]);
    expect(await pids({ range: { 'process.pid': { gte: 200, lt: 500 } } })).toEqual([200, 300, 400]);
    expect(
      await pids({
        bool: {
          filter: [{ exists: { field: 'process.command_line' } }, { range: { '@timestamp': { gte: '2024-05-01T10:00:01Z' } } }],
          must_not: [{ term: { 'host.name': 'WS-03' } }],
        },
      }),
    ).toEqual([300, 400]);
    expect(await pids({ query_string: { query: 'process.name:(cmd.exe OR notepad.exe) AND process.pid:[300 TO 400]' } })).toEqual([300]);
    expect(await pids({ query_string: { query: 'process.command_line:encodedcommand' } })).toEqual([200]);
  });

  it('composite (date_histogram 1s + terms) paged through after_key, with metric, terms, filter and top_hits sub-aggregations', async () => {
    need();
    const r = await search(client, INDEX, {
      size: 0,
      query: { match_all: {} },
      aggs: {
        stats: {
          composite: {
            size: 2, // 4 buckets: forces 3 requests (2 + 2 + an empty last page)
            sources: [
              { _time: { date_histogram: { field: '@timestamp', fixed_interval: '1s' } } },
              { host: { terms: { field: 'host.name' } } },
            ],
          },
          aggs: {
            min_pid: { min: { field: 'process.pid' } },
            max_pid: { max: { field: 'process.pid' } },
            sum_pid: { sum: { field: 'process.pid' } },
            avg_pid: { avg: { field: 'process.pid' } },
            names: { terms: { field: 'process.name', size: 10 } },
            ps: { filter: { exists: { field: 'process.name' } }, aggs: { first: { top_hits: { size: 1, sort: [{ '@timestamp': 'asc' }], _source: ['process.pid'] } } } },
          },
        },
      },
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.composite).toBe('stats');
    expect(r.value.pages.length).toBe(3);
    const rows = allBuckets(r.value, 'stats').map((b) => {
      const key = b['key'] as { _time: number; host: string };
      const v = (n: string): unknown => (b[n] as { value: unknown }).value;
      const names = (b['names'] as { buckets: { key: string }[] }).buckets.map((x) => x.key).sort();
      const first = (b['ps'] as { first: { hits: { hits: { _source: { process: { pid: number } } }[] } } }).first.hits.hits[0]?._source.process.pid;
      return [new Date(key._time).toISOString(), key.host, b['doc_count'], v('min_pid'), v('max_pid'), v('sum_pid'), v('avg_pid'), names, first];
    });
    expect(rows).toEqual([
      ['2024-05-01T10:00:00.000Z', 'WS-01', 2, 100, 200, 300, 150, ['PowerShell.exe', 'powershell.exe'], 100],
      ['2024-05-01T10:00:01.000Z', 'WS-01', 1, 400, 400, 400, 400, ['POWERSHELL.EXE'], 400],
      ['2024-05-01T10:00:01.000Z', 'WS-02', 1, 300, 300, 300, 300, ['cmd.exe'], 300],
      ['2024-05-01T10:00:02.000Z', 'WS-03', 1, 500, 500, 500, 500, ['notepad.exe'], 500],
    ]);
  });

  it('errors come back as values with Elasticsearch\'s reason', async () => {
    need();
    const r = await search(client, INDEX, { query: { no_such_query: {} } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/400.*no_such_query/);
    const missing = await search(client, `${INDEX}-missing`, { query: { match_all: {} } });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/index_not_found_exception/);
    expect(await deleteIndex(client, `${INDEX}-missing`)).toEqual({ ok: true, value: { deleted: false } });
  });

  it('no cluster at a URL: the error says how to get one', async () => {
    const nowhere = esClient('http://127.0.0.1:9');
    const r = await clusterInfo(nowhere);
    await nowhere.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('npm run es:start');
  });

  it('runtime_mappings with a painless script: computed where lang-painless is installed; the local node has none and says so', async () => {
    need();
    const r = await search(client, INDEX, {
      size: 10,
      query: { term: { lower_name: 'powershell.exe' } },
      runtime_mappings: {
        lower_name: { type: 'keyword', script: { source: "emit(doc['process.name'].value.toLowerCase())" } },
      },
      fields: ['lower_name'],
      _source: false,
      sort: [{ 'process.pid': 'asc' }],
    });
    if (r.ok) {
      const got = r.value.pages[0]!.hits.hits.map((h) => (h.fields as { lower_name: string[] }).lower_name[0]);
      expect(got).toEqual(['powershell.exe', 'powershell.exe', 'powershell.exe']);
    } else {
      // The npm run es:start node: lang-painless (an Elasticsearch module) is not published to Maven Central.
      expect(r.error).toContain('script_lang not supported [painless]');
      console.log(`runtime_mappings not testable on this cluster: ${r.error}`);
    }
  });
});
