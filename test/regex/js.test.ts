import { describe, expect, it } from 'vitest';
import { pcreToJs } from '../../src/regex/index.js';

const r = String.raw;

function js(pcre: string, opts = {}) {
  const out = pcreToJs(pcre, opts);
  if ('error' in out) throw new Error(`${pcre}: ${out.error.message}`);
  return out;
}

describe('PCRE → JavaScript', () => {
  it.each([
    // the seed rule's regexes
    ['4|disabled', '4|disabled', 'u'],
    [r`\s+|[\_\/\x5c]`, r`[\t-\r ]+|[/\\_]`, 'u'],
    [r`(\w{4}|execsvc)$`, r`([0-9A-Z_a-z]{4}|execsvc)(?=\n?$)`, 'u'],
    [r`\x5c.{8}\.exe$`, r`\\[^\n]{8}\.exe(?=\n?$)`, 'u'],
    // anchors: ^ only at the start, $ also before a final newline, \z only at the end
    ['^', '^', 'u'],
    ['$', r`(?=\n?$)`, 'u'],
    [r`\Aabc\z`, '^abc$', 'u'],
    [r`abc\Z`, r`abc(?=\n?$)`, 'u'],
    ['^a|b$', r`^a|b(?=\n?$)`, 'u'],
    ['(?m)^abc$', r`(?:^|(?<=\n)(?=[\s\S]))abc(?=\n|$)`, 'u'],
    // character types spelled out with PCRE's (ASCII) meaning
    ['.', r`[^\n]`, 'u'],
    ['(?s).', r`[\s\S]`, 'u'],
    [r`\d\D`, '[0-9][^0-9]', 'u'],
    [r`\s\S`, r`[\t-\r ][^\t-\r ]`, 'u'],
    [r`\w\W`, '[0-9A-Z_a-z][^0-9A-Z_a-z]', 'u'],
    [r`\h`, r`[\t \xa0\u{1680}\u{180e}\u{2000}-\u{200a}\u{202f}\u{205f}\u{3000}]`, 'u'],
    [r`\v`, r`[\n-\r\x85\u{2028}\u{2029}]`, 'u'],
    ['[[:alpha:]][[:^digit:]]', '[A-Za-z][^0-9]', 'u'],
    [r`[\W\d]`, '[^A-Z_a-z]', 'u'],
    ['[]a]', r`[\]a]`, 'u'],
    ['[^]a]', r`[^\]a]`, 'u'],
    // escapes
    [r`\n`, r`\n`, 'u'],
    [r`\x41`, 'A', 'u'],
    [r`\x{1F600}`, '😀', 'u'],
    [r`\e\cA\0`, r`\x1b\x01\x00`, 'u'],
    [r`\Qa.b\E+`, r`a\.b+`, 'u'],
    // case
    ['(?i)abc', 'abc', 'iu'],
    ['(?i)[a-c]', '[a-c]', 'iu'],
    ['(?i)[^a]', '[^Aa]', 'iu'],
    ['(?i)é', 'é', 'iu'],
    ['(?i)a(?-i)b', '[Aa]b', 'u'],
    ['a(?i)b|c', 'a[Bb]|[Cc]', 'u'],
    ['(?i:x)y', '(?:[Xx])y', 'u'],
    // quantifiers
    ['a*?b', 'a*?b', 'u'],
    ['(?U)a+b*?', 'a+?b*', 'u'],
    ['x{,3}', r`x\{,3\}`, 'u'],
    ['a{2,}b{3}c{1,2}', 'a{2,}b{3}c{1,2}', 'u'],
    ['(?>ab|a)c', r`(?=(ab|a))\1c`, 'u'],
    ['a++b', r`(?=(a+))\1b`, 'u'],
    ['(a)(?>b)(c)\\2', r`(a)(?=(b))\2(c)\3`, 'u'],
    // Lucene operators are plain characters here
    ['user@dom', 'user@dom', 'u'],
    ['a<b>c', 'a<b>c', 'u'],
    ['#~&"', '#~&"', 'u'],
    // groups, references, assertions
    [r`(?P<user>\w+)@(?P=user)`, r`(?<user>[0-9A-Z_a-z]+)@\k<user>`, 'u'],
    ["(?'n'a)\\k{n}\\g{1}\\g{-1}", r`(?<n>a)\k<n>\k<n>\k<n>`, 'u'],
    ['(?n)(a)(?<x>b)', '(?:a)(?<x>b)', 'u'],
    [r`(a)\1`, r`(a)\1`, 'u'],
    [r`(a)\g{1}0`, r`(a)(?:\1)0`, 'u'],
    [r`\bfoo\b`, r`\bfoo\b`, 'u'],
    ['(?=x)', '(?=x)', 'u'],
    ['a(?!b)(?<=a)(?<!c)', 'a(?!b)(?<=a)(?<!c)', 'u'],
    [r`a\Kb`, 'ab', 'u'],
    [r`\R`, r`(?=(\r\n|[\n-\r\x85\u{2028}\u{2029}]))\1`, 'u'],
    // extended mode and comments
    ['(?x) a b # comment\n c [ ]', 'abc ', 'u'],
    ['a(?#note)b', 'ab', 'u'],
  ])('%s → /%s/%s', (pcre, source, flags) => {
    const out = js(pcre);
    expect({ source: out.source, flags: out.flags }).toEqual({ source, flags });
    expect(out.fidelity).toBe('exact');
    expect(() => new RegExp(out.source, out.flags)).not.toThrow();
  });

  it('honours the caller asking for case-insensitive matching', () => {
    expect(js('abc', { caseInsensitive: true })).toMatchObject({ source: 'abc', flags: 'iu' });
    expect(js('(?-i)abc', { caseInsensitive: true })).toMatchObject({ source: 'abc', flags: 'u' });
  });

  it('keeps named groups so rex can extract fields', () => {
    const out = js(r`user=(?<user>\S+) src=(?P<src>[\d.]+)`);
    const m = new RegExp(out.source, out.flags).exec('user=bob src=10.0.0.1');
    expect(m?.groups).toEqual({ user: 'bob', src: '10.0.0.1' });
  });

  it('says superset for a reference to a group that may be unset (JavaScript matches it as empty)', () => {
    const out = js(r`(a)?\1b`);
    expect(out.fidelity).toBe('superset');
    expect(out.notes[0]).toMatchObject({ start: 4, end: 6 });
  });

  it('writes a case-insensitive reference in a case-sensitive pattern as a copy of the group (superset)', () => {
    const out = js(r`(?i:(a)\1)b`);
    expect(out).toMatchObject({ source: '(?:([Aa])(?:[Aa]))b', flags: 'u', fidelity: 'superset' });
  });

  it('cannot give two groups one name (no duplicate names in Node 20)', () => {
    expect(js('(?J)(?<n>a)|(?<n>b)').fidelity).toBe('unsupported');
  });

  it('notes \\K and the literal {,n}', () => {
    expect(js(r`a\Kb`).notes.map((n) => n.message)).toEqual([expect.stringContaining('\\K')]);
    expect(js('x{,3}').notes).toEqual([expect.objectContaining({ start: 1, end: 5 })]);
  });

  it.each([
    ['$', ['', 'a', 'a\n\n'], []],
    ['a$', ['a', 'a\n', 'ba'], ['a\n\n', 'a\r\n', 'ab']],
    [r`a\z`, ['a'], ['a\n']],
    ['^a', ['a', 'ab'], ['ba', 'b\na']],
    ['(?m)^a', ['a', 'b\na'], ['ba']],
    ['(?m)^$', ['', 'a\n\nb', '\na'], ['a\n', 'a']],
    ['a.b', ['a b', 'a\rb', 'a\u2028b', 'a😀b'], ['a\nb', 'ab']],
    [r`\s`, [' ', '\t', '\v', '\f'], ['\u00a0', '\u2028', '\u3000', 'a']],
    [r`\w`, ['a', '_', '0'], ['é', '-']],
    [r`\bé`, ['aé'], ['é', ' é']],
  ])('/%s/ matches %j and not %j', (pcre, yes, no) => {
    const out = js(pcre);
    const re = new RegExp(out.source, out.flags);
    for (const s of yes) expect(re.test(s), JSON.stringify(s)).toBe(true);
    for (const s of no) expect(re.test(s), JSON.stringify(s)).toBe(false);
  });
});
