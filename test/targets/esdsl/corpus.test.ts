import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../../../src/load/index.js';
import { loadMacros, MacroTable } from '../../../src/macros/index.js';
import { esdsl } from '../../../src/targets/esdsl/index.js';
import type { Fidelity } from '../../../src/targets/types.js';
import { CORPUS, hasShared } from '../../helpers/corpus.js';
import { profile } from './helpers.js';

/**
 * The real corpora (../shared/corpus): the esdsl target converts every rule without throwing, its output
 * round-trips through JSON, and no note lacks a message. Prints the verdict counts and the most frequent notes.
 */
const sets = [
  { name: 'security content', dir: `${CORPUS}/escu/detections`, macros: `${CORPUS}/escu/macros` },
  { name: 'catalog', dir: `${CORPUS}/armory/detections`, macros: undefined },
] as const;

describe.runIf(hasShared(CORPUS))('esdsl on the real rule corpora', () => {
  it.each(sets)('$name: every rule converts', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const counts: Record<Fidelity, number> = { exact: 0, superset: 0, partial: 0, unsupported: 0 };
    const notes = new Map<string, number>();
    for (const f of await listRuleFiles([set.dir])) {
      const r = await loadRuleFile(f);
      if (!r.ok) continue;
      for (const doc of r.value) {
        const { rule } = runFrontend(doc, { macros });
        const out = esdsl.convert(rule, { profile: profile('ecs'), strict: false });
        counts[out.fidelity]++;
        expect(JSON.parse(esdsl.serialize(out.output))).toEqual(JSON.parse(JSON.stringify(out.output)));
        for (const n of out.notes) {
          expect(n.message).not.toBe('');
          if (n.level === 'info') continue;
          const key = n.message.replace(/`[^`]*`|"[^"]*"|\S+\(\S*\)|[\w.]+=\S+/g, '…').slice(0, 90);
          notes.set(key, (notes.get(key) ?? 0) + 1);
        }
      }
    }
    const top = [...notes].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `    ${v} × ${k}`).join('\n');
    console.log(`esdsl, ${set.name}: ${JSON.stringify(counts)}\n${top}`);
    expect(counts.exact + counts.superset + counts.partial + counts.unsupported).toBeGreaterThan(700);
  });
});
