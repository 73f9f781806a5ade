import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Argv } from 'yargs';
import { enableV8RegexFallback } from '../../regex/safety-v8.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { convertWith, parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { js } from '../../targets/js/index.js';
import { runSources, type StreamedRun } from '../../targets/js/run.js';
import type { StdinMessage } from './run-worker.js';
import type { Target } from '../../targets/types.js';
import { MACRO_OPTIONS, frontendAll, macroTable, printDiagnostics, semanticsFrom } from '../rules.js';
import { textTable } from '../text-table.js';

export interface RunArgs {
  rules: string[];
  events: string;
  macros?: string;
  'assumed-macros'?: boolean;
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
      .options(MACRO_OPTIONS)
      .option('profile', { type: 'string', describe: 'field profile of the events (default: splunk, the rule\'s own names)' })
      .option('format', { choices: ['json', 'ndjson', 'table'] as const, default: 'json' as const, describe: 'json: one array; ndjson: a row per line; table: aligned text' }),
};

/**
 * Exit codes: 0 rows printed; 1 a rule could not be loaded or run; 2 bad events input.
 *
 * The events (a file or stdin) are read once, as a stream, and fed to every rule's runner (`runner()` of its
 * module) one at a time: an event a rule's filter rejects is dropped at once, so memory holds only the matching
 * events and the pipeline state (a rule whose subsearch, join or append reads every event keeps them all).
 * This runs in a worker thread (run-worker.ts) with a small young generation: its heap holds the matcher only, so
 * the garbage of parsing is collected against that, not against the whole CLI's heap.
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
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  const profiles = new ProfileCache(parseProfileChoice(args.profile ? [args.profile] : []));
  let code = 0;
  const sources: string[] = [];
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
    sources.push(converted.value.output as string);
  }
  if (sources.length === 0) return code || 1;

  const streamed = await stream(sources, args.events, stdin);
  if ('error' in streamed) {
    process.stderr.write(`spl2x: cannot read events ${args.events}: ${streamed.error}\n`);
    return 2;
  }
  printDiagnostics(streamed.diagnostics, true);
  if (hasErrors(streamed.diagnostics)) return 2;
  for (const rows of streamed.rows) {
    if (args.format === 'json') out(JSON.stringify(rows, null, 2) + '\n');
    else if (args.format === 'ndjson') out(rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : ''));
    else out(textTable(rows));
  }
  return code;
}

/** Young generation of the run worker: small, so the garbage of parsing is collected often and in place. */
const WORKER_YOUNG_MB = 8;
/** Chunks of standard input sent to the worker and not yet read by it, at most. */
const STDIN_IN_FLIGHT = 4;

/**
 * The events through the rules' modules: in a worker thread when the compiled worker is there (`dist/`), else (from
 * the TypeScript sources, as in the test suite) in this thread. Read errors come back as `{ error }`.
 */
async function stream(sources: readonly string[], events: string, stdin: () => NodeJS.ReadableStream): Promise<StreamedRun | { error: string }> {
  const worker = new URL('./run-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(worker))) {
    try {
      return await runSources(sources, events === '-' ? stdin() : createReadStream(events), events);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  const channel = events === '-' ? new MessageChannel() : undefined;
  const w = new Worker(worker, {
    workerData: { sources, events, stdin: channel?.port2 },
    transferList: channel ? [channel.port2] : [],
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const input = channel ? stdin() : undefined;
  if (channel && input) feed(input, channel.port1);
  try {
    return await new Promise<StreamedRun | { error: string }>((resolve, reject) => {
      w.once('message', (m: { ok: true; result: StreamedRun } | { ok: false; message: string }) => resolve(m.ok ? m.result : { error: m.message }));
      w.once('error', reject);
      w.once('exit', (c) => reject(new Error(`the run worker stopped (exit code ${c}) before giving its rows`)));
    });
  } finally {
    channel?.port1.close();
    input?.pause();
    await w.terminate();
  }
}

/** Send a stream's chunks on a port, at most STDIN_IN_FLIGHT unacknowledged, then its end (`null`) or its error. */
function feed(input: NodeJS.ReadableStream, port: MessagePort): void {
  let inFlight = 0;
  port.on('message', () => {
    inFlight--;
    if (inFlight < STDIN_IN_FLIGHT && input.isPaused()) input.resume();
  });
  input.on('data', (chunk: Buffer | string) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    // The chunk's own memory moves to the worker when the chunk is all of it (a stream read is); else a copy does.
    const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
    const bytes = own ? (b.buffer as ArrayBuffer) : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    try {
      port.postMessage(bytes satisfies StdinMessage, [bytes]);
    } catch {
      // An ArrayBuffer that cannot be transferred (Node's Buffer pool): send a copy.
      const copy = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      port.postMessage(copy satisfies StdinMessage, [copy]);
    }
    if (++inFlight >= STDIN_IN_FLIGHT) input.pause();
  });
  input.on('end', () => port.postMessage(null satisfies StdinMessage));
  input.on('error', (e: Error) => port.postMessage({ error: e.message } satisfies StdinMessage));
}
