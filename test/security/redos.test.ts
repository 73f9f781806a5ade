/**
 * ReDoS (docs/security.md, "ReDoS"): a rule's regex cannot stall the JS matcher. The safety analysis classifies each
 * regex; risky search regexes run on the linear-time engine embedded in the module; the answers stay those of the
 * regex. Wall-time bounds are generous hang detectors: without the guard these searches take minutes to ages, which
 * the child-process test shows with a short timeout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcreToJs } from '../../src/regex/index.js';
import { NATIVE_MAX_QUADRATIC, regexSafety, type RegexGuard, type RegexRisk } from '../../src/regex/safety.js';
import { guardedRegex } from '../../src/targets/js/runtime/linear.js';
import { pattern, type PatternSpec } from '../../src/targets/js/runtime/match.js';
import { compile } from '../targets/js/helpers.js';

const BIN = join(import.meta.dirname, '../../bin/spl2x.js');
/** A hang detector, not a benchmark: the guarded searches below take milliseconds. */
const HANG_MS = 5000;

function js(pcre: string): { source: string; flags: string } {
  const r = pcreToJs(pcre);
  if ('error' in r) throw new Error(r.error.message);
  return { source: r.source, flags: r.flags };
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

describe('safety analysis: risk and guard of the JS regex a PCRE becomes', () => {
  const table: readonly (readonly [pcre: string, risk: RegexRisk, guard: RegexGuard])[] = [
    ['abc', 'none', 'native'],
    ['\\.exe$', 'none', 'native'],
    ['\\d{1,3}\\.\\d{1,3}', 'none', 'native'],
    ['(?i)^cmd\\.exe\\b', 'none', 'native'],
    // unbounded, but each run is entered once: anchored, after a part that cannot consume its characters, or ending the match
    ['^[A-Za-z0-9+/=]{100,}$', 'none', 'native'],
    ['\\.exe\\s+/', 'none', 'native'],
    ['\\s+|[/\\\\_]', 'none', 'native'],
    ['\\s+$', 'quadratic', 'linear'],
    ['.*-enc.*', 'quadratic', 'linear'],
    ['(\\d+\\.)+x', 'quadratic', 'linear'],
    ['(?m)^a+$', 'quadratic', 'linear'],
    ['(a+)+$', 'super', 'linear'],
    ['(?i)(a+)+$', 'super', 'linear'],
    ['(.*a){20}', 'super', 'linear'],
    ['(a|aa)+$', 'super', 'linear'],
    ['(\\w+\\s?)+$', 'super', 'linear'],
    ['.*a.*b', 'super', 'linear'],
    ['x\\s*\\s*y', 'super', 'linear'],
    ['(a+)+\\1', 'super', 'unguarded'],
    ['([ab]+a){2000}', 'super', 'unguarded'],
    ['^(?=.*x)a', 'quadratic', 'unguarded'],
    ['(?>a+)+b', 'quadratic', 'unguarded'],
  ];
  it.each(table)('%s → %s, %s', (pcre, risk, guard) => {
    const { source, flags } = js(pcre);
    const s = regexSafety(source, flags);
    expect([s.risk, s.guard]).toEqual([risk, guard]);
    if (guard === 'linear') expect(s.program?.nativeMax).toBe(risk === 'quadratic' ? NATIVE_MAX_QUADRATIC : 0);
    if (guard === 'unguarded') expect(s.unguardedBecause).toBeTruthy();
    if (risk !== 'none') expect(s.reason).toBeTruthy();
  });
});

describe('the linear engine answers as the regex does', () => {
  // Patterns covering every construct the program has: atoms with u and i, classes, `.`, anchors, `$` before a final
  // newline, (?m), \b, \B, look-behind, counted repetition, alternation, astral characters.
  const patterns = [
    '(a+)+$', '(a|ab)+c', '(?i)(k|ss)+\\b', '^(\\w+\\s?)+$', '(?m)^(a|b)+$', '\\b(x|xy){2,4}\\B', '.*a.*b', '(😀|a)+😀$',
    '(?i)(ſ+)+s$', '[^a]+(a|\\n)+$', 'a{3,5}(b+)+', '(?s)(.+)+z', '(?<=x)(a+)+', '(\\d+\\.)+\\d+$', '(ab|a)(bc|c)+$',
  ];
  const alphabet = ['a', 'b', 'c', 'x', 'y', 'z', 's', 'S', 'k', 'ſ', 'K', '😀', '\n', ' ', '.', '1', '\uD83D'];
  // A deterministic pseudo-random generator (no flaky inputs).
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const inputs: string[] = ['', 'a', 'ab', 'abc', 'aaa\n', 'x😀😀', 'ss', 'ſs', 'KSS'];
  for (let i = 0; i < 400; i++) inputs.push(Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join(''));

  it.each(patterns)('%s', (pcre) => {
    const { source, flags } = js(pcre);
    const s = regexSafety(source, flags);
    expect(s.guard).toBe('linear');
    const linear = guardedRegex(source, flags, { ...s.program!, nativeMax: -1 });
    const native = new RegExp(source, flags);
    const wrong = inputs.filter((x) => linear.test(x) !== native.test(x));
    expect(wrong).toEqual([]);
  });
});

describe('catastrophic patterns on long values finish, with the right answers', () => {
  // pcre, a safe reference (string logic or a regex without nested repetition), long values
  const N = 50_000;
  const lines = (v: string) => v.replace(/\n$/, '').split('\n');
  const cases: readonly (readonly [pcre: string, reference: (v: string) => boolean, values: readonly string[]])[] = [
    ['(a+)+$', (v) => /a\n?$/.test(v), ['a'.repeat(N) + '!', 'a'.repeat(N), 'a'.repeat(N) + '\n']],
    ['(.*a){20}', (v) => v.split('\n').some((l) => l.split('a').length > 20), ['a'.repeat(N) + '\n', 'ba'.repeat(20) + 'x'.repeat(N), 'ba'.repeat(19) + 'x'.repeat(N)]],
    ['(a|aa)+$', (v) => /a\n?$/.test(v), ['a'.repeat(N) + 'b', 'a'.repeat(N)]],
    ['(\\w+\\s?)+$', (v) => /(?:\w|\w[\t-\r ])\n?$/.test(v), ['word '.repeat(N / 5) + '!', 'word '.repeat(N / 5), 'word '.repeat(N / 5) + '\n']],
    ['.*a.*b', (v) => lines(v).some((l) => l.includes('a') && l.indexOf('b', l.indexOf('a')) > 0), ['a'.repeat(N), 'a'.repeat(N) + 'b', 'a'.repeat(N) + '\nb']],
    ['\\s+$', (v) => /[\t-\r ]$/.test(v), [' '.repeat(N) + 'x', ' '.repeat(N)]],
  ];
  it.each(cases)('%s', async (pcre, reference, values) => {
    const { mod, result } = await compile(`| regex f="${pcre.replace(/\\/g, '\\\\')}"`);
    expect(result.output).toContain('guardedRegex(');
    for (const v of values) {
      const { value, ms } = timed(() => mod.filter({ f: v }));
      expect({ v: JSON.stringify(v.slice(-20)), value }).toEqual({ v: JSON.stringify(v.slice(-20)), value: reference(v) });
      expect(ms).toBeLessThan(HANG_MS);
    }
  });

  it.each(cases)('without the guard, %s on the same values does not finish in 2 s (child process)', (pcre, _reference, values) => {
    const { source, flags } = js(pcre);
    const script = `const re = new RegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)}); for (const v of JSON.parse(require('fs').readFileSync(0, 'utf8'))) re.test(v); console.log('done');`;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 2000, input: JSON.stringify(values), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.signal).toBe('SIGTERM');
  });

  it('spl2x run (a child process) over 20 events of 50,000 characters finishes with the right rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spl2x-redos-'));
    const rule = join(dir, 'rule.spl');
    const events = join(dir, 'events.ndjson');
    writeFileSync(rule, '| regex CommandLine="(\\\\w+\\\\s?)+$" | regex user="(a|aa)+$" | stats count by user\n');
    const lines: string[] = [];
    for (let i = 0; i < 20; i++)
      lines.push(JSON.stringify({ CommandLine: 'word '.repeat(10_000) + (i % 2 ? '!' : 'x'), user: 'a'.repeat(50_000) + (i % 4 < 2 ? '' : 'b') }));
    writeFileSync(events, lines.join('\n') + '\n');
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'run', rule, '--events', events, '--format', 'ndjson'], { encoding: 'utf8', timeout: 60_000 });
    const ms = performance.now() - t;
    expect(r.status).toBe(0);
    // events 0 and 2 mod 4 end the CommandLine in "x" (a match); of those only i % 4 = 0 has a user without "b"
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ user: 'a'.repeat(50_000), count: 5 }]);
    expect(ms).toBeLessThan(HANG_MS * 3);
  });
});

