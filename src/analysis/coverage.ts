/**
 * Coverage of a set of rules: how many load and parse, how many lower into the IR with no opaque stage, what each
 * target's verdicts are, which commands are not modelled, and every error (including a target that crashed).
 * `spl2x coverage` prints it; the corpus tests measure the real corpora with it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { runFrontend } from '../ir/lower/index.js';
import type { SemanticsOptions } from '../ir/semantics.js';
import type { Predicate, Query, Rule, Stage } from '../ir/types.js';
import { listRuleFiles, loadRuleFile } from '../load/index.js';
import type { MacroTable } from '../macros/index.js';
import { ProfileCache, parseProfileChoice } from '../targets/convert.js';
import { TARGETS } from '../targets/registry.js';
import type { Fidelity, Target } from '../targets/types.js';

export const COVERAGE_VERSION = 1;

/** Code of an error entry for a target (or the frontend) that threw: a bug, never expected. */
export const CRASH_CODE = 'CRASH';

export type VerdictCounts = Record<Fidelity, number>;

export interface CoverageError {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

/** The `spl2x coverage --format json` document. */
export interface CoverageReport {
  readonly version: typeof COVERAGE_VERSION;
  /** Rules found: every rule of every file that loaded, plus one per file that did not load. */
  readonly total: number;
  /** Rules with no error diagnostic (loading, macro expansion, parsing, lowering). */
  readonly parsed: number;
  /** Parsed rules whose every stage reached the IR: no opaque stage anywhere (subsearches and sub-pipelines included). */
  readonly lowered: number;
  /** Verdict counts per target, over every rule that loaded (each converted with the target's default profile). */
  readonly targets: Record<string, VerdictCounts>;
  /** Opaque stages per command (an undefined macro as `` `name` ``), most frequent first. */
  readonly unsupportedCommands: Record<string, number>;
  readonly errors: readonly CoverageError[];
}

/** Figures beside the JSON contract (the text report and docs/coverage.md show them). */
export interface CoverageDetails {
  /** Parsed rules whose only opaque stages are undefined macros (a macro stage, or a stage it made unreadable). */
  readonly loweredButUndefinedMacros: number;
  /** How many rules each command (or undefined macro) keeps from being lowered, most first. */
  readonly blockedBy: Record<string, number>;
  /** Crashes among `errors`. */
  readonly crashes: number;
}

/** An opaque stage of a lowered rule, wherever it sits. */
export interface Unlowered {
  /** The command, or `` `macro` `` for an undefined macro. */
  readonly command: string;
  /** Whether the stage is opaque only because of an undefined macro. */
  readonly undefinedMacro: boolean;
}

/** Every opaque stage of a rule's IR: top level, in subsearches, join/append queries and appendpipe sub-pipelines. */
export function unlowered(rule: Rule): Unlowered[] {
  const out: Unlowered[] = [];
  const query = (q: Query): void => {
    predicate(q.filter);
    q.stages.forEach(stage);
  };
  const predicate = (p: Predicate): void => {
    switch (p.kind) {
      case 'and':
      case 'or':
        p.items.forEach(predicate);
        return;
      case 'not':
        predicate(p.item);
        return;
      case 'subsearch':
        query(p.query);
        return;
      default:
        return;
    }
  };
  const stage = (s: Stage): void => {
    switch (s.kind) {
      case 'opaque':
        out.push(s.macro !== undefined ? { command: `\`${s.macro}\``, undefinedMacro: true } : { command: s.command, undefinedMacro: false });
        return;
      case 'filter':
        predicate(s.predicate);
        return;
      case 'join':
      case 'append':
        query(s.query);
        return;
      case 'appendpipe':
        s.stages.forEach(stage);
        return;
      case 'transaction':
        if (s.startswith) predicate(s.startswith);
        if (s.endswith) predicate(s.endswith);
        return;
      default:
        return;
    }
  };
  query(rule.query);
  return out;
}

const emptyCounts = (): VerdictCounts => ({ exact: 0, superset: 0, partial: 0, unsupported: 0 });

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Counts rules one at a time; `report()` gives the JSON document, `details()` the figures beside it. */
export class CoverageCounter {
  private total = 0;
  private parsed = 0;
  private lowered = 0;
  private loweredButMacros = 0;
  private crashes = 0;
  private readonly verdicts = new Map<string, VerdictCounts>();
  private readonly commands = new Map<string, number>();
  private readonly blocked = new Map<string, number>();
  private readonly errors: CoverageError[] = [];
  private readonly badProfiles = new Set<string>();

