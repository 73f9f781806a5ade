/**
 * The runtime's building blocks, tested directly (the same TypeScript the generated modules embed), and the
 * embedding itself.
 */
import { describe, expect, it } from 'vitest';
import { runtimeSource } from '../../../src/targets/js/bundle.js';
import { parseSed } from '../../../src/targets/js/generate.js';
import { parseEvents } from '../../../src/targets/js/run.js';
import { cidrContains, parseCidr, parseIp } from '../../../src/targets/js/runtime/cidr.js';
import { rawText } from '../../../src/targets/js/runtime/event.js';
import { pattern } from '../../../src/targets/js/runtime/match.js';
import { rawSearch } from '../../../src/targets/js/runtime/raw.js';
import { parseEventTime, relativeTime, strftime, strptime } from '../../../src/targets/js/runtime/time.js';
import { compareScalars, newRow, type Row } from '../../../src/targets/js/runtime/value.js';

function row(o: Record<string, unknown>): Row {
  return Object.assign(newRow(), o) as Row;
}

describe('time', () => {
  it.each([
    [1700000000, 1700000000],
    ['1700000000.5', 1700000000.5],
    ['2023-11-14T22:13:20Z', 1700000000],
    ['2023-11-14T22:13:20.123456Z', 1700000000.123456],
    ['2023-11-14 22:13:20', 1700000000],
    ['2023-11-14T23:13:20+01:00', 1700000000],
    ['2023-11-14T21:13:20-0100', 1700000000],
    ['2023-11-14', 1699920000],
    ['14/11/2023', undefined],
    ['', undefined],
  ] as const)('parseEventTime(%j) = %j', (input, expected) => {
    const t = parseEventTime(input);
    if (expected === undefined) expect(t).toBeUndefined();
    else expect(t).toBeCloseTo(expected, 6);
  });

  it.each([
    ['%m/%d/%Y %H:%M:%S', '11/14/2023 22:13:20'],
    ['%Y-%m-%dT%H:%M:%S%z', '2023-11-14T22:13:20+0000'],
    ['%F %T', '2023-11-14 22:13:20'],
    ['%a %A %b %B %e %j %y', 'Tue Tuesday Nov November 14 318 23'],
    ['%I:%M %p', '10:13 PM'],
    ['%s %%', '1700000000 %'],
    ['%V %u %w', '46 2 2'],
    ['%Q', '000'],
    ['%q', '%q'],
  ])('strftime(1700000000, %j)', (fmt, out) => {
    expect(strftime(1700000000, fmt)).toBe(out);
  });

  it.each([
    ['11/14/2023 22:13:20', '%m/%d/%Y %H:%M:%S', 1700000000],
    ['2023-11-14T22:13:20.250', '%Y-%m-%dT%H:%M:%S.%3N', 1700000000.25],
    ['Nov 14 2023 10:13:20 PM', '%b %d %Y %I:%M:%S %p', 1700000000],
    ['14/Nov/2023:23:13:20 +0100', '%d/%b/%Y:%H:%M:%S %z', 1700000000],
    ['1700000000', '%s', 1700000000],
    ['2023-318', '%Y-%j', 1699920000],
    ['garbage', '%Y-%m-%d', undefined],
  ] as const)('strptime(%j, %j)', (text, fmt, expected) => {
    expect(strptime(text, fmt)).toBe(expected);
  });

  it.each([
    ['-1d@d', 1699920000 - 86400],
    ['@h', 1699999200],
    ['+1h', 1700003600],
    ['-1mon@mon', 1696118400],
    ['@w0', 1699747200],
    ['@y', 1672531200],
    ['now', 1700000000],
    ['-1x', undefined],
  ] as const)('relative_time(1700000000, %j)', (spec, expected) => {
    expect(relativeTime(1700000000, spec)).toBe(expected);
  });
});

