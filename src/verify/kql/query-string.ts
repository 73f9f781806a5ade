/**
 * How Kibana writes a KQL wildcard value into the DSL string it sends.
 *
 * Source: elastic/kibana packages/kbn-es-query/src/kuery/node_types/wildcard.ts `toQueryStringQuery`: each literal
 * part between wildcards is escaped with `escapeQueryString`, then the parts are joined with a raw `*`.
 * `escapeQueryString` backslash-escapes the query_string reserved characters
 *     + - = & | > < ! ( ) { } [ ] ^ " ~ * ? : \ /
 * (ES docs "query_string query", Reserved characters [E13]). Whitespace is NOT escaped, so in a `query_string`
 * the value splits into several terms on whitespace (semantics.md §B2, kibana#23001).
 *
 * Version note: until Kibana PR #150058 (8.6.2 / 8.7.0, "Fix overly permissive regular expression range") the
 * character class read `[+-=…]`, a RANGE from `+` to `=` that also escaped `, . / 0-9 ; <`. This oracle follows the
 * fixed class (Kibana ≥ 8.7). Both forms match the same documents (a backslash before a non-special character is
 * that character in both `query_string` and `wildcard`), only the DSL text differs.
 *
 * The same string is used as the `value` of a `wildcard` query on keyword fields since Kibana PR #174464
 * (8.12.1, kibana#169709); 8.5–8.12.0 sent the unescaped value there (backslashes then needed doubling in KQL).
 */
const QS_RESERVED = /[+\-=&|><!(){}[\]^"~*?:\\/]/g;

export function escapeQueryString(text: string): string {
  return text.replace(QS_RESERVED, '\\$&');
}

/** wildcard.ts `toQueryStringQuery` for a wildcard value given as its literal parts. */
export function wildcardToQueryString(parts: readonly string[]): string {
  return parts.map(escapeQueryString).join('*');
}
