/**
 * Recursive-descent reader for KQL with PEG semantics (ordered choice, greedy repetition, backtracking on failure),
 * rule for rule after the grammar's structure as described in semantics.md §C [K1] and a reading of
 * elastic/kibana packages/kbn-es-query/grammar/grammar.peggy (cited below as K1 + rule name). Own code: no generated
 * parser, no shared code with `src/targets/kql/`.
 *
 * Precedence (K1 rules `OrQuery` > `AndQuery` > `NotQuery` > `SubQuery`): OR < AND < NOT < parentheses.
 * Same-level `a and b and c` is one `and` with three children (K1 `AndQuery` uses `tail:(…)+`).
 * Value lists `f: (a or b and not c)` distribute the field over each value (K1 `ListOfValues`, `OrListOfValues`,
 * `AndListOfValues`, `NotListOfValues`), and lists nest: `f: ((a or b) and not c)`.
 */
import { type KqlNode, type LiteralNode, type RangeOp, type ValueNode, hasLeadingWildcard, NO_FIELD } from './ast.js';
import {
  type Piece,
  WILDCARD,
  matchAnd,
  matchNot,
  matchOr,
  quotedChar,
  rangeOperator,
  skipSpaces,
  unquotedChar,
} from './lexer.js';

export interface ParseOptions {
  /**
   * Kibana advanced setting `query:allowLeadingWildcards` (default true). When false, an unquoted VALUE starting with
   * `*` (other than the lone `*`) is a hard error (K1 rule `Value`, its `error(...)` call).
   */
  allowLeadingWildcards?: boolean;
}

export class KqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'KqlSyntaxError';
  }
}

/** Parse result: the AST, or `null` for an empty (whitespace-only) query, which Kibana reads as match-all. */
export type ParseResult = KqlNode | null;

type Partial = (field: ValueNode) => KqlNode;

class Reader {
  private far = 0;

  constructor(
    private readonly src: string,
    private readonly opts: ParseOptions,
  ) {}

  private note(pos: number): void {
    if (pos > this.far) this.far = pos;
  }

  fail(): never {
    const at = this.far;
    const found = at >= this.src.length ? 'end of input' : JSON.stringify(this.src.slice(at, at + 12));
    throw new KqlSyntaxError(`KQL syntax error at offset ${at}: unexpected ${found}`, at);
  }

  // K1 `start = Space* query:OrQuery? trailing:OptionalSpace` (then end of input)
  start(): ParseResult {
    let pos = skipSpaces(this.src, 0);
    let query: KqlNode | null = null;
    const q = this.orQuery(pos);
    if (q) {
      query = q.node;
      pos = q.end;
    }
    pos = skipSpaces(this.src, pos);
    if (pos !== this.src.length) {
      this.note(pos);
      this.fail();
    }
    return query;
  }

  // K1 `OrQuery = head:AndQuery tail:(Or AndQuery)+ / AndQuery`
  private orQuery(pos: number): { node: KqlNode; end: number } | null {
    return this.chain(pos, (p) => this.andQuery(p), matchOr, 'or');
  }

  // K1 `AndQuery = head:NotQuery tail:(And NotQuery)+ / NotQuery`
  private andQuery(pos: number): { node: KqlNode; end: number } | null {
    return this.chain(pos, (p) => this.notQuery(p), matchAnd, 'and');
  }

  private chain(
    pos: number,
    item: (p: number) => { node: KqlNode; end: number } | null,
    sep: (src: string, p: number) => number,
    type: 'or' | 'and',
  ): { node: KqlNode; end: number } | null {
    const head = item(pos);
    if (!head) return null;
    const nodes = [head.node];
    let end = head.end;
    for (;;) {
      const s = sep(this.src, end);
      if (s < 0) {
        this.note(end);
        break;
      }
      const next = item(s);
      if (!next) break; // `(Or AndQuery)` fails as a unit: the separator is given back
      nodes.push(next.node);
      end = next.end;
    }
    return { node: nodes.length === 1 ? nodes[0]! : { type, children: nodes }, end };
  }

