import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../../../src/load/index.js';
import { loadMacros, MacroTable } from '../../../src/macros/index.js';
import { sigma } from '../../../src/targets/sigma/index.js';
import type { Fidelity } from '../../../src/targets/types.js';
import { CORPUS, hasShared } from '../../helpers/corpus.js';
import { checkSpec, profile, type Doc } from './helpers.js';

/**
 * Every rule of the real corpora converts without throwing, to YAML that parses back and has the spec's required
 * keys; converting twice gives the same text; distinct rules get distinct ids.
 */
const sets = [
  { name: 'security content', dir: `${CORPUS}/escu/detections`, macros: `${CORPUS}/escu/macros` },
  { name: 'catalog', dir: `${CORPUS}/armory/detections`, macros: undefined },
] as const;

describe.runIf(hasShared(CORPUS))('sigma over the real corpora', () => {
  it.each(sets)('$name', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const files = await listRuleFiles([set.dir]);
    const verdicts = new Map<Fidelity, number>();
    const ids = new Map<string, string>();
    let correlations = 0;
    for (const f of files) {
      const r = await loadRuleFile(f);
      if (!r.ok) continue;
      for (const doc of r.value) {
        const { rule } = runFrontend(doc, { macros });
        const res = sigma.convert(rule, { profile: profile(), strict: false });
        verdicts.set(res.fidelity, (verdicts.get(res.fidelity) ?? 0) + 1);
        const docs = yaml.loadAll(res.output) as Doc[];
        for (const d of docs) checkSpec(d);
        if (docs.length > 1) correlations++;
        expect(sigma.convert(rule, { profile: profile(), strict: false }).output).toBe(res.output);
        const key = rule.meta.id ?? rule.file;
        const id = docs[0]!['id'] as string;
        const prev = ids.get(id);
        if (prev !== undefined) expect(prev).toBe(key);
        ids.set(id, key);
      }
    }
    console.log(`sigma, ${set.name}: ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}; ${correlations} with a correlation rule`);
    expect(ids.size).toBeGreaterThan(500);
  });
});
