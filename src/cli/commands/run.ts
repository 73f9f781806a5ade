import { createReadStream } from 'node:fs';
import type { Argv } from 'yargs';
import { enableV8RegexFallback } from '../../regex/safety-v8.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Predicate, Query } from '../../ir/types.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { js } from '../../targets/js/index.js';
import { loadModule, readEvents, type MatcherModule } from '../../targets/js/run.js';
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
  /** Whether the pipeline needs every event (subsearch, join, append), not only those its filter passes. */
  readonly needsAll: boolean;
}

/**
 * Exit codes: 0 rows printed; 1 a rule could not be loaded or run; 2 bad events input.
 *
 * Events are read as a stream, line by line: an event the rule's filter rejects is dropped at once, so memory holds
 * only the matching events and the aggregation state (unless the pipeline needs every event: subsearches, join,
 * append). The filter is the module's own `selects`/`filter`, which `run` applies again: the rows are the same.
 */
export async function runRun(args: RunArgs, out: (s: string) => void, stdin: () => NodeJS.ReadableStream = () => process.stdin): Promise<number> {
  enableV8RegexFallback(); // ReDoS: V8's linear-time fallback, before any regex of the run is compiled (docs/security.md)
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
    prepared.push({ file: r.file, module: await loadModule(converted.value.output as string), needsAll: needsAllEvents(r.frontend.rule.query) });
  }
  if (prepared.length === 0) return code || 1;

  const fromStdin = args.events === '-';
  // stdin can be read once: with several rules, keep every event and run each rule on them.
  const shared = fromStdin && prepared.length > 1 ? await read(args, stdin, () => true) : undefined;
  for (const p of prepared) {
    const keep = p.needsAll ? () => true : (e: unknown) => p.module.selects(e) && p.module.filter(e);
    const ev = shared ?? (await read(args, stdin, keep));
    if (!ev) return 2;
    const rows = p.module.run(ev);
    if (args.format === 'json') out(JSON.stringify(rows, null, 2) + '\n');
    else if (args.format === 'ndjson') out(rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : ''));
    else out(textTable(rows));
  }
  return code;
}

/** Stream the events; undefined (after printing why) when the input cannot be read or has bad lines. */
async function read(args: RunArgs, stdin: () => NodeJS.ReadableStream, keep: (e: unknown) => boolean): Promise<unknown[] | undefined> {
  try {
    const input = args.events === '-' ? stdin() : createReadStream(args.events);
    const r = await readEvents(input, args.events, keep);
    printDiagnostics(r.diagnostics, true);
    return hasErrors(r.diagnostics) ? undefined : r.events;
  } catch (e) {
    process.stderr.write(`spl2x: cannot read events ${args.events}: ${(e as Error).message}\n`);
    return undefined;
  }
}

/** Whether a query's pipeline reads events beyond those its filter passes (subsearches, join, append). */
export function needsAllEvents(q: Query): boolean {
  const inPredicate = (p: Predicate): boolean => {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.items.some(inPredicate);
      case 'not':
        return inPredicate(p.item);
      case 'subsearch':
        return true;
      default:
        return false;
    }
  };
  return (
    inPredicate(q.filter) ||
    q.stages.some((s) => s.kind === 'join' || s.kind === 'append' || (s.kind === 'filter' && inPredicate(s.predicate)))
  );
}
