/**
 * KQL AST → Elasticsearch Query DSL, following what Kibana 8.x's `toElasticsearchQuery(fromKueryExpression(kql),
 * dataView, config)` returns (the query Kibana places in its request, before `buildEsQuery` wraps it with filters).
 * Own code written from a reading of (all under elastic/kibana packages/kbn-es-query/src/kuery/):
 *   K2  functions/is.ts      (newest form read: `valueArg.isQuoted`, `isKeywordField`, `caseInsensitive`)
 *   Kr  functions/range.ts   Ka functions/and.ts   Ko functions/or.ts   Kn functions/not.ts
 *   Kx  functions/nested.ts  Kf functions/utils/get_fields.ts, get_full_field_name_node.ts
 *   K3  node_types/wildcard.ts (toQueryStringQuery, test, isLoneWildcard)
 * and semantics.md §C rules.
 *
 * Decisions (see README.md):
 * - `and` → `bool.filter` (Ka: `filtersInMustClause ? 'must' : 'filter'`; option `filtersInMustClause`).
 * - `or` → `bool.should` + `minimum_should_match: 1` (Ko).  `not` → `bool.must_not: <one query object>` (Kn).
 * - Each `is`/`range` → `bool.should: [one query per matching field]` + `minimum_should_match: 1` (K2, Kr).
 * - Field known as `keyword` (data view esTypes exactly ['keyword']): `term` (PR #143599, 8.6) and, for wildcard
 *   values, `wildcard` with the query_string-escaped value (PR #140629, 8.5; escaping PR #174464, 8.12.1).
 *   Field unknown or not keyword: quoted → `match_phrase`, unquoted → `match`, wildcard → `query_string`
 *   `{fields:[f], query}` (no `analyze_wildcard`: Kibana does not set it), date → `range` gte = lte.
 */
import { type KqlNode, type LiteralValue, type ValueNode, isLoneWildcard, plainValue } from './ast.js';
import { type ParseOptions, parseKql } from './parser.js';
import { wildcardToQueryString } from './query-string.js';

export type FieldType = 'keyword' | 'text' | 'long' | 'date' | 'ip';

export interface ToDslOptions extends ParseOptions {
  /**
   * The data view's fields. A field listed here is looked up like Kibana's data view (exact name; wildcard field names
   * expand over these names). Without `fields` Kibana behaves as with no data view: every field is "unknown".
   */
  fields?: Record<string, FieldType>;
  /**
   * NOT Kibana: Kibana sends bare values (`foo`, `"a b"`, `ba*`) without fields, and ES then uses the index setting
   * `index.query.default_field` (default `*`). Setting this adds `fields: [defaultField]` to those `multi_match` /
   * `query_string` queries (same effect as that index setting). Leave unset for Kibana-exact DSL.
   */
  defaultField?: string;
  /** Kibana `KueryQueryOptions.caseInsensitive` (PR #148916): adds `case_insensitive` to keyword `term`/`wildcard`. */
  caseInsensitive?: boolean;
  /** Kibana `KueryQueryOptions.filtersInMustClause`: `and` uses `bool.must` instead of `bool.filter`. */
  filtersInMustClause?: boolean;
  /** Kibana `dateFormatTZ` (an IANA zone; 'Browser' is not emulated): adds `time_zone` to date `range` queries. */
  dateFormatTZ?: string;
}

export type Dsl = Record<string, unknown>;

interface Ctx {
  opts: ToDslOptions;
  nestedPath?: string;
}

interface ViewField {
  name: string;
  type: FieldType | '';
}

export function toDsl(kql: string, opts: ToDslOptions = {}): Dsl {
  return astToDsl(parseKql(kql, opts), opts);
}

export function astToDsl(ast: KqlNode | null, opts: ToDslOptions = {}): Dsl {
  // grammar.peggy `start`: an empty query is is(*, *) → K2 `isMatchAllQuery` → match_all
  if (ast === null) return { match_all: {} };
  return node(ast, { opts });
}

function node(n: KqlNode, ctx: Ctx): Dsl {
  switch (n.type) {
    case 'or': // Ko
      return { bool: { should: n.children.map((c) => node(c, ctx)), minimum_should_match: 1 } };
    case 'and': // Ka
      return { bool: { [ctx.opts.filtersInMustClause ? 'must' : 'filter']: n.children.map((c) => node(c, ctx)) } };
    case 'not': // Kn: must_not holds ONE query object, not an array
      return { bool: { must_not: node(n.child, ctx) } };
    case 'nested': {
      // Kx: path joined to an enclosing nested path; children see the full path as context; score_mode 'none'
      const path = String(plainValue(n.path));
      const full = ctx.nestedPath ? `${ctx.nestedPath}.${path}` : path;
      return { nested: { path: full, query: node(n.child, { ...ctx, nestedPath: full }), score_mode: 'none' } };
    }
    case 'is':
      return isQuery(n.field, n.value, ctx);
    case 'range':
      return rangeQuery(n.field, n.op, n.value, ctx);
  }
}

