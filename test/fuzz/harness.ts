/**
 * The fuzz property: one hostile input through the whole pipeline — load (bytes → rules) → macro expansion → parse
 * → lower → every target's `convert` and `serialize` → the JS matcher module evaluated and run on hostile events
 * (for a sample of inputs: it is the costly step).
 *
 * A violation is any of:
 * - `crash`: an exception escaped a step (each step promises errors as values);
 * - `slow`: the input took longer than the time budget (a hang or super-linear behaviour);
 * - `diagnostic`: a rejection (an error or warning) without a stable code, or without a line and column inside the
 *   input (an error the user cannot find);
 * - `output`: a target's output is not what it claims to be (esdsl not JSON, KQL not read by the independent KQL
 *   reader of `src/verify/kql`, sigma not YAML).
 */
import yaml from 'js-yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { runFrontend } from '../../src/ir/lower/index.js';
import type { Rule } from '../../src/ir/types.js';
import { loadRuleBytes } from '../../src/load/index.js';
import { MacroTable, parseMacrosConf } from '../../src/macros/index.js';
import { loadProfile, type Profile } from '../../src/targets/profile.js';
import { TARGETS } from '../../src/targets/registry.js';
import { parseKql } from '../../src/verify/kql/index.js';

/** One fuzz input: a rule file's bytes, optionally with a `macros.conf` to expand its macros with. */
export interface FuzzInput {
  /** Which generator made it (for reports). */
  readonly source: string;
  /** File name the loader sees (its extension does not matter: formats are detected by content). */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** `macros.conf` text; absent: the builtin macros (or the harness default table). */
  readonly macrosConf?: string;
  /** Evaluate the JS module and run it on these events (absent: the module is not run). */
  readonly events?: readonly unknown[];
}

export type ViolationKind = 'crash' | 'slow' | 'diagnostic' | 'output';

export interface Violation {
  readonly kind: ViolationKind;
  /** The pipeline step: load, macros, frontend, esdsl, kql, sigma, js, js-run. */
  readonly step: string;
  readonly message: string;
}

export interface CheckResult {
  readonly violations: Violation[];
  readonly ms: number;
  /** How far the input got: `rejected` at load, `lowered` (targets run), `ran` (JS module run on events). */
  readonly reached: 'rejected' | 'lowered' | 'ran';
  /** The load and frontend diagnostics (code, severity, line, column), for tests that expect particular ones. */
  readonly diagnostics: readonly Pick<Diagnostic, 'code' | 'severity' | 'line' | 'column' | 'message'>[];
}

export interface CheckOptions {
  /** Time budget per input, in milliseconds. */
  readonly budgetMs: number;
  /** Macro table used when the input brings no `macros.conf` (e.g. the security-content macros). */
  readonly macros?: MacroTable;
}

const CODE = /^[A-Z]+\d{3}$/;

let profiles: Map<string, Profile> | undefined;

