import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Argv } from 'yargs';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { listRuleFiles } from '../../load/index.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { TARGET_NAMES, TARGETS } from '../../targets/registry.js';
import type { Fidelity, Target, TargetResult } from '../../targets/types.js';
import { writeAtomic } from '../atomic.js';
import { NO_PROGRESS, progressBar } from '../progress.js';
import { MACRO_OPTIONS, frontendFile, macroTable, printDiagnostics, semanticsFrom, toJson } from '../rules.js';

export interface ConvertArgs {
  rules: string[];
  to: string[];
  profile?: string[];
  macros?: string;
  'assumed-macros'?: boolean;
  format: 'text' | 'json';
  out?: string;
  strict: boolean;
  verbose: boolean;
  semantics?: string[];
}

export const convertCommand = {
  command: 'convert <rules..>',
  describe: 'Translate rules to Elasticsearch DSL, Kibana KQL, Sigma and/or a JS matcher module, with a fidelity verdict per target',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule files or directories (- for stdin)' })
      .option('to', { type: 'string', array: true, default: ['all'], describe: `targets, comma-separated or repeated: ${TARGET_NAMES.join(', ')}, or all` })
      .option('profile', { type: 'string', array: true, describe: 'field profile for every target (splunk, ecs, sigma or a YAML file), or TARGET=PROFILE for one (default: esdsl/kql ecs, sigma sigma, js splunk)' })
      .options(MACRO_OPTIONS)
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: each output with its verdict and notes; json: one document with every result' })
      .option('out', {
        type: 'string',
        describe: 'write one file per rule and target under this directory (<rule>/<target>.<ext>, atomically; a rule that fails gets none); a progress bar on a terminal, a summary at the end',
      })
      .option('strict', { type: 'boolean', default: false, describe: 'a field the profile does not map is an error (verdict unsupported)' }),
};

interface RuleResult {
  rule: { id: string | null; title: string | null; source: string };
  targets: Record<string, TargetResult>;
  diagnostics: Diagnostic[];
}

/** Where `runConvert` writes besides stdout (tests give a fake terminal). */
export interface ConvertIo {
  readonly stderr: NodeJS.WriteStream;
}

/**
 * Run `convert`; exit code 0, or 1 when a rule could not be loaded or converted, or a profile failed. One bad rule
 * never stops the others. With `--out`, each rule that converted gets its files (all serialized first, each written
 * atomically; a rule that failed gets none), a progress bar runs while stderr is a terminal (nothing otherwise), and
 * a summary line ends the run.
 */
