/**
 * AST of the independent KQL reader (test oracle). Written from the facts in
 * `../shared/reference/semantics.md` §C and a reading of Kibana's grammar, NOT from `src/targets/kql/`.
 *
 * Shapes mirror what Kibana's grammar builds (so that the DSL step can follow Kibana's functions one to one):
 * - `is(field, value)`      — grammar.peggy `Value` / `FieldValueExpression` / `ValueExpression`
 * - `range(field, op, v)`   — grammar.peggy `FieldRangeExpression`
 * - `nested(path, query)`   — grammar.peggy `NestedQuery`
 * - `and`/`or` with ≥ 2 children (same-level operators are NOT nested: ast.test.ts "should not nest same-level")
 * - `not` with one child
 * An empty query is `is(*, *)` (grammar.peggy `start`: `nodeTypes.function.buildNode('is', '*', '*')`).
 */

/** Scalar literal as the grammar builds it: unquoted `null`/`true`/`false` become typed literals (grammar.peggy `UnquotedLiteral`). */
export type LiteralValue = string | boolean | null;

/** A literal value or field name. `quoted` records `"…"` (Kibana 8.x `literal.buildNode(value, isQuoted)`). */
export interface LiteralNode {
  kind: 'literal';
  value: LiteralValue;
  quoted: boolean;
}

/**
 * An unquoted value with at least one unescaped `*`. `parts` are the literal text between the wildcards (already
 * unescaped), so `parts.length - 1` wildcards: `a*b` → `['a', 'b']`, `*` → `['', '']`.
 * (Kibana encodes the same thing as a string with `@kuery-wildcard@` in place of each `*`: node_types/wildcard.ts.)
 */
export interface WildcardNode {
  kind: 'wildcard';
  parts: string[];
}

export type ValueNode = LiteralNode | WildcardNode;

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

export type KqlNode =
  | { type: 'or'; children: KqlNode[] }
  | { type: 'and'; children: KqlNode[] }
  | { type: 'not'; child: KqlNode }
  | { type: 'is'; field: ValueNode; value: ValueNode }
  | { type: 'range'; field: ValueNode; op: RangeOp; value: ValueNode }
  | { type: 'nested'; path: ValueNode; child: KqlNode };

/** `field` of a bare value (no `field:`): the grammar passes `buildLiteralNode(null)` (grammar.peggy `ValueExpression`). */
export const NO_FIELD: LiteralNode = { kind: 'literal', value: null, quoted: false };

export function isLoneWildcard(v: ValueNode): boolean {
  // wildcard.ts `isLoneWildcard`: exactly one `*` and nothing else.
  return v.kind === 'wildcard' && v.parts.length === 2 && v.parts[0] === '' && v.parts[1] === '';
}

export function hasLeadingWildcard(v: ValueNode): boolean {
  // wildcard.ts `hasLeadingWildcard`: starts with `*` and is not the lone wildcard (that one is an `exists`).
  return v.kind === 'wildcard' && !isLoneWildcard(v) && v.parts[0] === '';
}

/** The value Kibana sends for a node in `match`/`term`/`range` bodies: wildcard.ts `toElasticsearchQuery` joins with a raw `*`. */
export function plainValue(v: ValueNode): LiteralValue {
  return v.kind === 'literal' ? v.value : v.parts.join('*');
}

/** Compact, unambiguous rendering of an AST for test failure messages and reports. */
export function show(n: KqlNode): string {
  const val = (v: ValueNode): string =>
    v.kind === 'wildcard'
      ? `W(${v.parts.map((p) => JSON.stringify(p)).join('*')})`
      : v.quoted
        ? `Q${JSON.stringify(v.value)}`
        : JSON.stringify(v.value);
  switch (n.type) {
    case 'or':
    case 'and':
      return `${n.type}(${n.children.map(show).join(', ')})`;
    case 'not':
      return `not(${show(n.child)})`;
    case 'is':
      return `is(${val(n.field)}, ${val(n.value)})`;
    case 'range':
      return `range(${val(n.field)} ${n.op} ${val(n.value)})`;
    case 'nested':
      return `nested(${val(n.path)}, ${show(n.child)})`;
  }
}
