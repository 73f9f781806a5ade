import type { Span } from '../diagnostics/span.js';
import type { Token, TokenKind } from './token.js';

export type ScanMode = 'search' | 'expr';

/** Maps an offset in the scanned (expanded) text to the original rule text. */
export type OffsetMapper = (offset: number, side: 'start' | 'end') => number;

const identityMapper: OffsetMapper = (o) => o;

/** Characters a backslash escapes inside an unquoted word (the others keep their backslash). */
const WORD_ESCAPABLE = new Set(['\\', '"', '|', '(', ')', '[', ']', ',', '=', '<', '>', '!', '`']);
const SEARCH_BREAK = new Set([' ', '\t', '\n', '\r', '"', '(', ')', '[', ']', '|', ',', '=', '<', '>', '`']);
/** JavaScript's `\s` (the lexer's notion of white space), by char code. */
function isSpaceCode(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 0xa0) return false;
  return /\s/.test(String.fromCharCode(code));
}

/** SEARCH_BREAK or white space (a word ends before it). */
const WORD_BREAK_ASCII = new Uint8Array(128);
for (const ch of SEARCH_BREAK) WORD_BREAK_ASCII[ch.charCodeAt(0)] = 1;
function isWordBreak(code: number): boolean {
  return code < 128 ? WORD_BREAK_ASCII[code] === 1 || isSpaceCode(code) : isSpaceCode(code);
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Expression identifiers: 2 = may start one ([A-Za-z_@$]), 1 = may continue one (also [0-9:{}]). */
const EXPR_IDENT_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  EXPR_IDENT_ASCII[c] = /[A-Za-z_@$]/.test(ch) ? 2 : /[0-9:{}]/.test(ch) ? 1 : 0;
}
function isIdentPart(code: number): boolean {
  return code < 128 && EXPR_IDENT_ASCII[code]! > 0;
}

/** A token in a `TokenCache`, with the end of the range of the scanner that lexed it. */
interface SharedToken {
  readonly token: Token;
  readonly bound: number;
}

/**
 * Tokens shared by the scanners of one text and offset mapper (the pipeline splitter, then each stage's scanner
 * lex the same text). A token lexed by a scanner whose range ends at `bound` is the same for a scanner whose range
 * ends elsewhere when it ends before both (the lexer never looked at the range end): only then is it reused.
 */
export class TokenCache {
  /** By the offset the token was asked at (holey arrays: faster than maps for small integer keys). */
  readonly search: (SharedToken | undefined)[];
  readonly expr: (SharedToken | undefined)[];

  constructor(textLength: number) {
    this.search = new Array<SharedToken | undefined>(textLength + 1);
    this.expr = new Array<SharedToken | undefined>(textLength + 1);
  }
}

/**
 * An on-demand lexer: the parser asks for the next token in the mode it needs, so a command can mix its own
 * argument grammar (search mode) with eval expressions (expr mode). Comments (```…```) count as whitespace.
 */
export class Scanner {
  private pos: number;
  /** Tokens by the offset they were asked at, minus `start` (see `next`). */
  private readonly searchCache: (Token | undefined)[];
  private readonly exprCache: (Token | undefined)[];
  private readonly start: number;

