import type { Argv } from 'yargs';
import { measureCoverage, type CoverageDetails, type CoverageReport } from '../../analysis/coverage.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Fidelity } from '../../targets/types.js';
import { progressBar } from '../progress.js';
import { MACRO_OPTIONS, macroTable, printDiagnostics, semanticsFrom, toJson } from '../rules.js';

export interface CoverageArgs {
  rules: string[];
  macros?: string;
  'assumed-macros'?: boolean;
  format: 'text' | 'json';
  verbose: boolean;
  semantics?: string[];
}

export const coverageCommand = {
  command: 'coverage <rules..>',
  describe: 'Measure coverage over rule files or directories: how many parse, lower with no opaque stage, and each target\'s verdicts',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule files or directories (any format the loader accepts)' })
      .options(MACRO_OPTIONS)
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: a readable summary; json: {total, parsed, lowered, targets, unsupportedCommands, errors}' }),
};

/**
 * Run `coverage`: every rule through the frontend and every target (default profiles). Exit code 0; 1 when the
 * macros cannot be loaded or a target (or the frontend) crashed on a rule.
 */
export async function runCoverage(args: CoverageArgs, out: (s: string) => void, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  const bar = progressBar(stderr, 'files');
  const { report, details } = await measureCoverage(args.rules, {
    macros: table,
    semantics,
    onFile: (done, total) => (done === 1 ? bar.start(total, done) : bar.update(done)),
  });
  bar.stop();
  out(args.format === 'json' ? toJson(report) : coverageText(report, details, args.rules));
  return hasErrors(errors) || details.crashes > 0 ? 1 : 0;
}

const pct = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);
const VERDICTS: readonly Fidelity[] = ['exact', 'superset', 'partial', 'unsupported'];

/** The readable summary: totals, percentages, verdict shares per target, top unsupported commands, errors. */
export function coverageText(r: CoverageReport, d: CoverageDetails, paths: readonly string[]): string {
  const lines: string[] = [];
  const w = String(r.total).length;
  const row = (label: string, n: number, note = '') => lines.push(`  ${label.padEnd(36)} ${String(n).padStart(w)} / ${r.total}  ${pct(n, r.total).padStart(6)}${note ? `  ${note}` : ''}`);
  lines.push(`Coverage of ${paths.join(', ')}: ${r.total} rule(s)`, '');
  row('parsed (no error)', r.parsed);
  row('lowered (no opaque stage)', r.lowered);
  row('lowered, undefined macros aside', d.loweredButUndefinedMacros, '(rules whose only opaque stages are undefined macros)');
  const converted = Object.values(r.targets)[0];
  const n = converted ? VERDICTS.reduce((s, v) => s + converted[v], 0) : 0;
  lines.push('', `Verdicts per target (${n} rule(s) converted, default profiles):`);
  for (const [name, c] of Object.entries(r.targets))
    lines.push(`  ${name.padEnd(6)} ${VERDICTS.map((v) => `${v} ${c[v]} (${pct(c[v], n)})`).join('  ')}`);
  const cmds = Object.entries(r.unsupportedCommands);
  lines.push('', cmds.length ? `Unsupported commands (opaque stages; rules kept from lowered):` : 'Unsupported commands: none');
  for (const [c, k] of cmds.slice(0, 15)) lines.push(`  ${c.padEnd(24)} ${String(k).padStart(4)} stage(s)  ${String(d.blockedBy[c] ?? 0).padStart(4)} rule(s)`);
  if (cmds.length > 15) lines.push(`  … and ${cmds.length - 15} more`);
  lines.push('', r.errors.length ? `Errors (${r.errors.length}${d.crashes ? `, ${d.crashes} crash(es)` : ', no crash'}):` : 'Errors: none');
  for (const e of r.errors) lines.push(`  ${e.file}: ${e.code}: ${e.message}`);
  return lines.join('\n') + '\n';
}