export async function runConvert(args: ConvertArgs, out: (s: string) => void, io: ConvertIo = { stderr: process.stderr }): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  const names = args.to.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((n) => n !== 'all' && !TARGET_NAMES.includes(n as never));
  if (unknown.length) {
    io.stderr.write(`spl2x: unknown target(s): ${unknown.join(', ')} (known: ${TARGET_NAMES.join(', ')}, all)\n`);
    return 1;
  }
  const targets: readonly Target[] = names.includes('all') ? TARGETS : TARGETS.filter((t) => names.includes(t.name));
  const profiles = new ProfileCache(parseProfileChoice(args.profile ?? []));
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  let code = hasErrors(errors) ? 1 : 0;
  const results: RuleResult[] = [];
  const summary = { rules: 0, failed: 0, targets: {} as Record<string, Record<Fidelity, number>> };
  for (const t of targets) summary.targets[t.name] = { exact: 0, superset: 0, partial: 0, unsupported: 0 };

  // Diagnostics wait while the progress bar is on screen (they would break it), then come out in order.
  const files = await listRuleFiles(args.rules);
  const bar = args.out ? progressBar(io.stderr, 'files') : NO_PROGRESS;
  const held: string[] = [];
  const report = (ds: readonly Diagnostic[], verbose: boolean) => {
    for (const d of ds) {
      if (!verbose && d.severity === 'info') continue;
      const text = formatDiagnostic(d) + '\n';
      if (bar.shown) held.push(text);
      else io.stderr.write(text);
    }
  };
  const folders = new Set<string>();
  const fail = (file: string, diagnostics: readonly Diagnostic[]) => {
    summary.rules++;
    summary.failed++;
    code = 1;
    report(diagnostics, true);
    results.push({ rule: { id: null, title: null, source: file }, targets: {}, diagnostics: [...diagnostics] });
  };
  bar.start(files.length);
  let done = 0;
  for (const file of files) {
    for (const r of await frontendFile(file, table, semantics)) {
      if (!r.ok) {
        fail(file, r.diagnostics);
        continue;
      }
      const written: string[] = [];
      try {
        const rule = r.frontend.rule;
        const diagnostics = [...rule.diagnostics];
        let failed = hasErrors(diagnostics);
        const res: RuleResult = { rule: { id: rule.meta.id ?? null, title: rule.meta.title ?? null, source: file }, targets: {}, diagnostics };
        for (const t of targets) {
          const converted = convertWith(t, rule, profiles.for(t), args.strict);
          if (!converted.ok) {
            diagnostics.push(...converted.diagnostics);
            failed = true;
            continue;
          }
          res.targets[t.name] = converted.value;
        }
        // A rule that failed gets no files; the others are serialized before anything is written, and a write that
        // fails takes back the rule's files written so far: a rule's files are all there or none (each one whole).
        const outputs = args.out && !failed ? outputFiles(args.out, uniqueName(folders, file, rule.meta.id), res, targets) : [];
        for (const f of outputs) {
          await writeAtomic(f.path, f.text);
          written.push(f.path);
        }
        summary.rules++;
        if (failed) {
          summary.failed++;
          code = 1;
        } else for (const [name, v] of Object.entries(res.targets)) summary.targets[name]![v.fidelity]++;
        results.push(res);
        if (args.format === 'text' && !args.out) out(textReport(res, targets));
        if (args.format === 'text') report(diagnostics, args.verbose);
      } catch (e) {
        for (const p of written) await rm(p, { force: true }).catch(() => undefined);
        fail(file, [{ code: 'CLI001', severity: 'error', message: `cannot convert or write this rule: ${(e as Error).message}`, file }]);
      }
    }
    bar.update(++done);
  }
  bar.stop();
  for (const t of held) io.stderr.write(t);
  if (args.format === 'json') out(toJson({ results, summary }));
  else if (args.out) out(summaryLine(summary, args.out));
  return code;
}

/** `751 rule(s): 743 converted, 8 failed | esdsl: exact 11, … | written under out/` (verdicts of the converted rules). */
function summaryLine(s: { rules: number; failed: number; targets: Record<string, Record<Fidelity, number>> }, dir: string): string {
  const verdicts = Object.entries(s.targets).map(([t, c]) => `${t}: ${(Object.entries(c) as [Fidelity, number][]).map(([v, n]) => `${v} ${n}`).join(', ')}`);
  return `${s.rules} rule(s): ${s.rules - s.failed} converted, ${s.failed} failed | ${verdicts.join(' | ')} | written under ${dir}\n`;
}

function textReport(res: RuleResult, targets: readonly Target[]): string {
  const parts = [`# ${res.rule.title ?? res.rule.source}${res.rule.id ? ` (${res.rule.id})` : ''}\n`];
  for (const t of targets) {
    const r = res.targets[t.name];
    if (!r) continue;
    parts.push(`\n## ${t.name}: ${r.fidelity}\n\n${r.output === null ? '(no output)' : t.serialize(r.output).trimEnd()}\n`);
    for (const n of r.notes) parts.push(`- ${n.level}${n.stage !== null ? ` (stage ${n.stage + 1})` : ''}: ${n.message}\n`);
  }
  const errs = res.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errs) parts.push(formatDiagnostic(d, false) + '\n');
  return parts.join('') + '\n';
}

/** The files of one rule: `<dir>/<name>/<target>.<ext>` for each output, and `verdicts.json`. Throws if one cannot be serialized. */
function outputFiles(dir: string, name: string, res: RuleResult, targets: readonly Target[]): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (const t of targets) {
    const r = res.targets[t.name];
    if (!r || r.output === null) continue;
    files.push({ path: join(dir, name, `${t.name}.${t.extension}`), text: t.serialize(r.output) });
  }
  files.push({
    path: join(dir, name, 'verdicts.json'),
    text: toJson({ rule: res.rule, targets: Object.fromEntries(Object.entries(res.targets).map(([k, v]) => [k, { fidelity: v.fidelity, notes: v.notes }])) }),
  });
  return files;
}

/** The folder name of a rule's outputs: its file name (else its id), made unique within the run (`name-2`, …). */
function uniqueName(used: Set<string>, file: string, id: string | undefined): string {
  const base = safeName(basename(file).replace(/\.(ya?ml|spl|txt)$/i, '') || id || 'rule');
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
}
