/**
 * iplocation, makemv, replace, fromjson, appendpipe, top/rare and transaction through every target: the verdict
 * each gives (and why), and the rows the JS matcher — and the esdsl row plan, which runs the same runtime — produce.
 */
import { describe, expect, it } from 'vitest';
import { convertWith, parseProfileChoice, ProfileCache } from '../../src/targets/convert.js';
import { responseToRows } from '../../src/targets/esdsl/index.js';
import { TARGETS } from '../../src/targets/registry.js';
import type { Fidelity } from '../../src/targets/types.js';
import { lowerSpl } from '../helpers/spl.js';
import { convert as esConvert } from './esdsl/helpers.js';
import { runSpl } from './js/helpers.js';

const profiles = new ProfileCache(parseProfileChoice([]));

function verdicts(spl: string): Record<string, { fidelity: Fidelity; notes: string[] }> {
  const rule = lowerSpl(spl);
  const out: Record<string, { fidelity: Fidelity; notes: string[] }> = {};
  for (const t of TARGETS) {
    const r = convertWith(t, rule, profiles.for(t), false);
    if (!r.ok) throw new Error(`${t.name} failed`);
    out[t.name] = { fidelity: r.value.fidelity, notes: r.value.notes.filter((n) => n.level !== 'info').map((n) => n.message) };
  }
  return out;
}

type Row = [spl: string, esdsl: Fidelity, kql: Fidelity, sigma: Fidelity, js: Fidelity, jsNote?: string, esNote?: string];

describe('each target gives its honest verdict for the new stages', () => {
  it.each<Row>([
    // No GeoIP database anywhere: the rule is lowered, every target says what is missing.
    ['x=1 | iplocation src | table src City', 'partial', 'partial', 'partial', 'partial', 'no GeoIP database is available', 'no GeoIP lookup at search time'],
    ['x=1 | makemv delim="," a | table a', 'exact', 'partial', 'partial', 'exact'],
    ['x=1 | makemv tokenizer="(\\w+)" a | table a', 'exact', 'partial', 'partial', 'exact'],
    ['x=1 | makemv setsv=true a', 'partial', 'partial', 'partial', 'partial', 'setsv=true is not implemented', 'setsv=true is not implemented'],
    ['x=1 | replace "::ffff:*" with * in src | table src', 'exact', 'partial', 'partial', 'exact'],
    ['x=1 | replace a WITH b', 'partial', 'partial', 'partial', 'partial', 'replace without IN', 'replace without IN'],
    ['x=1 | fromjson Data | table user', 'exact', 'partial', 'partial', 'exact'],
    // esdsl runs them client-side: before an aggregation that cannot be exact.
    ['x=1 | replace a WITH b IN user | stats count by user', 'partial', 'partial', 'partial', 'exact', undefined, 'runs client-side, after the aggregation'],
    ['x=1 | top user', 'exact', 'partial', 'partial', 'exact'],
    ['x=1 | rare 5 user by host showperc=f', 'exact', 'partial', 'partial', 'exact'],
    ['x=1 | top useother=true user', 'partial', 'partial', 'partial', 'partial', 'useother=true'],
    ['x=1 | appendpipe [stats count]', 'partial', 'partial', 'partial', 'exact'],
    ['x=1 | appendpipe [| map search="search y=$y$"]', 'partial', 'partial', 'partial', 'partial', "'map' is not modelled"],
    ['x=1 | transaction user maxspan=2m', 'partial', 'partial', 'partial', 'partial', 'grouping events into transactions is not implemented'],
  ])('%s → esdsl %s, kql %s, sigma %s, js %s', (spl, esdsl, kql, sigma, js, jsNote, esNote) => {
    const v = verdicts(spl);
    expect({ esdsl: v['esdsl']!.fidelity, kql: v['kql']!.fidelity, sigma: v['sigma']!.fidelity, js: v['js']!.fidelity }).toEqual({ esdsl, kql, sigma, js });
    if (jsNote) expect(v['js']!.notes.join('\n')).toContain(jsNote);
    if (esNote) expect(v['esdsl']!.notes.join('\n')).toContain(esNote);
    // A partial verdict always says why.
    for (const t of Object.values(v)) if (t.fidelity !== 'exact') expect(t.notes.length).toBeGreaterThan(0);
  });

  it('gives one KQL and one Sigma note for top (one SPL stage), in the rule\'s words', () => {
    const v = verdicts('x=1 | top 3 user by host');
    const about = (notes: string[]) => notes.filter((n) => n.includes('top'));
    expect(about(v['kql']!.notes)).toEqual(['`top 3 user by host`: KQL is a filter language, this stage is not expressed']);
    expect(about(v['sigma']!.notes)).toEqual(['top 3 user by host: not expressed in Sigma (the rule matches the events that feed it)']);
  });
});

