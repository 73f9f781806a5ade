import { createReadStream } from 'node:fs';
import type { Argv } from 'yargs';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { js } from '../../targets/js/index.js';
import { forEachEvent, loadModule, type MatcherModule } from '../../targets/js/run.js';
import type { Target } from '../../targets/types.js';
import { frontendAll, macroTable, printDiagnostics, semanticsFrom } from '../rules.js';
import { textTable } from '../text-table.js';

export interface RunArgs {
  rules: string[];
  events: string;
  macros?: string;
  profile?: string;
  format: 'json' | 'ndjson' | 'table';
  verbose: boolean;
  semantics?: string[];
}

export const runCommand = {
  command: 'run <rules..>',
  describe: 'Run the whole pipeline of a rule on NDJSON events with the JS matcher (the module `convert --to js` prints) and print the result rows',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule file(s) (- for stdin)' })
      .option('events', { type: 'string', demandOption: true, describe: 'NDJSON events file (- for stdin): flat objects with the SPL field names; read as a stream' })
      .option('macros', { type: 'string', describe: 'macros.conf file or directory of macro YAML files' })
      .option('profile', { type: 'string', describe: 'field profile of the events (default: splunk, the rule\'s own names)' })
      .option('format', { choices: ['json', 'ndjson', 'table'] as const, default: 'json' as const, describe: 'json: one array; ndjson: a row per line; table: aligned text' }),
};

interface Prepared {
  readonly file: string;
  readonly module: MatcherModule;
}

/**
 * Exit codes: 0 rows printed; 1 a rule could not be loaded or run; 2 bad events input.
 *
 * The events (a file or stdin) are read once, as a stream, and fed to every rule's runner (`runner()` of its
 * module) one at a time: an event a rule's filter rejects is dropped at once, so memory holds only the matching
 * events and the pipeline state (a rule whose subsearch, join or append reads every event keeps them all).
 */
export async function runRun(args: RunArgs, out: (s: string) => void, stdin: () => NodeJS.ReadableStream = () => process.stdin): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  if (args.events === '-' && args.rules.includes('-')) {
    process.stderr.write('spl2x: the rule and the events cannot both come from stdin (-): give one of them as a file\n');
    return 2;
  }
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors);
  printDiagnostics(errors, args.verbose);
  const profiles = new ProfileCache(parseProfileChoice(args.profile ? [args.profile] : []));
  let code = 0;
  const prepared: Prepared[] = [];
  for await (const r of frontendAll(args.rules, table, semantics)) {
    if (!r.ok) {
      printDiagnostics(r.diagnostics, true);
      code = 1;
      continue;
    }
    printDiagnostics(r.frontend.rule.diagnostics, args.verbose);
    const converted = convertWith(js as Target, r.frontend.rule, profiles.for(js as Target), false);
    if (!converted.ok || converted.value.output === null) {
      printDiagnostics(converted.ok ? [] : converted.diagnostics, true);
      code = 1;
      continue;
    }
    for (const n of converted.value.notes) if (n.level !== 'info' || args.verbose) process.stderr.write(`${r.file}: ${n.level}${n.stage !== null ? ` (stage ${n.stage + 1})` : ''}: ${n.message}\n`);
    prepared.push({ file: r.file, module: await loadModule(converted.value.output as string) });
  }
  if (prepared.length === 0) return code || 1;

  const runners = prepared.map((p) => p.module.runner());
  let read: Awaited<ReturnType<typeof forEachEvent>>;
  try {
    const input = args.events === '-' ? stdin() : createReadStream(args.events);
    read = await forEachEvent(input, args.events, (e) => {
      for (const r of runners) r.push(e);
    });
  } catch (e) {
    process.stderr.write(`spl2x: cannot read events ${args.events}: ${(e as Error).message}\n`);
    return 2;
  }
  printDiagnostics(read.diagnostics, true);
  if (hasErrors(read.diagnostics)) return 2;
  for (const r of runners) {
    const rows = r.end();
    if (args.format === 'json') out(JSON.stringify(rows, null, 2) + '\n');
    else if (args.format === 'ndjson') out(rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : ''));
    else out(textTable(rows));
  }
  return code;
}
