import { describe, expect, it } from 'vitest';
import { caseClose } from '../../src/regex/casefold.js';
import { has, single } from '../../src/regex/charset.js';
import { parsePcre, topLevelAlternatives } from '../../src/regex/index.js';
import type { CharsNode, Node } from '../../src/regex/ast.js';

const r = String.raw;

function ast(pcre: string) {
  const out = parsePcre(pcre);
  if (!out.ok) throw new Error(`${pcre}: ${out.error.message}`);
  return out.ast;
}

function items(pcre: string): readonly Node[] {
  return ast(pcre).pattern.alternatives[0]!.items;
}

describe('parsePcre: flags', () => {
  it.each([
    ['abc', {}],
    ['(?i)abc', { caseInsensitive: true }],
    ['(?is)abc', { caseInsensitive: true, dotAll: true }],
    ['(?i)(?s)abc', { caseInsensitive: true, dotAll: true }],
    ['(?im-s)abc', { caseInsensitive: true, multiline: true }],
    ['(?x) a b c', { extended: true }],
    ['(*UTF)(?i)abc', { caseInsensitive: true }],
    // not at the start: applied where they stand, not pattern flags
    ['a(?i)bc', {}],
    ['(?i:a)bc', {}],
  ])('%s → %j', (pcre, flags) => {
    const out = parsePcre(pcre);
    expect(out.ok && out.flags).toEqual({ caseInsensitive: false, multiline: false, dotAll: false, extended: false, ...flags });
  });

  it('takes case-insensitivity from the caller', () => {
    const out = parsePcre('abc', { caseInsensitive: true });
    expect(out.ok && out.flags.caseInsensitive).toBe(true);
  });

  it('notes flags that change after the start, with their offsets', () => {
    expect(ast('ab(?i)c').notes).toEqual([expect.objectContaining({ start: 2, end: 6 })]);
    expect(ast('ab(?i:c)').notes).toEqual([expect.objectContaining({ start: 2, end: 6 })]);
  });
});

describe('parsePcre: errors, with offsets in the PCRE text', () => {
  it.each([
    ['abc(', 4],
    ['a)b', 1],
    ['(?x) a  b )', 10],
    [r`\Qa(\E)`, 6],
    ['[abc', 0],
    ['ab\\', 2],
    ['a**', 3],
    ['a{2,1}', 6],
    [r`(a)\2`, 3],
    [r`\k<x>`, 0],
    ['(?<n>a)(?<n>b)', 12],
    ['(?<n>a)|(?<n>b)', 8],
    ['(?z)', 2],
    ['[[:foo:]]', 1],
    [r`\y`, 0],
    [r`\u0041`, 0],
  ])('%s: error at %i', (pcre, offset) => {
    const out = parsePcre(pcre);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.offset).toBe(offset);
  });

  it.each([
    ['(?R)', 0],
    ['a(?1)', 1],
    ['(?(1)a|b)', 0],
    ['(?|a|b)', 0],
    [r`a\G`, 1],
    [r`\p{L}`, 0],
    [r`\X`, 0],
    [r`(a)\g<1>`, 3],
    ['(*FAIL)', 0],
    ['(*UCP)a', 0],
    ['(?C1)', 0],
    ['(?xx)a', 0],
  ])('%s: unsupported construct at %i', (pcre, offset) => {
    const out = parsePcre(pcre);
    expect(!out.ok && out.error).toEqual({ message: expect.stringContaining('unsupported PCRE construct'), offset });
  });
});

