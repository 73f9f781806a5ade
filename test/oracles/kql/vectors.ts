/**
 * Conformance vectors for the KQL oracle: KQL text (+ data-view fields / config) → the DSL Kibana 8.x builds, or the
 * syntax error it raises. Expected values are written by hand from the cited sources (not produced by this oracle).
 *
 * Citation keys (all elastic/kibana unless noted; "test" = the Jest test of that name; commits as read):
 *   G    packages/kbn-es-query/grammar/grammar.peggy @2968d5ef (rule names given) — same rules @31782569
 *   AST  packages/kbn-es-query/src/kuery/ast/ast.test.ts @04e8ba1d
 *   IS   src/kuery/functions/is.ts (newest read: isQuoted + isKeywordField + caseInsensitive)
 *   IST  src/kuery/functions/is.test.ts (newest read: has "should use a term query for keyword fields")
 *   RT   src/kuery/functions/range.test.ts @40b02fad        R  src/kuery/functions/range.ts @e28f32dd
 *   AT   src/kuery/functions/and.test.ts; A and.ts            O  or.ts @946cc4a9
 *   NT   src/kuery/functions/not.test.ts; N not.ts            NE nested.ts @fbed1738; NET nested.test.ts
 *   WT   src/kuery/node_types/wildcard.test.ts @ba88f6e8      W  node_types/wildcard.ts
 *   DOC  docs/concepts/kuery.asciidoc @27279f5e ("Kibana Query Language"), section named
 *   SEM  ../shared/reference/semantics.md §C (K1–K8)
 *   #n   elastic/kibana issue / PR number;  dc#8335 = elastic/docs-content#8335
 *   (src) = a consequence of the grammar text itself, no Kibana test found for it.
 * "no data view" = no `fields`: every field is unknown to Kibana (is.ts fallback `{ name, type: '' }`).
 */
import type { Dsl, ToDslOptions } from '../../../src/verify/kql/to-dsl.js';

export interface KqlVector {
  id: string;
  kql: string;
  options?: ToDslOptions;
  /** Expected DSL; absent when `error` is set. */
  expected?: Dsl;
  /** Expected syntax error (message pattern). */
  error?: RegExp;
  source: string;
}

/** `{bool:{should:[…], minimum_should_match:1}}` — the wrapper of is.ts / range.ts / or.ts. */
const sh = (...qs: Dsl[]): Dsl => ({ bool: { should: qs, minimum_should_match: 1 } });
const and = (...qs: Dsl[]): Dsl => ({ bool: { filter: qs } });
const not = (q: Dsl): Dsl => ({ bool: { must_not: q } });
const match = (f: string, v: unknown): Dsl => sh({ match: { [f]: v } });
const phrase = (f: string, v: unknown): Dsl => sh({ match_phrase: { [f]: v } });

const STUB_FIELDS: ToDslOptions['fields'] = {
  extension: 'text',
  'machine.os': 'text',
  'machine.os.keyword': 'keyword',
  '@timestamp': 'date',
  bytes: 'long',
};