describe('notes', () => {
  it.each([
    ['| regex f="(a+)+$"', 'info', /ReDoS guard: nested repetition.*linear-time engine/],
    ['| regex f="(a+)+\\\\1"', 'warning', /ReDoS: nested repetition.*back reference.*exponential or high polynomial time/],
    ['| rex field=f "(?<x>(a+)+)$"', 'warning', /ReDoS: nested repetition.*matches and groups are used/],
  ] as const)('%s', async (spl, level, message) => {
    const { result } = await compile(spl);
    const note = result.notes.find((n) => /ReDoS/.test(n.message));
    expect(note?.level).toBe(level);
    expect(note?.message).toMatch(message);
    expect(note?.stage).toBe(0);
    expect(note?.span).toBeDefined();
  });

  it('a safe regex gets no ReDoS note', async () => {
    const { result } = await compile('| regex f="\\\\.exe$"');
    expect(result.notes.filter((n) => /ReDoS/.test(n.message))).toEqual([]);
  });
});

describe('SPL wildcard values (`*`, like()\'s `%` and `_`) match in linear time, as before', () => {
  it.each([
    ['f="*a*a*a*a*a*b"', 'a'.repeat(50_000), false],
    ['f="*a*a*a*a*a*b"', 'a'.repeat(50_000) + 'b', true],
    ['| where like(f, "%a%a%a%a%_b")', 'a'.repeat(50_000), false],
    ['| where like(f, "%a%a%a%a%_b")', 'a'.repeat(50_000) + '😀b', true],
  ] as const)('%s on %#', async (spl, value, expected) => {
    const { mod } = await compile(spl);
    const { value: got, ms } = timed(() => mod.filter({ f: value }));
    expect(got).toBe(expected);
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('agrees with the regex reading of the pattern on generated values', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const wrong: string[] = [];
    for (let k = 0; k < 300; k++) {
      const spec: PatternSpec = Array.from({ length: 1 + rand(6) }, () => pick<string | 0 | 1>(['a', 'b', 'ab', 0, 0, 1]));
      const re = new RegExp(`^${spec.map((p) => (p === 0 ? '[\\s\\S]*' : p === 1 ? '[\\s\\S]' : p)).join('')}$`, 'u');
      const m = pattern(spec, true);
      for (let i = 0; i < 30; i++) {
        const v = Array.from({ length: rand(8) }, () => pick(['a', 'b', 'c', '😀'])).join('');
        if (m(v) !== re.test(v)) wrong.push(`${JSON.stringify(spec)} ${v}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("V8's own fallback, as spl2x run turns it on: which regexes it covers in this Node", () => {
  // The facts docs/security.md states (V8 11.3's experimental engine: flags g y m s only, no look-arounds).
  it.each([
    ['(a+)+$', '', true],
    ['(a+)+$', 'u', false],
    ['(a+)+$', 'i', false],
    ['(a+)+(?=\\n?$)', '', false],
  ] as const)('/%s/%s finishes within 2 s: %s', (source, flags, finishes) => {
    const script = `require('node:v8').setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks'); console.log(new RegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)}).test('a'.repeat(50000) + '!'))`;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 2000, encoding: 'utf8' });
    expect(r.signal === null && r.stdout.trim() === 'false').toBe(finishes);
  });
});
