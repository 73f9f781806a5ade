/** What the generated module's exports call: contexts, `run`, `filter`. */
import { isPlainObject, prepareEvents, toRow } from './event.js';
import { runStages, type CompiledQuery, type RunContext } from './stages.js';
import { plainRow } from './value.js';

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

/**
 * Run a whole query on events (the data source); rows as plain objects. The filter runs on the input events as
 * given, so only the events that pass become rows (ordered newest first, as `prepareEvents` orders all of them: the
 * order is stable, so the filtered subset keeps its relative order).
 */
export function runMain(q: CompiledQuery, events: readonly unknown[], options: RunOptions | undefined, aliases: Aliases): Record<string, unknown>[] {
  if (!Array.isArray(events)) throw new TypeError('run(events): events must be an array of objects');
  const c = makeContext(events, options, aliases);
  const kept: Record<string, unknown>[] = [];
  for (const e of events) if (isPlainObject(e) && passes(q, e, c, aliases)) kept.push(e);
  return runStages(q, prepareEvents(kept, aliases), c).map(plainRow);
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
