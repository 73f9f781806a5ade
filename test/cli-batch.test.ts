import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConvert, type ConvertArgs } from '../src/cli/commands/convert.js';
import { CORPUS, hasShared } from './helpers/corpus.js';

/** A stderr stand-in: collects what is written; `isTTY` decides whether it looks like a terminal. */
function fakeStderr(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  w.isTTY = isTTY;
  w.columns = 100;
  return { stream: w, text: () => chunks.join('') };
}

const args = (rules: string[], out: string): ConvertArgs => ({ rules, to: ['all'], format: 'text', out, strict: false, verbose: false });

/** Every file under a directory (relative paths). */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe.runIf(hasShared(`${CORPUS}/armory`))('convert --out over the 750 catalog rules plus one broken rule', () => {
  it('converts every other rule, writes no file for the broken ones, shows a bar on a terminal, sums up, exits 1', async () => {
    const rules = mkdtempSync(join(tmpdir(), 'spl2x-batch-rules-'));
    symlinkSync(join(CORPUS, 'armory/detections'), join(rules, 'catalog'), 'dir');
    writeFileSync(join(rules, 'zz_broken_rule.yml'), 'id: broken-1\ntitle: Broken rule\nlogic_format: Splunk\nlogic: \'index=x (EventCode=1 OR x=2 | stats count\'\n');
    const out = mkdtempSync(join(tmpdir(), 'spl2x-batch-out-'));
    const err = fakeStderr(true);
    let stdout = '';
    const code = await runConvert(args([rules], out), (s) => (stdout += s), { stderr: err.stream });

    expect(code).toBe(1);
    // 7 catalog rules have broken SPL; ours is the 8th.
    expect(stdout).toMatch(/^751 rule\(s\): 743 converted, 8 failed \| esdsl: exact \d+, superset \d+, partial \d+, unsupported \d+ \| kql: .* \| sigma: .* \| js: .* \| written under /);
    const dirs = readdirSync(out);
    expect(dirs).toHaveLength(743);
    expect(existsSync(join(out, 'zz_broken_rule'))).toBe(false);
    const files = walk(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Every converted rule: its verdicts, and the js module (the JS matcher always has an output).
    for (const d of dirs) expect(readdirSync(join(out, d))).toEqual(expect.arrayContaining(['verdicts.json', 'js.mjs']));
    // The bar ran on the terminal, then the held diagnostics (the broken rule's error among them) came out.
    const text = err.text();
    expect(text).toContain('751/751 files');
    expect(text).toMatch(/zz_broken_rule\.yml:\d+:\d+: error SPL003/);
  });
});

describe('convert --out on a small directory', () => {
  it('is quiet when stderr is not a terminal: no bar, only diagnostics', async () => {
    const out = mkdtempSync(join(tmpdir(), 'spl2x-batch-quiet-'));
    const err = fakeStderr(false);
    let stdout = '';
    const code = await runConvert({ ...args(['examples'], out), macros: 'examples/macros.conf' }, (s) => (stdout += s), { stderr: err.stream });
    expect(code).toBe(0);
    expect(err.text()).not.toMatch(/\u001b|files \|/);
    expect(stdout).toMatch(/^5 rule\(s\): 5 converted, 0 failed \| esdsl: /);
  });

  it('a rule that cannot be written fails alone: no partial files, the others are written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'spl2x-batch-blocked-'));
    // A plain file where the rule's folder would go: its writes fail.
    writeFileSync(join(out, 'psexec_service_creation'), 'not a folder');
    mkdirSync(join(out, 'unrelated'));
    const err = fakeStderr(false);
    let stdout = '';
    const code = await runConvert({ ...args(['examples'], out), macros: 'examples/macros.conf' }, (s) => (stdout += s), { stderr: err.stream });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^5 rule\(s\): 4 converted, 1 failed/);
    expect(err.text()).toContain('CLI001');
    expect(readdirSync(out).sort()).toEqual(['encoded_powershell', 'processes_tstats.escu', 'psexec_service_creation', 'rare_rdp_logon.catalog', 'unrelated', 'windows_service_created_in_temp.escu'].sort());
    expect(walk(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes back the files of a rule whose last file cannot be written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'spl2x-batch-rollback-'));
    // verdicts.json (written last) cannot replace a folder: the rule's other files must not stay behind.
    mkdirSync(join(out, 'encoded_powershell', 'verdicts.json'), { recursive: true });
    const err = fakeStderr(false);
    let stdout = '';
    const code = await runConvert({ ...args(['examples'], out), macros: 'examples/macros.conf' }, (s) => (stdout += s), { stderr: err.stream });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^5 rule\(s\): 4 converted, 1 failed/);
    expect(readdirSync(join(out, 'encoded_powershell'))).toEqual(['verdicts.json']);
    expect(readdirSync(join(out, 'psexec_service_creation')).sort()).toEqual(['esdsl.json', 'js.mjs', 'kql.kql', 'sigma.yml', 'verdicts.json']);
    expect(walk(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives each rule its own folder when two files share a name', async () => {
    const rules = mkdtempSync(join(tmpdir(), 'spl2x-batch-names-'));
    mkdirSync(join(rules, 'a'));
    mkdirSync(join(rules, 'b'));
    writeFileSync(join(rules, 'a', 'rule.spl'), 'index=main EventCode=1');
    writeFileSync(join(rules, 'b', 'rule.spl'), 'index=main EventCode=2');
    const out = mkdtempSync(join(tmpdir(), 'spl2x-batch-names-out-'));
    const code = await runConvert(args([rules], out), () => undefined, { stderr: fakeStderr(false).stream });
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['rule', 'rule-2']);
  });
});