  // K1 `NotQuery = Not query:SubQuery / SubQuery`
  private notQuery(pos: number): { node: KqlNode; end: number } | null {
    const n = matchNot(this.src, pos);
    if (n >= 0) {
      const sub = this.subQuery(n);
      if (sub) return { node: { type: 'not', child: sub.node }, end: sub.end };
    }
    return this.subQuery(pos);
  }

  // K1 `SubQuery = '(' Space* OrQuery OptionalSpace ')' / NestedQuery`
  private subQuery(pos: number): { node: KqlNode; end: number } | null {
    if (this.src[pos] === '(') {
      const q = this.orQuery(skipSpaces(this.src, pos + 1));
      if (q) {
        const close = skipSpaces(this.src, q.end);
        if (this.src[close] === ')') return { node: q.node, end: close + 1 };
        this.note(close);
      }
    }
    return this.nestedQuery(pos);
  }

  // K1 `NestedQuery = Field Space* ':' Space* '{' Space* OrQuery OptionalSpace '}' / Expression`
  private nestedQuery(pos: number): { node: KqlNode; end: number } | null {
    const field = this.literal(pos);
    if (field) {
      let p = skipSpaces(this.src, field.end);
      if (this.src[p] === ':') {
        p = skipSpaces(this.src, p + 1);
        if (this.src[p] === '{') {
          const q = this.orQuery(skipSpaces(this.src, p + 1));
          if (q) {
            const close = skipSpaces(this.src, q.end);
            if (this.src[close] === '}') {
              return { node: { type: 'nested', path: field.value, child: q.node }, end: close + 1 };
            }
            this.note(close);
          }
        }
      }
    }
    return this.expression(pos);
  }

  // K1 `Expression = FieldRangeExpression / FieldValueExpression / ValueExpression`
  private expression(pos: number): { node: KqlNode; end: number } | null {
    const field = this.literal(pos);
    if (field) {
      // K1 `FieldRangeExpression = Field Space* RangeOperator Space* Literal`
      const p = skipSpaces(this.src, field.end);
      const op = rangeOperator(this.src, p);
      if (op) {
        const value = this.literal(skipSpaces(this.src, op.end));
        if (value) {
          const node: KqlNode = { type: 'range', field: field.value, op: op.op as RangeOp, value: value.value };
          return { node, end: value.end };
        }
      } else if (this.src[p] === ':') {
        // K1 `FieldValueExpression = Field Space* ':' Space* ListOfValues`
        const list = this.listOfValues(skipSpaces(this.src, p + 1));
        if (list) return { node: list.partial(field.value), end: list.end };
      } else {
        this.note(p);
      }
    }
    // K1 `ValueExpression = Value` with field `buildLiteralNode(null)`
    const v = this.value(pos);
    if (v) return { node: v.partial(NO_FIELD), end: v.end };
    return null;
  }

  // K1 `ListOfValues = '(' Space* OrListOfValues OptionalSpace ')' / Value`
  private listOfValues(pos: number): { partial: Partial; end: number } | null {
    if (this.src[pos] === '(') {
      const q = this.partialChain(skipSpaces(this.src, pos + 1), 'or');
      if (q) {
        const close = skipSpaces(this.src, q.end);
        if (this.src[close] === ')') return { partial: q.partial, end: close + 1 };
        this.note(close);
      }
    }
    return this.value(pos);
  }

  // K1 `OrListOfValues` / `AndListOfValues`: the same chaining as OrQuery/AndQuery over partials
  private partialChain(pos: number, type: 'or' | 'and'): { partial: Partial; end: number } | null {
    const item = (p: number) => (type === 'or' ? this.partialChain(p, 'and') : this.notListOfValues(p));
    const sep = type === 'or' ? matchOr : matchAnd;
    const head = item(pos);
    if (!head) return null;
    const parts = [head.partial];
    let end = head.end;
    for (;;) {
      const s = sep(this.src, end);
      if (s < 0) {
        this.note(end);
        break;
      }
      const next = item(s);
      if (!next) break;
      parts.push(next.partial);
      end = next.end;
    }
    if (parts.length === 1) return { partial: parts[0]!, end };
    return { partial: (field) => ({ type, children: parts.map((f) => f(field)) }), end };
  }

