/**
 * The JS matcher's pipeline: SPL + events → result rows (docs/semantics.md, "Stages"). Rows are compared as JSON.
 */
import { describe, expect, it } from 'vitest';
import { compile, NOW, runSpl } from './helpers.js';

/** Six events; `run` orders them newest first: t5, t4, t3, t2, t1, t0. */
const EVENTS = [
  { _time: 1700000000, host: 'a', user: 'u1', action: 'login', bytes: 10 },
  { _time: 1700000001, host: 'a', user: 'u2', action: 'login', bytes: 20 },
  { _time: 1700000002, host: 'b', user: 'u1', action: 'logout', bytes: '5' },
  { _time: 1700000003, host: 'b', action: 'login', bytes: 'n/a' },
  { _time: 1700000004, user: 'u3', action: 'login', bytes: 7 },
  { _time: 1700000005, host: 'c', user: ['u1', 'u4'], action: 'login', bytes: 1 },
];

type Case = readonly [spl: string, rows: readonly Record<string, unknown>[]];

const onSix: Record<string, readonly Case[]> = {
  stats: [
    ['* | stats count by host', [{ host: 'a', count: 2 }, { host: 'b', count: 2 }, { host: 'c', count: 1 }]],
    ['* | stats count by user', [{ user: 'u1', count: 3 }, { user: 'u2', count: 1 }, { user: 'u3', count: 1 }, { user: 'u4', count: 1 }]],
    ['* | stats count by host, action', [
      { host: 'a', action: 'login', count: 2 }, { host: 'b', action: 'login', count: 1 }, { host: 'b', action: 'logout', count: 1 }, { host: 'c', action: 'login', count: 1 },
    ]],
    ['* | stats values(user) as users dc(user) as n by host', [
      { host: 'a', users: ['u1', 'u2'], n: 2 }, { host: 'b', users: ['u1'], n: 1 }, { host: 'c', users: ['u1', 'u4'], n: 2 },
    ]],
    ['* | stats list(bytes) by host', [{ host: 'a', 'list(bytes)': ['20', '10'] }, { host: 'b', 'list(bytes)': ['n/a', '5'] }, { host: 'c', 'list(bytes)': ['1'] }]],
    ['* | stats min(bytes) as lo max(bytes) as hi by host', [{ host: 'a', lo: 10, hi: 20 }, { host: 'b', lo: '5', hi: 'n/a' }, { host: 'c', lo: 1, hi: 1 }]],
    ['* | stats sum(bytes) as s avg(bytes) as a range(bytes) as r by host', [{ host: 'a', s: 30, a: 15, r: 10 }, { host: 'b', s: 5, a: 5, r: 0 }, { host: 'c', s: 1, a: 1, r: 0 }]],
    ['* | stats count', [{ count: 6 }]],
    ['nomatch | stats count', [{ count: 0 }]],
    ['nomatch | stats count by host', []],
    ['nomatch | stats values(user) as u', []],
    ['* | stats count(user) as c dc(user) as d', [{ c: 6, d: 4 }]],
    ['* | stats first(user) as f last(user) as l earliest(user) as e latest(user) as t by host', [
      { host: 'a', f: 'u2', l: 'u1', e: 'u1', t: 'u2' },
      { host: 'b', f: 'u1', l: 'u1', e: 'u1', t: 'u1' },
      { host: 'c', f: ['u1', 'u4'], l: ['u1', 'u4'], e: ['u1', 'u4'], t: ['u1', 'u4'] },
    ]],
    ['* | stats earliest_time(_time) as lo latest_time(_time) as hi', [{ lo: 1700000000, hi: 1700000005 }]],
    ['* | stats count(eval(action="login")) as logins by host', [{ host: 'a', logins: 2 }, { host: 'b', logins: 1 }, { host: 'c', logins: 1 }]],
    ['* | table host user action | stats values(*) as * by host', [
      { host: 'a', user: ['u1', 'u2'], action: ['login'] },
      { host: 'b', user: ['u1'], action: ['login', 'logout'] },
      { host: 'c', user: ['u1', 'u4'], action: ['login'] },
    ]],
    ['* | table host user | stats values(*) by host', [{ host: 'a', 'values(user)': ['u1', 'u2'] }, { host: 'b', 'values(user)': ['u1'] }, { host: 'c', 'values(user)': ['u1', 'u4'] }]],
    ['* | stats mode(action) as m stdev(bytes) as sd by action', [{ action: 'login', m: 'login', sd: 7.937253933193772 }, { action: 'logout', m: 'logout' }]],
    ['* | stats count by host | where count > 1', [{ host: 'a', count: 2 }, { host: 'b', count: 2 }]],
    ['* | stats count by host | where count > 1 | sort - host | head 1', [{ host: 'b', count: 2 }]],
  ],
  'eventstats, streamstats': [
    ['* | eventstats count as n by host | table host n', [
      { host: 'c', n: 1 }, {}, { host: 'b', n: 2 }, { host: 'b', n: 2 }, { host: 'a', n: 2 }, { host: 'a', n: 2 },
    ]],
    ['* | streamstats count as n by host | table host n', [
      { host: 'c', n: 1 }, {}, { host: 'b', n: 1 }, { host: 'b', n: 2 }, { host: 'a', n: 1 }, { host: 'a', n: 2 },
    ]],
    ['* | streamstats current=f count as n | table n', [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]],
    ['* | streamstats window=2 sum(bytes) as s | table s', [{ s: 1 }, { s: 8 }, { s: 7 }, { s: 5 }, { s: 25 }, { s: 30 }]],
  ],
  'dedup, sort, head': [
    ['* | dedup host | table _time host', [{ _time: 1700000005, host: 'c' }, { _time: 1700000003, host: 'b' }, { _time: 1700000001, host: 'a' }]],
    ['* | dedup 2 host | table host', [{ host: 'c' }, { host: 'b' }, { host: 'b' }, { host: 'a' }, { host: 'a' }]],
    ['* | dedup host keepempty=true | table user', [{ user: ['u1', 'u4'] }, { user: 'u3' }, {}, { user: 'u2' }]],
    ['* | dedup host sortby +host | table host', [{ host: 'a' }, { host: 'b' }, { host: 'c' }]],
    ['* | dedup user | table user', [{ user: ['u1', 'u4'] }, { user: 'u3' }, { user: 'u1' }, { user: 'u2' }]],
    ['* | sort bytes | table bytes', [{ bytes: 1 }, { bytes: '5' }, { bytes: 7 }, { bytes: 10 }, { bytes: 20 }, { bytes: 'n/a' }]],
    ['* | sort - bytes | table bytes', [{ bytes: 'n/a' }, { bytes: 20 }, { bytes: 10 }, { bytes: 7 }, { bytes: '5' }, { bytes: 1 }]],
    ['* | sort 2 - bytes | table bytes', [{ bytes: 'n/a' }, { bytes: 20 }]],
    ['* | sort str(bytes) | table bytes', [{ bytes: 1 }, { bytes: 10 }, { bytes: 20 }, { bytes: '5' }, { bytes: 7 }, { bytes: 'n/a' }]],
    ['* | sort user | table user', [{ user: ['u1', 'u4'] }, { user: 'u1' }, { user: 'u1' }, { user: 'u2' }, { user: 'u3' }, {}]],
    ['* | sort - user | table user', [{ user: 'u3' }, { user: 'u2' }, { user: ['u1', 'u4'] }, { user: 'u1' }, { user: 'u1' }, {}]],
    ['* | sort host, - _time | table host _time', [
      { host: 'a', _time: 1700000001 }, { host: 'a', _time: 1700000000 }, { host: 'b', _time: 1700000003 }, { host: 'b', _time: 1700000002 }, { host: 'c', _time: 1700000005 }, { _time: 1700000004 },
    ]],
    ['* | head 2 | table _time', [{ _time: 1700000005 }, { _time: 1700000004 }]],
    ['* | head | stats count', [{ count: 6 }]],
  ],
  'table, fields, rename': [
    ['host=a | table user host nothing', [{ user: 'u2', host: 'a' }, { user: 'u1', host: 'a' }]],
    ['host=a | fields user', [{ user: 'u2' }, { user: 'u1' }]],
    ['host=a | fields _time user*', [{ _time: 1700000001, user: 'u2' }, { _time: 1700000000, user: 'u1' }]],
    ['host=a | fields - _time bytes action', [{ host: 'a', user: 'u2' }, { host: 'a', user: 'u1' }]],
    ['host=a | rename user AS "User Name" | table "User Name"', [{ 'User Name': 'u2' }, { 'User Name': 'u1' }]],
    ['host=a | rename user AS host | table host user', [{ host: 'u2' }, { host: 'u1' }]],
    ['host=a | rename * AS x_* | table x_host', [{ x_host: 'a' }, { x_host: 'a' }]],
  ],
  'join, append, subsearch': [
    ['* [search action=logout | table user] | table _time user', [{ _time: 1700000005, user: ['u1', 'u4'] }, { _time: 1700000002, user: 'u1' }, { _time: 1700000000, user: 'u1' }]],
    ['* NOT [search action=logout | table user] | table _time', [{ _time: 1700000004 }, { _time: 1700000003 }, { _time: 1700000001 }]],
    ['* [search action=nothing | table user] | stats count', [{ count: 0 }]],
    ['host=a | table host user | append [search host=b | table host]', [{ host: 'a', user: 'u2' }, { host: 'a', user: 'u1' }, { host: 'b' }, { host: 'b' }]],
    ['* | stats count by host | join host [search * | stats dc(user) as users by host]', [{ host: 'a', count: 2, users: 2 }, { host: 'b', count: 2, users: 1 }, { host: 'c', count: 1, users: 2 }]],
    ['* | stats count by host | join type=left host [search host=a | stats dc(user) as users by host]', [{ host: 'a', count: 2, users: 2 }, { host: 'b', count: 2 }, { host: 'c', count: 1 }]],
    ['* | stats count by host | join host [search host=a | stats dc(user) as users by host]', [{ host: 'a', count: 2, users: 2 }]],
  ],
  'mvexpand, fillnull': [
    ['host=c | mvexpand user | table user', [{ user: 'u1' }, { user: 'u4' }]],
    ['host=c | mvexpand user limit=1 | table user', [{ user: 'u1' }]],
    ['* | mvexpand user | stats count', [{ count: 6 }]],
    ['host=b | table host user | fillnull value=NA user', [{ host: 'b', user: 'NA' }, { host: 'b', user: 'u1' }]],
    ['host=b | table host user | fillnull', [{ host: 'b', user: '0' }, { host: 'b', user: 'u1' }]],
  ],
};

