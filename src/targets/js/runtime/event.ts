/**
 * Events in: flat rows with normalised values and `_time`; newest first. `_raw` (read or synthesised) for
 * raw-text search.
 */
import { parseEventTime } from './time.js';
import { getField, newRow, textOf, valuesOf, type Row, type Scalar, type Value } from './value.js';

/**
 * A runtime value from an input value: strings, finite numbers and booleans as they are; `null`/`undefined` and
 * empty arrays are missing; arrays keep their scalar elements (nulls dropped; nested arrays and objects become
 * JSON text); a `Date` is epoch seconds; anything else its JSON text.
 */
function scalarOf(v: unknown): Scalar | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || v === undefined) return undefined;
  if (Object.prototype.toString.call(v) === '[object Date]') return (v as Date).getTime() / 1000;
  if (typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? undefined;
  } catch {
    return String(v);
  }
}

/** A plain object (any realm): not an array, a Date, a Map… */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';
}

/** Copy an input object into `row`, nested objects flattened with dotted names (`{"a":{"b":1}}` → `a.b`). */
function flattenInto(row: Row, prefix: string, obj: Record<string, unknown>, depth: number): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const name = prefix + k;
    if (isPlainObject(v) && depth < 32) {
      flattenInto(row, `${name}.`, v, depth + 1);
      continue;
    }
    if (Array.isArray(v)) {
      const out: Scalar[] = [];
      for (const x of v) {
        const s = scalarOf(x);
        if (s !== undefined) out.push(s);
      }
      if (out.length) row[name] = out;
      else delete row[name];
      continue;
    }
    const s = scalarOf(v);
    if (s === undefined) delete row[name];
    else row[name] = s;
  }
}

/**
 * An input event as a row: a null-prototype copy, nested objects flattened, values normalised, `aliases`
 * (`[splName, eventName]`, from a field profile) copied to the SPL names, and `_time` as epoch seconds when it
 * parses (else left as is). Not an object → undefined.
 */
export function toRow(event: unknown, aliases: readonly (readonly [string, string])[] = []): Row | undefined {
  if (!isPlainObject(event)) return undefined;
  const row = newRow();
  flattenInto(row, '', event, 0);
  for (const [spl, name] of aliases) {
    const v = getField(row, name);
    if (v !== undefined && getField(row, spl) === undefined) row[spl] = v;
  }
  const t = getField(row, '_time');
  if (t !== undefined && !Array.isArray(t)) {
    const n = parseEventTime(t);
    if (n !== undefined) row['_time'] = n;
  }
  return row;
}

/** The event time of a row (epoch seconds), or undefined. */
export function rowTime(r: Row): number | undefined {
  const t = getField(r, '_time');
  return typeof t === 'number' ? t : undefined;
}

// ───────────── reading input events without a row ─────────────
//
// The filter reads the fields of an input event as given, without making its row: `eventField(e, name)` is exactly
// `getField(toRow(e, aliases), name)` (docs/semantics.md, "JS matcher details": flattening, normalised values,
// aliases, `_time`), computed for that one field.

/** `[splName, eventName]` pairs of a field profile, as the candidate input names of each SPL name, in order. */
export type AliasIndex = ReadonlyMap<string, readonly string[]>;

/**
 * The names whose (input) values an SPL name takes, first defined wins: `toRow` applies the pairs in order, each
 * copying `eventName`'s value (as it is at that point) to `splName` when `splName` has none.
 */
export function aliasIndex(aliases: readonly (readonly [string, string])[]): AliasIndex {
  const out = new Map<string, readonly string[]>();
  for (const [spl, name] of aliases) {
    const cur = out.get(spl) ?? [spl];
    const from = out.get(name) ?? [name];
    out.set(spl, [...new Set([...cur, ...from])]);
  }
  return out;
}

/** A value as a leaf write of `flattenInto` gives it (a plain object handled by the caller): undefined = none. */
function leafValue(v: unknown): Value | undefined {
  if (Array.isArray(v)) {
    const out: Scalar[] = [];
    for (const x of v) {
      const s = scalarOf(x);
      if (s !== undefined) out.push(s);
    }
    return out.length ? out : undefined;
  }
  return scalarOf(v);
}

/** No write of the name under this object (distinct from a write that removes it: undefined). */
const NO_WRITE: unique symbol = Symbol('no write');

/**
 * The last write `flattenInto(row, …, obj, depth)` makes to the dotted name `rest` (relative to `obj`): every key
 * path joined with dots that spells it, in key order, the last one wins.
 */
function flatWrite(obj: Record<string, unknown>, rest: string, depth: number): Value | undefined | typeof NO_WRITE {
  let out: Value | undefined | typeof NO_WRITE = NO_WRITE;
  for (const k of Object.keys(obj)) {
    if (k === rest) {
      const v = obj[k];
      if (!(isPlainObject(v) && depth < 32)) out = leafValue(v);
    } else if (rest.length > k.length && rest.charCodeAt(k.length) === 46 && rest.startsWith(k)) {
      const v = obj[k];
      if (isPlainObject(v) && depth < 32) {
        const w = flatWrite(v, rest.slice(k.length + 1), depth + 1);
        if (w !== NO_WRITE) out = w;
      }
    }
  }
  return out;
}