  // K1 `NotListOfValues = Not ListOfValues / ListOfValues`
  private notListOfValues(pos: number): { partial: Partial; end: number } | null {
    const n = matchNot(this.src, pos);
    if (n >= 0) {
      const inner = this.listOfValues(n);
      if (inner) {
        const f = inner.partial;
        return { partial: (field) => ({ type: 'not', child: f(field) }), end: inner.end };
      }
    }
    return this.listOfValues(pos);
  }

  // K1 `Value = QuotedString / UnquotedLiteral` → `is(field, value)`
  private value(pos: number): { partial: Partial; end: number } | null {
    const q = this.quotedString(pos);
    if (q) return { partial: (field) => ({ type: 'is', field, value: q.value }), end: q.end };
    const u = this.unquotedLiteral(pos);
    if (u) {
      if (this.opts.allowLeadingWildcards === false && hasLeadingWildcard(u.value)) {
        // K1 `Value`: error('Leading wildcards are disabled. See query:allowLeadingWildcards in Advanced Settings.')
        throw new KqlSyntaxError(
          'Leading wildcards are disabled. See query:allowLeadingWildcards in Advanced Settings.',
          pos,
        );
      }
      return { partial: (field) => ({ type: 'is', field, value: u.value }), end: u.end };
    }
    return null;
  }

  // K1 `Literal = QuotedString / UnquotedLiteral` (field names, range values, nested paths)
  private literal(pos: number): { value: ValueNode; end: number } | null {
    return this.quotedString(pos) ?? this.unquotedLiteral(pos);
  }

  // K1 `QuotedString = '"' QuotedCharacter* '"'` → literal, isQuoted = true; never a wildcard
  private quotedString(pos: number): { value: LiteralNode; end: number } | null {
    if (this.src[pos] !== '"') {
      this.note(pos);
      return null;
    }
    let p = pos + 1;
    let text = '';
    for (let c = quotedChar(this.src, p); c; c = quotedChar(this.src, p)) {
      text += c.ch;
      p = c.end;
    }
    if (this.src[p] !== '"') {
      this.note(p);
      return null;
    }
    return { value: { kind: 'literal', value: text, quoted: true }, end: p + 1 };
  }

  // K1 `UnquotedLiteral = UnquotedCharacter+`, then `.trim()`, typed null/true/false, wildcard if any `*`
  private unquotedLiteral(pos: number): { value: ValueNode; end: number } | null {
    const pieces: Piece[] = [];
    let p = pos;
    for (let c = unquotedChar(this.src, p); c; c = unquotedChar(this.src, p)) {
      pieces.push(c.piece);
      p = c.end;
    }
    this.note(p);
    if (pieces.length === 0) return null;
    return { value: buildUnquoted(pieces), end: p };
  }
}

/**
 * K1 `UnquotedLiteral` action: `sequence = chars.join('').trim()`; `'null'|'true'|'false'` (exact, lower case) become
 * typed literals; any unescaped `*` makes a wildcard node. The trim applies AFTER unescaping (so escaped `\t \n \r`
 * at either end are trimmed away too: (src)); JS `String.prototype.trim` is used exactly as Kibana's JS does.
 */
function buildUnquoted(pieces: Piece[]): ValueNode {
  const parts: string[] = [''];
  for (const piece of pieces) {
    if (piece === WILDCARD) parts.push('');
    else parts[parts.length - 1] += piece;
  }
  // Trimming the joined string = trimming the outer text parts: the wildcard marker is never whitespace.
  parts[0] = parts[0]!.trimStart();
  parts[parts.length - 1] = parts[parts.length - 1]!.trimEnd();
  if (parts.length > 1) return { kind: 'wildcard', parts };
  const seq = parts[0]!;
  if (seq === 'null') return { kind: 'literal', value: null, quoted: false };
  if (seq === 'true') return { kind: 'literal', value: true, quoted: false };
  if (seq === 'false') return { kind: 'literal', value: false, quoted: false };
  return { kind: 'literal', value: seq, quoted: false };
}

/** Parse KQL. Returns `null` for an empty query (match-all). Throws `KqlSyntaxError`. */
export function parseKql(src: string, opts: ParseOptions = {}): ParseResult {
  return new Reader(src, opts).start();
}
