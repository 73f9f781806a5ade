import type { Span } from '../diagnostics/span.js';
import type { Token, TokenKind } from './token.js';

export type ScanMode = 'search' | 'expr';

/** Maps an offset in the scanned (expanded) text to the original rule text. */
export type OffsetMapper = (offset: number, side: 'start' | 'end') => number;

const identityMapper: OffsetMapper = (o) => o;

/** Characters a backslash escapes inside an unquoted word (the others keep their backslash). */
const WORD_ESCAPABLE = new Set(['\\', '"', '|', '(', ')', '[', ']', ',', '=', '<', '>', '!', '`']);
const SEARCH_BREAK = new Set([' ', '\t', '\n', '\r', '"', '(', ')', '[', ']', '|', ',', '=', '<', '>', '`']);
const EXPR_IDENT_START = /[A-Za-z_@$]/;
const EXPR_IDENT_PART = /[A-Za-z0-9_@$:{}]/;

/**
 * An on-demand lexer: the parser asks for the next token in the mode it needs, so a command can mix its own
 * argument grammar (search mode) with eval expressions (expr mode). Comments (```…```) count as whitespace.
 */
export class Scanner {
  private pos: number;

  constructor(
    readonly text: string,
    start = 0,
    readonly end = text.length,
    private readonly mapper: OffsetMapper = identityMapper,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  reset(offset: number): void {
    this.pos = offset;
  }

  /** Span in the original text for a range of the scanned text. */
  span(start: number, end: number): Span {
    const s = this.mapper(start, 'start');
    const e = this.mapper(end, 'end');
    return { start: s, end: Math.max(s, e) };
  }

  atEnd(): boolean {
    const save = this.pos;
    this.skipSpace();
    const r = this.pos >= this.end;
    this.pos = save;
    return r;
  }

  peek(mode: ScanMode = 'search'): Token {
    const save = this.pos;
    const t = this.next(mode);
    this.pos = save;
    return t;
  }

  /** Peek `n` tokens ahead (0 = next). */
  peekAt(n: number, mode: ScanMode = 'search'): Token {
    const save = this.pos;
    let t = this.next(mode);
    for (let i = 0; i < n; i++) t = this.next(mode);
    this.pos = save;
    return t;
  }

  next(mode: ScanMode = 'search'): Token {
    const before = this.pos;
    this.skipSpace();
    const spaceBefore = this.pos > before || this.pos === 0;
    const start = this.pos;
    if (start >= this.end) return this.tok('eof', start, start, '', spaceBefore);
    const c = this.text[start]!;
    switch (c) {
      case '|':
        return this.single('pipe', spaceBefore);
      case '(':
        return this.single('lparen', spaceBefore);
      case ')':
        return this.single('rparen', spaceBefore);
      case '[':
        return this.single('lbracket', spaceBefore);
      case ']':
        return this.single('rbracket', spaceBefore);
      case ',':
        return this.single('comma', spaceBefore);
      case '"':
        return this.quoted('"', 'string', spaceBefore);
      case '`':
        return this.macro(spaceBefore);
    }
    const op = this.operator(mode);
    if (op) {
      this.pos = start + op.length;
      return this.tok('op', start, this.pos, op, spaceBefore);
    }
    if (mode === 'expr') return this.exprToken(spaceBefore);
    return this.word(spaceBefore);
  }

  /** Raw text between two scanned offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private skipSpace(): void {
    for (;;) {
      while (this.pos < this.end && /\s/.test(this.text[this.pos]!)) this.pos++;
      if (this.text.startsWith('```', this.pos) && this.pos < this.end) {
        const close = this.text.indexOf('```', this.pos + 3);
        this.pos = close < 0 || close + 3 > this.end ? this.end : close + 3;
        continue;
      }
      return;
    }
  }

  private single(kind: TokenKind, spaceBefore: boolean): Token {
    const start = this.pos++;
    return this.tok(kind, start, this.pos, this.text[start]!, spaceBefore);
  }

  private operator(mode: ScanMode): string | undefined {
    const two = this.text.slice(this.pos, Math.min(this.pos + 2, this.end));
    if (two === '!=' || two === '<=' || two === '>=' || two === '==') return two;
    const one = this.text[this.pos]!;
    if (one === '=' || one === '<' || one === '>') return one;
    if (mode === 'expr') {
      if ('+-*/%'.includes(one)) return one;
      if (one === '.' && !/[0-9]/.test(this.text[this.pos + 1] ?? '')) return one;
    }
    return undefined;
  }

  private quoted(q: string, kind: TokenKind, spaceBefore: boolean): Token {
    const start = this.pos;
    let i = start + 1;
    let value = '';
    let closed = false;
    while (i < this.end) {
      const ch = this.text[i]!;
      if (ch === '\\' && i + 1 < this.end) {
        const nx = this.text[i + 1]!;
        // SPL string escaping: only \\ and \" (and \' in single quotes) are escapes; other backslashes stay.
        if (nx === '\\' || nx === q) {
          value += nx;
          i += 2;
          continue;
        }
        value += ch;
        i++;
        continue;
      }
      if (ch === q) {
        closed = true;
        i++;
        break;
      }
      value += ch;
      i++;
    }
    this.pos = i;
    return this.tok(kind, start, i, value, spaceBefore, closed);
  }

  private macro(spaceBefore: boolean): Token {
    const start = this.pos;
    const close = this.text.indexOf('`', start + 1);
    const closed = close >= 0 && close < this.end;
    this.pos = closed ? close + 1 : this.end;
    const value = this.text.slice(start + 1, closed ? close : this.end);
    return this.tok('macro', start, this.pos, value, spaceBefore, closed);
  }

  private word(spaceBefore: boolean): Token {
    const start = this.pos;
    let i = start;
    let value = '';
    let escaped = false;
    while (i < this.end) {
      const ch = this.text[i]!;
      if (ch === '\\' && i + 1 < this.end) {
        const nx = this.text[i + 1]!;
        escaped = true;
        // A backslash escapes a backslash, a quote or a character that would end the word; before anything else
        // (`C:\Windows`) it is a literal backslash. `\*` cannot escape a wildcard in Splunk: it is kept as `\*` so
        // the value layer can report it.
        value += nx === '*' ? '\\*' : WORD_ESCAPABLE.has(nx) || /\s/.test(nx) ? nx : `\\${nx}`;
        i += 2;
        continue;
      }
      if (SEARCH_BREAK.has(ch) || /\s/.test(ch)) break;
      if (ch === '!' && this.text[i + 1] === '=') break;
      if (ch === '`') break;
      value += ch;
      i++;
    }
    if (i === start) {
      // A character that starts no token (should not happen): consume it as an error token.
      i = start + 1;
      this.pos = i;
      return this.tok('error', start, i, this.text.slice(start, i), spaceBefore);
    }
    this.pos = i;
    return this.tok('word', start, i, value, spaceBefore, escaped);
  }

  private exprToken(spaceBefore: boolean): Token {
    const start = this.pos;
    const c = this.text[start]!;
    if (c === "'") return this.quoted("'", 'field', spaceBefore);
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.text.slice(start, Math.min(this.end, start + 64)));
    if (num) {
      this.pos = start + num[0].length;
      return this.tok('number', start, this.pos, num[0], spaceBefore);
    }
    if (EXPR_IDENT_START.test(c)) {
      let i = start + 1;
      while (i < this.end) {
        const ch = this.text[i]!;
        if (EXPR_IDENT_PART.test(ch)) i++;
        // A dot joins a dotted field name (Processes.process_name) only between identifier characters.
        else if (ch === '.' && EXPR_IDENT_PART.test(this.text[i + 1] ?? '')) i++;
        else break;
      }
      this.pos = i;
      const text = this.text.slice(start, i);
      return this.tok('ident', start, i, text, spaceBefore);
    }
    this.pos = start + 1;
    return this.tok('error', start, this.pos, c, spaceBefore);
  }

  private tok(kind: TokenKind, start: number, end: number, value: string, spaceBefore: boolean, flag?: boolean): Token {
    const t: Token = { kind, text: this.text.slice(start, end), value, start, end, span: this.span(start, end), spaceBefore };
    return flag === undefined ? t : { ...t, flag };
  }
}