describe.each(Object.entries(onSix))('%s', (_name, cases) => {
  it.each(cases.map(([spl, rows]) => ({ spl, rows })))('$spl', async ({ spl, rows }) => {
    expect(await runSpl(spl, EVENTS)).toEqual(rows);
  });
});

describe('stats row shape', () => {
  it('keys are the BY fields, then the aggregations in order', async () => {
    const rows = await runSpl('* | table host user action | stats count values(*) as * by host', EVENTS);
    expect(Object.keys(rows[0]!)).toEqual(['host', 'count', 'user', 'action']);
  });
  it('values() gives arrays of strings, sorted by UTF-16 code units', async () => {
    const rows = await runSpl('* | stats values(v) as v', [{ v: 'b' }, { v: 'B' }, { v: 10 }, { v: 9 }, { v: 'a' }, { v: 'b' }]);
    expect(rows).toEqual([{ v: ['10', '9', 'B', 'a', 'b'] }]);
  });
  it('list() keeps at most 100 values', async () => {
    const rows = await runSpl('* | stats list(v) as v', Array.from({ length: 150 }, (_, i) => ({ v: i })));
    expect((rows[0]!['v'] as unknown[]).length).toBe(100);
  });
  it('BY numbers sort numerically, before text', async () => {
    const rows = await runSpl('* | stats count by k', [{ k: 10 }, { k: '9' }, { k: 'x' }, { k: -1 }, { k: '10' }]);
    expect(rows).toEqual([{ k: -1, count: 1 }, { k: '9', count: 1 }, { k: 10, count: 2 }, { k: 'x', count: 1 }]);
  });
  it('dc() treats "1", "1.0" and 1 as text: "1" and "1.0" differ', async () => {
    expect(await runSpl('* | stats dc(v) as n', [{ v: '1' }, { v: '1.0' }, { v: 1 }])).toEqual([{ n: 2 }]);
  });
});

