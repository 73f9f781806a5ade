/**
 * A fuzz worker thread (see main.ts): sets up once, then checks the ranges of inputs it is given, writing the index
 * it is on (and when it started it) into shared memory for the watchdog.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzRange, setup, type Finding, type FuzzStats } from './fuzz.js';

export interface WorkerConfig {
  readonly seed: number;
  readonly budgetMs: number;
  readonly setup: { corpusDirs: string[]; macrosDir?: string; runFraction: number };
}

export interface JobResult {
  readonly stats: FuzzStats;
  readonly findings: Finding[];
  readonly violations: number;
}

const { config, progress } = workerData as { config: WorkerConfig; progress: Float64Array };
const ready = setup(config.setup);

parentPort?.on('message', (job: { from: number; to: number }) => {
  void ready.then((s) => {
    const r = fuzzRange(s, config.seed, job.from, job.to, { budgetMs: config.budgetMs }, (i) => {
      progress[1] = Date.now();
      progress[0] = i;
    });
    parentPort!.postMessage(r satisfies JobResult);
  });
});
