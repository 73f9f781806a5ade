/**
 * One broken rule among thousands never stops the others nor corrupts output files: `convert DIR --out OUT` over
 * 2,000 rules (variations of the fixture rules) with hostile files among them — malformed YAML, broken SPL, binary
 * junk, invalid UTF-8, a YAML alias bomb, deep YAML, a 10 MB file, a line too long — converts every other rule,
 * says in its summary and exit code what failed (each broken file with its diagnostic code), and leaves no partial
 * or temporary file.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConvert } from '../src/cli/commands/convert.js';

const FIXTURES = 'test/fixtures/rules';
const TOTAL = 2_000;

/** The hostile files, each with the code its rejection must carry. */
const BROKEN: readonly { name: string; content: () => string | Uint8Array; code: string }[] = [
  { name: 'malformed.yml', content: () => 'id: m1\ntitle: Malformed\nlogic_format: Splunk\nlogic: [index=main\n  x: y\n', code: 'LOAD004' },
  { name: 'broken-spl.yml', content: () => "id: b1\ntitle: Broken\nlogic_format: Splunk\nlogic: 'index=x (EventCode=1 OR x=2 | stats count'\n", code: 'SPL003' },
  { name: 'broken-subsearch.spl', content: () => 'index=main [search index=other | stats count', code: 'SPL004' },
  { name: 'binary.spl', content: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), code: 'LOAD002' },
  { name: 'latin1.yml', content: () => Uint8Array.from([...Buffer.from('id: l1\nlogic: index=main user='), 0xe9, 0x0a]), code: 'LOAD002' },
  { name: 'bomb.yml', content: () => yamlBomb(12), code: 'LOAD014' },
  { name: 'deep.yml', content: () => `id: d1\nlogic: index=main\nnest: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, code: 'LOAD013' },
  { name: 'huge.spl', content: () => `index=main ${'x=1 '.repeat(2_600_000)}`, code: 'LOAD011' },
  { name: 'long-line.spl', content: () => `index=main ${'a'.repeat(20_000)}`, code: 'LOAD012' },
  { name: 'empty.yml', content: () => '\n\n', code: 'LOAD003' },
  { name: 'not-a-rule.yml', content: () => 'name: x\ndescription: no search here\n', code: 'LOAD005' },
];

function yamlBomb(levels: number): string {
  const lines = ['id: bomb', 'logic_format: Splunk', 'logic: index=main', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nref: *a${levels - 1}\n`;
}

/** A variation of a fixture rule that stays valid: a different trailing eval (SPL) or an extra key (YAML). */
function variant(file: string, text: string, i: number): string {
  if (file.endsWith('.spl')) return `${text.trimEnd()}\n| eval variant=${i}\n`;
  if (file.endsWith('.yml')) return `x_variant: ${i}\n${text}`;
  return text;
}

function stderrSink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { isTTY: boolean };
  w.isTTY = false;
  return { stream: w, text: () => chunks.join('') };
}

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe(`convert --out over ${TOTAL} rules with hostile files among them`, () => {
  it('converts every good rule, fails each hostile file alone with its code, and leaves no partial file', { timeout: 600_000 }, async () => {
    const rules = mkdtempSync(join(tmpdir(), 'spl2x-hostile-rules-'));
    const fixtures = readdirSync(FIXTURES).filter((f) => /\.(spl|yml|txt)$/.test(f)).sort();
    const good = TOTAL - BROKEN.length;
    // Spread over folders, broken files in the middle of the run (not only at its end).
    for (let i = 0; i < good; i++) {
      const f = fixtures[i % fixtures.length]!;
      const dir = join(rules, `part${String(Math.floor(i / 500)).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      const ext = f.slice(f.lastIndexOf('.'));
      writeFileSync(join(dir, `r${String(i).padStart(4, '0')}-${basename(f, ext)}${ext}`), variant(f, readFileSync(join(FIXTURES, f), 'utf8'), i));
    }
    for (const b of BROKEN) writeFileSync(join(rules, 'part01', `zz-${b.name}`), b.content());

    const out = mkdtempSync(join(tmpdir(), 'spl2x-hostile-out-'));
    const err = stderrSink();
    let stdout = '';
    const code = await runConvert({ rules: [rules], to: ['all'], format: 'text', out, strict: false, verbose: false }, (s) => (stdout += s), { stderr: err.stream });

    // The exit code and the summary say that rules failed, and how many.
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^${TOTAL} rule\\(s\\): ${good} converted, ${BROKEN.length} failed \\| esdsl: exact \\d+`));
    // Each hostile file is named on stderr with its code, a line and a column.
    const text = err.text();
    for (const b of BROKEN) expect(text).toMatch(new RegExp(`zz-${b.name.replace('.', '\\.')}:\\d+:\\d+: error ${b.code}`));
    // Every good rule got its folder with every target's file and its verdicts; no hostile file got one.
    const dirs = readdirSync(out);
    expect(dirs).toHaveLength(good);
    expect(dirs.filter((d) => d.startsWith('zz-'))).toEqual([]);
    for (const d of dirs) expect(readdirSync(join(out, d))).toEqual(expect.arrayContaining(['verdicts.json', 'js.mjs']));
    // No temporary or partial file: every JSON output parses.
    const files = walk(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(out, f), 'utf8'))).not.toThrow();
    expect(existsSync(join(out, 'zz-huge'))).toBe(false);
  });
});