describe('bin', () => {
  const times = (ts: readonly unknown[]) => ts.map((t) => ({ _time: t }));
  it.each([
    ['* | bin span=1s | stats count by _time', times([100.2, 100.9, 101.1]), [{ _time: 100, count: 2 }, { _time: 101, count: 1 }]],
    ['* | bin span=5m | stats count by _time', times([0, 299, 300, 601]), [{ _time: 0, count: 2 }, { _time: 300, count: 1 }, { _time: 600, count: 1 }]],
    ['* | bin _time span=1h | stats count by _time', times(['2024-01-01T00:59:59Z', '2024-01-01T01:00:00+01:00']), [{ _time: 1704067200, count: 2 }]],
    ['* | bin span=1d | stats count by _time', times(['2024-01-01 23:00:00']), [{ _time: 1704067200, count: 1 }]],
    ['* | bin span=1mon | stats count by _time', times(['2024-02-29T12:00:00Z']), [{ _time: 1706745600, count: 1 }]],
    ['* | bin span=500ms | table _time', times([1.75]), [{ _time: 1.5 }]],
    ['* | bin size span=10 | table size', [{ size: 15 }, { size: 'big' }], [{ size: '10-20' }, { size: 'big' }]],
    ['* | bin _time span=1m as minute | table minute _time', times([125]), [{ minute: 120, _time: 125 }]],
  ] as const)('%s', async (spl, events, rows) => {
    expect(await runSpl(spl, events)).toEqual(rows);
  });
});

