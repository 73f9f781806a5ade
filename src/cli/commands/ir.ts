import type { Argv } from 'yargs';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { MACRO_OPTIONS, frontendAll, macroTable, printDiagnostics, semanticsFrom, toJson } from '../rules.js';

export interface IrArgs {
  rules: string[];
  macros?: string;
  'assumed-macros'?: boolean;
  ast: boolean;
  verbose: boolean;
  semantics?: string[];
}

export const irCommand = {
  command: 'ir <rules..>',
  describe: 'Print the intermediate representation of rules as JSON (with --ast, the parsed SPL syntax tree instead)',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule files or directories (- for stdin)' })
      .options(MACRO_OPTIONS)
      .option('ast', { type: 'boolean', default: false, describe: 'print the SPL syntax tree (after macro expansion) instead of the IR' }),
};

/** Run `ir`; one rule prints an object, several print an array. Exit 2 when an input failed to load or has errors. */
export async function runIr(args: IrArgs, out: (s: string) => void): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  let code = hasErrors(errors) ? 2 : 0;
  const results: unknown[] = [];
  for await (const r of frontendAll(args.rules, table, semantics)) {
    if (!r.ok) {
      printDiagnostics(r.diagnostics, true);
      code = 2;
      continue;
    }
    const rule = r.frontend.rule;
    if (hasErrors(rule.diagnostics)) code = 2;
    printDiagnostics(rule.diagnostics, args.verbose);
    results.push(args.ast ? { file: rule.file, expandedSpl: rule.expandedSpl, pipeline: r.frontend.pipeline, diagnostics: rule.diagnostics } : rule);
  }
  out(toJson(results.length === 1 ? results[0] : results));
  return code;
}
