/**
 * Input limits: huge files, long lines, deep nesting of every kind, invalid UTF-8, binary junk, NUL bytes, YAML
 * bombs and deep YAML each end in a clear diagnostic — a code, a line and a column — in bounded time, through the
 * whole pipeline (load → macros → parse → lower → every target → the JS module on events). The limits and their
 * values are in src/load/limits.ts and docs/security.md.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleBytes, loadRuleFile, MAX_LINE_LENGTH, MAX_RULE_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_DOCUMENTS, MAX_YAML_NODES } from '../src/load/index.js';
import { readBounded } from '../src/load/index.js';
import { runFrontend } from '../src/ir/lower/index.js';
import { checkInput, warmUp } from './fuzz/harness.js';

/** Every input must be through the whole pipeline within this time (a 2-core machine shared with other work). */
const BUDGET_MS = 5_000;

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A YAML "billion laughs": `levels` levels of 9 aliases each (9^levels nodes once expanded). */
function yamlBomb(levels: number): string {
  const lines = ['id: bomb', 'logic_format: Splunk', 'logic: index=main', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  lines.push(`ref: *a${levels - 1}`);
  return `${lines.join('\n')}\n`;
}

beforeAll(warmUp);

describe('the limits are explicit constants', () => {
  it('has the documented values', () => {
    expect({ MAX_RULE_FILE_BYTES, MAX_LINE_LENGTH, MAX_YAML_DEPTH, MAX_YAML_NODES, MAX_YAML_DOCUMENTS }).toEqual({
      MAX_RULE_FILE_BYTES: 65_536,
      MAX_LINE_LENGTH: 16_384,
      MAX_YAML_DEPTH: 100,
      MAX_YAML_NODES: 100_000,
      MAX_YAML_DOCUMENTS: 100,
    });
  });
});

interface Row {
  readonly name: string;
  readonly input: () => string | Uint8Array;
  /** The diagnostic expected, with its line (and column when given). */
  readonly code: string;
  readonly line?: number;
  readonly column?: number;
}

const ROWS: readonly Row[] = [
  // size and lines
  { name: '10 MB of SPL', input: () => `index=main ${'x=1 '.repeat(2_500_000)}`, code: 'LOAD011', line: 1, column: 1 },
  { name: '2 MB of YAML (a catalog rule with a huge description)', input: () => `id: x\nlogic_format: Splunk\nlogic: index=main\ndescription: |\n${'  lorem ipsum\n'.repeat(150_000)}`, code: 'LOAD011', line: 1, column: 1 },
  { name: 'a line of 20,000 characters', input: () => `index=main ${'a'.repeat(20_000)}`, code: 'LOAD012', line: 1, column: MAX_LINE_LENGTH + 1 },
  { name: 'a long line on line 3 of YAML', input: () => `id: x\nlogic_format: Splunk\nlogic: index=main ${'b'.repeat(MAX_LINE_LENGTH)}\n`, code: 'LOAD012', line: 3, column: MAX_LINE_LENGTH + 1 },
  // not text
  { name: 'binary junk with NUL bytes', input: () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), code: 'LOAD002', line: 3, column: 1 },
  { name: 'a NUL byte in YAML', input: () => 'id: x\nlogic: index=main\0\n', code: 'LOAD002', line: 2, column: 18 },
  { name: 'invalid UTF-8 (a lone continuation byte)', input: () => Uint8Array.from([...Buffer.from('logic: index=main x='), 0x80, 0x41]), code: 'LOAD002', line: 1, column: 21 },
  { name: 'invalid UTF-8 (a truncated 3-byte sequence at the end)', input: () => Uint8Array.from([...Buffer.from('index=main\n'), 0xe2, 0x82]), code: 'LOAD002', line: 2, column: 1 },
  { name: 'UTF-16 text (a byte-order mark and NULs)', input: () => Uint8Array.from([0xff, 0xfe, ...[...'logic: x'].flatMap((c) => [c.charCodeAt(0), 0])]), code: 'LOAD002', line: 1, column: 4 },
  // YAML
  { name: 'a YAML alias bomb (9^9 nodes)', input: () => yamlBomb(9), code: 'LOAD014', line: 5, column: 10 },
  { name: 'a YAML alias bomb (9^30 nodes)', input: () => yamlBomb(30), code: 'LOAD014', line: 5, column: 10 },
  { name: 'a recursive YAML alias', input: () => 'id: x\nlogic: index=main\nloop: &a [*a, *a]\n', code: 'LOAD014', line: 3, column: 11 },
  { name: '101 YAML documents, each starting with ---', input: () => '---\nlogic: index=a\n'.repeat(101), code: 'LOAD015', line: 201, column: 1 },
  { name: '101 YAML documents, the first without ---', input: () => `logic: index=a\n${'---\nlogic: index=a\n'.repeat(100)}`, code: 'LOAD015', line: 200, column: 1 },
  { name: 'YAML flow sequences nested 5,000 deep', input: () => `id: x\nlogic: index=main\nnest: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, code: 'LOAD013', line: 3 },
  { name: 'YAML block mappings nested 150 deep', input: () => `id: x\nlogic: index=main\nnest:\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} v\n`, code: 'LOAD013' },
  // SPL nesting
  { name: '10,000 nested parentheses', input: () => `index=main ${'(\n'.repeat(10_000)}a${')'.repeat(10_000)}`, code: 'SPL013', line: 502 },
  { name: '10,000 unclosed parentheses', input: () => `index=main ${'(\n'.repeat(10_000)}a`, code: 'SPL013', line: 502 },
  { name: '10,000 NOTs', input: () => `index=main ${'NOT\n'.repeat(10_000)}a`, code: 'SPL013' },
  { name: '10,000 nested subsearch brackets', input: () => `${'[\n'.repeat(10_000)}x${']'.repeat(10_000)}`, code: 'SPL013', line: 22 },
  { name: '10,000 nested eval parentheses', input: () => `index=main | eval x=${'(\n'.repeat(10_000)}1${')'.repeat(10_000)}`, code: 'SPL013', line: 201 },
  { name: '10,000 nested eval function calls', input: () => `index=main | eval x=${'abs(\n'.repeat(10_000)}y${')'.repeat(10_000)}`, code: 'SPL013', line: 201 },
  { name: '10,000 unary minus signs in eval', input: () => `index=main | eval x=${'-'.repeat(10_000)}1`, code: 'SPL013', line: 1 },
  { name: '10,000 nested where parentheses', input: () => `index=main | where ${'(\n'.repeat(10_000)}x=1${')'.repeat(10_000)}`, code: 'SPL013', line: 201 },
  { name: '5,000 nested macro uses', input: () => `${'`m(\n'.repeat(5_000)}x${')`'.repeat(5_000)}`, code: 'MAC013', line: 1 },
];

describe('hostile inputs end in a positioned diagnostic, in bounded time', () => {
  it.each(ROWS)('$name → $code', (row) => {
    const input = row.input();
    const r = checkInput({ source: 'limits', file: 'rule.yml', bytes: typeof input === 'string' ? bytes(input) : input, events: [{}] }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    const d = r.diagnostics.find((x) => x.code === row.code);
    expect(d, JSON.stringify(r.diagnostics.slice(0, 5))).toBeDefined();
    expect(d!.severity).toBe('error');
    if (row.line !== undefined) expect(d!.line).toBe(row.line);
    if (row.column !== undefined) expect(d!.column).toBe(row.column);
  });

  it('macros nested deeper than the limit stop at MAC011', () => {
    const conf = Array.from({ length: 200 }, (_, i) => `[m${i}]\ndefinition = \`m${i + 1}\` x\n`).join('\n');
    const r = checkInput({ source: 'limits', file: 'rule.spl', bytes: bytes('index=main `m0`'), macrosConf: conf }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('MAC011');
  });

  it('macros that double at each level stop at MAC012 (expansion too large)', () => {
    const conf = Array.from({ length: 40 }, (_, i) => `[d${i}]\ndefinition = \`d${i + 1}\` \`d${i + 1}\`\n`).join('\n');
    const r = checkInput({ source: 'limits', file: 'rule.spl', bytes: bytes('index=main `d0`'), macrosConf: conf }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('MAC012');
  });

  it('a rule whose macros expand past 128 KiB stops at MAC012 (its text parsed as written)', () => {
    const conf = `[big]\ndefinition = ${'a=1 '.repeat(500)}\n`;
    const r = checkInput({ source: 'limits', file: 'rule.spl', bytes: bytes(`index=main ${'`big` '.repeat(100)}`), macrosConf: conf }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'MAC012')?.message).toMatch(/expanded text longer than 131072 characters/);
  });

  it('a line just under the limit goes through the whole pipeline, with code frames cut to a window', () => {
    const spl = `index=main ( ${'a '.repeat((MAX_LINE_LENGTH - 20) / 2)}`;
    const r = checkInput({ source: 'limits', file: 'rule.spl', bytes: bytes(spl), events: [{ x: 'a' }] }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('SPL003');
    const loaded = loadRuleBytes('rule.spl', bytes(`index=main | eval x=(1 ${' '.repeat(15_000)}`));
    if (!loaded.ok) throw new Error('not loaded');
    const frames = runFrontend(loaded.value[0]!).rule.diagnostics.map((d) => d.frame ?? '');
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f.length).toBeLessThan(1_000);
  });

  it('100 YAML documents load: 100 rules', () => {
    const r = loadRuleBytes('rules.yml', bytes('---\nlogic: index=a\n'.repeat(MAX_YAML_DOCUMENTS)));
    expect(r.ok && r.value.length).toBe(100);
  });

  it('YAML just under the limits loads: a 45 KB rule nested 50 deep with a few aliases', () => {
    const nest = `${'['.repeat(50)}${']'.repeat(50)}`;
    const text = `id: x\nlogic_format: Splunk\nlogic: index=main\nnest: ${nest}\nrefs: &r [a, b]\nmore: [*r, *r]\ndescription: |\n${'  lorem ipsum dolor sit amet\n'.repeat(1_500)}`;
    expect(text.length).toBeLessThan(MAX_RULE_FILE_BYTES);
    const r = checkInput({ source: 'limits', file: 'rule.yml', bytes: bytes(text) }, { budgetMs: BUDGET_MS });
    expect(r.violations).toEqual([]);
    expect(r.reached).toBe('lowered');
  });
});

describe('a rule file over the size limit is not read', () => {
  it('refuses a 10 MB file from its size (LOAD011 at 1:1)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spl2x-limits-')), 'huge.spl');
    writeFileSync(file, `index=main ${'x'.repeat(10 * 1024 * 1024)}`);
    const t0 = performance.now();
    const r = await loadRuleFile(file);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'LOAD011', line: 1, column: 1, file })]);
    expect(r.diagnostics[0]!.message).toMatch(/^file too large \(10485771 bytes; the limit is 65536 bytes\)/);
  });

  it('reads a stream (stdin) no further than the limit', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 0x61);
      }
    }
    const got = await readBounded(endless());
    expect(got.length).toBe(MAX_RULE_FILE_BYTES + 1);
    expect(pulled).toBe(MAX_RULE_FILE_BYTES / (64 * 1024) + 1);
    expect(loadRuleBytes('-', got).diagnostics).toEqual([expect.objectContaining({ code: 'LOAD011', line: 1, column: 1 })]);
  });
});
