/**
 * Property tests: for each pattern and hundreds of generated strings (newlines, `\r`, `\v`, Unicode spaces, astral
 * characters…), what each target's translation matches is compared with what the JavaScript translation finds:
 * - Lucene: the pattern read back by a tiny independent Lucene reader (`helpers.ts`) matches the WHOLE string
 *   iff (exact) / whenever (superset, unsupported) the JS translation finds a match;
 * - Sigma: the same for its `|re` pattern (searched);
 * - wildcards: the same for `anyOf` (ORed) and for the single `pattern`.
 * The JS translation itself is checked against Perl in `perl.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { pcreToJs, pcreToLucene, pcreToSigma, pcreToWildcard } from '../../src/regex/index.js';
import { luceneToJs, sampleStrings, sigmaToJs, wildcardToJs } from './helpers.js';

const PATTERNS = [
  // the seed rule's regexes
  '4|disabled',
  '\\s+|[\\_\\/\\x5c]',
  '(\\w{4}|execsvc)$',
  '\\x5c.{8}\\.exe$',
  // anchors
  '^',
  '$',
  '^$',
  '^a',
  'a$',
  '^a$',
  'a\\z',
  'a\\Z',
  '\\Aa',
  '^a|b$',
  '(^|\\\\)cmd\\.exe$',
  '(?:^|[\\\\/])a\\.e(xe)?$',
  '(?m)^a',
  '(?m)a$',
  '(?m)^a$',
  '(?m)^$',
  'a^b',
  '(a$)?b',
  // classes and escapes
  '\\d\\D',
  '\\s\\S',
  '\\w\\W',
  '\\h',
  '\\H\\v',
  '\\N',
  '\\R',
  '[[:alpha:]][[:^digit:]]',
  '[\\W\\d]',
  '[^\\W\\d]',
  '[]a]',
  '[^]a-]',
  '\\x41\\x{e9}\\x{1F600}',
  '\\n|\\t|\\r',
  '\\0\\e\\cA',
  'a.b',
  '(?s)a.b',
  'a(?s:.)b.',
  '😀.',
  '[😀-😂]',
  // case
  '(?i)abc',
  '(?i)[a-c]',
  '(?i)[^a]z',
  '(?i)é',
  '(?i)a(?-i)b',
  'a(?i)b|c',
  '(?i:x)y',
  '(?i)\\w\\W',
  // quantifiers
  'a*?b',
  'a+?',
  'x{2,3}y',
  'x{2}',
  'x{,3}',
  'a{0}b',
  '(ab){2,}',
  '(?U)a+b',
  'a++b',
  'a?+a',
  '(?>a|ab)c',
  '(?>a|ab)',
  // Lucene operators as literals
  'user@dom',
  'a<b>c',
  '#',
  '~',
  '&',
  '"',
  'a|',
  '(|a)b',
  // boundaries and look-arounds
  '\\bfoo\\b',
  '\\b\\.',
  '\\Bo',
  'o\\B',
  'a\\bb',
  'a\\b\\.',
  '.\\b.',
  '(?i)\\bpowershell(\\.exe)?\\b',
  '(?=x)',
  'a(?=b)',
  'a(?=b$|c)',
  '(?<=a)b',
  '(?<=^a)b',
  'a(?=b)c',
  'a(?!b)',
  '(?<!a)b',
  '\\Ka',
  // back references
  '(a)\\1',
  '(a|b)\\1',
  '(?<n>ab)\\k<n>',
  '(?i)(a)\\1',
  // extended, comments, quoting
  '(?x) a b # comment\n c',
  'a(?#note)b',
  '\\Qa.b*\\E+',
];

describe('every target agrees with the JavaScript translation', () => {
  it.each(PATTERNS)('%s', (pcre) => {
    const js = pcreToJs(pcre);
    if ('error' in js) throw new Error(`${pcre}: ${js.error.message}`);
    expect(js.fidelity).toBe('exact');
    const search = new RegExp(js.source, js.flags);
    const luc = pcreToLucene(pcre);
    const sig = pcreToSigma(pcre);
    if ('error' in luc || 'error' in sig) throw new Error(`${pcre}: parse error`);
    const lucene = luceneToJs(luc.pattern, luc.caseInsensitive);
    const sigma = sig.pattern === '' && sig.fidelity === 'unsupported' ? undefined : sigmaToJs(sig.pattern, sig.flags);
    const wc = pcreToWildcard(pcre);
    const any = wc?.anyOf.map((p) => wildcardToJs(p, wc.caseInsensitive));
    const single = wc && wildcardToJs(wc.pattern, wc.caseInsensitive);

    const problems: string[] = [];
    const check = (what: string, fidelity: string, got: boolean, want: boolean, s: string) => {
      const ok = fidelity === 'exact' ? got === want : !want || got;
      if (!ok && problems.length < 5) problems.push(`${what} (${fidelity}) ${got ? 'matches' : 'misses'} ${JSON.stringify(s)}`);
    };
    for (const s of sampleStrings(pcre, 400)) {
      const want = search.test(s);
      check(`lucene /${luc.pattern}/`, luc.fidelity, lucene.test(s), want, s);
      if (sigma) check(`sigma /${sig.pattern}/`, sig.fidelity, sigma.test(s), want, s);
      if (wc && any && single) {
        check('wildcard anyOf', wc.anyOfFidelity, any.some((r) => r.test(s)), want, s);
        check('wildcard pattern', wc.fidelity, single.test(s), want, s);
      }
      // No wildcard: nothing tighter than "the field exists" (every value may match).
    }
    expect(problems).toEqual([]);
  });
});
