import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CORPUS, hasShared } from './helpers/corpus.js';

/** Run the CLI in-process; capture stdout and the exit code. */
async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, (s) => (out += s));
  return { code, out };
}

describe('spl2x CLI', () => {
  it('explains the seed rule as JSON with the documented keys', async () => {
    const { code, out } = await run('explain', 'examples/psexec_service_creation.yml', '--format', 'json');
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(Object.keys(e)).toEqual(['rule', 'stages', 'exclusions', 'indicators', 'searchTerms', 'diagnostics']);
    expect(e.searchTerms.map((t: { term: string }) => t.term)).toEqual(['EventCode=7045', '"<EventID>7045<"']);
  });

  it('explains a whole directory, one report per rule', async () => {
    const { code, out } = await run('explain', 'examples', '--macros', 'examples/macros.conf');
    expect(code).toBe(0);
    expect(out.match(/^## Stages and predicates$/gm)).toHaveLength(5);
  });

  it.each([
    ['snowflake rule', 'test/fixtures/bad/snowflake.yml', 'LOAD006'],
    ['malformed YAML', 'test/fixtures/bad/malformed.yml', 'LOAD004'],
    ['missing file', 'test/fixtures/bad/nope.yml', 'LOAD001'],
  ])('refuses a %s with exit 2 and still processes the other rules', async (_l, bad, code) => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', bad, 'examples/encoded_powershell.spl'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(code);
    expect(JSON.parse(r.stdout).file).toBe('examples/encoded_powershell.spl');
  });

  it('reports broken SPL with a positioned error and a code frame, and keeps the other stages', async () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', 'test/fixtures/bad/broken.spl'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/bad\/broken\.spl:1:\d+: error SPL00\d/);
    expect(r.stderr).toContain('> 1 | index=main (EventCode=4624 OR');
    const ir = JSON.parse(r.stdout);
    expect(ir.stageMap.map((s: { command: string }) => s.command)).toEqual(['search', 'stats']);
  });

  it('reads SPL from stdin with -', () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', '-'], { input: 'index=main EventCode=4624 | head 3', encoding: 'utf8' });
    expect(r.status).toBe(0);
    const ir = JSON.parse(r.stdout);
    expect(ir.format).toBe('spl');
    expect(ir.query.stages).toEqual([expect.objectContaining({ kind: 'head', count: 3 })]);
  });

  it('prints the parsed SPL with --ast', async () => {
    const { code, out } = await run('ir', '--ast', 'examples/encoded_powershell.spl');
    expect(code).toBe(0);
    expect(JSON.parse(out).pipeline.stages.map((s: { command: string }) => s.command)).toEqual([
      'search', 'rex', 'eval', 'where', 'bin', 'stats', 'where', 'sort', 'head',
    ]);
  });

  it('exits 1 on a usage error', async () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('spl2x');
  });

  it.runIf(hasShared(`${CORPUS}/armory`))('counts indicators across a catalog, leaving the rule itself out', async () => {
    const { out } = await run('explain', 'examples/psexec_service_creation.yml', '--format', 'json', '--catalog', `${CORPUS}/armory/detections`);
    const e = JSON.parse(out);
    const eventCode = e.indicators.find((i: { field: string }) => i.field === 'EventCode');
    expect(eventCode.corpus).toBeGreaterThan(0);
    expect(e.indicators.every((i: { corpus: unknown }) => typeof i.corpus === 'number')).toBe(true);
  });
});
