/**
 * The eval/where expression language (`where <expr>`, `eval f=<expr>`, `head (<expr>)`, `count(eval(<expr>))`).
 *
 * Precedence, lowest to highest. The boolean levels follow Splunk's "Boolean expressions with logical operators"
 * page of the Search Manual ("Expressions and predicates" chapter, 9.2/9.3 [S9]), whose order of evaluation for
 * eval and where is: parentheses, NOT, AND, OR, XOR — so XOR binds loosest (`a OR b XOR c` is
 * `(a OR b) XOR c`); XOR exists only in this language. The other levels follow the eval operator tables.
 *
 * | level | operators                                             | associativity |
 * |-------|-------------------------------------------------------|---------------|
 * | 1     | `XOR`                                                 | left          |
 * | 2     | `OR`                                                  | left          |
 * | 3     | `AND`                                                 | left          |
 * | 4     | `NOT` (prefix)                                        | right         |
 * | 5     | `= == != < <= > >= LIKE`, `x IN (…)`, `x NOT IN (…)`  | left          |
 * | 6     | `+ - .` (`.` is string concatenation)                 | left          |
 * | 7     | `* / %`                                               | left          |
 * | 8     | unary `-` `+`                                         | right         |
 * | 9     | number, "string", 'field', field, `f(args)`, `( … )`  |               |
 *
 * So `a=1 OR b=2 AND c=3` is `a=1 OR (b=2 AND c=3)`, and `NOT a=1 AND b=2` is `(NOT a=1) AND b=2`.
 *
 * - Keywords (`AND OR XOR NOT LIKE IN`) are case-insensitive here (unlike in the search language).
 * - `x NOT IN (…)` and `x NOT LIKE y` are modelled as `NOT (x IN (…))` / `NOT (x LIKE y)`; `NOT x IN (…)` gives
 *   the same tree through the prefix NOT.
 * - A prefix `!` (`!match(x, "a")`, seen in real rules but not in Splunk's operator tables) is read as NOT, with a
 *   warning (SPL024).
 * - A word followed by `(` in operand position is a function call (`like(x, "a%")`, `in(x, "a")`, `true()`); the
 *   AST keeps the function name as written. A bare word is a field, including `true`/`false` (Splunk's booleans
 *   are the calls `true()` and `false()`).
 * - The scanner joins `a.b` into one identifier (dotted field names such as `Processes.process_name`); a `.` with
 *   space (or a quote) on a side is concatenation.
 * - A parenthesised expression keeps its inner node, with the span widened to cover the parentheses, so that every
 *   node's span slices the original text to exactly what the node represents.
 *
 * The parser stops, without consuming it, before a token that cannot continue the expression: a top-level `,`,
 * the `)` of an outer construct, end of stage, or any word in `stop` (e.g. `as`, `by`).
 */
import { cover } from '../diagnostics/span.js';
import type { BinaryOp, Expr } from './ast.js';
import type { StageCursor } from './cursor.js';
import { StageError } from './errors.js';
import type { Token } from './token.js';

/** Deepest nesting of parentheses, calls and prefix operators accepted (SPL013 beyond). */
export const MAX_EXPR_DEPTH = 200;

const COMPARE_OPS: ReadonlySet<string> = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);
const ADDITIVE_OPS: ReadonlySet<string> = new Set(['+', '-', '.']);
const MULTIPLICATIVE_OPS: ReadonlySet<string> = new Set(['*', '/', '%']);
const BOOLEAN_KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'XOR', 'NOT']);

/**
 * Parse one eval expression at the cursor (scanner in `expr` mode). Throws `StageError` (SPL010 invalid
 * expression, SPL003 unbalanced parentheses, SPL002 unterminated quote, SPL013 nesting too deep).
 */
export function parseExpr(c: StageCursor, stop: readonly string[] = []): Expr {
  return new ExprParser(c, new Set(stop.map((s) => s.toLowerCase()))).top();
}

/** Whether the next token can start an expression (for optional expressions, e.g. in `head`). */
export function atExprStart(c: StageCursor): boolean {
  const t = c.peek('expr');
  switch (t.kind) {
    case 'number':
    case 'string':
    case 'field':
    case 'lparen':
      return true;
    case 'ident':
      return !BOOLEAN_KEYWORDS.has(t.value.toUpperCase()) || t.value.toUpperCase() === 'NOT';
    case 'error':
      return t.text === '!';
    case 'op':
      return t.value === '-' || t.value === '+';
    default:
      return false;
  }
}

