/**
 * The JavaScript translation against an independent engine: Perl's, which shares PCRE's semantics for everything
 * used here (`$` before a final newline, `.` and `\n`, `\h \v \R`, `(?m)`, atomic groups, `\b`…). Perl runs with
 * `(?aa)`: ASCII `\d \s \w` and POSIX classes, and no case folding between ASCII and non-ASCII (the module's
 * decision, see docs/regex.md). Skipped when `perl` is not installed.
 * Patterns where Perl and PCRE2 differ are left out (`{,3}`: a quantifier in Perl 5.34+, literal in PCRE2 < 10.43).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pcreToJs } from '../../src/regex/index.js';
import { sampleStrings } from './helpers.js';

const PATTERNS = [
  '4|disabled',
  '\\s+|[\\_\\/\\x5c]',
  '(\\w{4}|execsvc)$',
  '\\x5c.{8}\\.exe$',
  '^a$',
  'a\\Z',
  'a\\z',
  '\\Aa',
  '(?m)^a$',
  '(?m)^$',
  '^\\s*$',
  '(^|\\\\)cmd\\.exe$',
  '\\d\\D\\s\\S\\w\\W',
  '\\h\\H',
  '\\v\\V',
  '\\R\\n',
  '\\N+',
  '[[:alpha:]][[:^digit:]][[:punct:]]',
  '[\\W\\d]',
  '[^\\W\\d]',
  '[]a]',
  '[^]a]',
  '\\x41\\x{e9}',
  '\\0\\e\\cA',
  'a.b',
  '(?s)a.b',
  '(?i)abc',
  '(?i)[a-c]é',
  '(?i)[^a]',
  '(?i)a(?-i)b',
  'a(?i)b|c',
  '(?i:x)y',
  'a*?b',
  'a++a',
  '(?>a|ab)c',
  '\\bfoo\\b',
  '\\B\\.',
  '(?i)\\bpowershell(\\.exe)?\\b',
  'a(?=b)',
  'a(?!b)',
  '(?<=a)b',
  '(?<!a)b',
  '(a|b)\\1',
  '(?<n>ab)\\k<n>',
  '(?P<n>a)(?P=n)',
  '(?i)(a)\\1',
  '(?x) a b # comment\n c',
  'a(?#note)b',
  'a\\Kb',
];

const perl = spawnSync('perl', ['-v'], { encoding: 'utf8' });
const hasPerl = perl.status === 0;

/** Reads {patterns, strings} as JSON on stdin; prints one line of 0/1 per pattern (or "ERR"). */
const SCRIPT = `
use strict; use warnings; use JSON::PP;
local $/; my $d = JSON::PP->new->utf8->decode(<STDIN>);
for my $p (@{$d->{patterns}}) {
  my $re = eval { qr/(?aa)$p/ };
  if (!$re) { print "ERR\\n"; next; }
  print join('', map { $_ =~ $re ? 1 : 0 } @{$d->{strings}}), "\\n";
}`;

describe('the JavaScript translation matches what Perl matches', () => {
  // Perl ships with every machine image this project runs on: its absence is a failure, never a skip.
  it('perl is available', () => expect(hasPerl, 'perl is required for this cross-check').toBe(true));
  if (!hasPerl) return;
  const strings = [...new Set(PATTERNS.flatMap((p, i) => sampleStrings(p, 60, i + 1)))];
  const run = spawnSync('perl', ['-e', SCRIPT], { input: JSON.stringify({ patterns: PATTERNS, strings }), encoding: 'utf8' });
  const lines = run.stdout.split('\n');

  it.each(PATTERNS.map((p, i) => [p, i] as const))('%s', (pcre, i) => {
    const js = pcreToJs(pcre);
    if ('error' in js) throw new Error(js.error.message);
    const re = new RegExp(js.source, js.flags);
    const line = lines[i] ?? '';
    expect(line).not.toBe('ERR');
    const diff = strings.filter((s, k) => re.test(s) !== (line[k] === '1')).slice(0, 3);
    expect(diff).toEqual([]);
  });
});
