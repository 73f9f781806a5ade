/**
 * Running a generated JS matcher module (`spl2x run`) and reading NDJSON events.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';

/** A result row of `run`. */
export type Row = Record<string, unknown>;

/** What a generated module exports. */
export interface MatcherModule {
  readonly meta: Readonly<Record<string, unknown>>;
  filter(event: unknown, options?: { now?: number; events?: readonly unknown[] }): boolean;
  selects(event: unknown): boolean;
  run(events: readonly unknown[], options?: { now?: number }): Row[];
  /** The pipeline fed one event at a time; keeps only the events its filter passes (unless it reads the data source). */
  runner(options?: { now?: number }): { push(event: unknown): void; end(): Row[] };
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
 * Read NDJSON events from a stream and hand each to `onEvent` as it is parsed (constant memory: a chunk and the
 * current line at a time), with the same lines and diagnostics as `parseEvents`: lines end at `\n` (a `\r` before it
 * is dropped), blank lines are skipped, a UTF-8 byte-order mark is ignored. Lines are cut in the bytes and each
 * decoded on its own (a line feed never occurs inside a UTF-8 sequence).
 */
export async function forEachEvent(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  file: string,
  onEvent: (event: unknown) => void,
): Promise<{ read: number; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  let lineNo = 0;
  let read = 0;
  /** The pieces of a line that began in earlier chunks. */
  let rest: Buffer[] = [];
  /** One line, bytes [start, end) of buf; `nl`: it ended at a line feed (so a `\r` before it is dropped). */
  const line = (buf: Buffer, start: number, end: number, nl: boolean) => {
    lineNo++;
    if (nl && end > start && buf[end - 1] === 13) end--;
    if (lineNo === 1 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    const e = parseEventLine(buf.toString('utf8', start, end), lineNo, file, diagnostics);
    if (e === undefined) return;
    read++;
    onEvent(e);
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let s = 0;
    let nl = buf.indexOf(10);
    if (rest.length > 0 && nl >= 0) {
      const joined = Buffer.concat([...rest, buf.subarray(0, nl)]);
      rest = [];
      line(joined, 0, joined.length, true);
      s = nl + 1;
      nl = buf.indexOf(10, s);
    }
    for (; nl >= 0; nl = buf.indexOf(10, s)) {
      line(buf, s, nl, true);
      s = nl + 1;
    }
    // The unfinished line: a copy, so the chunk itself is not kept.
    if (s < buf.length) rest.push(Buffer.from(buf.subarray(s)));
  }
  if (rest.length > 0) {
    const last = Buffer.concat(rest);
    line(last, 0, last.length, false);
  }
  return { read, diagnostics };
}

/**
 * Read NDJSON events from a stream (as `forEachEvent`), keeping those `keep` accepts (default: all).
 */
export async function readEvents(
  input: NodeJS.ReadableStream,
  file: string,
  keep: (event: unknown) => boolean = () => true,
): Promise<{ events: unknown[]; read: number; diagnostics: Diagnostic[] }> {
  const events: unknown[] = [];
  const r = await forEachEvent(input, file, (e) => {
    if (keep(e)) events.push(e);
  });
  return { events, ...r };
}

/** The rows of each module (in order) on the events of one input, or none when the input has bad lines. */
export interface StreamedRun {
  readonly rows: Row[][];
  readonly read: number;
  readonly diagnostics: Diagnostic[];
}

/**
 * Stream one NDJSON input through several generated modules at once (`runner()` of each): the events are read once,
 * each module keeps only what its pipeline needs. When the input has a bad line (an error diagnostic), no rows.
 */
export async function runSources(sources: readonly string[], input: NodeJS.ReadableStream | AsyncIterable<Buffer | string>, file: string): Promise<StreamedRun> {
  const modules = await Promise.all(sources.map((s) => loadModule(s)));
  const runners = modules.map((m) => m.runner());
  const r = await forEachEvent(input, file, (e) => {
    for (const x of runners) x.push(e);
  });
  const bad = r.diagnostics.some((d) => d.severity === 'error');
  return { rows: bad ? [] : runners.map((x) => x.end()), ...r };
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
