/**
 * Events → documents in a profile's schema, for indexing on a real engine (docs/verify.md).
 *
 * An event is first read exactly as the JS matcher reads it (`toRow` of the runtime: nested objects flattened,
 * `null`/`[]` missing, `_time` as epoch seconds), then:
 * - every field goes to `profile.field(name)` (unmapped fields keep their SPL name); several SPL fields that map to
 *   one name (`host`, `ComputerName` → `host.name`) become one multivalue field with their distinct values;
 * - `_time` goes to the profile's time field as an ISO-8601 date (an unparseable `_time` is left out, reported);
 * - `_raw` goes to the profile's raw field (`_raw` when the profile has none, as for `sigma`): the event's own, else
 *   the text the runtime synthesises (`rawText`, the runtime's own function — the same text raw search reads);
 * - the event's id goes to `spl2x_id` (and is the document's `_id`).
 *
 * Documents are flat (`{"host.name": …}`): the index maps them with `subobjects: false` (./mapping.ts), so an SPL
 * field kept under its own name (`source`) and a mapped ECS field under it (`source.ip`) can both exist.
 */
import { rawText, toRow } from '../targets/js/runtime/event.js';
import type { Row, Scalar, Value } from '../targets/js/runtime/value.js';
import type { Profile } from '../targets/profile.js';

/** The keyword field holding each event's id in every verification index. */
export const ID_FIELD = 'spl2x_id';

/** Where raw text goes when the profile has no raw field (Sigma keywords are searched there). */
export const DEFAULT_RAW_FIELD = '_raw';

export type DocValue = Scalar | Scalar[];
export type Document = Record<string, DocValue>;

/** Events with their ids: the event's `id` when every event has a distinct one, else `#1`, `#2`, … (file order). */
export interface EventFile {
  /** A name for reports and index names (the file's base name). */
  readonly name: string;
  /** Events as read from NDJSON, with SPL field names. */
  readonly events: readonly Record<string, unknown>[];
  readonly ids: readonly string[];
}

/** Ids for `events`: their `id` fields when all are distinct non-empty strings or numbers, else positions `#N`. */
export function eventIds(events: readonly Record<string, unknown>[]): string[] {
  const own = events.map((e) => e['id']);
  const usable = own.every((v) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v)));
  if (usable && new Set(own.map(String)).size === own.length) return own.map(String);
  return events.map((_, i) => `#${i + 1}`);
}

export function eventFile(name: string, events: readonly Record<string, unknown>[]): EventFile {
  return { name, events, ids: eventIds(events) };
}

/** The profile's raw-text field, or `_raw` when it has none. */
export function rawFieldOf(profile: Profile): string {
  return profile.rawField ?? DEFAULT_RAW_FIELD;
}

/** Elasticsearch's metadata fields: a document cannot carry them. */
const METADATA = new Set([
  '_id', '_index', '_source', '_routing', '_ignored', '_ignored_source', '_seq_no', '_primary_term', '_version', '_field_names',
  '_doc_count', '_tier', '_data_stream_timestamp', '_nested_path', '_feature', '_meta', '_type', '_uid', '_parent', '_all', '_size',
]);

/** Can Elasticsearch hold a field under this (flat) name? */
export function validFieldName(name: string): boolean {
  return name !== '' && !METADATA.has(name) && !name.startsWith('.') && !name.endsWith('.') && !name.includes('..') && name.trim() !== '';
}

export interface DocumentsReport {
  readonly documents: readonly Document[];
  readonly ids: readonly string[];
  /** Target fields several SPL fields were merged into: target name → SPL names. */
  readonly merged: Readonly<Record<string, readonly string[]>>;
  /** SPL fields left out (a name Elasticsearch cannot hold, or one the time/raw/id fields take), with why. */
  readonly dropped: readonly string[];
  /** Ids of events whose `_time` did not parse (no time field in their document). */
  readonly untimed: readonly string[];
}

/** Every event of `file` as a document in `profile`'s schema. */
export function toDocuments(file: EventFile, profile: Profile): DocumentsReport {
  const timeField = profile.timeField;
  const rawField = rawFieldOf(profile);
  const reserved = new Set([timeField, rawField, ID_FIELD]);
  const merged = new Map<string, Set<string>>();
  const dropped = new Set<string>();
  const untimed: string[] = [];
  const documents = file.events.map((event, i) => {
    const id = file.ids[i]!;
    const row = toRow(event);
    const doc: Document = {};
    const from = new Map<string, string[]>();
    if (!row) return { [ID_FIELD]: id };
    for (const key of Object.keys(row)) {
      if (key === '_time' || key === '_raw') continue;
      const name = profile.field(key).name;
      if (reserved.has(name) || !validFieldName(name)) {
        dropped.add(reserved.has(name) ? `${key} (its name ${name} is the ${name === ID_FIELD ? 'id' : name === timeField ? 'time' : 'raw'} field)` : `${key} (${name === key ? 'a name' : `mapped to ${name},`} Elasticsearch cannot hold)`);
        continue;
      }
      const value = row[key] as Value;
      const prev = doc[name];
      (from.get(name) ?? from.set(name, []).get(name)!).push(key);
      if (prev === undefined) {
        doc[name] = Array.isArray(value) ? [...value] : (value as Scalar);
        continue;
      }
      const all = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(value) ? value : [value])];
      const distinct = all.filter((x, k) => all.findIndex((y) => y === x) === k);
      doc[name] = distinct.length === 1 ? distinct[0]! : distinct;
    }
    for (const [name, keys] of from) if (keys.length > 1) for (const k of keys) (merged.get(name) ?? merged.set(name, new Set()).get(name)!).add(k);
    const t = (row as Row)['_time'];
    if (typeof t === 'number' && Number.isFinite(t)) doc[timeField] = new Date(Math.round(t * 1000)).toISOString();
    else if (t !== undefined) untimed.push(id);
    doc[rawField] = rawText(row);
    doc[ID_FIELD] = id;
    return doc;
  });
  return {
    documents,
    ids: file.ids,
    merged: Object.fromEntries([...merged].map(([k, v]) => [k, [...v].sort()])),
    dropped: [...dropped].sort(),
    untimed,
  };
}