class ExprParser {
  private depth = 0;

  constructor(
    private readonly c: StageCursor,
    private readonly stop: ReadonlySet<string>,
  ) {}

  top(): Expr {
    return this.xor();
  }

  // ───────────── token helpers ─────────────

  private peek(n = 0): Token {
    return n === 0 ? this.c.peek('expr') : this.c.peekAt(n, 'expr');
  }

  private next(): Token {
    const t = this.c.next('expr');
    if (t.kind === 'field' && t.flag === false) throw new StageError('SPL002', 'unterminated quoted field name', t.span);
    return t;
  }

  /** Whether `t` is the keyword `kw` (case-insensitive) and not a stop word. */
  private isKw(t: Token, kw: string): boolean {
    return t.kind === 'ident' && t.value.toUpperCase() === kw && !this.stop.has(t.value.toLowerCase());
  }

  private isOp(t: Token, ops: ReadonlySet<string>): boolean {
    return t.kind === 'op' && ops.has(t.value);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_EXPR_DEPTH) throw new StageError('SPL013', 'eval expression nested too deeply', t.span);
  }

  private leave(): void {
    this.depth--;
  }

  /** The operand after an operator token: reports a missing one at the operator. */
  private operand(op: Token, parse: () => Expr): Expr {
    const t = this.peek();
    if (t.kind === 'eof' || t.kind === 'comma' || t.kind === 'rparen')
      throw new StageError('SPL010', `missing operand after '${op.text}'`, op.span);
    return parse();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: cover(left.span, right.span) };
  }

  // ───────────── precedence levels ─────────────

  private xor(): Expr {
    let left = this.or();
    while (this.isKw(this.peek(), 'XOR')) {
      const op = this.next();
      left = this.binary('XOR', left, this.operand(op, () => this.or()));
    }
    return left;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKw(this.peek(), 'OR')) {
      const op = this.next();
      left = this.binary('OR', left, this.operand(op, () => this.and()));
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKw(this.peek(), 'AND')) {
      const op = this.next();
      left = this.binary('AND', left, this.operand(op, () => this.not()));
    }
    return left;
  }

  private not(): Expr {
    const t = this.peek();
    const bang = t.kind === 'error' && t.text === '!';
    if (!this.isKw(t, 'NOT') && !bang) return this.comparison();
    this.next();
    if (bang) this.c.warn('SPL024', "'!' as a prefix NOT is not in Splunk's documented eval operators; read as NOT", t.span);
    this.enter(t);
    const operand = this.operand(t, () => this.not());
    this.leave();
    return { kind: 'unary', op: 'NOT', operand, span: cover(t.span, operand.span) };
  }

  private comparison(): Expr {
    let left = this.additive();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, COMPARE_OPS)) {
        this.next();
        left = this.binary(t.value as BinaryOp, left, this.operand(t, () => this.additive()));
      } else if (this.isKw(t, 'LIKE')) {
        this.next();
        left = this.binary('LIKE', left, this.operand(t, () => this.additive()));
      } else if (this.isKw(t, 'IN')) {
        this.next();
        left = this.inList(left, t);
      } else if (this.isKw(t, 'NOT') && (this.isKw(this.peek(1), 'IN') || this.isKw(this.peek(1), 'LIKE'))) {
        // `x NOT IN (…)`, `x NOT LIKE y`: NOT over the positive form.
        this.next();
        const kw = this.next();
        const positive = kw.value.toUpperCase() === 'IN' ? this.inList(left, kw) : this.binary('LIKE', left, this.operand(kw, () => this.additive()));
        left = { kind: 'unary', op: 'NOT', operand: positive, span: positive.span };
      } else {
        return left;
      }
    }
  }

  /** `IN ( e1, e2, … )` after `operand IN`. */
  private inList(operand: Expr, kw: Token): Expr {
    const open = this.peek();
    if (open.kind !== 'lparen') throw new StageError('SPL010', `expected '(' after '${kw.text}', found ${describe(open)}`, open.kind === 'eof' ? kw.span : open.span);
    this.next();
    const { items, close } = this.list(open, `'${kw.text} ('`);
    if (items.length === 0) throw new StageError('SPL010', `'${kw.text} ()' needs at least one value`, cover(open.span, close.span));
    return { kind: 'in', operand, values: items, span: cover(operand.span, close.span) };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, ADDITIVE_OPS)) return left;
      this.next();
      left = this.binary(t.value as BinaryOp, left, this.operand(t, () => this.multiplicative()));
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, MULTIPLICATIVE_OPS)) return left;
      this.next();
      left = this.binary(t.value as BinaryOp, left, this.operand(t, () => this.unary()));
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      this.next();
      this.enter(t);
      const operand = this.operand(t, () => this.unary());
      this.leave();
      return { kind: 'unary', op: t.value, operand, span: cover(t.span, operand.span) };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number': {
        this.next();
        const value = Number(t.text);
        if (!Number.isFinite(value)) throw new StageError('SPL009', `invalid number '${t.text}'`, t.span);
        return { kind: 'number', value, raw: t.text, span: t.span };
      }
      case 'string':
        this.next();
        return { kind: 'string', value: t.value, span: t.span };
      case 'field':
        this.next();
        return { kind: 'field', name: t.value, span: t.span };
      case 'lparen':
        return this.parenthesised();
      case 'ident':
        return this.identifier();
      case 'macro':
        throw new StageError('SPL010', `macro \`${t.value}\` inside an eval expression is not defined (not expanded)`, t.span);
      case 'lbracket':
        throw new StageError('SPL010', 'a subsearch inside an eval expression is not supported', t.span);
      default:
        throw new StageError('SPL010', `expected an expression, found ${describe(t)}`, t.span);
    }
  }

  private identifier(): Expr {
    const t = this.next();
    const upper = t.value.toUpperCase();
    const open = this.peek();
    if (open.kind === 'lparen' && !BOOLEAN_KEYWORDS.has(upper)) {
      this.next();
      this.enter(open);
      const { items, close } = this.list(open, `'${t.text}('`);
      this.leave();
      return { kind: 'call', fn: t.value, args: items, span: cover(t.span, close.span) };
    }
    if (BOOLEAN_KEYWORDS.has(upper) || upper === 'LIKE' || upper === 'IN')
      throw new StageError('SPL010', `expected an expression, found the keyword '${t.text}'`, t.span);
    return { kind: 'field', name: t.value, span: t.span };
  }

  private parenthesised(): Expr {
    const open = this.next();
    this.enter(open);
    const first = this.peek();
    if (first.kind === 'rparen') throw new StageError('SPL010', 'empty parentheses', cover(open.span, first.span));
    if (first.kind === 'eof') throw this.unclosed(open, first, "'('", false);
    const inner = this.xor();
    const close = this.peek();
    if (close.kind !== 'rparen') throw this.unclosed(open, close, "'('", false);
    this.next();
    this.leave();
    return { ...inner, span: cover(open.span, close.span) };
  }

  /** Comma-separated expressions up to the `)` matching `open` (already consumed). */
  private list(open: Token, what: string): { items: Expr[]; close: Token } {
    const items: Expr[] = [];
    const first = this.peek();
    if (first.kind === 'rparen') return { items, close: this.next() };
    if (first.kind === 'eof') throw this.unclosed(open, first, what, true);
    for (;;) {
      items.push(this.xor());
      const t = this.peek();
      if (t.kind === 'comma') {
        this.next();
        const after = this.peek();
        if (after.kind === 'rparen' || after.kind === 'comma' || after.kind === 'eof')
          throw new StageError('SPL010', `missing argument after ','`, t.span);
        continue;
      }
      if (t.kind === 'rparen') return { items, close: this.next() };
      throw this.unclosed(open, t, what, true);
    }
  }

  /** The error for a `(` whose `)` was expected but `found` came instead. */
  private unclosed(open: Token, found: Token, what: string, list: boolean): StageError {
    if (found.kind === 'eof') return new StageError('SPL003', `unbalanced parentheses: ${what} is never closed`, open.span);
    const expected = list ? "',' or ')'" : "')'";
    return new StageError('SPL010', `expected ${expected} to close ${what}, found ${describe(found)}`, found.span);
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of stage' : `'${t.text}'`;
}