  constructor(
    private readonly targets: readonly Target[] = TARGETS,
    private readonly profiles: ProfileCache = new ProfileCache(parseProfileChoice([])),
  ) {
    for (const t of targets) this.verdicts.set(t.name, emptyCounts());
  }

  /** A file that did not load: one rule, not parsed. */
  addLoadFailure(file: string, diagnostics: readonly Diagnostic[]): void {
    this.total++;
    const errs = diagnostics.filter((d) => d.severity === 'error');
    for (const d of errs.length ? errs : diagnostics.slice(0, 1)) this.errors.push({ file, code: d.code, message: d.message });
  }

  /** A crash of the frontend on a rule that loaded: one rule, not parsed. */
  addCrash(file: string, what: string, e: unknown): void {
    this.crashes++;
    this.errors.push({ file, code: CRASH_CODE, message: `${what} threw: ${e instanceof Error ? e.message : String(e)}` });
  }

  /** A rule that went through the frontend: counted, then converted with every target. */
  addRule(file: string, rule: Rule): void {
    this.total++;
    const errs = rule.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errs) this.errors.push({ file, code: d.code, message: d.line !== undefined ? `${d.line}:${d.column ?? 1}: ${d.message}` : d.message });
    const opaque = unlowered(rule);
    for (const u of opaque) this.commands.set(u.command, (this.commands.get(u.command) ?? 0) + 1);
    if (errs.length === 0) {
      this.parsed++;
      if (opaque.length === 0) this.lowered++;
      else {
        if (opaque.every((u) => u.undefinedMacro)) this.loweredButMacros++;
        for (const c of new Set(opaque.map((u) => u.command))) this.blocked.set(c, (this.blocked.get(c) ?? 0) + 1);
      }
    }
    for (const t of this.targets) this.convert(t, file, rule);
  }

  private convert(t: Target, file: string, rule: Rule): void {
    const counts = this.verdicts.get(t.name)!;
    const profile = this.profiles.for(t);
    if (!profile.ok) {
      counts.unsupported++;
      // Reported once (not once per rule): the profile, not the rule, is at fault.
      if (!this.badProfiles.has(t.name)) {
        this.badProfiles.add(t.name);
        for (const d of profile.diagnostics) this.errors.push({ file: d.file ?? `(profile of ${t.name})`, code: d.code, message: `${t.name}: ${d.message}` });
      }
      return;
    }
    try {
      const r = t.convert(rule, { profile: profile.value, strict: false });
      if (r.output !== null) t.serialize(r.output);
      counts[r.fidelity]++;
    } catch (e) {
      counts.unsupported++;
      this.addCrash(file, `target ${t.name}`, e);
    }
  }

  report(): CoverageReport {
    return {
      version: COVERAGE_VERSION,
      total: this.total,
      parsed: this.parsed,
      lowered: this.lowered,
      targets: Object.fromEntries(this.targets.map((t) => [t.name, { ...this.verdicts.get(t.name)! }])),
      unsupportedCommands: sortedRecord(this.commands),
      errors: [...this.errors],
    };
  }

  details(): CoverageDetails {
    return { loweredButUndefinedMacros: this.lowered + this.loweredButMacros, blockedBy: sortedRecord(this.blocked), crashes: this.crashes };
  }
}

export interface CoverageOptions {
  readonly macros: MacroTable;
  readonly semantics?: SemanticsOptions;
  readonly targets?: readonly Target[];
  /** Called after each file (for a progress display). */
  readonly onFile?: (done: number, total: number) => void;
}

/** Measure the coverage of every rule file under `paths` (files or directories). Never throws for a bad rule. */
export async function measureCoverage(paths: readonly string[], opts: CoverageOptions): Promise<{ report: CoverageReport; details: CoverageDetails }> {
  const counter = new CoverageCounter(opts.targets ?? TARGETS);
  const files = await listRuleFiles(paths);
  let done = 0;
  for (const file of files) {
    const loaded = await loadRuleFile(file);
    if (!loaded.ok) counter.addLoadFailure(file, loaded.diagnostics);
    else
      for (const doc of loaded.value) {
        let rule: Rule;
        try {
          rule = runFrontend(doc, opts.semantics ? { macros: opts.macros, semantics: opts.semantics } : { macros: opts.macros }).rule;
        } catch (e) {
          counter.addLoadFailure(file, []);
          counter.addCrash(file, 'the frontend', e);
          continue;
        }
        counter.addRule(file, rule);
      }
    opts.onFile?.(++done, files.length);
  }
  return { report: counter.report(), details: counter.details() };
}
