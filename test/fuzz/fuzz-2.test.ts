import { describe, it } from 'vitest';
import { CI_BUDGET_MS, CI_COUNT, CI_SEED, ciFuzz } from './ci-run.js';

describe(`fuzzing the whole pipeline (CI: ${CI_COUNT} inputs of seed ${CI_SEED}, second half)`, () => {
  it(`inputs ${CI_COUNT / 2}–${CI_COUNT - 1}: no exception, none over ${CI_BUDGET_MS} ms, every rejection coded and positioned`, { timeout: 600_000 }, () =>
    ciFuzz(CI_COUNT / 2, CI_COUNT));
});