/** Whether some dotted prefix of `name` is a key of `e` holding an object (so flattening may write `name`). */
function nestedPrefix(e: Record<string, unknown>, name: string): boolean {
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
    const p = name.slice(0, i);
    if (Object.hasOwn(e, p) && isPlainObject(e[p])) return true;
  }
  return false;
}

/** `getField(toRow(e), name)` without aliases or `_time` parsing: the flattened, normalised value. */
function directField(e: Record<string, unknown>, name: string): Value | undefined {
  if (name.includes('.') && nestedPrefix(e, name)) {
    const w = flatWrite(e, name, 0);
    return w === NO_WRITE ? undefined : w;
  }
  if (!Object.hasOwn(e, name)) return undefined;
  const v = e[name];
  if (typeof v === 'string') return v;
  return isPlainObject(v) ? undefined : leafValue(v);
}

/**
 * `eventField` for a name without a dot, other than `_time` and `_raw`, when there are no aliases: the event's own
 * property, normalised. One property read when the event lacks the field (an inherited value is not the field's).
 */
export function eventFlat(e: Record<string, unknown>, name: string): Value | undefined {
  const v = e[name];
  if (typeof v === 'string') return Object.hasOwn(e, name) ? v : undefined;
  if (v === undefined || !Object.hasOwn(e, name)) return undefined;
  return isPlainObject(v) ? undefined : leafValue(v);
}

/**
 * A field of an input event (a plain object) exactly as its row has it: `getField(toRow(e, aliases), name)`, with
 * `idx = aliasIndex(aliases)`; `_raw` falls back to the synthesised raw text, as `readField` does on rows.
 */
export function eventField(e: Record<string, unknown>, name: string, idx: AliasIndex, aliases: readonly (readonly [string, string])[]): Value | undefined {
  let v: Value | undefined;
  const alts = idx.size === 0 ? undefined : idx.get(name);
  if (alts === undefined) v = directField(e, name);
  else {
    for (const n of alts) {
      v = directField(e, n);
      if (v !== undefined) break;
    }
  }
  if (v === undefined) return name === '_raw' ? rawText(toRow(e, aliases)!) : undefined;
  if (name === '_time' && !Array.isArray(v)) {
    const n = parseEventTime(v);
    if (n !== undefined) return n;
  }
  return v;
}

/** The text raw search reads in an input event: `rawText(toRow(e, aliases))`, without the row when `_raw` is given. */
export function eventRaw(e: Record<string, unknown>, idx: AliasIndex, aliases: readonly (readonly [string, string])[]): string {
  const v = eventField(e, '_raw', idx, aliases);
  if (typeof v === 'string') return v;
  return valuesOf(v).map(textOf).join('\n');
}

/**
 * Events as rows, newest first: ordered by `_time` descending (stable); events without a usable `_time` keep their
 * input order, after the others. Inputs that are not objects are skipped.
 */
export function prepareEvents(events: readonly unknown[], aliases: readonly (readonly [string, string])[] = []): Row[] {
  const rows: Row[] = [];
  for (const e of events) {
    const row = toRow(e, aliases);
    if (row) rows.push(row);
  }
  return newestFirst(rows);
}

/** Rows ordered by `_time` descending (stable); rows without a usable `_time` keep their order, after the others. */
export function newestFirst(rows: readonly Row[]): Row[] {
  const timed: { row: Row; t: number; i: number }[] = [];
  const untimed: Row[] = [];
  let i = 0;
  for (const row of rows) {
    const t = rowTime(row);
    if (t === undefined) untimed.push(row);
    else timed.push({ row, t, i: i++ });
  }
  timed.sort((a, b) => b.t - a.t || a.i - b.i);
  return [...timed.map((x) => x.row), ...untimed];
}

/** A row with only the given fields (in the row's key order). */
export function project(r: Row, fields: ReadonlySet<string>): Row {
  const out = newRow();
  for (const k of Object.keys(r)) if (fields.has(k)) out[k] = r[k] as Value;
  return out;
}

const RAW = new WeakMap<Row, string>();
const RAW_LOWER = new WeakMap<Row, string>();

/**
 * The text raw search reads: the row's `_raw` (values joined by newlines), else a synthesised one — a line
 * `field=value` per value, in key order, leaving out `_time` and fields starting with `_`. Cached per row (rows are
 * never changed in place once created).
 */
export function rawText(r: Row): string {
  const cached = RAW.get(r);
  if (cached !== undefined) return cached;
  let text: string;
  const own = getField(r, '_raw');
  if (own !== undefined) text = valuesOf(own).map(textOf).join('\n');
  else {
    const lines: string[] = [];
    for (const k of Object.keys(r)) {
      if (k.startsWith('_')) continue;
      for (const v of valuesOf(r[k] as Value)) lines.push(`${k}=${textOf(v)}`);
    }
    text = lines.join('\n');
  }
  RAW.set(r, text);
  return text;
}

/** `rawText` lower-cased (case-insensitive raw search), cached. */
export function rawTextLower(r: Row): string {
  const cached = RAW_LOWER.get(r);
  if (cached !== undefined) return cached;
  const text = rawText(r).toLowerCase();
  RAW_LOWER.set(r, text);
  return text;
}
