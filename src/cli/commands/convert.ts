import { basename, join } from 'node:path';
import type { Argv } from 'yargs';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { TARGET_NAMES, TARGETS } from '../../targets/registry.js';
import type { Fidelity, Target, TargetResult } from '../../targets/types.js';
import { writeAtomic } from '../atomic.js';
import { frontendAll, macroTable, printDiagnostics, toJson, semanticsFrom } from '../rules.js';

export interface ConvertArgs {
  rules: string[];
  to: string[];
  profile?: string[];
  macros?: string;
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
      .option('macros', { type: 'string', describe: 'macros.conf file or directory of macro YAML files' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: each output with its verdict and notes; json: one document with every result' })
      .option('out', { type: 'string', describe: 'write one file per rule and target under this directory (<rule>/<target>.<ext>)' })
      .option('strict', { type: 'boolean', default: false, describe: 'a field the profile does not map is an error (verdict unsupported)' }),
};

interface RuleResult {
  rule: { id: string | null; title: string | null; source: string };
  targets: Record<string, TargetResult>;
  diagnostics: Diagnostic[];
}

/** Run `convert`; exit code 0, or 1 when a rule could not be loaded or converted, or a profile failed. */
export async function runConvert(args: ConvertArgs, out: (s: string) => void): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  const names = args.to.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((n) => n !== 'all' && !TARGET_NAMES.includes(n as never));
  if (unknown.length) {
    process.stderr.write(`spl2x: unknown target(s): ${unknown.join(', ')} (known: ${TARGET_NAMES.join(', ')}, all)\n`);
    return 1;
  }
  const targets: readonly Target[] = names.includes('all') ? TARGETS : TARGETS.filter((t) => names.includes(t.name));
  const profiles = new ProfileCache(parseProfileChoice(args.profile ?? []));
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors);
  printDiagnostics(errors, args.verbose);
  let code = hasErrors(errors) ? 1 : 0;
  const results: RuleResult[] = [];
  const summary = { rules: 0, failed: 0, targets: {} as Record<string, Record<Fidelity, number>> };
  for (const t of targets) summary.targets[t.name] = { exact: 0, superset: 0, partial: 0, unsupported: 0 };

  for await (const r of frontendAll(args.rules, table, semantics)) {
    summary.rules++;
    if (!r.ok) {
      summary.failed++;
      code = 1;
      printDiagnostics(r.diagnostics, true);
      results.push({ rule: { id: null, title: null, source: r.file }, targets: {}, diagnostics: [...r.diagnostics] });
      continue;
    }
    const rule = r.frontend.rule;
    const diagnostics = [...rule.diagnostics];
    if (hasErrors(diagnostics)) {
      summary.failed++;
      code = 1;
    }
    const res: RuleResult = { rule: { id: rule.meta.id ?? null, title: rule.meta.title ?? null, source: r.file }, targets: {}, diagnostics };
    for (const t of targets) {
      const converted = convertWith(t, rule, profiles.for(t), args.strict);
      if (!converted.ok) {
        diagnostics.push(...converted.diagnostics);
        code = 1;
        continue;
      }
      res.targets[t.name] = converted.value;
      summary.targets[t.name]![converted.value.fidelity]++;
    }
    results.push(res);
    if (args.format === 'text' && !args.out) out(textReport(res, targets));
    if (args.format === 'text') printDiagnostics(diagnostics, args.verbose);
    if (args.out) await writeOutputs(args.out, r.file, rule.meta.id, res, targets);
  }
  if (args.format === 'json') out(toJson({ results, summary }));
  else if (args.out) out(`${summary.rules} rule(s), ${summary.failed} failed; written under ${args.out}\n`);
  return code;
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

async function writeOutputs(dir: string, file: string, id: string | undefined, res: RuleResult, targets: readonly Target[]): Promise<void> {
  const name = safeName(basename(file).replace(/\.(ya?ml|spl|txt)$/i, '') || id || 'rule');
  for (const t of targets) {
    const r = res.targets[t.name];
    if (!r || r.output === null) continue;
    await writeAtomic(join(dir, name, `${t.name}.${t.extension}`), t.serialize(r.output));
  }
  await writeAtomic(join(dir, name, 'verdicts.json'), toJson({ rule: res.rule, targets: Object.fromEntries(Object.entries(res.targets).map(([k, v]) => [k, { fidelity: v.fidelity, notes: v.notes }])) }));
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
}