function profileFor(name: string): Profile {
  profiles ??= new Map();
  let p = profiles.get(name);
  if (!p) {
    const r = loadProfile(name);
    if (!r.ok) throw new Error(`fuzz harness: profile ${name} does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    p = r.value;
    profiles.set(name, p);
  }
  return p;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return `thrown non-Error value: ${String(e)}`;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Rejections must be findable: an error or warning has a stable code, and a line and column inside the text it
 * points into (the file, or the SPL text for a scalar that could not be mapped).
 */
export function checkDiagnostics(ds: readonly Diagnostic[], lines: number, step: string, extra: readonly string[] = []): Violation[] {
  const out: Violation[] = [];
  for (const d of ds) {
    if (d.severity === 'info') continue;
    if (!CODE.test(d.code)) out.push({ kind: 'diagnostic', step, message: `diagnostic without a stable code: ${JSON.stringify(d.code)} ${d.message}` });
    if (extra.includes(d.code)) continue;
    const maxLines = d.file?.includes('#') ? Number.MAX_SAFE_INTEGER : lines;
    if (d.line === undefined || d.column === undefined)
      out.push({ kind: 'diagnostic', step, message: `${d.code} without a line and column: ${d.message}` });
    else if (d.line < 1 || d.line > maxLines || d.column < 1)
      out.push({ kind: 'diagnostic', step, message: `${d.code} at ${d.line}:${d.column}, outside the input (${lines} lines): ${d.message}` });
  }
  return out;
}

/** Evaluate a generated module without `import()` (whose module cache would keep every module alive). */
export function evaluateModule(source: string): {
  filter(event: unknown, options?: { now?: number }): boolean;
  selects(event: unknown): boolean;
  run(events: readonly unknown[], options?: { now?: number }): unknown[];
} {
  const body = source.replace(/^export (?=(?:async\s+)?(?:function|const|let|class)\b)/gm, '');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the generated module is the system under test
  const f = new Function(`"use strict";\n${body}\nreturn { filter, selects, run };`) as () => ReturnType<typeof evaluateModule>;
  return f();
}

/**
 * Load what every first conversion loads (profiles, the JS runtime, which vitest transpiles from source) so that
 * the first input's time budget measures the input, not the start-up.
 */
export function warmUp(): void {
  checkInput({ source: 'warm-up', file: 'warm-up.spl', bytes: new Uint8Array(Buffer.from('index=main x=1 | stats count by y')), events: [{}] }, { budgetMs: Infinity });
}

/** Run one input through the whole pipeline; never throws. */
export function checkInput(input: FuzzInput, opts: CheckOptions): CheckResult {
  const t0 = performance.now();
  const violations: Violation[] = [];
  let reached: CheckResult['reached'] = 'rejected';
  const seen: Diagnostic[] = [];
  let step = 'load';
  try {
    const loaded = loadRuleBytes(input.file, input.bytes);
    const text = Buffer.from(input.bytes).toString('utf8');
    const lines = lineCount(text);
    // File-level rejections (unreadable, not text) are positioned at the offending byte or at the start.
    violations.push(...checkDiagnostics(loaded.diagnostics, lines, 'load'));
    seen.push(...loaded.diagnostics);
    if (loaded.ok) {
      step = 'macros';
      let table = opts.macros ?? MacroTable.builtin();
      if (input.macrosConf !== undefined) {
        const parsed = parseMacrosConf(input.macrosConf, 'fuzz-macros.conf');
        const t = MacroTable.builtin();
        for (const d of parsed.defs) t.add(d);
        table = t;
      }
      for (const doc of loaded.value) {
        step = 'frontend';
        const { rule } = runFrontend(doc, { macros: table });
        violations.push(...checkDiagnostics(rule.diagnostics, lineCount(doc.spl.fileText ?? doc.spl.text), 'frontend'));
        for (const d of rule.diagnostics) seen.push(d);
        reached = 'lowered';
        for (const t of TARGETS) {
          step = t.name;
          const r = t.convert(rule, { profile: profileFor(t.defaultProfile), strict: false });
          if (r.output === null) continue;
          const text = t.serialize(r.output);
          violations.push(...checkOutput(t.name, text));
          if (t.name === 'js' && input.events && doc === loaded.value[0]) {
            step = 'js-run';
            runModule(text, input.events, rule);
            reached = 'ran';
          }
        }
      }
    }
  } catch (e) {
    violations.push({ kind: 'crash', step, message: describe(e) });
  }
  const ms = performance.now() - t0;
  if (ms > opts.budgetMs) violations.push({ kind: 'slow', step: 'all', message: `took ${ms.toFixed(0)} ms (budget ${opts.budgetMs} ms)` });
  const diagnostics = seen.map(({ code, severity, line, column, message }) => ({ code, severity, line, column, message }));
  return { violations, ms, reached, diagnostics };
}

function checkOutput(target: string, text: string): Violation[] {
  try {
    if (target === 'esdsl') JSON.parse(text);
    else if (target === 'sigma') yaml.loadAll(text);
    else if (target === 'kql' && text.trim() !== '') parseKql(text.trim());
    return [];
  } catch (e) {
    return [{ kind: 'output', step: target, message: `${target} output does not parse: ${describe(e)}\n${text.slice(0, 400)}` }];
  }
}

function runModule(source: string, events: readonly unknown[], _rule: Rule): void {
  const mod = evaluateModule(source);
  const now = { now: 1704067200 };
  for (const e of events) {
    mod.selects(e);
    mod.filter(e, now);
  }
  mod.run(events, now);
}
