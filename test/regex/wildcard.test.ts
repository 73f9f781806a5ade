import { describe, expect, it } from 'vitest';
import { pcreToWildcard } from '../../src/regex/index.js';
import { patternToString } from '../../src/values/pattern.js';

const r = String.raw;

function wildcard(pcre: string) {
  const w = pcreToWildcard(pcre);
  return w && { pattern: patternToString(w.pattern), fidelity: w.fidelity, anyOf: w.anyOf.map(patternToString), anyOfFidelity: w.anyOfFidelity };
}

describe('PCRE → the tightest * pattern over the whole value', () => {
  it.each([
    // a substring search for a literal is exactly *literal*
    ['abc', '*abc*', 'exact', ['*abc*'], 'exact'],
    ['^cmd', 'cmd*', 'exact', ['cmd*'], 'exact'],
    [r`\Aabc\z`, 'abc', 'exact', ['abc'], 'exact'],
    ['(?=x)', '*x*', 'exact', ['*x*'], 'exact'],
    ['a*?b', '*b*', 'exact', ['*b*'], 'exact'],
    ['user@dom', '*user@dom*', 'exact', ['*user@dom*'], 'exact'],
    [r`\x41\n`, '*A\n*', 'exact', ['*A\n*'], 'exact'],
    ['x{,3}', '*x{,3}*', 'exact', ['*x{,3}*'], 'exact'],
    // $ also matches before a final newline: two patterns are exact, one is wider
    [r`\.exe$`, '*.exe*', 'superset', ['*.exe', '*.exe\n'], 'exact'],
    ['^abc$', 'abc*', 'superset', ['abc', 'abc\n'], 'exact'],
    [r`abc\Z`, '*abc*', 'superset', ['*abc', '*abc\n'], 'exact'],
    // PCRE's . is not any character (no newline): *, but wider
    ['^a.*b$', 'a*b*', 'superset', ['a*b', 'a*b\n'], 'superset'],
    ['a.{2}b', '*a*b*', 'superset', ['*a*b*'], 'superset'],
    [r`\x5c.{8}\.exe$`, '*\\*.exe*', 'superset', ['*\\*.exe', '*\\*.exe\n'], 'superset'],
    // alternatives: kept apart in anyOf, merged (common literal parts) in pattern
    ['4|disabled', '*', 'superset', ['*4*', '*disabled*'], 'exact'],
    ['(foo|fob)', '*fo*', 'superset', ['*foo*', '*fob*'], 'exact'],
    ['x(ab|cb)y', '*x*by*', 'superset', ['*xaby*', '*xcby*'], 'exact'],
    [r`(^|\\)cmd\.exe$`, '*cmd.exe*', 'superset', ['cmd.exe', 'cmd.exe\n', '*\\cmd.exe', '*\\cmd.exe\n'], 'exact'],
    ['ab{3}', '*abbb*', 'exact', ['*abbb*'], 'exact'],
    ['a{2,}b', '*aa*b*', 'superset', ['*aa*b*'], 'superset'],
    // approximations of the regex carry over
    [r`\bfoo\b`, '*foo*', 'superset', ['*foo*'], 'superset'],
    [r`(a)\1`, '*aa*', 'superset', ['*aa*'], 'superset'],
    ['foo(?!bar)', '*foo*', 'superset', ['*foo*'], 'superset'],
  ])('%s → %j (%s), anyOf %j (%s)', (pcre, pattern, fidelity, anyOf, anyOfFidelity) => {
    expect(wildcard(pcre)).toEqual({ pattern, fidelity, anyOf, anyOfFidelity });
  });

  it.each([
    // nothing tighter than "the field exists"
    [r`(\w{4}|execsvc)$`],
    [r`\s+|[\_\/\x5c]`],
    ['^'],
    ['$'],
    ['.'],
    ['a?'],
    ['(?i)[a-c]'],
    // does not parse
    ['(a'],
  ])('%s → undefined', (pcre) => {
    expect(pcreToWildcard(pcre)).toBeUndefined();
  });

  it('keeps the case of a case-insensitive regex as a flag', () => {
    expect(pcreToWildcard('(?i)^Cmd')).toMatchObject({ caseInsensitive: true, fidelity: 'exact' });
    expect(pcreToWildcard('^Cmd')).toMatchObject({ caseInsensitive: false });
    // Part case-insensitive: that part widens to *
    expect(wildcard('(?i)a(?-i)b')).toMatchObject({ pattern: '*b*', fidelity: 'superset' });
  });
});
