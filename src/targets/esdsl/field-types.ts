/**
 * Elasticsearch field types the esdsl target needs to know (profiles only map names): which query a leaf can use
 * depends on the mapping (`wildcard`/`regexp` only on keyword-like fields, `range` numeric only on numeric
 * fields, CIDR `term` only on `ip` fields, `min`/`sum` aggregations only on numeric or date fields).
 *
 * The table lists the ECS fields the built-in `ecs` profile maps to whose type is not `keyword` (ECS reference,
 * Winlogbeat exported fields: `winlog.event_data.*`, `event.code` and `winlog.record_id` are keywords). The
 * profile's time field is a `date`. Every other field is taken to be a `keyword`; a user profile mapping onto
 * numeric fields not listed here gets string semantics (see `range` in ./query.ts).
 */
export type EsFieldType = 'keyword' | 'long' | 'double' | 'ip' | 'date';

const ECS_TYPES: Readonly<Record<string, EsFieldType>> = {
  '@timestamp': 'date',
  'event.created': 'date',
  'event.ingested': 'date',
  'event.severity': 'long',
  'process.pid': 'long',
  'process.parent.pid': 'long',
  'process.thread.id': 'long',
  'source.ip': 'ip',
  'destination.ip': 'ip',
  'client.ip': 'ip',
  'server.ip': 'ip',
  'host.ip': 'ip',
  'source.port': 'long',
  'destination.port': 'long',
  'client.port': 'long',
  'server.port': 'long',
  'source.bytes': 'long',
  'destination.bytes': 'long',
  'network.bytes': 'long',
  'winlog.process.pid': 'long',
  'winlog.process.thread.id': 'long',
};

export function fieldType(esName: string, timeField: string): EsFieldType {
  if (esName === timeField) return 'date';
  return (Object.hasOwn(ECS_TYPES, esName) ? ECS_TYPES[esName] : undefined) ?? 'keyword';
}

export function isNumericType(t: EsFieldType): boolean {
  return t === 'long' || t === 'double';
}
