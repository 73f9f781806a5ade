import { describe, expect, it } from 'vitest';
import { pcreToLucene } from '../../src/regex/index.js';
import type { LuceneRegex } from '../../src/regex/types.js';

const r = String.raw;

function lucene(pcre: string): LuceneRegex {
  const out = pcreToLucene(pcre);
  if ('error' in out) throw new Error(`${pcre}: ${out.error.message}`);
  return out;
}

describe('PCRE → Lucene regexp (anchored: the whole value)', () => {
  // Expected patterns are ordinary strings: Lucene has no \n or \t escape, so those are the characters themselves.
  it.each([
    // the seed rule's regexes
    ['4|disabled', '.*(4|disabled).*', false, 'exact'],
    [r`\s+|[\_\/\x5c]`, '.*([\t-\r ]+|[\\/\\\\\\_]).*', false, 'exact'],
    [r`(\w{4}|execsvc)$`, '.*([0-9A-Z\\_a-z]{4}|execsvc)\n?', false, 'exact'],
    [r`\x5c.{8}\.exe$`, '.*\\\\[^\n]{8}\\.exe\n?', false, 'exact'],
    // anchors become the ends of the value; $ allows a final newline
    ['abc', '.*abc.*', false, 'exact'],
    ['^', '.*', false, 'exact'],
    ['$', '.*', false, 'exact'],
    ['^abc$', 'abc\n?', false, 'exact'],
    [r`\Aabc\z`, 'abc', false, 'exact'],
    [r`abc\Z`, '.*abc\n?', false, 'exact'],
    ['^a|b$', 'a.*|.*b\n?', false, 'exact'],
    [r`(^|\\)cmd\.exe$`, 'cmd\\.exe\n?|.*\\\\cmd\\.exe\n?', false, 'exact'],
    ['(?m)^abc$', '(.*\n)?abc(\n.*)?', false, 'exact'],
    ['a^b', '.*ab.*', false, 'superset'],
    // Lucene's . includes newline; escapes and types spelled out
    ['.', '.*[^\n].*', false, 'exact'],
    ['(?s)a.b', '.*a.b.*', false, 'exact'],
    [r`\d\D`, '.*[0-9][^0-9].*', false, 'exact'],
    [r`\s\S`, '.*[\t-\r ][^\t-\r ].*', false, 'exact'],
    [r`\w\W`, '.*[0-9A-Z\\_a-z][^0-9A-Z\\_a-z].*', false, 'exact'],
    [r`\n`, '.*\n.*', false, 'exact'],
    [r`\t\r`, '.*\t\r.*', false, 'exact'],
    [r`\x41`, '.*A.*', false, 'exact'],
    [r`\x{1F600}`, '.*😀.*', false, 'exact'],
    ['[[:alpha:]][[:^digit:]]', '.*[A-Za-z][^0-9].*', false, 'exact'],
    ['[]a]', '.*[\\]a].*', false, 'exact'],
    [r`[\^\-\]]`, '.*[\\-\\]\\^].*', false, 'exact'],
    // reserved characters escaped (with flags ALL, @ & < > ~ # are operators)
    ['user@dom', '.*user\\@dom.*', false, 'exact'],
    ['a<b>c', '.*a\\<b\\>c.*', false, 'exact'],
    ['#', '.*\\#.*', false, 'exact'],
    ['~', '.*\\~.*', false, 'exact'],
    ['&', '.*\\&.*', false, 'exact'],
    ['"', '.*\\".*', false, 'exact'],
    // {,n} is literal in PCRE2 (and invalid in Lucene)
    ['x{,3}', '.*x\\{\\,3\\}.*', false, 'exact'],
    ['a{2,}b{3}c{1,2}', '.*a{2,}b{3}c{1,2}.*', false, 'exact'],
    // case: the flag for single ASCII letters, both cases spelled out otherwise (Lucene #14378)
    ['(?i)abc', '.*abc.*', true, 'exact'],
    ['(?i)[a-c]', '.*[A-Ca-c].*', false, 'exact'],
    ['(?i)[abc]x', '.*[A-Ca-c]x.*', true, 'exact'],
    ['(?i)é', '.*[Éé].*', false, 'exact'],
    ['(?i)[^a]', '.*[^Aa].*', false, 'exact'],
    ['(?i)a(?-i)b', '.*[Aa]b.*', false, 'exact'],
    [r`(?i)\\(powershell|pwsh)\.exe$`, '.*\\\\(powershell|pwsh)\\.exe\n?', true, 'exact'],
    // lazy and atomic
    ['a*?b', '.*b.*', false, 'exact'],
    ['x+?y', '.*x+y.*', false, 'exact'],
    ['(?>ab|a)c', '.*(ab|a)c.*', false, 'superset'],
    ['(?>ab|a)', '.*(ab|a).*', false, 'exact'],
    ['a++b', '.*a+b.*', false, 'superset'],
    [r`\R`, '.*(\r\n|[\n-\r\u0085\u2028\u2029]).*', false, 'exact'],
    // look-arounds: exact at an open edge, else dropped (superset), negative ones unsupported
    ['(?=x)', '.*x.*', false, 'exact'],
    ['a(?=b)', '.*ab.*', false, 'exact'],
    ['a(?=b$|c)', '.*ab\n?|.*ac.*', false, 'exact'],
    ['(?<=a)b', '.*ab.*', false, 'exact'],
    ['(?<=^a)b', 'ab.*', false, 'exact'],
    ['a(?=b)c', '.*ac.*', false, 'superset'],
    ['^(?=.*x)a', 'a.*', false, 'superset'],
    ['foo(?!bar)', '.*foo.*', false, 'unsupported'],
    ['(?<!a)b', '.*b.*', false, 'unsupported'],
    // word boundaries: conditions on the neighbouring characters
    [r`\bfoo\b`, '(.*[^0-9A-Z\\_a-z])?foo([^0-9A-Z\\_a-z].*)?', false, 'exact'],
    [r`\b\.`, '.*[0-9A-Z\\_a-z]\\..*', false, 'exact'],
    [r`\Bo`, '.*[0-9A-Z\\_a-z]o.*', false, 'exact'],
    [r`^\bfoo`, 'foo.*', false, 'exact'],
    [r`a\b\.`, '.*a\\..*', false, 'exact'],
    [r`a\bb`, '#', false, 'exact'],
    [r`.\b.`, '.*[^\n][^\n].*', false, 'superset'],
    // back references: the group's pattern again
    [r`(a)\1`, '.*aa.*', false, 'superset'],
    [r`(?P<u>\w+)@(?P=u)`, '.*[0-9A-Z\\_a-z]+\\@[0-9A-Z\\_a-z]+.*', false, 'superset'],
    // \K, quoting, comments
    [r`a\Kb`, '.*ab.*', false, 'exact'],
    [r`\Qa.b\E`, '.*a\\.b.*', false, 'exact'],
    ['(?x) a b # c', '.*ab.*', false, 'exact'],
  ] as const)('%s → %j (case_insensitive %s, %s)', (pcre, pattern, caseInsensitive, fidelity) => {
    expect(lucene(pcre)).toMatchObject({ pattern, caseInsensitive, fidelity });
  });

  it('notes each approximation with its offsets', () => {
    expect(lucene('a(?=b)c').notes).toEqual([{ message: 'lookahead dropped (matches more)', start: 1, end: 6 }]);
    expect(lucene(r`(a)\1`).notes).toEqual([expect.objectContaining({ start: 3, end: 5 })]);
    expect(lucene('x(?!y)').notes).toEqual([expect.objectContaining({ start: 1, end: 6 })]);
  });

  it('notes that case-insensitive ranges are spelled out', () => {
    expect(lucene('(?i)[a-c]').notes.map((n) => n.message)).toEqual([expect.stringContaining('both cases')]);
    expect(lucene('(?i)abc').notes).toEqual([]);
  });

  it("notes a pattern longer than Elasticsearch's index.max_regex_length (1000)", () => {
    const out = lucene('abc|'.repeat(300) + 'x');
    expect(out.pattern.length).toBeGreaterThan(1000);
    expect(out.notes.map((n) => n.message)).toEqual([expect.stringContaining('index.max_regex_length')]);
    expect(out.fidelity).toBe('exact');
  });

  it('writes a never-matching pattern as the empty language', () => {
    expect(lucene(r`a\bb`).notes.map((n) => n.message)).toEqual([expect.stringContaining('never match')]);
  });
});