const EVENTS = [
  { _time: 5, user: 'a', host: 'h1', src: '::ffff:10.0.0.1', list: 'x,,y', cmd: 'net user /add', Data: '{"k":"v","n":1,"arr":[1,"two",{"o":1}],"obj":{"p":true},"nul":null}' },
  { _time: 4, user: 'b', host: 'h1', src: '10.0.0.2', list: 'z', cmd: 'whoami', Data: 'not json' },
  { _time: 3, user: 'a', host: 'h2', src: 'a', Data: '[1,2]' },
  { _time: 2, user: 'a', host: 'h1' },
  { _time: 1, user: ['c', 'a'], host: 'h2' },
  { _time: 0, host: 'h3' },
];

describe('the JS matcher runs the new stages', () => {
  it.each<[string, unknown[]]>([
    ['* | makemv delim="," list | table list', [{ list: ['x', 'y'] }, { list: 'z' }, {}, {}, {}, {}]],
    ['* | makemv delim="," allowempty=true list | table list', [{ list: ['x', '', 'y'] }, { list: 'z' }, {}, {}, {}, {}]],
    ['cmd=* | makemv cmd | table cmd', [{ cmd: ['net', 'user', '/add'] }, { cmd: 'whoami' }]],
    ['cmd=* | makemv tokenizer="([a-z]+)" cmd | table cmd', [{ cmd: ['net', 'user', 'add'] }, { cmd: 'whoami' }]],
    ['src=* | replace "::ffff:*" WITH * IN src | table src', [{ src: '10.0.0.1' }, { src: '10.0.0.2' }, { src: 'a' }]],
    ['src=* | replace "::ffff:*" WITH *, h1 WITH H1 IN s*, ho* | table src host', [{ src: '10.0.0.1', host: 'H1' }, { src: '10.0.0.2', host: 'H1' }, { src: 'a', host: 'h2' }]],
    // A value without wildcards wins; among equal ones the last given; among wildcards the fullest match.
    ['src=* | replace a WITH b, a WITH c, "*" WITH any, "::ffff:*" WITH v4:* IN src | table src', [{ src: 'v4:10.0.0.1' }, { src: 'any' }, { src: 'c' }]],
    ['* | replace a WITH A IN user | stats count by user', [{ user: 'A', count: 4 }, { user: 'b', count: 1 }, { user: 'c', count: 1 }]],
    ['Data=* | fromjson Data prefix=j_ | table j_*', [{ j_k: 'v', j_n: 1, j_arr: [1, 'two', '{"o":1}'], j_obj: '{"p":true}' }, {}, {}]],
    ['* | stats count by host | appendpipe [stats sum(count) as count | eval host="total"]', [
      { host: 'h1', count: 3 }, { host: 'h2', count: 2 }, { host: 'h3', count: 1 }, { count: 6, host: 'total' },
    ]],
    ['* | top user', [{ user: 'a', count: 4, percent: 66.666667 }, { user: 'b', count: 1, percent: 16.666667 }, { user: 'c', count: 1, percent: 16.666667 }]],
    ['* | top 1 user by host', [{ host: 'h1', user: 'a', count: 2, percent: 66.666667 }, { host: 'h2', user: 'a', count: 2, percent: 66.666667 }]],
    ['* | rare user countfield=n showperc=false', [{ user: 'b', n: 1 }, { user: 'c', n: 1 }, { user: 'a', n: 4 }]],
    ['* | top limit=2 host showcount=f', [{ host: 'h1', percent: 50 }, { host: 'h2', percent: 33.333333 }]],
  ])('%s', async (spl, rows) => {
    expect(await runSpl(spl, EVENTS)).toEqual(rows);
  });
});

describe('esdsl: the row plan runs them client-side with the JS runtime', () => {
  it('on hits: replace, makemv, fromjson', () => {
    const out = esConvert('x=1 | replace "::ffff:*" WITH * IN src_addr | makemv delim="," tags | fromjson payload | table src_addr tags k').output;
    const rows = responseToRows(out, { hits: { hits: [{ _source: { x: '1', src_addr: '::ffff:1.2.3.4', tags: 'a,b', payload: '{"k":"v"}' } }] } });
    expect(rows).toEqual([{ src_addr: '1.2.3.4', tags: ['a', 'b'], k: 'v' }]);
  });

  it('on composite buckets: top (stats in Elasticsearch, then percent, sort and limit)', () => {
    const out = esConvert('x=1 | top 2 user').output;
    const bucket = (user: string, n: number) => ({ key: { user }, doc_count: n });
    const rows = responseToRows(out, { aggregations: { stats: { buckets: [bucket('a', 1), bucket('b', 6), bucket('c', 3)] } } });
    expect(rows).toEqual([{ user: 'b', count: 6, percent: 60 }, { user: 'c', count: 3, percent: 30 }]);
  });
});