describe('eval', () => {
  const EVENT = { a: 'Hello', n: '3', m: 4, mv: ['x', 'y', 'z'], ip: '10.1.1.1', empty: '', json: '{"k":{"v":[1,2]}}' };
  it.each([
    ['if(n>2, "big", "small")', 'big'],
    ['if(missing > 1, "y", "n")', 'n'],
    ['case(n=1, "one", n=3, "three", true(), "other")', 'three'],
    ['case(n=1, "one")', undefined],
    ['validate(n>1, "n small", m>5, "m small")', 'm small'],
    ['coalesce(missing, a)', 'Hello'],
    ['isnull(missing)', true],
    ['isnotnull(a)', true],
    ['lower(a) . upper(a)', 'helloHELLO'],
    ['len(a)', 5],
    ['len("héllo")', 5],
    ['substr(a, 2, 3)', 'ell'],
    ['substr(a, -3)', 'llo'],
    ['replace(a, "l+", "L")', 'HeLo'],
    ['replace(a, "(H)(e)", "\\2\\1")', 'eHllo'],
    ['replace(a, "l", "$")', 'He$$o'],
    ['split("a,b,c", ",")', ['a', 'b', 'c']],
    ['split("a", ",")', 'a'],
    ['mvindex(mv, 1)', 'y'],
    ['mvindex(mv, -1)', 'z'],
    ['mvindex(mv, 0, 1)', ['x', 'y']],
    ['mvindex(mv, 5)', undefined],
    ['mvcount(mv)', 3],
    ['mvcount(missing)', undefined],
    ['mvjoin(mv, "-")', 'x-y-z'],
    ['mvfilter(match(mv, "^[xz]$"))', ['x', 'z']],
    ['mvmap(mv, upper(mv) . "!")', ['X!', 'Y!', 'Z!']],
    ['mvappend(a, mv)', ['Hello', 'x', 'y', 'z']],
    ['mvdedup(mvappend(mv, mv))', ['x', 'y', 'z']],
    ['mvfind(mv, "z")', 2],
    ['tonumber(n) + 1', 4],
    ['tonumber("0x1F", 16)', 31],
    ['tonumber("abc")', undefined],
    ['tostring(m)', '4'],
    ['tostring(1234567.891, "commas")', '1,234,567.89'],
    ['tostring(3725, "duration")', '01:02:05'],
    ['tostring(255, "hex")', '0xFF'],
    ['round(2.567, 2)', 2.57],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['abs(-3) + floor(2.7) + ceil(2.1)', 8],
    ['min(3, 10, 2)', 2],
    ['max(3, "10", "abc")', 'abc'],
    ['max(n, m)', 4],
    ['strftime(0, "%Y-%m-%dT%H:%M:%S %a %b %j %p")', '1970-01-01T00:00:00 Thu Jan 001 AM'],
    ['strftime(1700000000.123456, "%H:%M:%S.%3N %6N %z %Z")', '22:13:20.123 123456 +0000 UTC'],
    ['strptime("2024-01-01 00:00:10", "%Y-%m-%d %H:%M:%S")', 1704067210],
    ['strptime("01/Jan/2024:01:00:00 +0100", "%d/%b/%Y:%H:%M:%S %z")', 1704067200],
    ['strptime("nope", "%Y")', undefined],
    ['now()', NOW],
    ['relative_time(now(), "-1d@d")', NOW - 86400],
    ['relative_time(now() + 7200, "@h")', NOW + 7200],
    ['cidrmatch("10.0.0.0/8", ip)', true],
    ['trim("  x  ") . ltrim("xxab", "x") . rtrim("abyy", "y")', 'xabab'],
    ['urldecode("a%20b%2Fc%E2%82%AC+")', 'a b/c€+'],
    ['a . "-" . n', 'Hello-3'],
    ['a . missing', undefined],
    ['n * 2', 6],
    ['m / 0', undefined],
    ['m % 3', 1],
    ['missing + 1', undefined],
    ['"a" + "b"', 'ab'],
    ['n + m', 7],
    ['-m', -4],
    ['null()', undefined],
    ['like(a, "H%")', true],
    ['match(a, "^H")', true],
    ['match(missing, "^H")', undefined],
    ['typeof(n) . typeof(a) . typeof(missing)', 'NumberStringInvalid'],
    ['n == 3.0', true],
    ['n != 3', false],
    ['missing = 1', undefined],
    ['empty = ""', true],
    ['mv = "y"', true],
    ['a IN ("x", "Hello")', true],
    ['NOT (m > 3)', false],
    ['m > 3 XOR n > 3', true],
    ['spath(json, "k.v{}")', [1, 2]],
    ['pow(2, 10) + sqrt(16)', 1028],
    ['exact(m)', 4],
    ['isnum(n) AND isint(m) AND isstr(a)', true],
  ] as const)('%s', async (expr, expected) => {
    const rows = await runSpl(`* | eval x=${expr} | table x`, [EVENT]);
    expect(rows).toEqual([expected === undefined ? {} : { x: expected }]);
  });

  it('assignments see earlier ones, in order', async () => {
    expect(await runSpl('* | eval a=1, b=a+1, a=b*10 | table a b', [{}])).toEqual([{ a: 20, b: 2 }]);
  });
  it('assigning null removes a field', async () => {
    expect(await runSpl('* | eval user=null() | table user host', [{ user: 'x', host: 'h' }])).toEqual([{ host: 'h' }]);
  });
});

