import { describe, expect, it } from 'vitest';
import { CRASH_CODE, measureCoverage } from '../src/analysis/coverage.js';
import { loadMacros, MacroTable } from '../src/macros/index.js';
import { CORPUS, hasShared } from './helpers/corpus.js';

/**
 * The real corpora in ../shared/corpus (test data, not part of the repo), measured as `spl2x coverage` measures
 * them (docs/coverage.md): every rule loads; how many parse with no error; how many lower with no opaque stage
 * anywhere in the IR; every target's verdicts; no target crashes on any rule. The floors are the figures measured
 * when docs/coverage.md was written: they guard against regressions (raise them when coverage improves).
 */

const sets = [
  {
    name: 'security content',
    dir: `${CORPUS}/escu/detections`,
    macros: `${CORPUS}/escu/macros`,
    total: 850,
    parsed: 850,
    lowered: 808,
    loweredButMacros: 809,
    exact: { esdsl: 307, kql: 0, sigma: 0, js: 753 },
  },
  {
    name: 'catalog',
    dir: `${CORPUS}/armory/detections`,
    macros: undefined,
    total: 750,
    // 7 rules have broken SPL (unbalanced parentheses, `ANDmatch(`, `contains`, an unclosed macro argument)
    parsed: 743,
    // with the assumed definitions of `hec_collect`, `group_events(2)`, `add_fields_eoi`, `ut_shannon(1)`; the rest
    // is `avlbase64` (3 rules, a catalog command with no public definition)
    lowered: 740,
    loweredButMacros: 740,
    exact: { esdsl: 13, kql: 0, sigma: 0, js: 666 },
  },
] as const;

describe.runIf(hasShared(CORPUS))('real rule corpora', () => {
  it.each(sets)('$name: every rule loads; parse, lowered and exact verdicts at least the measured floors; no crash', async (set) => {
    const table = set.macros ? await loadMacros(set.macros) : undefined;
    const macros = table?.ok ? table.value : MacroTable.builtin();
    const { report, details } = await measureCoverage([set.dir], { macros });
    const top = (m: Record<string, number>) => Object.entries(m).slice(0, 12).map(([k, v]) => `${k}:${v}`).join(' ');
    console.log(
      `${set.name}: ${report.total} rules, ${report.parsed} parsed without error, ${report.lowered} lowered without an opaque stage ` +
        `(${details.loweredButUndefinedMacros} with undefined macros aside)\n` +
        `  exact: ${Object.entries(report.targets).map(([t, c]) => `${t} ${c.exact}`).join(', ')}\n` +
        `  opaque stages: ${top(report.unsupportedCommands) || 'none'}`,
    );
    expect(report.total).toBe(set.total);
    expect(report.errors.filter((e) => e.code.startsWith('LOAD'))).toEqual([]);
    expect(report.errors.filter((e) => e.code === CRASH_CODE)).toEqual([]);
    expect(report.parsed).toBeGreaterThanOrEqual(set.parsed);
    expect(report.lowered).toBeGreaterThanOrEqual(set.lowered);
    expect(details.loweredButUndefinedMacros).toBeGreaterThanOrEqual(set.loweredButMacros);
    for (const [t, floor] of Object.entries(set.exact)) expect(report.targets[t]!.exact).toBeGreaterThanOrEqual(floor);
    // Every rule got a verdict from every target.
    for (const c of Object.values(report.targets)) expect(c.exact + c.superset + c.partial + c.unsupported).toBe(set.total);
  });
});
