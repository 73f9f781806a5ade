/**
 * The short fuzz run of CI, in two halves (two test files, which vitest runs side by side on two cores): inputs
 * [0, 10,000) and [10,000, 20,000) of one seed. Every input must finish within its time budget with no exception,
 * and every rejection must be a coded, positioned diagnostic. The long mode is `npm run fuzz` (docs/security.md).
 */
import { expect } from 'vitest';
import { CORPUS, hasShared } from '../helpers/corpus.js';
import { formatFinding, fuzzRange, setup } from './fuzz.js';

export const CI_SEED = 20261128;
export const CI_COUNT = 20_000;
/** Per input. The inputs are small (under 100 KB; 5 ms on average): 3 s is far beyond linear time, even on a loaded machine. */
export const CI_BUDGET_MS = 3_000;

export async function ciFuzz(from: number, to: number): Promise<void> {
  const corpus = hasShared(CORPUS);
  const s = await setup({
    corpusDirs: corpus ? [`${CORPUS}/escu/detections`, `${CORPUS}/armory/detections`] : [],
    macrosDir: corpus ? `${CORPUS}/escu/macros` : undefined,
    runFraction: 0.1,
  });
  if (corpus) expect(s.seeds.length).toBeGreaterThan(1500);
  const n = to - from;
  const { stats, findings, violations } = fuzzRange(s, CI_SEED, from, to, { budgetMs: CI_BUDGET_MS });
  expect(stats.inputs).toBe(n);
  // Each generator contributed; most inputs got through the loader to the targets, and some JS modules ran.
  expect(Object.keys(stats.bySource).sort()).toEqual(['binary', 'bytes-mutation', 'corpus-mutation', 'deep', 'grammar', 'grammar-yaml', 'macros', 'token-soup', 'yaml-attack', 'yaml-mutation']);
  expect(stats.lowered + stats.ran).toBeGreaterThan(n / 2);
  expect(stats.ran).toBeGreaterThan(n / 20);
  expect(violations, findings.map((f) => formatFinding(CI_SEED, f)).join('\n\n')).toBe(0);
}
