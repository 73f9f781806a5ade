import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/analysis/explain.js';
import { runExplain } from '../src/cli/commands/explain.js';
import { runFrontend } from '../src/ir/lower/index.js';
import { loadRuleText } from '../src/load/index.js';
import { loadMacros } from '../src/macros/index.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../src/targets/convert.js';
import { TARGETS } from '../src/targets/registry.js';

/** The JS module's rule part (after the embedded runtime, which is snapshotted once). */
const RULE_MARK = '// ═════════════ rule ═════════════';
const profiles = new ProfileCache(parseProfileChoice([]));

/**
 * Reviewed outputs of every example and fixture rule: the parsed pipeline, the IR, the explanation and every
 * target's output (default profile) with its verdict and notes, under snapshots/<rule>/. CI runs with CI=true, where vitest never writes snapshots: a change fails until reviewed
 * and updated with `npm run snapshots:update`.
 */
const RULE_DIRS = ['examples', 'test/fixtures/rules'];
const files = RULE_DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((f) => /\.(ya?ml|spl|txt)$/.test(f))
    .map((f) => join(d, f)),
);

const macros = await loadMacros('examples/macros.conf');
if (!macros.ok) throw new Error('examples/macros.conf does not load');

describe.each(files)('%s', (file) => {
  const name = basename(file).replace(/\.(ya?ml|spl|txt)$/, '');
  const loaded = loadRuleText(file, readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const doc = loaded.value[0]!;
  const fe = runFrontend(doc, { macros: macros.value });

  it('parses with no error', () => {
    expect(fe.rule.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('AST snapshot', async () => {
    await expect(JSON.stringify({ expandedSpl: fe.rule.expandedSpl, pipeline: fe.pipeline }, null, 2) + '\n').toMatchFileSnapshot(`../snapshots/${name}/ast.json`);
  });

  it('IR snapshot', async () => {
    await expect(JSON.stringify(fe.rule, null, 2) + '\n').toMatchFileSnapshot(`../snapshots/${name}/ir.json`);
  });

  it('explain snapshots (JSON and Markdown)', async () => {
    await expect(JSON.stringify(explain(fe.rule), null, 2) + '\n').toMatchFileSnapshot(`../snapshots/${name}/explain.json`);
    let md = '';
    await runExplain({ rules: [file], macros: 'examples/macros.conf', format: 'md', verbose: false }, (s) => (md += s));
    await expect(md).toMatchFileSnapshot(`../snapshots/${name}/explain.md`);
  });

  it.each(TARGETS.map((t) => [t.name, t] as const))('%s target snapshot', async (_n, t) => {
    const r = convertWith(t, fe.rule, profiles.for(t), false);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    let text = r.value.output === null ? '' : t.serialize(r.value.output);
    if (t.name === 'js') {
      const at = text.indexOf(RULE_MARK);
      expect(at).toBeGreaterThan(0);
      text = text.slice(at);
    }
    await expect(text).toMatchFileSnapshot(`../snapshots/${name}/${t.name}.${t.extension}`);
    await expect(JSON.stringify({ fidelity: r.value.fidelity, notes: r.value.notes }, null, 2) + '\n').toMatchFileSnapshot(
      `../snapshots/${name}/${t.name}.verdict.json`,
    );
  });
});

it('the JS runtime embedded in every module (snapshotted once)', async () => {
  const js = TARGETS.find((t) => t.name === 'js')!;
  const loaded = loadRuleText('x.spl', 'x=1');
  if (!loaded.ok) throw new Error('load');
  const r = convertWith(js, runFrontend(loaded.value[0]!).rule, profiles.for(js), false);
  if (!r.ok) throw new Error('convert');
  const text = js.serialize(r.value.output);
  await expect(text.slice(0, text.indexOf(RULE_MARK))).toMatchFileSnapshot('../snapshots/_js-runtime.mjs');
});
