/**
 * Every rule of the real corpora (../shared/corpus, when present) converts with the js target without throwing, and
 * its module compiles and runs on a few events without throwing. Reports the verdicts and the most frequent notes.
 */
import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../../../src/load/index.js';
import { loadMacros, MacroTable } from '../../../src/macros/index.js';
import { runtimeSource } from '../../../src/targets/js/bundle.js';
import { js } from '../../../src/targets/js/index.js';
import { CORPUS, hasShared } from '../../helpers/corpus.js';
import { profile } from './helpers.js';

const sets = [
  { name: 'security content', dir: `${CORPUS}/escu/detections`, macros: `${CORPUS}/escu/macros` },
  { name: 'catalog', dir: `${CORPUS}/armory/detections`, macros: undefined },
] as const;

const SAMPLE = [
  { _time: 1700000000, host: 'h1', user: 'u', EventCode: 7045, process_name: 'cmd.exe', dest: 'd', count: 3 },
  { _time: '2024-01-01T00:00:00Z', _raw: 'EventCode=4688 powershell -enc AAAA', 'Processes.process_name': 'powershell.exe', 'Processes.dest': 'd' },
  {},
];

/**
 * The module's code without its runtime, as a function body (export keywords dropped) so thousands of modules can
 * be compiled without loading each as an ES module; the runtime text is shared.
 */
function instantiate(source: string): { run: (events: unknown[], o?: unknown) => unknown[]; filter: (e: unknown) => boolean } {
  const rt = runtimeSource();
  const at = source.indexOf(rt);
  expect(at).toBeGreaterThan(0);
  const rule = source.slice(at + rt.length).replace(/^export (?=const|function)/gm, '');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- test harness: compiles generated code, as import would
  return new Function(`${rt}\n${rule}\nreturn { run, filter };`)() as ReturnType<typeof instantiate>;
}

describe.runIf(hasShared(CORPUS))('js target on the real corpora', () => {
  it.each(sets)('$name: every rule converts, compiles and runs', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const files = await listRuleFiles([set.dir]);
    const fidelity = new Map<string, number>();
    const notes = new Map<string, number>();
    let rules = 0;
    for (const f of files) {
      const r = await loadRuleFile(f);
      if (!r.ok) continue;
      for (const doc of r.value) {
        const { rule } = runFrontend(doc, { macros });
        const result = js.convert(rule, { profile: profile('splunk'), strict: false });
        rules++;
        fidelity.set(result.fidelity, (fidelity.get(result.fidelity) ?? 0) + 1);
        for (const n of result.notes) if (n.level !== 'info') {
          const key = n.message.replace(/\/.*\/|'[^']*'|`[^`]*`|"[^"]*"|\b\w+\(|\d+/g, '…').slice(0, 70);
          notes.set(key, (notes.get(key) ?? 0) + 1);
        }
        const mod = instantiate(result.output);
        expect(() => mod.run(SAMPLE, { now: 1700000000 }), f).not.toThrow();
        expect(() => SAMPLE.forEach((e) => mod.filter(e)), f).not.toThrow();
      }
    }
    const top = [...notes].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `  ${v} × ${k}`).join('\n');
    console.log(`${set.name}: ${rules} rules; ${[...fidelity].map(([k, v]) => `${k} ${v}`).join(', ')}\n${top}`);
    expect(rules).toBeGreaterThan(500);
  });
});