export const VECTORS: KqlVector[] = [
  // ——— precedence, grouping, operators ———
  {
    id: 'and-over-or',
    kql: 'foo or bar and baz or qux',
    expected: sh(
      { multi_match: { type: 'best_fields', query: 'foo', lenient: true } },
      and(
        { multi_match: { type: 'best_fields', query: 'bar', lenient: true } },
        { multi_match: { type: 'best_fields', query: 'baz', lenient: true } },
      ),
      { multi_match: { type: 'best_fields', query: 'qux', lenient: true } },
    ),
    source: 'AST test \'"and" should have a higher precedence than "or"\'; O; A; IST "multi_match … fieldName is null"',
  },
  {
    id: 'grouping',
    kql: '(foo:a or bar:b) and baz:c',
    expected: and(sh(match('foo', 'a'), match('bar', 'b')), match('baz', 'c')),
    source: "AST test 'should support grouping to override default precedence'; G rule SubQuery",
  },
  {
    id: 'docs-and-or-precedence',
    kql: 'response:200 and extension:php or extension:css',
    expected: sh(and(match('response', '200'), match('extension', 'php')), match('extension', 'css')),
    source: 'DOC "Boolean queries" (…and extension is php or extension is css, and response is anything)',
  },
  {
    id: 'docs-or',
    kql: 'response:200 or extension:php',
    expected: sh(match('response', '200'), match('extension', 'php')),
    source: 'DOC "Boolean queries"; O (should + minimum_should_match 1); G UnquotedLiteral (numbers stay strings, AST fromLiteralExpression test)',
  },
  {
    id: 'flat-and',
    kql: 'a:1 and b:2 and c:3',
    expected: and(match('a', '1'), match('b', '2'), match('c', '3')),
    source: 'AST test \'should not nest same-level "and"\'; AT "should wrap subqueries in an ES bool query\'s filter clause"',
  },
  {
    id: 'keywords-any-case',
    kql: 'a:1 AND b:2 Or c:3',
    expected: sh(and(match('a', '1'), match('b', '2')), match('c', '3')),
    source: "DOC \"Boolean queries\" (operators can be upper or lower case); G rules Or/And ('or'i, 'and'i)",
  },
  {
    id: 'not-must-not-object',
    kql: 'not response:200',
    expected: not(match('response', '200')),
    source: "DOC \"Boolean queries\"; NT \"should wrap a subquery in an ES bool query's must_not clause\" (must_not is the child query itself, not an array)",
  },
  {
    id: 'docs-and-not-group',
    kql: 'response:200 and not (extension:php or extension:css)',
    expected: and(match('response', '200'), not(sh(match('extension', 'php'), match('extension', 'css')))),
    source: 'DOC "Boolean queries"; G rule NotQuery = Not SubQuery',
  },
  {
    id: 'must-clause-option',
    kql: 'a:1 and b:2',
    options: { filtersInMustClause: true },
    expected: { bool: { must: [match('a', '1'), match('b', '2')] } },
    source: "A: `filtersInMustClause ? 'must' : 'filter'`",
  },
  {
    id: 'nbsp-is-whitespace',
    kql: 'foo and\u00A0bar',
    expected: and(
      { multi_match: { type: 'best_fields', query: 'foo', lenient: true } },
      { multi_match: { type: 'best_fields', query: 'bar', lenient: true } },
    ),
    source: "AST test 'nbsp should be recognised as whitespace'; G rule Space",
  },
  {
    id: 'double-not-needs-parens',
    kql: 'not not f:a',
    error: /syntax error/,
    source: '(src) G: NotQuery = Not SubQuery, and SubQuery cannot start with `not `; write `not (not f:a)`',
  },
  {
    id: 'not-needs-space',
    kql: 'not(f:a)',
    error: /syntax error/,
    source: "(src) G rule Not = 'not'i Space+ (`not(` is read as the bare value `not`, then `(f:a)` is left over)",
  },
  // ——— value lists ———
  {
    id: 'docs-value-list-or',
    kql: 'response:(200 or 404)',
    expected: sh(match('response', '200'), match('response', '404')),
    source: 'DOC "Boolean queries"; AST test \'should support a shorthand for matching multiple values against a single field\'',
  },
  {
    id: 'value-list-and-not',
    kql: 'f:(a or b and not c)',
    expected: sh(match('f', 'a'), and(match('f', 'b'), not(match('f', 'c')))),
    source: 'SEM §C Forms; G rules OrListOfValues / AndListOfValues / NotListOfValues',
  },
  {
    id: 'value-list-nested-groups',
    kql: 'foo:((bar or baz) and not qux)',
    expected: and(sh(match('foo', 'bar'), match('foo', 'baz')), not(match('foo', 'qux'))),
    source: 'AST test \'should support "and" and "not" operators and grouping in the shorthand as well\'',
  },
  {
    id: 'docs-value-list-and',
    kql: 'tags:(success and info and security)',
    expected: and(match('tags', 'success'), match('tags', 'info'), match('tags', 'security')),
    source: 'DOC "Boolean queries" (multi-value fields that contain a list of terms)',
  },
  {
    id: 'not-inside-value-needs-list',
    kql: 'f: not a',
    error: /syntax error/,
    source: '(src) G: FieldValueExpression takes ListOfValues, which has no Not outside parentheses; write `f: (not a)` or `not f: a`',
  },
  // ——— values: unquoted, quoted, whitespace, typed literals ———
  {
    id: 'no-split-on-whitespace',
    kql: 'foo:bar baz',
    expected: match('foo', 'bar baz'),
    source: "AST test 'should also not split on whitespace when matching specific fields'; SEM §C (no implicit AND)",
  },
  {
    id: 'docs-terms-query-is-one-value',
    kql: 'http.response.status_code:400 401 404',
    expected: match('http.response.status_code', '400 401 404'),
    source: 'DOC "Terms query" example; dc#8335 ("a single literal 400 401 404"); G UnquotedLiteral',
  },
  {
    id: 'docs-phrase',
    kql: 'http.response.body.content.text:"quick brown fox"',
    expected: phrase('http.response.body.content.text', 'quick brown fox'),
    source: 'DOC "Terms query"; IST "should support creation of phrase queries"',
  },
  {
    id: 'docs-bare-phrase',
    kql: '"quick brown fox"',
    expected: { multi_match: { type: 'phrase', query: 'quick brown fox', lenient: true } },
    source: 'DOC "Terms query" (search across fields); IS (fieldName null → multi_match, type phrase when quoted)',
  },
  {
    id: 'bare-value-default-field-extension',
    kql: 'foo',
    options: { defaultField: 'message' },
    expected: { multi_match: { type: 'best_fields', query: 'foo', lenient: true, fields: ['message'] } },
    source: 'oracle extension (README "defaultField"), NOT Kibana: Kibana omits `fields` (IST "multi_match … fieldName is null")',
  },
  {
    id: 'trim-outer-whitespace',
    kql: '  foo  ',
    expected: { multi_match: { type: 'best_fields', query: 'foo', lenient: true } },
    source: "AST test 'should ignore extraneous whitespace at the beginning and end of the query'",
  },
  {
    id: 'empty-query',
    kql: '   ',
    expected: { match_all: {} },
    source: 'AST test \'should return a match all "is" function for whitespace\'; IST "should return an ES match_all query when fieldName and value are both "*""',
  },
  {
    id: 'typed-true',
    kql: 'f: true and g: "true"',
    expected: and(match('f', true), phrase('g', 'true')),
    source: "AST test 'should create literal nodes for unquoted values with correct primitive types'; G UnquotedLiteral (`sequence === 'true'`)",
  },
  {
    id: 'typed-null-exact-case',
    kql: 'f: null or f: NULL',
    expected: sh(match('f', null), match('f', 'NULL')),
    source: "G UnquotedLiteral: only the exact lower-case `null`/`true`/`false` become typed literals",
  },
  {
    id: 'quoted-field-name',
    kql: '"user name": bob',
    expected: match('user name', 'bob'),
    source: 'G rule Field = Literal (QuotedString allowed); IST toKqlExpression test \'phrase field with phrase value\'',
  },
  // ——— escaping ———
  {
    id: 'escaped-specials',
    kql: 'f:\\\\\\(\\)\\:\\<\\>\\"\\*',
    expected: match('f', '\\():<>"*'),
    source: "AST test 'should allow escaping of special characters with a backslash'; G EscapedSpecialCharacter",
  },
  {
    id: 'quoted-needs-only-quote-backslash',
    kql: 'f:"\\\\():<>\\"*"',
    expected: phrase('f', '\\():<>"*'),
    source: "AST test 'should support double quoted strings that do not need escapes except for quotes'",
  },
  {
    id: 'quoted-other-backslash-kept',
    kql: 'f:"C:\\Windows\\System32"',
    expected: phrase('f', 'C:\\Windows\\System32'),
    source: '(src) G QuotedCharacter: `\\` before a char other than `\\ " t r n u` is an ordinary character',
  },
  {
    id: 'quoted-backslash-n-is-newline',
    kql: 'f:"C:\\new"',
    expected: phrase('f', 'C:\new'),
    source: 'G QuotedCharacter → EscapedWhitespace (`\\n` is a newline even in quotes); SEM §C escaping',
  },
  {
    id: 'unquoted-escaped-whitespace',
    kql: 'f: a\\tb',
    expected: match('f', 'a\tb'),
    source: 'G UnquotedCharacter → EscapedWhitespace; SEM §C',
  },
  {
    id: 'escaped-unicode',
    kql: 'f: caf\\u00e9 and g: "\\u0041"',
    expected: and(match('f', 'café'), phrase('g', 'A')),
    source: 'G EscapedUnicodeSequence (HexDigit case-insensitive) in both unquoted and quoted values',
  },
  {
    id: 'escaped-backslash-before-u',
    kql: 'f: \\\\u00A0',
    expected: match('f', '\\u00A0'),
    source: "AST test 'should allow escaping of unicode sequences with a backslash'",
  },
  {
    id: 'unknown-escape-unquoted',
    kql: 'f: C\\d',
    error: /syntax error/,
    source: '(src) G UnquotedCharacter: `\\` is a SpecialCharacter, and `\\d` matches no escape alternative',
  },
  {
    id: 'escaped-keyword',
    kql: 'f: this \\or that \\AND \\Not more',
    expected: match('f', 'this or that AND Not more'),
    source: 'G EscapedKeyword (keeps the case written); #161377 (escape and/or/not in values); #13567',
  },
  {
    id: 'escaped-not-lowercase-is-newline',
    kql: 'f: a \\not b',
    expected: match('f', 'a \not b'),
    source: '(src) G UnquotedCharacter tries EscapedWhitespace before EscapedKeyword: lower-case `\\not` = newline + "ot"',
  },
  {
    id: 'keyword-inside-word',
    kql: 'f: cannot x',
    error: /syntax error/,
    source: "(src) G UnquotedCharacter `!Keyword` with Not = 'not'i Space+ (no space needed before it): the value stops at `can`",
  },
  {
    id: 'keyword-needs-trailing-space',
    kql: 'f: red or',
    expected: match('f', 'red or'),
    source: "G rule Or = Space+ 'or'i Space+ (no space after → part of the value)",
  },
  {
    id: 'quoted-keywords-are-values',
    kql: 'f: ("and" or "not")',
    expected: sh(phrase('f', 'and'), phrase('f', 'not')),
    source: 'SEM §C (keywords as values need quotes or escapes); #13567',
  },
  // ——— wildcards ———
  {
    id: 'wildcard-query-string-no-view',
    kql: 'extension:jpg*',
    expected: sh({ query_string: { fields: ['extension'], query: 'jpg*' } }),
    source: 'IST "should create a query_string query for wildcard values"; DOC "Wildcard queries" (machine.os:win*)',
  },
  {
    id: 'wildcard-keyword-field',
    kql: 'machine.os.keyword:win*',
    options: { fields: STUB_FIELDS },
    expected: sh({ wildcard: { 'machine.os.keyword': { value: 'win*' } } }),
    source: 'IST "should create a wildcard query for keyword fields"; #140629 (8.5)',
  },
  {
    id: 'wildcard-keyword-case-insensitive',
    kql: 'machine.os.keyword:win*',
    options: { fields: STUB_FIELDS, caseInsensitive: true },
    expected: sh({ wildcard: { 'machine.os.keyword': { value: 'win*', case_insensitive: true } } }),
    source: 'IST "should create a case-insensitive wildcard query for keyword fields"; #148916',
  },
  {
    id: 'wildcard-keyword-backslash',
    kql: 'machine.os.keyword:*\\\\*',
    options: { fields: STUB_FIELDS },
    expected: sh({ wildcard: { 'machine.os.keyword': { value: '*\\\\*' } } }),
    source: 'IST "should create a wildcard query with backslashes properly escaped"; #169709 / #174464 (8.12.1)',
  },
  {
    id: 'wildcard-qs-escaping',
    kql: 'f: +foo*bar',
    expected: sh({ query_string: { fields: ['f'], query: '\\+foo*bar' } }),
    source: 'WT "should escape query_string query special characters other than wildcard"',
  },
  {
    id: 'wildcard-qs-escaping-path',
    kql: 'f: C\\:\\\\Windows\\\\*.exe',
    options: { fields: { f: 'keyword', g: 'text' } },
    expected: sh({ wildcard: { f: { value: 'C\\:\\\\Windows\\\\*.exe' } } }),
    source: 'W escapeQueryString set `+ - = & | > < ! ( ) { } [ ] ^ " ~ * ? : \\ /` (after #150058: `.` is not escaped); IS keyword branch',
  },
  {
    id: 'wildcard-escaped-star-is-literal',
    kql: 'f: a\\*b and k: a\\*b*',
    options: { fields: { k: 'keyword' } },
    expected: and(match('f', 'a*b'), sh({ wildcard: { k: { value: 'a\\*b*' } } })),
    source: 'G (EscapedSpecialCharacter `\\*` is text, Wildcard `*` is the symbol); W toQueryStringQuery escapes the literal `*`; WT toKqlExpression test',
  },
  {
    id: 'quoted-star-is-literal',
    kql: 'f: "a*b"',
    options: { fields: { f: 'keyword' } },
    expected: sh({ term: { f: { value: 'a*b' } } }),
    source: 'SEM §C (wildcards only unquoted); G QuotedString builds a literal; IST "should use a term query for keyword fields"',
  },
  {
    id: 'wildcard-whitespace-query-string',
    kql: 'machine.os:win x*',
    options: { fields: STUB_FIELDS },
    expected: sh({ query_string: { fields: ['machine.os'], query: 'win x*' } }),
    source: '#23001 (query_string splits `win x*` on whitespace); W escapeQueryString does not escape spaces',
  },
  {
    id: 'wildcard-whitespace-keyword',
    kql: 'machine.os.keyword:win x*',
    options: { fields: STUB_FIELDS },
    expected: sh({ wildcard: { 'machine.os.keyword': { value: 'win x*' } } }),
    source: 'IS keyword branch (wildcard query keeps the space); #23001',
  },
  {
    id: 'bare-wildcard',
    kql: 'jpg*',
    expected: { query_string: { query: 'jpg*' } },
    source: 'IST "should return an ES query_string query using default_field when fieldName is null and value contains a wildcard"',
  },
  {
    id: 'leading-wildcard-allowed-by-default',
    kql: 'f: *exe',
    expected: sh({ query_string: { fields: ['f'], query: '*exe' } }),
    source: 'G initializer `allowLeadingWildcards = true`; dc#8335',
  },
  {
    id: 'leading-wildcard-disabled',
    kql: 'f: *exe',
    options: { allowLeadingWildcards: false },
    error: /Leading wildcards are disabled/,
    source: "G rule Value: error('Leading wildcards are disabled. …'); W hasLeadingWildcard",
  },
  {
    id: 'lone-wildcard-not-leading',
    kql: 'f: *',
    options: { allowLeadingWildcards: false },
    expected: sh({ exists: { field: 'f' } }),
    source: 'WT "should not consider a lone wildcard to be a leading wildcard"',
  },
  {
    id: 'wildcard-field-names',
    kql: 'machine.os*: windows 10',
    options: { fields: STUB_FIELDS },
    expected: sh({ match: { 'machine.os': 'windows 10' } }, { term: { 'machine.os.keyword': { value: 'windows 10' } } }),
    source: 'DOC "Wildcard queries" (machine.os*:windows 10 checks machine.os and machine.os.keyword); IST "should support wildcard field names"; IST "should use a term query for keyword fields"',
  },
  // ——— exists / match_all ———
  {
    id: 'exists',
    kql: 'response:*',
    expected: sh({ exists: { field: 'response' } }),
    source: 'DOC "Exist queries"; IST \'should return an ES exists query when value is "*"\'; SEM §C K2',
  },
  {
    id: 'match-all',
    kql: '*:*',
    expected: { match_all: {} },
    source: 'IST \'should return an ES match_all query when fieldName and value are both "*"\'',
  },
  {
    id: 'bare-star',
    kql: '*',
    expected: { query_string: { query: '*' } },
    source: 'IS: field null + wildcard value → query_string (isExistsQuery only applies to a field)',
  },
  // ——— keyword / text / date field types ———
  {
    id: 'term-keyword',
    kql: 'machine.os.keyword:Win 7',
    options: { fields: STUB_FIELDS },
    expected: sh({ term: { 'machine.os.keyword': { value: 'Win 7' } } }),
    source: 'IST "should use a term query for keyword fields"; #143599 (8.6)',
  },
  {
    id: 'term-keyword-case-insensitive',
    kql: 'machine.os.keyword:"Win 7"',
    options: { fields: STUB_FIELDS, caseInsensitive: true },
    expected: sh({ term: { 'machine.os.keyword': { value: 'Win 7', case_insensitive: true } } }),
    source: 'IST "should use a case-insensitive term query for keyword fields"; IS: quoted or not, keyword → term',
  },
  {
    id: 'match-text-field',
    kql: 'extension:jpg',
    options: { fields: STUB_FIELDS },
    expected: match('extension', 'jpg'),
    source: 'IST "should return an ES match query when a concrete fieldName and value are provided"',
  },
  {
    id: 'date-equals-is-range',
    kql: '@timestamp:"2018-04-03T19:04:17"',
    options: { fields: STUB_FIELDS },
    expected: sh({ range: { '@timestamp': { gte: '2018-04-03T19:04:17', lte: '2018-04-03T19:04:17' } } }),
    source: 'IST "should support date fields without a dateFormat provided"; SEM §C K2 (date → range gte=lte)',
  },
  {
    id: 'date-equals-time-zone',
    kql: '@timestamp:"2018-04-03T19:04:17"',
    options: { fields: STUB_FIELDS, dateFormatTZ: 'America/Phoenix' },
    expected: sh({
      range: { '@timestamp': { gte: '2018-04-03T19:04:17', lte: '2018-04-03T19:04:17', time_zone: 'America/Phoenix' } },
    }),
    source: 'IST "should support date fields with a dateFormat provided"',
  },
  // ——— ranges ———
  {
    id: 'ranges-exclusive',
    kql: 'bytes > 1000 and bytes < 8000',
    expected: and(sh({ range: { bytes: { gt: '1000' } } }), sh({ range: { bytes: { lt: '8000' } } })),
    source: "AST test 'should support exclusive range operators'; RT \"should return an ES range query without an index pattern\"",
  },
  {
    id: 'ranges-inclusive-docs',
    kql: 'account_number >= 100 and items_sold <= 200',
    expected: and(sh({ range: { account_number: { gte: '100' } } }), sh({ range: { items_sold: { lte: '200' } } })),
    source: 'DOC "Range queries"; AST test \'should support inclusive range operators\'',
  },
  {
    id: 'range-date-quoted-tz',
    kql: '@timestamp > "2018-01-03T19:04:17"',
    options: { fields: STUB_FIELDS, dateFormatTZ: 'America/Phoenix' },
    expected: sh({ range: { '@timestamp': { gt: '2018-01-03T19:04:17', time_zone: 'America/Phoenix' } } }),
    source: 'RT "should support date fields with a dateFormat provided"; DOC "Date range queries" (quoted dates)',
  },
  {
    id: 'range-date-math-unquoted',
    kql: '@timestamp < now-1d and updated_at > 2022-02-17||+1M/d',
    expected: and(
      sh({ range: { '@timestamp': { lt: 'now-1d' } } }),
      sh({ range: { updated_at: { gt: '2022-02-17||+1M/d' } } }),
    ),
    source: 'DOC "Date range queries" (date math); G SpecialCharacter has no `| + /`',
  },
  {
    id: 'range-wildcard-field',
    kql: 'byt* > 1000',
    options: { fields: STUB_FIELDS },
    expected: sh({ range: { bytes: { gt: '1000' } } }),
    source: 'RT "should support wildcard field names"',
  },
  {
    id: 'range-string-on-keyword',
    kql: 'machine.os.keyword >= "V"',
    options: { fields: STUB_FIELDS },
    expected: sh({ range: { 'machine.os.keyword': { gte: 'V' } } }),
    source: 'R (no keyword special case: range for every non-date field)',
  },
  // ——— nested ———
  {
    id: 'docs-nested-single-doc',
    kql: 'items:{ name:banana and stock > 10 }',
    expected: {
      nested: {
        path: 'items',
        query: and(match('items.name', 'banana'), sh({ range: { 'items.stock': { gt: '10' } } })),
        score_mode: 'none',
      },
    },
    source: 'DOC "Nested field queries / Match a single document"; NET "should pass the nested path to subqueries so the full field name can be used"; RT "should use a provided nested context to create a full field name"',
  },
  {
    id: 'docs-nested-different-docs',
    kql: 'items:{ name:banana } and items:{ stock:9 }',
    expected: and(
      { nested: { path: 'items', query: match('items.name', 'banana'), score_mode: 'none' } },
      { nested: { path: 'items', query: match('items.stock', '9'), score_mode: 'none' } },
    ),
    source: 'DOC "Match different documents"; NET "should wrap subqueries in an ES nested query"',
  },
  {
    id: 'nested-in-nested',
    kql: 'nestedField:{ nestedChild:{ doublyNestedChild:foo } }',
    expected: {
      nested: {
        path: 'nestedField',
        query: {
          nested: {
            path: 'nestedField.nestedChild',
            query: match('nestedField.nestedChild.doublyNestedChild', 'foo'),
            score_mode: 'none',
          },
        },
        score_mode: 'none',
      },
    },
    source: "AST test 'should support nested groups inside other nested groups'; NE (fullPath = context path + '.' + path)",
  },
  {
    id: 'nested-exists-inside-parens',
    kql: 'response:200 and ( nestedField:{ childOfNested:* } or nestedField:{ childOfNested:bar } )',
    expected: and(
      match('response', '200'),
      sh(
        { nested: { path: 'nestedField', query: sh({ exists: { field: 'nestedField.childOfNested' } }), score_mode: 'none' } },
        { nested: { path: 'nestedField', query: match('nestedField.childOfNested', 'bar'), score_mode: 'none' } },
      ),
    ),
    source: "AST test 'should support nested sub-queries inside paren groups'; IS exists + get_full_field_name_node",
  },
];
