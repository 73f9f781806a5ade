/**
 * `npm run fuzz -- [--count N] [--seed S] [--workers W] [--budget MS] [--hang MS] [--run-fraction F] [--report FILE]`
 * `npm run fuzz -- --seed S --replay I`
 *
 * The long fuzz mode: the inputs of the CI test's generators, as many as asked, split by chunks over worker
 * threads. A watchdog ends a worker whose input runs past `--hang` (a hang the time budget cannot see, since the
 * pipeline is synchronous), records it, and starts a new worker after that input. Workers are renewed every
 * 20,000 inputs (bounded memory). Findings (crashes, slow inputs, hangs, unpositioned rejections) are printed with
 * the command that replays each one; the exit code is 1 when there is any.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CORPUS } from '../helpers/corpus.js';
import { CHUNK, emptyStats, formatFinding, mergeStats, replayInput, setup, type Finding, type FuzzStats } from './fuzz.js';
import { checkInput, warmUp } from './harness.js';
import type { JobResult, WorkerConfig } from './worker.js';

interface Args {
  count: number;
  seed: number;
  workers: number;
  budget: number;
  hang: number;
  runFraction: number;
  replay?: number;
  report?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { count: 100_000, seed: (Date.now() % 2 ** 31) | 0, workers: 1, budget: 2_000, hang: 30_000, runFraction: 0.1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`);
      return v;
    };
    switch (flag) {
      case '--count': args.count = num(); break;
      case '--seed': args.seed = num() | 0; break;
      case '--workers': args.workers = Math.max(1, num()); break;
      case '--budget': args.budget = num(); break;
      case '--hang': args.hang = num(); break;
      case '--run-fraction': args.runFraction = num(); break;
      case '--replay': args.replay = num(); break;
      case '--report': args.report = value(); break;
      case '--help':
        process.stdout.write('npm run fuzz -- [--count N] [--seed S] [--workers W] [--budget MS] [--hang MS] [--run-fraction F] [--report FILE] | --seed S --replay I\n');
        process.exit(0);
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILD = resolve(HERE, '../..');

/** The compiled sources look for `targets/` and `templates/` beside `src/`: link them (from the repository, the
 * working directory of `npm run fuzz`) into the build folder. */
function linkData(): void {
  for (const d of ['targets', 'templates']) {
    const link = join(BUILD, d);
    if (!existsSync(link)) symlinkSync(resolve(d), link, 'dir');
  }
}

function corpusConfig(runFraction: number): WorkerConfig['setup'] {
  const present = existsSync(CORPUS);
  return {
    corpusDirs: present ? [`${CORPUS}/escu/detections`, `${CORPUS}/armory/detections`] : [],
    ...(present ? { macrosDir: `${CORPUS}/escu/macros` } : {}),
    runFraction,
  };
}

