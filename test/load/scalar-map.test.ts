/**
 * The YAML scalar offset map: for every scalar style, the rebuilt value equals js-yaml's and each decoded character
 * maps to the same character in the file (except folded line breaks and escapes).
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { mapTopLevelScalar } from '../../src/load/index.js';

/** Problems with the map of `value` (decoded from `text`), as readable strings. */
function problems(text: string, value: string, map: (i: number) => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const o = map(i);
    const f = text[o];
    // a line break that became a space or `\n` (js-yaml reads a missing final break as present)
    const folded = (c === ' ' || c === '\n') && (f === '\n' || f === '\r' || o === text.length);
    const escaped = f === '\\';
    if (f !== c && !folded && !escaped) out.push(`value[${i}]=${JSON.stringify(c)} → text[${o}]=${JSON.stringify(f)}`);
    if (i > 0 && o < map(i - 1)) out.push(`offsets go backwards at ${i}`);
  }
  return out;
}

const CASES: { style: string; text: string; key?: string; occurrence?: number }[] = [
  { style: 'single-quoted', text: "search: 'a ''b'' c'\n" },
  { style: 'single-quoted, folded, trailing blanks kept, empty lines', text: "search: 'a  \n  b\n\n  c\n\n\n  d '\n" },
  { style: 'single-quoted on the next line', text: "search:\n  'a\n  b'\nx: 1\n" },
  { style: 'single-quoted with CRLF', text: "search: 'a\r\n  b\r\n\r\n  c'\r\nx: 1\r\n" },
  { style: 'single-quoted with astral characters', text: "search: 'é 😀 x\n  y'\n" },
  { style: 'double-quoted with escapes', text: 'search: "a \\"q\\" \\\\ \\t \\x41 \\u00e9 \\/"\n' },
  { style: 'double-quoted, folded and escaped breaks', text: 'search: "a \n  b\\\n   c\n\n  d"\n' },
  { style: 'plain', text: 'search: index=main foo\n' },
  { style: 'plain multi-line with a comment', text: 'search: index=main\n  | stats count   # the count\nx: 1\n' },
  { style: 'plain with an empty line', text: 'search: a\n\n  b\nx: 1\n' },
  { style: 'block literal', text: 'search: |\n  index=main\n    | stats count\n\n  | head 1\nx: 1\n' },
  { style: 'block literal, strip', text: 'search: |-\n  a\n  b\n\n' },
  { style: 'block literal, keep', text: 'search: |+\n  a\n\n\nx: 1\n' },
  { style: 'block literal at the end without a line break', text: 'search: |\n  a\n  b' },
  { style: 'block folded', text: 'search: >\n  a\n  b\n\n  c\n    more\n  d\n' },
  { style: 'block folded, explicit indentation, strip', text: 'search: >2-\n   a\n  b\n' },
  { style: 'block with a header comment', text: 'search: | # the SPL\n  a\n' },
  { style: 'nested search keys are not top-level', text: 'tests:\n- search: nested\nsearch: top\n' },
  { style: 'second document', text: 'search: one\n---\nsearch: "two\n  lines"\n', occurrence: 1 },
  { style: 'logic key', text: "id: '1'\nlogic: 'x ''y''\n  z'\n", key: 'logic' },
];

describe('mapTopLevelScalar', () => {
  it.each(CASES)('$style', ({ text, key = 'search', occurrence = 0 }) => {
    const docs = yaml.loadAll(text) as Record<string, unknown>[];
    const value = docs[occurrence]![key];
    expect(typeof value).toBe('string');
    const map = mapTopLevelScalar(text, key, value as string, occurrence);
    expect(map).toBeDefined();
    expect(problems(text, value as string, map!)).toEqual([]);
  });

  it('maps the end of the value to the closing quote', () => {
    const text = "search: 'abc'\n";
    expect(mapTopLevelScalar(text, 'search', 'abc')!(3)).toBe(12);
  });

  it.each([
    ['a value that differs from the scalar', "search: 'abc'\n", 'abd'],
    ['an anchored scalar', "search: &a 'abc'\n", 'abc'],
    ['a tagged scalar', "search: !!str 'abc'\n", 'abc'],
    ['a missing key', "name: 'abc'\n", 'abc'],
    ['an unterminated scalar', "search: 'abc\n", 'abc'],
  ])('gives no map for %s', (_, text, value) => {
    expect(mapTopLevelScalar(text, 'search', value)).toBeUndefined();
  });
});