  constructor(
    readonly text: string,
    start = 0,
    readonly end = text.length,
    private readonly mapper: OffsetMapper = identityMapper,
    /** Tokens shared with the other scanners of the same text and mapper. */
    readonly shared?: TokenCache,
  ) {
    this.pos = start;
    this.start = start;
    this.searchCache = new Array<Token | undefined>(Math.max(0, end - start) + 1);
    this.exprCache = new Array<Token | undefined>(Math.max(0, end - start) + 1);
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
    return this.peek('search').kind === 'eof';
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

  /**
   * The token at the current offset in `mode`, and move past it. Each (offset, mode) is lexed once: the parser
   * peeks and backtracks a lot, so tokens are cached by the offset they were asked at (a token depends only on
   * that offset, the mode and the scanner's end; the offset after it is its `end`).
   */
  next(mode: ScanMode = 'search'): Token {
    const before = this.pos;
    const cache = mode === 'search' ? this.searchCache : this.exprCache;
    // Offsets outside the range (a reset past its end) are lexed each time (eof), never cached.
    const k = before - this.start;
    let t = k >= 0 && k < cache.length ? cache[k] : undefined;
    if (t === undefined) {
      const shared = this.shared?.[mode];
      const s = shared?.[before];
      if (s !== undefined && s.token.end < s.bound && s.token.end < this.end) t = s.token;
      else {
        t = this.lex(mode);
        if (shared !== undefined && before < shared.length) shared[before] = { token: t, bound: this.end };
      }
      if (k >= 0 && k < cache.length) cache[k] = t;
    }
    this.pos = t.end;
    return t;
  }

  private lex(mode: ScanMode): Token {
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
    const text = this.text;
    for (;;) {
      while (this.pos < this.end && isSpaceCode(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos < this.end && text.charCodeAt(this.pos) === 96 && text.startsWith('```', this.pos)) {
        const close = text.indexOf('```', this.pos + 3);
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
    const text = this.text;
    const pos = this.pos;
    const one = text.charCodeAt(pos);
    // = < > (and != <= >= ==)
    if (one === 61 || one === 60 || one === 62 || one === 33) {
      if (pos + 1 < this.end && text.charCodeAt(pos + 1) === 61) return text.slice(pos, pos + 2);
      if (one !== 33) return text[pos]!;
    }
    if (mode === 'expr') {
      // + - * / %
      if (one === 43 || one === 45 || one === 42 || one === 47 || one === 37) return text[pos]!;
      if (one === 46 && !isDigitCode(text.charCodeAt(pos + 1))) return '.';
    }
    return undefined;
  }

  private quoted(q: string, kind: TokenKind, spaceBefore: boolean): Token {
    const text = this.text;
    const start = this.pos;
    const qCode = q.charCodeAt(0);
    let i = start + 1;
    // Runs of plain characters are sliced at once; only `\\` and `\<quote>` change the value.
    let value = '';
    let run = i;
    let closed = false;
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === 92 && i + 1 < this.end) {
        const nx = text[i + 1]!;
        // SPL string escaping: only \\ and \" (and \' in single quotes) are escapes; other backslashes stay.
        if (nx === '\\' || nx === q) {
          value += text.slice(run, i) + nx;
          i += 2;
          run = i;
          continue;
        }
        i++;
        continue;
      }
      if (code === qCode) {
        closed = true;
        break;
      }
      i++;
    }
    value += text.slice(run, i);
    if (closed) i++;
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
    const text = this.text;
    const start = this.pos;
    let i = start;
    // `value` is built only from the first backslash on; before that it is the slice start..runStart.
    let value = '';
    let runStart = start;
    let escaped = false;
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === 92 /* \\ */ && i + 1 < this.end) {
        const nx = text[i + 1]!;
        escaped = true;
        value += text.slice(runStart, i);
        // A backslash escapes a backslash, a quote or a character that would end the word; before anything else
        // (`C:\Windows`) it is a literal backslash. `\*` cannot escape a wildcard in Splunk: it is kept as `\*` so
        // the value layer can report it.
        value += nx === '*' ? '\\*' : WORD_ESCAPABLE.has(nx) || isSpaceCode(nx.charCodeAt(0)) ? nx : `\\${nx}`;
        i += 2;
        runStart = i;
        continue;
      }
      if (isWordBreak(code)) break;
      if (code === 33 /* ! */ && text.charCodeAt(i + 1) === 61 /* = */) break;
      i++;
    }
    if (i === start) {
      // A character that starts no token (should not happen): consume it as an error token.
      i = start + 1;
      this.pos = i;
      return this.tok('error', start, i, this.text.slice(start, i), spaceBefore);
    }
    this.pos = i;
    value = escaped ? value + text.slice(runStart, i) : text.slice(start, i);
    return this.tok('word', start, i, value, spaceBefore, escaped);
  }

  private exprToken(spaceBefore: boolean): Token {
    const text = this.text;
    const start = this.pos;
    const c = text[start]!;
    if (c === "'") return this.quoted("'", 'field', spaceBefore);
    const code = c.charCodeAt(0);
    if (code === 46 || isDigitCode(code)) {
      const num = NUMBER.exec(text.slice(start, Math.min(this.end, start + 64)));
      if (num) {
        this.pos = start + num[0].length;
        return this.tok('number', start, this.pos, num[0], spaceBefore);
      }
    }
    if (code < 128 && EXPR_IDENT_ASCII[code] === 2) {
      let i = start + 1;
      while (i < this.end) {
        const ch = text.charCodeAt(i);
        if (isIdentPart(ch)) i++;
        // A dot joins a dotted field name (Processes.process_name) only between identifier characters.
        else if (ch === 46 && isIdentPart(text.charCodeAt(i + 1))) i++;
        else break;
      }
      this.pos = i;
      const value = text.slice(start, i);
      return this.tok('ident', start, i, value, spaceBefore);
    }
    this.pos = start + 1;
    return this.tok('error', start, this.pos, c, spaceBefore);
  }

  private tok(kind: TokenKind, start: number, end: number, value: string, spaceBefore: boolean, flag?: boolean): Token {
    // The source text is the value itself except for quoted strings, macros and words with an escape.
    const sameAsValue = kind === 'word' ? flag === false : kind !== 'string' && kind !== 'field' && kind !== 'macro';
    const text = sameAsValue ? value : this.text.slice(start, end);
    const span = this.span(start, end);
    return flag === undefined ? { kind, text, value, start, end, span, spaceBefore } : { kind, text, value, start, end, span, spaceBefore, flag };
  }
}