describe('cidr', () => {
  it.each([
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.3/32', '10.1.2.4', false],
    ['0.0.0.0/0', '1.2.3.4', true],
    ['0.0.0.0/0', '::1', false],
    ['2001:db8::/32', '2001:DB8:1::5', true],
    ['2001:db8::/32', '2001:db9::5', false],
    ['::/0', '::', true],
    ['fe80::/64', 'fe80::1%eth0', true],
  ] as const)('%s contains %s: %s', (c, ip, expected) => {
    expect(cidrContains(parseCidr(c)!, ip)).toBe(expected);
  });
  it.each(['10.0.0.0/33', '256.0.0.0/8', '10.0.0/8', '1::2::3', 'x', '::/129'])('%s is not a CIDR range', (c) => {
    expect(parseCidr(c)).toBeUndefined();
  });
  it('parses IPv4-embedded IPv6', () => {
    expect(parseIp('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
  });
});

describe('patterns and raw search', () => {
  it.each([
    [['abc'], false, 'ABC', true],
    [['abc'], true, 'ABC', false],
    [[0, 'b', 0], false, 'aBc', true],
    [['a', 1, 'c'], true, 'a😀c', true],
    [['a', 1, 'c'], true, 'ac', false],
    [[], false, '', true],
    [[], false, 'x', false],
    [[0], false, '', true],
    [['a.', 0, '(b)'], true, 'a.x(b)', true],
    [['a.', 0, '(b)'], true, 'ax(b)', false],
  ] as const)('pattern %j (case-sensitive: %s) on %j: %s', (spec, cs, text, expected) => {
    expect(pattern(spec, cs)(text)).toBe(expected);
  });

  it('synthesises _raw from the fields in key order, leaving out _ fields', () => {
    expect(rawText(row({ _time: 1, b: 'x', a: ['1', 2], _cd: 'y', c: true }))).toBe('b=x\na=1\na=2\nc=true');
    expect(rawText(row({ _raw: 'given', a: 1 }))).toBe('given');
  });

  it.each([
    ['term', ['error'], 'Error: disk', true],
    ['term', ['error'], 'errors', false],
    ['term', ['192.168.1.1'], 'src=192.168.1.1:53', true],
    ['term', ['192.168.1.1'], 'src=192.168.1.10', false],
    ['term', ['a', 0, 'c'], 'x abc x', true],
    ['phrase', ['disk full'], 'Disk Full!', true],
    ['indexed', ['user=bob'], 'x user=bob y', true],
    ['indexed', ['user=bob'], 'x.user=bob y', false],
    ['indexed', ['user=bob'], 'x|user=bob|y', true],
  ] as const)('%s %j on %j: %s', (mode, spec, raw, expected) => {
    expect(rawSearch(mode, spec, false)(rawText(row({ _raw: raw })))).toBe(expected);
  });

  it('orders numbers before text, numbers numerically', () => {
    const sorted = ['b', 10, '9', 'A', -1, '1e1'].sort(compareScalars);
    expect(sorted).toEqual([-1, '9', 10, '1e1', 'A', 'b']);
  });
});

describe('parseSed', () => {
  it.each([
    ['s/a/b/g', { kind: 's', re: 'a', replacement: 'b', flags: 'g' }],
    ['s/a\\/b/c/', { kind: 's', re: 'a\\/b', replacement: 'c', flags: '' }],
    ['s|a\\|b|c\\|d|', { kind: 's', re: 'a\\|b', replacement: 'c|d', flags: '' }],
    ['s/(\\d+)/<\\1>/2', { kind: 's', re: '(\\d+)', replacement: '<\\1>', flags: '2' }],
    ['y/abc/xyz/', { kind: 'y', from: 'abc', to: 'xyz' }],
    ['y/a\\/\\\\/x\\/y/', { kind: 'y', from: 'a/\\', to: 'x/y' }],
    ['s/a/b', undefined],
    ['x/a/b/', undefined],
    ['sa', undefined],
  ] as const)('%s', (text, expected) => {
    expect(parseSed(text)).toEqual(expected);
  });
});

describe('parseEvents (NDJSON)', () => {
  it('reads one object per line, skips blank lines, reports bad lines with their position', () => {
    const text = '\uFEFF{"a":1}\n\n  \r\n{"b":2}\r\n{"c":\n[1,2]\n"str"\nnull\n{"d":{"e":1}}';
    const { events, diagnostics } = parseEvents(text, 'ev.jsonl');
    expect(events).toEqual([{ a: 1 }, { b: 2 }, { d: { e: 1 } }]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([
      ['EVT001', 'error', 'ev.jsonl', 5],
      ['EVT002', 'error', 'ev.jsonl', 6],
      ['EVT002', 'error', 'ev.jsonl', 7],
      ['EVT002', 'error', 'ev.jsonl', 8],
    ]);
    expect(diagnostics[1]!.message).toBe('line 6 is an array, not a JSON object (one event per line)');
  });
  it('an empty text has no events', () => {
    expect(parseEvents('')).toEqual({ events: [], diagnostics: [] });
  });
});

describe('embedded runtime', () => {
  const src = runtimeSource();
  it('is one script body: no import or export statements, no $-prefixed or reserved top-level names', () => {
    expect(src).not.toMatch(/^\s*(?:import|export)\b/m);
    expect(src).not.toMatch(/^(?:function|const|let|var|class)\s+(?:\$|filter\b|run\b|meta\b|selects\b)/m);
    expect(src).toContain('function leafEq(');
    expect(src).toContain('function runMain(');
  });
  it('orders files after the files they import', () => {
    const order = [...src.matchAll(/^\/\/ ── runtime\/(\w+) ──$/gm)].map((m) => m[1]);
    expect(order.indexOf('value')).toBeLessThan(order.indexOf('event'));
    expect(order.indexOf('stats')).toBeLessThan(order.indexOf('stages'));
    expect(order.indexOf('stages')).toBeLessThan(order.indexOf('entry'));
    expect(order).toHaveLength(12);
  });
  it('has no TypeScript left and uses no Node or DOM API', () => {
    expect(src).not.toMatch(/\b(?:interface|readonly)\s/);
    expect(src).not.toMatch(/\b(?:require\s*\(|process\.|Buffer\.|window\.|document\.|globalThis\.)/);
  });
});

describe('embedded runtime = what tsc emits', () => {
  it('joining the files `tsc` compiles with the project settings gives the same text as the source-mode bundle', async () => {
    const { createRequire } = await import('node:module');
    const { readdirSync } = await import('node:fs');
    const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
    const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const dir = 'src/targets/js/runtime';
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
    const emitted = new Map<string, string>();
    const program = ts.createProgram(files, { ...config!.options, noEmit: false, outDir: '/virtual-out', rootDir: 'src' });
    program.emit(undefined, (name, text) => {
      const m = /runtime\/(\w+)\.js$/.exec(name);
      if (m) emitted.set(m[1]!, text);
    });
    expect(emitted.size).toBe(files.length);
    const { joinRuntime } = await import('../../../src/targets/js/bundle.js');
    expect(joinRuntime(emitted)).toBe(runtimeSource());
  });
});
