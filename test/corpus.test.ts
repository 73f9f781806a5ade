import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listRuleFiles, loadRuleFile } from '../src/load/index.js';
import { runFrontend } from '../src/ir/lower/index.js';
import { loadMacros, MacroTable } from '../src/macros/index.js';
import { CORPUS, hasShared, SHARED } from './helpers/corpus.js';

/**
 * The real corpora in ../shared/corpus (test data, not part of the repo): every rule loads, and we report how
 * many parse with no error and how many lower with no opaque stage. The bars for these numbers are set by the
 * coverage issue; here we guard against regressions with floors measured when this test was written.
 */

const sets = [
  { name: 'security content', dir: `${CORPUS}/escu/detections`, macros: `${CORPUS}/escu/macros`, minFiles: 850, minParsed: 0.95 },
  { name: 'catalog', dir: `${CORPUS}/armory/detections`, macros: undefined, minFiles: 750, minParsed: 0.95 },
] as const;

describe.runIf(hasShared(CORPUS))('real rule corpora', () => {
  it.each(sets)('$name: every rule loads; most parse without error', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const files = await listRuleFiles([set.dir]);
    let loaded = 0;
    let parsed = 0;
    let lowered = 0;
    const errorCodes = new Map<string, number>();
    const opaque = new Map<string, number>();
    for (const f of files) {
      const r = await loadRuleFile(f);
      if (!r.ok) continue;
      loaded++;
      for (const doc of r.value) {
        const { rule } = runFrontend(doc, { macros });
        const errors = rule.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length === 0) parsed++;
        for (const e of errors) errorCodes.set(e.code, (errorCodes.get(e.code) ?? 0) + 1);
        const op = rule.stageMap.filter((s) => s.loweredTo === 'opaque');
        if (errors.length === 0 && op.length === 0) lowered++;
        for (const s of op) opaque.set(s.command, (opaque.get(s.command) ?? 0) + 1);
      }
    }
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}:${v}`).join(' ');
    console.log(
      `${set.name}: ${files.length} files, ${loaded} loaded, ${parsed} parsed without error, ${lowered} lowered without an opaque stage\n` +
        `  errors: ${top(errorCodes) || 'none'}\n  opaque stages: ${top(opaque) || 'none'}`,
    );
    expect(files.length).toBeGreaterThanOrEqual(set.minFiles);
    expect(loaded).toBe(files.length);
    expect(parsed / files.length).toBeGreaterThanOrEqual(set.minParsed);
  });
});