describe('rex', () => {
  it.each([
    ['* | rex field=msg "user=(?<u>\\w+) from (?<ip>\\S+)" | table u ip', [{ msg: 'login user=bob from 1.2.3.4' }], [{ u: 'bob', ip: '1.2.3.4' }]],
    ['* | rex field=msg "(?P<u>\\w+)@" | table u', [{ msg: 'a bob@x' }], [{ u: 'bob' }]],
    ['* | rex field=msg max_match=0 "(?<n>\\d+)" | table n', [{ msg: 'a1b22c333' }], [{ n: ['1', '22', '333'] }]],
    ['* | rex field=msg max_match=2 "(?<n>\\d+)" | table n', [{ msg: 'a1b22c333' }], [{ n: ['1', '22'] }]],
    ['* | rex field=msg "(?<n>\\d+)" | table n', [{ msg: 'none', n: 'kept' }], [{ n: 'kept' }]],
    ['* | rex field=msg "(?<n>\\d+)" | table n', [{ n: 'kept' }], [{ n: 'kept' }]],
    ['* | rex "user=(?<u>\\w+)" | table u', [{ user: 'alice' }], [{ u: 'alice' }]],
    ['* | rex "user=(?<u>\\w+)" | table u', [{ _raw: 'x user=carol y' }], [{ u: 'carol' }]],
    ['* | rex field=msg "(?<a>x)|(?<b>y)" | table a b', [{ msg: 'y', a: 'old' }], [{ a: 'old', b: 'y' }]],
    ['* | rex field=msg mode=sed "s/\\d/#/g" | table msg', [{ msg: 'a1b22' }], [{ msg: 'a#b##' }]],
    ['* | rex field=msg mode=sed "s/\\d/#/" | table msg', [{ msg: 'a1b22' }], [{ msg: 'a#b22' }]],
    ['* | rex field=msg mode=sed "s/\\d/#/2" | table msg', [{ msg: 'a1b22' }], [{ msg: 'a1b#2' }]],
    ['* | rex field=msg mode=sed "s/(\\w+)@(\\w+)/\\2 at \\1/" | table msg', [{ msg: 'bob@corp' }], [{ msg: 'corp at bob' }]],
    ['* | rex field=msg mode=sed "s/a/&/g" | table msg', [{ msg: 'aba' }], [{ msg: '&b&' }]],
    ['* | rex field=msg mode=sed "y/abc/xyz/" | table msg', [{ msg: 'aabbcc d' }], [{ msg: 'xxyyzz d' }]],
    ['* | rex field=msg mode=sed "s|/|\\\\\\\\|g" | table msg', [{ msg: 'a/b/c' }], [{ msg: 'a\\b\\c' }]],
  ] as const)('%s', async (spl, events, rows) => {
    expect(await runSpl(spl, events)).toEqual(rows);
  });
});

