/**
 * The fuzz loop: `count` inputs from a seed, each checked by the harness; reproducible input by input.
 *
 * Input `i` of seed `s` is the `(i mod CHUNK)`-th value fast-check samples with seed `chunkSeed(s, ⌊i/CHUNK⌋)`, so
 * any input can be rebuilt alone (`npm run fuzz -- --seed s --replay i`) and workers can split the run by chunks.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadMacros, MacroTable } from '../../src/macros/index.js';
import { checkInput, warmUp, type CheckOptions, type FuzzInput, type Violation } from './harness.js';
import { fuzzInput, readSeeds, type Seed } from './inputs.js';

export const CHUNK = 500;

export function chunkSeed(seed: number, chunk: number): number {
  // A 32-bit mix (murmur3 finaliser) of the seed and the chunk number.
  let h = (seed ^ Math.imul(chunk + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/** Rule files under the given folders (`.yml`, `.yaml`, `.spl`, `.txt`), sorted for a stable seed set. */
export function ruleFilesUnder(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|spl|txt)$/i.test(name)) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

export interface FuzzSetup {
  readonly seeds: readonly Seed[];
  readonly macros: MacroTable;
  readonly runFraction: number;
}

/** Seeds: the fixture and example rules, plus the corpus folders given; macros: the security-content ones when given. */
export async function setup(opts: { corpusDirs: readonly string[]; macrosDir?: string; runFraction: number }): Promise<FuzzSetup> {
  const files = ruleFilesUnder(['test/fixtures/rules', 'examples', ...opts.corpusDirs]);
  let macros = MacroTable.builtin();
  if (opts.macrosDir) {
    const r = await loadMacros(opts.macrosDir);
    if (r.ok) macros = r.value;
  }
  return { seeds: readSeeds(files), macros, runFraction: opts.runFraction };
}

/** The inputs of one chunk. */
export function chunkInputs(s: FuzzSetup, seed: number, chunk: number): FuzzInput[] {
  return fc.sample(fuzzInput({ seeds: s.seeds, runFraction: s.runFraction }), { seed: chunkSeed(seed, chunk), numRuns: CHUNK });
}

/** Input `index` of `seed`, alone. */
export function replayInput(s: FuzzSetup, seed: number, index: number): FuzzInput {
  return chunkInputs(s, seed, Math.floor(index / CHUNK))[index % CHUNK]!;
}

export interface Finding {
  readonly index: number;
  readonly input: FuzzInput;
  readonly violations: readonly Violation[];
  readonly ms: number;
}

export interface FuzzStats {
  inputs: number;
  rejected: number;
  lowered: number;
  ran: number;
  maxMs: number;
  maxIndex: number;
  totalMs: number;
  bySource: Record<string, number>;
}

export const emptyStats = (): FuzzStats => ({ inputs: 0, rejected: 0, lowered: 0, ran: 0, maxMs: 0, maxIndex: -1, totalMs: 0, bySource: {} });

/**
 * Check inputs `[from, to)` of `seed`. `onStart(i)` is called before each input (a watchdog can watch it);
 * findings are returned, at most `maxFindings` of them kept (counting goes on).
 */
export function fuzzRange(
  s: FuzzSetup,
  seed: number,
  from: number,
  to: number,
  check: CheckOptions,
  onStart: (index: number) => void = () => undefined,
  maxFindings = 50,
): { stats: FuzzStats; findings: Finding[]; violations: number } {
  warmUp();
  const stats = emptyStats();
  const findings: Finding[] = [];
  let violations = 0;
  let chunkNo = -1;
  let chunk: FuzzInput[] = [];
  for (let i = from; i < to; i++) {
    const c = Math.floor(i / CHUNK);
    if (c !== chunkNo) {
      chunk = chunkInputs(s, seed, c);
      chunkNo = c;
    }
    const input = chunk[i % CHUNK]!;
    onStart(i);
    const r = checkInput(input, { ...check, macros: input.macrosConf === undefined ? s.macros : MacroTable.builtin() });
    stats.inputs++;
    stats[r.reached]++;
    stats.totalMs += r.ms;
    stats.bySource[input.source] = (stats.bySource[input.source] ?? 0) + 1;
    if (r.ms > stats.maxMs) {
      stats.maxMs = r.ms;
      stats.maxIndex = i;
    }
    if (r.violations.length) {
      violations++;
      if (findings.length < maxFindings) findings.push({ index: i, input, violations: r.violations, ms: r.ms });
    }
  }
  return { stats, findings, violations };
}

export function mergeStats(a: FuzzStats, b: FuzzStats): FuzzStats {
  const bySource = { ...a.bySource };
  for (const [k, v] of Object.entries(b.bySource)) bySource[k] = (bySource[k] ?? 0) + v;
  return {
    inputs: a.inputs + b.inputs,
    rejected: a.rejected + b.rejected,
    lowered: a.lowered + b.lowered,
    ran: a.ran + b.ran,
    maxMs: Math.max(a.maxMs, b.maxMs),
    maxIndex: a.maxMs >= b.maxMs ? a.maxIndex : b.maxIndex,
    totalMs: a.totalMs + b.totalMs,
    bySource,
  };
}

/** A finding as text: where to replay it, what went wrong, the input (JSON-escaped, cut at 2,000 characters). */
export function formatFinding(seed: number, f: Finding): string {
  const text = Buffer.from(f.input.bytes).toString('utf8');
  const shown = JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
  const lines = [`input ${f.index} (seed ${seed}, ${f.input.source}, ${f.ms.toFixed(0)} ms): replay with: npm run fuzz -- --seed ${seed} --replay ${f.index}`];
  for (const v of f.violations) lines.push(`  ${v.kind} in ${v.step}: ${v.message.split('\n').join('\n    ')}`);
  lines.push(`  input: ${shown}`);
  if (f.input.macrosConf !== undefined) lines.push(`  macros.conf: ${JSON.stringify(f.input.macrosConf)}`);
  return lines.join('\n');
}