describe('parsePcre: the tree', () => {
  it('keeps original offsets through rewrites', () => {
    const [a, b, g, x] = items(r`ab(?P<n>c)\x41`);
    expect([a, b, g, x].map((n) => n && [n.type, n.start, n.end])).toEqual([
      ['chars', 0, 1],
      ['chars', 1, 2],
      ['group', 2, 10],
      ['chars', 10, 14],
    ]);
    expect(g).toMatchObject({ capture: { index: 1, name: 'n' } });
  });

  it('gives anchors their PCRE meaning', () => {
    const kinds = (p: string) => items(p).flatMap((n) => (n.type === 'anchor' ? [n.kind] : []));
    expect(kinds(r`^\A$\Z\z`)).toEqual(['start', 'start', 'end-or-newline', 'end-or-newline', 'end']);
    expect(kinds('(?m)^$')).toEqual(['line-start', 'line-end']);
  });

  it('reads atomic groups, possessive and lazy quantifiers, (?U)', () => {
    expect(items('(?>a)')[0]).toMatchObject({ type: 'group', atomic: true });
    expect(items('a*+')[0]).toMatchObject({ type: 'repeat', possessive: true, greedy: true });
    expect(items('a*?')[0]).toMatchObject({ type: 'repeat', possessive: false, greedy: false });
    expect(items('(?U)a*a*?')).toMatchObject([{ greedy: false }, { greedy: true }]);
  });

  it('reads PCRE escapes and classes as PCRE defines them', () => {
    const set = (p: string) => (items(p)[0] as CharsNode).set;
    expect(has(set(r`\s`), 0x0b)).toBe(true); // PCRE2 \s includes VT
    expect(has(set(r`\s`), 0xa0)).toBe(false); // no Unicode spaces (JS \s has them)
    expect(has(set(r`\v`), 0x0a)).toBe(true); // PCRE \v is vertical space, not VT only
    expect(has(set(r`\h`), 0xa0)).toBe(true);
    expect(has(set('.'), 0x0a)).toBe(false);
    expect(has(set('.'), 0x0d)).toBe(true); // only \n is excluded (JS also excludes \r)
    expect(has(set('(?s).'), 0x0a)).toBe(true);
    expect(has(set('[]a]'), 0x5d)).toBe(true); // ] first in a class is literal
    expect(has(set(r`[\b]`), 0x08)).toBe(true);
    expect(has(set(r`\x`), 0)).toBe(true); // \x alone is NUL
    expect(has(set(r`\x4`), 4)).toBe(true);
    expect(has(set(r`\o{101}`), 0x41)).toBe(true);
    expect(has(set(r`[\012]`), 0x0a)).toBe(true);
    expect(has(set(r`[[:^alpha:]]`), 0x41)).toBe(false);
    expect(has(set('[😀-😂]'), 0x1f601)).toBe(true);
    expect(has(set(r`(?i)k`), 0x212a)).toBe(false); // no folding between ASCII and non-ASCII (Kelvin sign)
    expect(has(set(r`(?i)é`), 0xc9)).toBe(true);
  });

  it('accepts duplicate group names after (?J), and \\N with a quantifier', () => {
    expect(parsePcre('(?J)(?<n>a)|(?<n>b)').ok).toBe(true);
    expect(items(r`\N{1,3}`)[0]).toMatchObject({ type: 'repeat', min: 1, max: 3 });
  });

  it('takes {,n} literally, with a note', () => {
    expect(items('a{,3}').map((n) => n.type)).toEqual(['chars', 'chars', 'chars', 'chars', 'chars']);
    expect(ast('a{,3}').notes).toEqual([expect.objectContaining({ start: 1, end: 5 })]);
  });

  it('reads back references by number, name and relative number', () => {
    expect(items(r`(a)(b)\2\g{-2}\g1`).slice(2)).toMatchObject([{ group: 2 }, { group: 1 }, { group: 1 }]);
    expect(items(r`(?<x>a)\k<x>(?P=x)`).slice(1)).toMatchObject([{ group: 1 }, { group: 1 }]);
    // \12 with fewer than 12 groups is octal 012 (a newline), as in PCRE
    const n = items(r`(a)\12`)[1] as CharsNode;
    expect(n.set).toEqual(single(0x0a));
  });
});

describe('case folding', () => {
  it('folds ASCII and non-ASCII letters, never across the two', () => {
    const s = caseClose(single(0x73)); // s
    expect(has(s, 0x53)).toBe(true);
    expect(has(s, 0x17f)).toBe(false); // ſ
    expect(has(caseClose(single(0x3c3)), 0x3c2)).toBe(true); // σ, ς
  });
});

it('re-exports topLevelAlternatives', () => {
  expect(topLevelAlternatives('4|disabled')).toEqual(['4', 'disabled']);
});
