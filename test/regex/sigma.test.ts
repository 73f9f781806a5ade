import { describe, expect, it } from 'vitest';
import { pcreToSigma } from '../../src/regex/index.js';

const r = String.raw;

function sigma(pcre: string) {
  const out = pcreToSigma(pcre);
  if ('error' in out) throw new Error(`${pcre}: ${out.error.message}`);
  return out;
}

/** Sigma's regex subset: `. ^ $ * + ? {n,m} [ ] [^ ] | ( )` and backslash-escaped metacharacters. */
const SUBSET = /^(?:[^\\]|\\[\\^$.|?*+()[\]{}-])*$/u;

describe('PCRE → Sigma |re', () => {
  it.each([
    // the seed rule's regexes
    ['4|disabled', '4|disabled', '', 'exact'],
    [r`\s+|[\_\/\x5c]`, '[\t-\r ]+|[/\\\\_]', '', 'exact'],
    [r`(\w{4}|execsvc)$`, '([0-9A-Z_a-z]{4}|execsvc)$', '', 'exact'],
    [r`\x5c.{8}\.exe$`, '\\\\.{8}\\.exe$', '', 'exact'],
    // anchors keep PCRE's meaning; \z has no equivalent
    ['^', '^', '', 'exact'],
    ['$', '$', '', 'exact'],
    ['^a|b$', '^a|b$', '', 'exact'],
    [r`\Aabc\Z`, '^abc$', '', 'exact'],
    [r`abc\z`, 'abc$', '', 'superset'],
    ['(?m)^abc$', '^abc$', 'm', 'exact'],
    [r`(^|\\)cmd\.exe$`, '^cmd\\.exe$|\\\\cmd\\.exe$', '', 'exact'],
    // types and escapes spelled out
    ['.', '.', '', 'exact'],
    ['(?s)a.b', 'a.b', 's', 'exact'],
    ['a(?s:.).', 'a(.|\n).', '', 'exact'],
    [r`\d\D`, '[0-9][^0-9]', '', 'exact'],
    [r`\w\W`, '[0-9A-Z_a-z][^0-9A-Z_a-z]', '', 'exact'],
    [r`\n\x41`, '\nA', '', 'exact'],
    ['x{,3}', 'x\\{,3\\}', '', 'exact'],
    [r`[\^\-\]]`, '[\\-\\]\\^]', '', 'exact'],
    ['user@dom|a<b>c|#~&"', 'user@dom|a<b>c|#~&"', '', 'exact'],
    // case
    ['(?i)abc', 'abc', 'i', 'exact'],
    ['(?i)[a-c]', '[a-c]', 'i', 'exact'],
    ['(?i)a(?-i)b', '[Aa]b', '', 'exact'],
    // quantifiers, groups
    ['a*?b', 'a*b', '', 'exact'],
    ['(?:ab|c)+?d', '(ab|c)+d', '', 'exact'],
    ['(?<name>a)b', 'ab', '', 'exact'],
    ['(?>ab|a)c', '(ab|a)c', '', 'superset'],
    // assertions: rewritten exactly where possible
    ['(?=x)', 'x', '', 'exact'],
    ['a(?=b)', 'ab', '', 'exact'],
    ['(?<=a)b', 'ab', '', 'exact'],
    [r`\bfoo\b`, '(^|[^0-9A-Z_a-z])foo([^0-9A-Z_a-z]|$)', '', 'exact'],
    [r`\b\.`, '[0-9A-Z_a-z]\\.', '', 'exact'],
    ['a(?=b)c', 'ac', '', 'superset'],
    ['foo(?!bar)', 'foo', '', 'unsupported'],
    [r`(a)\1`, 'aa', '', 'superset'],
  ])('%s → %j |re%s (%s)', (pcre, pattern, flags, fidelity) => {
    const out = sigma(pcre);
    expect({ pattern: out.pattern, flags: out.flags.join(''), fidelity: out.fidelity }).toEqual({ pattern, flags, fidelity });
    expect(out.pattern).toMatch(SUBSET);
    expect(out.pattern).not.toContain('(?');
  });

  it('reports a pattern that can never match as unsupported', () => {
    expect(sigma(r`a\bb`)).toMatchObject({ fidelity: 'unsupported' });
  });
});