describe('convert, spath', () => {
  it.each([
    ['* | convert ctime(_time) as t | table t', [{ _time: 1700000000 }], [{ t: '11/14/2023 22:13:20' }]],
    ['* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(_time) AS t | table t', [{ _time: 1700000000 }], [{ t: '2023-11-14T22:13:20' }]],
    ['* | convert ctime(firstTime) ctime(lastTime) | table firstTime lastTime', [{ firstTime: 0, lastTime: 'x' }], [{ firstTime: '01/01/1970 00:00:00', lastTime: 'x' }]],
    ['* | convert ctime(*Time) | table firstTime lastTime', [{ firstTime: 0, lastTime: 60 }], [{ firstTime: '01/01/1970 00:00:00', lastTime: '01/01/1970 00:01:00' }]],
    ['* | convert mktime(t) | table t', [{ t: '01/01/2024 00:00:00' }], [{ t: 1704067200 }]],
    ['* | convert dur2sec(d) rmcomma(c) rmunit(u) num(n) memk(k) | table d c u n k', [{ d: '1+01:00:01', c: '1,234', u: '10kb', n: 'x', k: '2m' }], [{ d: 90001, c: '1234', u: 10, k: 2048 }]],
    ['* | spath input=json | table a.b c{} d', [{ json: '{"a":{"b":1},"c":[1,2],"d":null}' }], [{ 'a.b': 1, 'c{}': [1, 2] }]],
    ['* | spath input=json path=a.b output=x | table x', [{ json: '{"a":{"b":"v"}}' }], [{ x: 'v' }]],
    ['* | spath input=json path=c{1} | table c{1}', [{ json: '{"c":["p","q"]}' }], [{ 'c{1}': 'q' }]],
    ['* | spath input=json path=c{}.n output=n | table n', [{ json: '{"c":[{"n":1},{"n":2}]}' }], [{ n: [1, 2] }]],
    ['* | spath input=json path=a output=x | table x', [{ json: '{"a":{"b":1}}' }], [{ x: '{"b":1}' }]],
    ['* | spath | table k', [{ _raw: '{"k":"raw json"}' }], [{ k: 'raw json' }]],
    ['* | spath input=json | table k', [{ json: 'not json', k: 'kept' }], [{ k: 'kept' }]],
  ] as const)('%s', async (spl, events, rows) => {
    expect(await runSpl(spl, events)).toEqual(rows);
  });
});

describe('tstats', () => {
  const events = [
    { _time: 100, 'Processes.process_name': 'cmd.exe', 'Processes.dest': 'h1' },
    { _time: 200, Processes: { process_name: 'cmd.exe', dest: 'h2' } },
    { _time: 4000, 'Processes.process_name': 'CMD.EXE', 'Processes.dest': 'h1' },
    { _time: 300, 'Processes.process_name': 'notepad.exe', 'Processes.dest': 'h1' },
  ];
  it('filters with the where clause and aggregates by the BY fields', async () => {
    const rows = await runSpl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest', events);
    expect(rows).toEqual([{ 'Processes.dest': 'h1', count: 2 }, { 'Processes.dest': 'h2', count: 1 }]);
  });
  it('span= bins _time', async () => {
    const rows = await runSpl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by _time span=1h', events);
    expect(rows).toEqual([{ _time: 0, count: 2 }, { _time: 3600, count: 1 }]);
  });
  it('drop_dm_object_name-style rename after tstats', async () => {
    const rows = await runSpl('| tstats values(Processes.process_name) as process_name from datamodel=Endpoint.Processes by Processes.dest | rename Processes.* AS *', events);
    expect(rows).toEqual([{ dest: 'h1', process_name: ['CMD.EXE', 'cmd.exe', 'notepad.exe'] }, { dest: 'h2', process_name: ['cmd.exe'] }]);
  });
});

