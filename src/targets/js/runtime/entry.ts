/** What the generated module's exports call: contexts, `run`, `filter`. */
import { prepareEvents, toRow } from './event.js';
import { runQuery, type CompiledQuery, type RunContext } from './stages.js';
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

export function makeContext(events: readonly unknown[], options: RunOptions | undefined, aliases: Aliases): RunContext {
  return {
    now: typeof options?.now === 'number' ? options.now : clockNow(),
    events: prepareEvents(events, aliases),
    subsearches: new Map(),
  };
}

let DEFAULT_CONTEXT: RunContext | undefined;

/** The context of `filter(event)` without options: no events for subsearches, "now" fixed at first use. */
function defaultContext(): RunContext {
  DEFAULT_CONTEXT ??= { now: clockNow(), events: [], subsearches: new Map() };
  return DEFAULT_CONTEXT;
}

/** Run a whole query on events (the data source); rows as plain objects. */
export function runMain(q: CompiledQuery, events: readonly unknown[], options: RunOptions | undefined, aliases: Aliases): Record<string, unknown>[] {
  if (!Array.isArray(events)) throw new TypeError('run(events): events must be an array of objects');
  const c = makeContext(events, options, aliases);
  return runQuery(q, c).map(plainRow);
}

/** The filter of a query on one event (not an object → false). */
export function filterOne(q: CompiledQuery, event: unknown, options: RunOptions | undefined, aliases: Aliases): boolean {
  const row = toRow(event, aliases);
  if (!row) return false;
  const c = options === undefined ? defaultContext() : makeContext(options.events ?? [], options, aliases);
  return q.filter(row, c);
}

/** The data-source checks of a query on one event. */
export function selectsOne(q: CompiledQuery, event: unknown, aliases: Aliases): boolean {
  const row = toRow(event, aliases);
  return row !== undefined && q.selects(row);
}
