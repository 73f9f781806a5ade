import { describe, it } from 'vitest';
import { CI_BUDGET_MS, CI_COUNT, CI_SEED, ciFuzz } from './ci-run.js';

describe(`fuzzing the whole pipeline (CI: ${CI_COUNT} inputs of seed ${CI_SEED}, first half)`, () => {
  it(`inputs 0–${CI_COUNT / 2 - 1}: no exception, none over ${CI_BUDGET_MS} ms, every rejection coded and positioned`, { timeout: 600_000 }, () =>
    ciFuzz(0, CI_COUNT / 2));
});
