/**
 * Every input the fuzzer found that crashed, hung or gave an unpositioned rejection, reduced by hand to what
 * triggers it. Each row goes through the whole pipeline (the fuzz harness: load → macros → parse → lower → every
 * target, the JS module run on events) and must come out clean, with the diagnostics the row names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInput, warmUp, type FuzzInput } from './harness.js';

beforeAll(warmUp);

/** Events with own keys named like Object.prototype members (`__proto__` only as JSON can make it). */
const EVENTS: readonly unknown[] = [{}, JSON.parse('{"constructor":"x","toString":1,"__proto__":"p","EventCode":"4624"}'), { x: [1, '2', null], _raw: 'a b' }];

interface Row {
  /** What the input is, and what went wrong before the fix. */
  readonly name: string;
  readonly input: string | Uint8Array;
  readonly macrosConf?: string;
  /** Codes the diagnostics must include (with a line and column each: the harness checks that). */
  readonly codes?: readonly string[];
}

const ROWS: readonly Row[] = [
  // esdsl: field names that are Object.prototype members were read from plain objects.
  { name: 'a field named constructor kept in the rows (esdsl: out[es].push is not a function)', input: 'index=main constructor=1 | table constructor toString valueOf' },
  { name: 'IN over a field named toString (esdsl: the ECS type table answered a function)', input: 'toString IN ("a", 1) valueOf="x"' },
  { name: 'a comparison on hasOwnProperty (esdsl: leaf forms undefined)', input: 'hasOwnProperty="\\\\ [ 1.2.3.4" | where hasOwnProperty>1' },
  // Code frames: @babel/code-frame breaks lines at a lone CR and U+2028, the positions did not.
  { name: 'an error span across a U+2028 (code frame: Invalid count value)', input: 'index=main\u2028 foo bar baz x="open\nmore', codes: ['SPL002'] },
  { name: 'an error span across a lone CR', input: 'index=main\rfoo bar baz x="open\nmore', codes: ['SPL002'] },
  // Parser: an unterminated macro opening a stage threw past the stage guard.
  { name: 'a stage that starts with an unterminated macro (parse threw)', input: 'index=main | `m(a, b', codes: ['SPL007'] },
  { name: 'an unterminated macro inside YAML (parse threw)', input: 'id: x\nlogic: "NOT a | `m"\n', codes: ['SPL007'] },
  // Parser: a stage that fails is re-read as opaque and its subsearches parsed again — at every level.
  { name: '2,500 nested subsearches (stack overflow, 8 s)', input: `${'[search\n'.repeat(2500)}x${']'.repeat(2500)}`, codes: ['SPL013'] },
  { name: '19 nested failing subsearches (2^19 diagnostics, stack overflow)', input: `search ${'[search '.repeat(19)}x${' ) ]'.repeat(19)}`, codes: ['SPL003'] },
  // Loader: file-level rejections had no position.
  { name: 'an empty file', input: '', codes: ['LOAD003'] },
  { name: 'blank lines only', input: ' \n\t\n', codes: ['LOAD003'] },
  { name: 'invalid UTF-8 on line 2', input: Uint8Array.from([...Buffer.from('index=main\nx='), 0xff, 0x41]), codes: ['LOAD002'] },
  { name: 'a NUL byte', input: Uint8Array.from([...Buffer.from('a\nbc'), 0, 0x41]), codes: ['LOAD002'] },
  { name: '`logic` empty where its key cannot be found (a merge key)', input: 'logic_format: Splunk\n<<: {logic: ""}\n', codes: ['LOAD008'] },
];

describe('fuzz regressions: each input goes through the whole pipeline cleanly', () => {
  it.each(ROWS)('$name', (row) => {
    const bytes = typeof row.input === 'string' ? new Uint8Array(Buffer.from(row.input, 'utf8')) : row.input;
    const input: FuzzInput = { source: 'regression', file: 'rule.yml', bytes, events: EVENTS, ...(row.macrosConf !== undefined ? { macrosConf: row.macrosConf } : {}) };
    const r = checkInput(input, { budgetMs: 2_000 });
    expect(r.violations).toEqual([]);
    for (const code of row.codes ?? []) expect(r.diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe('positions of file-level rejections', () => {
  it.each([
    { name: 'invalid UTF-8 after a newline and two characters', bytes: Uint8Array.from([...Buffer.from('index=main\nx='), 0xff]), code: 'LOAD002', line: 2, column: 3 },
    { name: 'a NUL after an astral character (columns count UTF-16 units)', bytes: Uint8Array.from([...Buffer.from('😀'), 0]), code: 'LOAD002', line: 1, column: 3 },
    { name: 'an empty file', bytes: new Uint8Array(), code: 'LOAD003', line: 1, column: 1 },
  ])('$name → $code at $line:$column', ({ bytes, code, line, column }) => {
    const r = checkInput({ source: 'regression', file: 'x.spl', bytes }, { budgetMs: 2_000 });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code, line, column })]);
  });
});
