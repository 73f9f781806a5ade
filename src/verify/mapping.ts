/**
 * Explicit Elasticsearch mappings for the verification indices (docs/verify.md, "Mapping"). Two schemas:
 *
 * - `esdsl` (the esdsl and kql targets): what the esdsl target assumes (src/targets/esdsl/field-types.ts): every
 *   field a `keyword` (case kept: the queries say `case_insensitive` themselves; KQL compares keywords as written),
 *   except the ECS fields that table types `long`/`double`/`ip`/`date` and the profile's time field (`date`). The
 *   raw field (`event.original` for ecs) is a `keyword` with no `ignore_above` (raw-text `wildcard`/`regexp` queries
 *   see the whole text) and a `text` subfield.
 * - `sigma` (pySigma's Lucene queries, run as `query_string`): Sigma compares values case-insensitively, so every
 *   keyword has the built-in `lowercase` normalizer, which Elasticsearch applies to the terms, wildcards, phrases
 *   and regexps of a `query_string` on that field. Sigma's numeric comparisons and `|cidr` need numeric and `ip`
 *   fields: a field is `long` (`double`) when every value of it in the events is an integer (a number), `ip` when
 *   every value is an IP address, else a keyword. Unbound Sigma keywords search `index.query.default_field`, set to
 *   the raw field (where the pySigma oracle's matcher searches them too).
 *
 * Both map documents flat (`subobjects: false`, ./documents.ts), with `dynamic: strict` so a field the mapping
 * misses is an indexing error, not a guess; `ignore_malformed` on non-keyword fields keeps a document whose value
 * does not fit its type (the value is then not searchable, and reported).
 */
import { isIP } from 'node:net';
import type { estypes } from '@elastic/elasticsearch';
import { fieldType, type EsFieldType } from '../targets/esdsl/field-types.js';
import type { Profile } from '../targets/profile.js';
import { ID_FIELD, rawFieldOf, type Document } from './documents.js';
import type { EsMapping } from './elasticsearch.js';

export type Schema = 'esdsl' | 'sigma';

export interface IndexSpec {
  readonly mapping: EsMapping;
  readonly settings: estypes.IndicesIndexSettings;
}

type Property = estypes.MappingProperty;

const rawProperty = (normalizer?: string): Property => ({
  type: 'keyword',
  ...(normalizer ? { normalizer } : {}),
  fields: { text: { type: 'text' } },
});

function typed(t: EsFieldType): Property {
  switch (t) {
    case 'keyword':
      return { type: 'keyword' };
    case 'date':
      return { type: 'date', ignore_malformed: true };
    default:
      return { type: t, ignore_malformed: true };
  }
}

/** Every field name of the documents, in first-seen order. */
function fieldNames(docs: readonly Document[]): string[] {
  const seen = new Set<string>();
  for (const d of docs) for (const k of Object.keys(d)) seen.add(k);
  return [...seen];
}

/** Settings every verification index gets: one shard, no replica, room for every event in one page of hits. */
function baseSettings(docs: number): estypes.IndicesIndexSettings {
  return { number_of_shards: 1, number_of_replicas: 0, max_result_window: Math.max(10_000, docs) };
}

/** The mapping the esdsl target assumes, for documents in `profile`'s schema. */
export function esdslIndex(profile: Profile, docs: readonly Document[]): IndexSpec {
  const time = profile.timeField;
  const raw = rawFieldOf(profile);
  const properties: Record<string, Property> = {
    [ID_FIELD]: { type: 'keyword' },
    [time]: { type: 'date' },
    [raw]: rawProperty(),
  };
  for (const name of fieldNames(docs)) if (!(name in properties)) properties[name] = typed(fieldType(name, time));
  return { mapping: { dynamic: 'strict', subobjects: false, properties }, settings: baseSettings(docs.length) };
}

/** The type the values of one field suggest (sigma schema). */
function dataType(values: readonly unknown[]): 'long' | 'double' | 'ip' | 'keyword' {
  const flat = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (flat.length === 0) return 'keyword';
  const integer = (v: unknown) =>
    (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?(0|[1-9][0-9]{0,15})$/.test(v) && Number.isSafeInteger(Number(v)));
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(v));
  if (flat.every(integer)) return 'long';
  if (flat.every(number)) return 'double';
  if (flat.every((v) => typeof v === 'string' && isIP(v) !== 0)) return 'ip';
  return 'keyword';
}

/** The sigma schema: keywords with the `lowercase` normalizer, numeric/ip fields from the data. */
export function sigmaIndex(profile: Profile, docs: readonly Document[]): IndexSpec {
  const time = profile.timeField;
  const raw = rawFieldOf(profile);
  const properties: Record<string, Property> = {
    [ID_FIELD]: { type: 'keyword' },
    [time]: { type: 'date', ignore_malformed: true },
    [raw]: rawProperty('lowercase'),
  };
  for (const name of fieldNames(docs)) {
    if (name in properties) continue;
    const t = dataType(docs.map((d) => d[name]).filter((v) => v !== undefined));
    properties[name] = t === 'keyword' ? { type: 'keyword', normalizer: 'lowercase' } : { type: t, ignore_malformed: true };
  }
  return {
    mapping: { dynamic: 'strict', subobjects: false, properties },
    settings: { ...baseSettings(docs.length), query: { default_field: [raw] } },
  };
}

export function indexSpec(schema: Schema, profile: Profile, docs: readonly Document[]): IndexSpec {
  return schema === 'sigma' ? sigmaIndex(profile, docs) : esdslIndex(profile, docs);
}

/** The KQL reader's field types (a Kibana data view) from mappings: every field and subfield, by its ES type. */
export function kqlFieldTypes(mappings: readonly EsMapping[]): Record<string, 'keyword' | 'text' | 'long' | 'date' | 'ip'> {
  const out: Record<string, 'keyword' | 'text' | 'long' | 'date' | 'ip'> = {};
  const kind = (t: string | undefined) =>
    t === 'keyword' ? 'keyword' : t === 'text' ? 'text' : t === 'date' ? 'date' : t === 'ip' ? 'ip' : t === 'long' || t === 'double' ? 'long' : undefined;
  const visit = (props: Record<string, Property> | undefined, prefix: string) => {
    for (const [name, p] of Object.entries(props ?? {})) {
      const full = prefix + name;
      const k = kind((p as { type?: string }).type);
      if (k && !(full in out)) out[full] = k;
      visit((p as { fields?: Record<string, Property> }).fields, `${full}.`);
      visit((p as { properties?: Record<string, Property> }).properties, `${full}.`);
    }
  };
  for (const m of mappings) visit(m.properties as Record<string, Property> | undefined, '');
  return out;
}
