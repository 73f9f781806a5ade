/**
 * The short fuzz run of CI: 20,000 hostile inputs (grammar-generated SPL, mutated corpus and fixture rules,
 * mutated YAML wrappers, YAML attacks, macro definitions, binary junk) through the whole pipeline. Every input must
 * finish within its time budget with no exception, and every rejection must be a coded, positioned diagnostic.
 * The long mode is `npm run fuzz` (see docs/security.md).
 */
import { describe, expect, it } from 'vitest';
import { CORPUS, hasShared } from '../helpers/corpus.js';
import { formatFinding, fuzzRange, setup } from './fuzz.js';

const COUNT = 20_000;
const SEED = 20261128;
/** Per input. The inputs are small (under 100 KB): a second is already far beyond linear time. */
const BUDGET_MS = 2_000;

describe('fuzzing the whole pipeline (short run)', () => {
  it(`${COUNT} inputs of seed ${SEED}: no exception, no input over ${BUDGET_MS} ms, every rejection coded and positioned`, { timeout: 600_000 }, async () => {
    const corpus = hasShared(CORPUS);
    const s = await setup({
      corpusDirs: corpus ? [`${CORPUS}/escu/detections`, `${CORPUS}/armory/detections`] : [],
      macrosDir: corpus ? `${CORPUS}/escu/macros` : undefined,
      runFraction: 0.1,
    });
    if (corpus) expect(s.seeds.length).toBeGreaterThan(1500);
    const { stats, findings, violations } = fuzzRange(s, SEED, 0, COUNT, { budgetMs: BUDGET_MS });
    expect(stats.inputs).toBe(COUNT);
    // Each generator contributed; a fair share got through the loader to the targets, and some JS modules ran.
    expect(Object.keys(stats.bySource).sort()).toEqual(['binary', 'bytes-mutation', 'corpus-mutation', 'deep', 'grammar', 'grammar-yaml', 'macros', 'token-soup', 'yaml-attack', 'yaml-mutation']);
    expect(stats.lowered + stats.ran).toBeGreaterThan(COUNT / 2);
    expect(stats.ran).toBeGreaterThan(COUNT / 20);
    expect(violations, findings.map((f) => formatFinding(SEED, f)).join('\n\n')).toBe(0);
  });
});