describe('verdicts', () => {
  it.each([
    ['* | stats count by host', 'exact'],
    ['* | lookup users.csv user OUTPUT dept', 'partial'],
    ['* | head (x > 1)', 'partial'],
    ['* | eval x=searchmatch("a")', 'partial'],
    ['* | stats median(x) as m', 'partial'],
    ['* | bin bins=10 x', 'partial'],
    ['* | somecommand a b', 'partial'],
    ['`undefined_macro` x=1', 'exact'],
    ['x=1 OR `undefined_macro`', 'partial'],
    ['index=main sourcetype=x x=1', 'exact'],
    ['* [| inputlookup bad.csv | table user]', 'partial'],
    ['* | join user [| inputlookup bad.csv]', 'partial'],
    ['* | eval x=match(a, b)', 'partial'],
  ] as const)('%s → %s', async (spl, fidelity) => {
    const { result } = await compile(spl);
    expect(result.fidelity).toBe(fidelity);
  });

  it('a stage that is not run passes rows through, and the notes say which', async () => {
    const { mod, result } = await compile('* | lookup users.csv user OUTPUT dept | table user dept');
    expect(result.notes.some((n) => n.level === 'warning' && n.stage === 1 && /lookup users\.csv/.test(n.message))).toBe(true);
    expect(mod.run([{ user: 'u' }])).toEqual([{ user: 'u' }]);
  });

  it('index/sourcetype selectors are checked on events that carry the field', async () => {
    const { mod } = await compile('index=main sourcetype=WinEventLog* x=1');
    expect(mod.run([{ x: 1 }, { x: 1, index: 'MAIN' }, { x: 1, index: 'other' }, { x: 1, sourcetype: 'WinEventLog:System' }, { x: 1, sourcetype: 'syslog' }])).toEqual([
      { x: 1 }, { x: 1, index: 'MAIN' }, { x: 1, sourcetype: 'WinEventLog:System' },
    ]);
    expect(mod.selects({ index: 'other' })).toBe(false);
    expect(mod.filter({ index: 'other', x: 1 })).toBe(true);
  });

  it('an undefined macro inside the filter is taken as matching (positive) and as not matching under NOT', async () => {
    expect((await compile('x=1 OR `m`')).mod.filter({ x: 2 })).toBe(true);
    expect((await compile('x=1 NOT `m`')).mod.filter({ x: 1 })).toBe(true);
  });
});

describe('events', () => {
  it('_time: ISO-8601 and numeric strings become epoch seconds; events are newest first; untimed last, in input order', async () => {
    const rows = await runSpl('* | table id _time', [
      { id: 1 }, { id: 2, _time: '2024-01-01T00:00:01.5Z' }, { id: 3, _time: '1704067200' }, { id: 4, _time: 'garbage' }, { id: 5, _time: '2024-01-01T01:00:00+01:00' },
    ]);
    expect(rows).toEqual([{ id: 2, _time: 1704067201.5 }, { id: 3, _time: 1704067200 }, { id: 5, _time: 1704067200 }, { id: 1 }, { id: 4, _time: 'garbage' }]);
  });
  it('nested objects are flattened to dotted names; non-objects are skipped', async () => {
    const rows = await runSpl('* | table a.b a.c.d', [{ a: { b: 1, c: { d: [1, null, 2] } } }, 'not an event', null, [1]]);
    expect(rows).toEqual([{ 'a.b': 1, 'a.c.d': [1, 2] }]);
  });
  it('run() with no events gives no rows', async () => {
    expect(await runSpl('* | table x', [])).toEqual([]);
  });
});
