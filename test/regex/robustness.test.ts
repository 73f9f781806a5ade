/** The translators never run a regex: catastrophic patterns, huge ones and garbage all come back quickly. */
import { describe, expect, it } from 'vitest';
import { parsePcre, pcreToJs, pcreToLucene, pcreToSigma, pcreToWildcard } from '../../src/regex/index.js';
import { random } from './helpers.js';

const all = (p: string) => [pcreToJs(p), pcreToLucene(p), pcreToSigma(p), pcreToWildcard(p)];

describe('robustness', () => {
  it.each([
    '(a+)+$',
    '(a|aa)+b',
    '(.*a){25}',
    '((a|b)*)*c',
    '(x+x+)+y',
    String.raw`^(\w+\s?)*$`,
    '(?:(?:(?:a*)*)*)*b',
    'a{1000}b{1000}',
    `${'(^|a)'.repeat(12)}x${'($|b)'.repeat(12)}`,
  ])('%s translates without running it', (pcre) => {
    const t0 = performance.now();
    const [js] = all(pcre);
    expect(js && 'source' in js && js.fidelity).toBe('exact');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('survives deep nesting', () => {
    const deep = `${'('.repeat(300)}a${')'.repeat(300)}`;
    expect(() => all(deep)).not.toThrow();
    expect(pcreToLucene(deep)).toMatchObject({ fidelity: 'exact' });
  });

  it('returns an error or a translation for any input, never throws', () => {
    const rnd = random(99);
    const alphabet = [...'()[]{}\\?*+|^$.-:<>=!Pa1,xQEkgbBi# \n'];
    for (let i = 0; i < 1000; i++) {
      let p = '';
      const n = 1 + Math.floor(rnd() * 10);
      for (let k = 0; k < n; k++) p += alphabet[Math.floor(rnd() * alphabet.length)]!;
      const parsed = parsePcre(p);
      let outs: unknown[] = [];
      expect(() => (outs = all(p)), p).not.toThrow();
      if (parsed.ok) {
        const js = outs[0] as { source: string; flags: string; fidelity: string };
        if (js.fidelity !== 'unsupported') expect(() => new RegExp(js.source, js.flags), `${p} → ${js.source}`).not.toThrow();
      } else expect(parsed.error.offset).toBeLessThanOrEqual(p.length);
    }
  });
});
