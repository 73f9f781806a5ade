import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../../../src/load/index.js';
import { loadMacros, MacroTable } from '../../../src/macros/index.js';
import { kql, kqlTarget } from '../../../src/targets/kql/index.js';
import { loadProfile } from '../../../src/targets/profile.js';
import { CORPUS, hasShared } from '../../helpers/corpus.js';
import { parseKql } from './kql-grammar.js';

/**
 * Every rule of the real corpora (../shared/corpus) converts without throwing, to KQL that Kibana's grammar accepts
 * (checked by the independent test recogniser), with every profile and both case modes; a rule with later stages
 * is never `exact`.
 */
const sets = [
  { name: 'security content', dir: `${CORPUS}/escu/detections`, macros: `${CORPUS}/escu/macros` },
  { name: 'catalog', dir: `${CORPUS}/armory/detections`, macros: undefined },
] as const;

describe.runIf(hasShared(CORPUS))('kql over the real corpora', () => {
  it.each(sets)('$name', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const profiles = (['ecs', 'splunk', 'sigma'] as const).map((n) => {
      const p = loadProfile(n);
      if (!p.ok) throw new Error(n);
      return p.value;
    });
    const targets = [kql, kqlTarget({ caseFolding: 'wildcard' })];
    const bad: string[] = [];
    let rules = 0;
    for (const f of await listRuleFiles([set.dir])) {
      const r = await loadRuleFile(f);
      if (!r.ok) continue;
      for (const doc of r.value) {
        const { rule } = runFrontend(doc, { macros });
        rules++;
        for (const profile of profiles) {
          for (const t of targets) {
            const out = t.convert(rule, { profile, strict: false });
            try {
              parseKql(out.output);
            } catch (e) {
              bad.push(`${f} [${profile.name}]: ${(e as Error).message}\n  ${out.output}`);
            }
            if (rule.query.stages.length > 0 && out.fidelity === 'exact') bad.push(`${f}: exact with stages`);
          }
        }
      }
    }
    expect(rules).toBeGreaterThan(700);
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
