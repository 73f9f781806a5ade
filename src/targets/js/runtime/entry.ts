/** What the generated module's exports call: contexts, `run`, `filter`. */
import { isPlainObject, newestFirst, prepareEvents, project, toRow } from './event.js';
import { runStages, type CompiledQuery, type RunContext } from './stages.js';
import { plainRow, type Row } from './value.js';

/** Options of `run(events, options)` and `filter(event, options)`. */
export interface RunOptions {
  /** "Now" for `now()`/`time()`, epoch seconds (default: the clock when the run starts). */
  readonly now?: number;
  /** `filter` only: the events subsearches read (default: none, so a subsearch matches nothing). */
  readonly events?: readonly unknown[];
}

/** `[splName, eventName]` pairs: a field profile's names copied to the rule's names when events are read. */
export type Aliases = readonly (readonly [string, string])[];

function clockNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** A run's context; its `events` (every input event as a row, sorted) are made only if a subsearch reads them. */
export function makeContext(events: readonly unknown[], options: RunOptions | undefined, aliases: Aliases): RunContext {
  let rows: RunContext['events'] | undefined;
  return {
    now: typeof options?.now === 'number' ? options.now : clockNow(),
    get events() {
      rows ??= prepareEvents(events, aliases);
      return rows;
    },
    subsearches: new Map(),
  };
}

let DEFAULT_CONTEXT: RunContext | undefined;

/** The context of `filter(event)` without options: no events for subsearches, "now" fixed at first use. */
function defaultContext(): RunContext {
  DEFAULT_CONTEXT ??= { now: clockNow(), events: [], subsearches: new Map() };
  return DEFAULT_CONTEXT;
}

/** Whether an input event (a plain object) passes the data-source checks and the filter of the main query. */
function passes(q: CompiledQuery, e: Record<string, unknown>, c: RunContext, aliases: Aliases): boolean {
  if (q.event) return q.event.selects(e, c) && q.event.filter(e, c);
  const r = toRow(e, aliases)!;
  return q.selects(r) && q.filter(r, c);
}

/** A run fed one event at a time: `push` each event (the data source), then `end` for the rows. */
export interface Runner {
  push(event: unknown): void;
  end(): Record<string, unknown>[];
}

/**
 * A run of a whole query, fed event by event. The filter runs on the input events as given and only the events
 * that pass are kept and become rows (ordered newest first, as `prepareEvents` orders all of them: the order is
 * stable, so the subset keeps its relative order). A query that reads the data source itself (a subsearch, join or
 * append: `q.source`) keeps every event and filters at the end, when the data source is complete. A query whose
 * stages can see only some fields (`q.keep`) keeps only those of each matching event.
 */
export function startRun(q: CompiledQuery, options: RunOptions | undefined, aliases: Aliases): Runner {
  const all: unknown[] | undefined = q.source ? [] : undefined;
  const c = makeContext(all ?? [], options, aliases);
  const kept: Record<string, unknown>[] = [];
  const keep = q.keep ? new Set(q.keep) : undefined;
  const rows: Row[] = [];
  let ended = false;
  return {
    push(e) {
      if (ended) throw new Error('run: push() after end()');
      if (all) all.push(e);
      else if (isPlainObject(e) && passes(q, e, c, aliases)) {
        if (keep) rows.push(project(toRow(e, aliases)!, keep));
        else kept.push(e);
      }
    },
    end() {
      if (ended) throw new Error('run: end() called twice');
      ended = true;
      if (all) for (const e of all) if (isPlainObject(e) && passes(q, e, c, aliases)) kept.push(e);
      return runStages(q, keep ? newestFirst(rows) : prepareEvents(kept, aliases), c).map(plainRow);
    },
  };
}

/** Run a whole query on events (the data source); rows as plain objects. */
export function runMain(q: CompiledQuery, events: readonly unknown[], options: RunOptions | undefined, aliases: Aliases): Record<string, unknown>[] {
  if (!Array.isArray(events)) throw new TypeError('run(events): events must be an array of objects');
  const r = startRun(q, options, aliases);
  for (const e of events) r.push(e);
  return r.end();
}

/** The filter of a query on one event (not an object → false). */
export function filterOne(q: CompiledQuery, event: unknown, options: RunOptions | undefined, aliases: Aliases): boolean {
  if (!isPlainObject(event)) return false;
  const c = options === undefined ? defaultContext() : makeContext(options.events ?? [], options, aliases);
  if (q.event) return q.event.filter(event, c);
  return q.filter(toRow(event, aliases)!, c);
}

/** The data-source checks of a query on one event. */
export function selectsOne(q: CompiledQuery, event: unknown, aliases: Aliases): boolean {
  if (!isPlainObject(event)) return false;
  if (q.event) return q.event.selects(event, defaultContext());
  return q.selects(toRow(event, aliases)!);
}
