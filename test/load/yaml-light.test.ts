/**
 * The light YAML reader gives js-yaml's value or nothing (js-yaml then reads the text): checked on hand-made
 * texts, on every rule and macro file of the corpora, and on random edits of corpus files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readYamlLight } from '../../src/load/yaml-light.js';
import { CORPUS, hasShared } from '../helpers/corpus.js';

/** js-yaml's documents, or the marker 'error'. */
function reference(text: string): unknown[] | 'error' {
  try {
    return yaml.loadAll(text);
  } catch {
    return 'error';
  }
}

/** Light must agree with js-yaml whenever it answers. */
function check(text: string): 'light' | 'fallback' {
  const got = readYamlLight(text);
  if (got === undefined) return 'fallback';
  expect(got, JSON.stringify(text)).toStrictEqual(reference(text));
  return 'light';
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('readYamlLight', () => {
  it('reads the usual rule shape as js-yaml does', () => {
    const text = [
      'name: Some rule',
      'id: 810e4dbc-d46e-11ea-87d0-0242ac130003',
      'version: 4',
      "date: '2024-10-17'",
      'created: 2024-10-17',
      'enabled: true',
      'nothing:',
      'ratio: 0.5',
      'hex: 0x1F',
      'description: a long text that goes',
      '  on and on,',
      '',
      '  with an empty line and C:\\Windows\\ and a#hash',
      "search: '| tstats count where a=''b'' by x   ",
      '| where  y > 1',
      "  | eval z=\"q\"'",
      'quoted: "double quoted"',
      'data_source: []',
      'extra: {}',
      'references:',
      '- https://example.com/a?b=c',
      '- https://example.com/d',
      'tags:',
      '  analytic_story:',
      '  - Story one',
      '  observable:',
      '  - name: dest',
      '    type: IP Address',
      '    role:',
      '    - Victim',
      '  - name: user',
      '    role: [] ',
      '  risk_score: 25',
      '',
    ].join('\n');
    expect(check(text)).toBe('light');
  });

  it.each([
    ['a comment', 'a: 1\n# note\nb: 2\n'],
    ['a trailing comment', 'a: x # note\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a flow list', 'a: [1, 2]\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a CRLF text', 'a: 1\r\nb: 2\r\n'],
    ['a tab', 'a:\tb\n'],
    ['a key that is not an identifier', 'a-b: 1\n'],
    ['a key js-yaml resolves', 'True: 1\n'],
    ['a nested colon', 'a: b: c\n'],
    ['a bad indentation', 'a: 1\n  b: 2\n'],
    ['an unterminated quote', "a: 'x\n"],
    ['a multi-line scalar that looks typed', 'a: 1\n  2\n'],
    ['a plain list', '- a\n- b\n'],
    ['a lone scalar', 'index=main foo\n'],
    ['an empty text', ''],
  ])('leaves %s to js-yaml', (_what, text) => {
    expect(check(text)).toBe('fallback');
  });

});

describe.runIf(hasShared(CORPUS))('readYamlLight on the corpora', () => {
  it('agrees with js-yaml on every corpus YAML file, and reads most of them', () => {
    let light = 0;
    const files = [...yamlFiles(join(CORPUS, 'escu')), ...yamlFiles(join(CORPUS, 'armory'))];
    for (const f of files) if (check(readFileSync(f, 'utf8')) === 'light') light++;
    expect(light).toBeGreaterThan(files.length * 0.8);
  });

  it('agrees with js-yaml on random edits of corpus files', () => {
    const files = yamlFiles(join(CORPUS, 'escu', 'detections')).slice(0, 200).map((f) => readFileSync(f, 'utf8'));
    const pieces = [':', ': ', ' #', '#', "'", "''", '"', '-', '- ', '\n', '\n  ', '\n- ', '\n\n', ' ', '  ', '[', ']', '{}', '&a', '*a', '!', '|', '>', '\\', 'null', 'True', '1', '0x1f', '2024-01-01', '.5', '~', '<<', 'x: y', '\u00a0', '\u2028', ',', '?', '%', '@', '`', '---', '...', '\t', '\x01'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      let t = files[rnd(files.length)]!;
      for (let j = 1 + rnd(3); j > 0; j--) {
        const p = rnd(t.length + 1);
        const op = rnd(3);
        if (op === 0) t = t.slice(0, p) + pieces[rnd(pieces.length)]! + t.slice(p);
        else if (op === 1) t = t.slice(0, p) + t.slice(p + 1 + rnd(3));
        else {
          const nl = t.lastIndexOf('\n', p);
          t = t.slice(0, nl + 1) + ' '.repeat(rnd(4)) + t.slice(nl + 1);
        }
      }
      check(t);
    }
  });
});
