/**
 * Independent KQL reader, used as a test oracle for the KQL target: KQL text → AST → the Elasticsearch Query DSL
 * that Kibana 8.x would send. Shares no code with `src/targets/kql/`. See README.md for sources and decisions.
 */
export * from './ast.js';
export { KqlSyntaxError, parseKql, type ParseOptions, type ParseResult } from './parser.js';
export { escapeQueryString, wildcardToQueryString } from './query-string.js';
export { astToDsl, toDsl, type Dsl, type FieldType, type ToDslOptions } from './to-dsl.js';