/** Kf get_full_field_name_node.ts: inside `path:{…}` a field `f` is `path.f` (also a wildcard name, also `null`). */
function fullFieldName(field: ValueNode, ctx: Ctx): ValueNode {
  if (!ctx.nestedPath) return field;
  if (field.kind === 'wildcard') {
    const parts = [...field.parts];
    parts[0] = `${ctx.nestedPath}.${parts[0]}`;
    return { kind: 'wildcard', parts };
  }
  // `${nestedPath}.${value}` — template literal, so a null field becomes the text "path.null" (src)
  return { kind: 'literal', value: `${ctx.nestedPath}.${String(field.value)}`, quoted: field.quoted };
}

/** Kf get_fields.ts, plus the K2/Kr fallback: no match (or no data view) → the name as written, type unknown. */
function viewFields(field: ValueNode, ctx: Ctx): ViewField[] {
  const { fields } = ctx.opts;
  let found: ViewField[] = [];
  if (fields) {
    const names = Object.keys(fields);
    if (field.kind === 'literal') {
      const name = String(field.value);
      if (Object.hasOwn(fields, name)) found = [{ name, type: fields[name]! }];
    } else {
      const re = wildcardRegExp(field.parts); // K3 `test`: `*` = [\s\S]*, anchored
      found = names.filter((nm) => re.test(nm)).map((nm) => ({ name: nm, type: fields[nm]! }));
    }
  }
  if (found.length === 0) found = [{ name: String(plainValue(field)), type: '' }];
  return found;
}

function wildcardRegExp(parts: readonly string[]): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${parts.map(esc).join('[\\s\\S]*')}$`);
}

function caseOpt(ctx: Ctx): Record<string, boolean> {
  return typeof ctx.opts.caseInsensitive === 'boolean' ? { case_insensitive: ctx.opts.caseInsensitive } : {};
}

function tzOpt(ctx: Ctx): Record<string, string> {
  return ctx.opts.dateFormatTZ ? { time_zone: ctx.opts.dateFormatTZ } : {};
}

/** K2 is.ts `toElasticsearchQuery`. */
function isQuery(fieldArg: ValueNode, valueArg: ValueNode, ctx: Ctx): Dsl {
  const isExists = isLoneWildcard(valueArg);
  const isAllFields = isLoneWildcard(fieldArg);
  if (isExists && isAllFields) return { match_all: {} };

  const field = fullFieldName(fieldArg, ctx);
  const value: LiteralValue = plainValue(valueArg);
  const quoted = valueArg.kind === 'literal' && valueArg.quoted;

  if (field.kind === 'literal' && field.value === null) {
    // bare value: searched in the default fields
    const df = ctx.opts.defaultField ? { fields: [ctx.opts.defaultField] } : {};
    if (valueArg.kind === 'wildcard') return { query_string: { query: wildcardToQueryString(valueArg.parts), ...df } };
    return { multi_match: { type: quoted ? 'phrase' : 'best_fields', query: value, lenient: true, ...df } };
  }

  const queries = viewFields(field, ctx).map((f): Dsl => {
    const isKeyword = f.type === 'keyword'; // K2: `field.esTypes?.length === 1 && field.esTypes.includes('keyword')`
    if (isExists) return { exists: { field: f.name } };
    if (valueArg.kind === 'wildcard') {
      const qs = wildcardToQueryString(valueArg.parts);
      return isKeyword
        ? { wildcard: { [f.name]: { value: qs, ...caseOpt(ctx) } } }
        : { query_string: { fields: [f.name], query: qs } };
    }
    if (f.type === 'date') return { range: { [f.name]: { gte: value, lte: value, ...tzOpt(ctx) } } };
    if (isKeyword) return { term: { [f.name]: { value, ...caseOpt(ctx) } } };
    return { [quoted ? 'match_phrase' : 'match']: { [f.name]: value } };
  });
  return { bool: { should: queries, minimum_should_match: 1 } };
}

/** Kr range.ts `toElasticsearchQuery`: the value as written (a wildcard value keeps its raw `*`), per field. */
function rangeQuery(fieldArg: ValueNode, op: string, valueArg: ValueNode, ctx: Ctx): Dsl {
  const field = fullFieldName(fieldArg, ctx);
  const params = { [op]: plainValue(valueArg) };
  const queries = viewFields(field, ctx).map((f): Dsl => ({
    range: { [f.name]: f.type === 'date' ? { ...params, ...tzOpt(ctx) } : params },
  }));
  return { bool: { should: queries, minimum_should_match: 1 } };
}