async function replay(args: Args): Promise<number> {
  const s = await setup(corpusConfig(args.runFraction));
  const input = replayInput(s, args.seed, args.replay!);
  warmUp();
  const r = checkInput(input, { budgetMs: args.budget, macros: s.macros });
  const dir = resolve('fuzz-replay');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed${args.seed}-input${args.replay}.${input.file.split('.').pop()}`);
  writeFileSync(file, input.bytes);
  if (input.macrosConf !== undefined) writeFileSync(`${file}.macros.conf`, input.macrosConf);
  process.stdout.write(`${formatFinding(args.seed, { index: args.replay!, input, violations: r.violations, ms: r.ms })}\n`);
  process.stdout.write(`reached: ${r.reached}; diagnostics: ${r.diagnostics.map((d) => `${d.code}@${d.line ?? '-'}:${d.column ?? '-'}`).join(' ') || 'none'}\n`);
  process.stdout.write(`input written to ${file}${input.macrosConf !== undefined ? ' (and .macros.conf)' : ''}\n`);
  return r.violations.length ? 1 : 0;
}

/** A worker is renewed after this many inputs (memory stays bounded whatever the count). */
const RENEW_AFTER = 20_000;

async function run(args: Args): Promise<number> {
  const t0 = Date.now();
  const chunks: { from: number; to: number }[] = [];
  for (let from = 0; from < args.count; from += CHUNK) chunks.push({ from, to: Math.min(args.count, from + CHUNK) });
  let stats: FuzzStats = emptyStats();
  const findings: Finding[] = [];
  let violations = 0;
  let hangs = 0;
  let lastReport = Date.now();
  process.stderr.write(`fuzz: ${args.count} inputs, seed ${args.seed}, ${args.workers} worker(s), budget ${args.budget} ms per input, hang ${args.hang} ms\n`);

  const config: WorkerConfig = { seed: args.seed, budgetMs: args.budget, setup: corpusConfig(args.runFraction) };
  const workerFile = join(HERE, 'worker.js');

  /** A worker thread and a way to give it one job (a range of inputs) at a time. */
  const spawn = () => {
    const progress = new Float64Array(new SharedArrayBuffer(16)); // [index now running, its start time]
    progress[0] = -1;
    const w = new Worker(workerFile, { workerData: { config, progress } });
    let failed: unknown;
    w.on('error', (e) => (failed = e));
    const job = (from: number, to: number) =>
      new Promise<JobResult | { hang: number }>((resolveJob, reject) => {
        const watch = setInterval(() => {
          if (failed !== undefined) {
            clearInterval(watch);
            reject(failed);
            return;
          }
          const i = progress[0]!;
          if (i >= from && Date.now() - progress[1]! > args.hang) {
            clearInterval(watch);
            resolveJob({ hang: i });
          }
        }, 250);
        w.once('message', (m: JobResult) => {
          clearInterval(watch);
          resolveJob(m);
        });
        w.postMessage({ from, to });
      });
    return { job, end: () => w.terminate() };
  };

  const lane = async (): Promise<void> => {
    let worker = spawn();
    let handled = 0;
    for (;;) {
      const next = chunks.shift();
      if (!next) break;
      let from = next.from;
      while (from < next.to) {
        if (handled >= RENEW_AFTER) {
          await worker.end();
          worker = spawn();
          handled = 0;
        }
        const r = await worker.job(from, next.to);
        if ('hang' in r) {
          // The worker is stuck in one input: end it, record the input, go on after it with a new worker.
          await worker.end();
          worker = spawn();
          handled = 0;
          hangs++;
          violations++;
          const input = replayInput(await setupOnce(), args.seed, r.hang);
          const hang: Finding = { index: r.hang, input, violations: [{ kind: 'slow', step: 'all', message: `hang: still running after ${args.hang} ms (worker ended)` }], ms: args.hang };
          process.stderr.write(`fuzz: found ${formatFinding(args.seed, hang)}\n`);
          findings.push(hang);
          stats = mergeStats(stats, { ...emptyStats(), inputs: r.hang - from + 1 });
          from = r.hang + 1;
          continue;
        }
        handled += next.to - from;
        stats = mergeStats(stats, r.stats);
        violations += r.violations;
        for (const f of r.findings) process.stderr.write(`fuzz: found ${formatFinding(args.seed, f)}\n`);
        findings.push(...r.findings.slice(0, Math.max(0, 200 - findings.length)));
        from = next.to;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          const secs = (Date.now() - t0) / 1000;
          process.stderr.write(`fuzz: ${stats.inputs}/${args.count} inputs in ${secs.toFixed(0)} s (${(stats.inputs / secs).toFixed(0)}/s), ${violations} with violations\n`);
        }
      }
    }
    await worker.end();
  };
  let setupDone: ReturnType<typeof setup> | undefined;
  const setupOnce = () => (setupDone ??= setup(config.setup));
  await Promise.all(Array.from({ length: args.workers }, lane));

  const secs = (Date.now() - t0) / 1000;
  const lines = [
    `fuzz: seed ${args.seed}: ${stats.inputs} inputs in ${secs.toFixed(0)} s (${(stats.inputs / secs).toFixed(0)}/s); ${violations} with violations (${hangs} hangs)`,
    `  reached: rejected at load ${stats.rejected}, lowered and converted ${stats.lowered}, JS module run ${stats.ran}`,
    `  slowest input: ${stats.maxIndex} (${stats.maxMs.toFixed(0)} ms); mean ${(stats.totalMs / Math.max(1, stats.inputs)).toFixed(1)} ms`,
    `  by generator: ${Object.entries(stats.bySource).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...findings.sort((a, b) => a.index - b.index).map((f) => formatFinding(args.seed, f)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (args.report) writeFileSync(args.report, `${lines.join('\n')}\n`);
  return violations ? 1 : 0;
}

async function main(): Promise<number> {
  linkData();
  const args = parseArgs(process.argv.slice(2));
  return args.replay !== undefined ? replay(args) : run(args);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
