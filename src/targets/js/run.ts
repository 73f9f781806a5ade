/**
 * Running a generated JS matcher module (`spl2x run`) and reading NDJSON events.
 */
import { createInterface } from 'node:readline';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';

/** A result row of `run`. */
export type Row = Record<string, unknown>;

/** What a generated module exports. */
export interface MatcherModule {
  readonly meta: Readonly<Record<string, unknown>>;
  filter(event: unknown, options?: { now?: number; events?: readonly unknown[] }): boolean;
  selects(event: unknown): boolean;
  run(events: readonly unknown[], options?: { now?: number }): Row[];
}


const loaded = new Map<string, Promise<MatcherModule>>();

/** Load a generated module (cached by its text). */
export function loadModule(source: string): Promise<MatcherModule> {
  let p = loaded.get(source);
  if (!p) {
    const url = `data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}`;
    p = import(url) as Promise<MatcherModule>;
    if (loaded.size > 256) loaded.clear();
    loaded.set(source, p);
  }
  return p;
}

/** Import a generated module and run its pipeline on events. */
export async function runModule(source: string, events: readonly unknown[], options?: { now?: number }): Promise<Row[]> {
  const mod = await loadModule(source);
  return mod.run(events, options);
}

/**
 * NDJSON events: one JSON object per line; blank lines are skipped. A line that is not JSON, or not an object, is
 * reported (EVT001 / EVT002, with its line and column) and left out. A UTF-8 byte-order mark is ignored.
 */
export function parseEvents(text: string, file = '<events>'): { events: unknown[]; diagnostics: Diagnostic[] } {
  const events: unknown[] = [];
  const diagnostics: Diagnostic[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  body.split(/\r?\n/).forEach((line, i) => {
    const e = parseEventLine(line, i + 1, file, diagnostics);
    if (e !== undefined) events.push(e);
  });
  return { events, diagnostics };
}

/**
 * Read NDJSON events from a stream line by line (constant memory apart from what `keep` retains), with the same
 * diagnostics as `parseEvents`. `keep` decides which parsed events are retained (e.g. those a rule's filter passes).
 */
export async function readEvents(
  input: NodeJS.ReadableStream,
  file: string,
  keep: (event: unknown) => boolean = () => true,
): Promise<{ events: unknown[]; read: number; diagnostics: Diagnostic[] }> {
  const events: unknown[] = [];
  const diagnostics: Diagnostic[] = [];
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let read = 0;
  for await (const raw of rl) {
    n++;
    const line = n === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    const e = parseEventLine(line, n, file, diagnostics);
    if (e === undefined) continue;
    read++;
    if (keep(e)) events.push(e);
  }
  return { events, read, diagnostics };
}

/** One NDJSON line → an event object, or undefined (blank, or reported in `diagnostics`). */
function parseEventLine(line: string, lineNo: number, file: string, diagnostics: Diagnostic[]): unknown {
  {
    const i = lineNo - 1;
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const message = (e as Error).message;
      const pos = /position (\d+)/.exec(message);
      const column = pos ? Number(pos[1]) + 1 : 1;
      diagnostics.push(diag('EVT001', 'error', `line ${i + 1} is not valid JSON: ${message}`, { file, line: i + 1, column }));
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      diagnostics.push(diag('EVT002', 'error', `line ${i + 1} is ${kind}, not a JSON object (one event per line)`, { file, line: i + 1, column: 1 + (line.length - line.trimStart().length) }));
      return undefined;
    }
    return value;
  }
}
