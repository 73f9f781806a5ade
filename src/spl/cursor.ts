import { diag, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { cover, type Span } from '../diagnostics/span.js';
import type { Arg, FieldRef, Option, Pipeline, TimeSpan } from './ast.js';
import { StageError } from './errors.js';
import type { ScanMode, Scanner } from './scanner.js';
import type { Token, TokenKind } from './token.js';

/**
 * Parses a sub-range of the scanned text as a whole pipeline (used for subsearches). With `commands`, every stage
 * is a command (`appendpipe [ stats … ]`): the first one is not read as an implicit search.
 */
export type SubPipelineParser = (start: number, end: number, commands?: boolean) => Pipeline;

/**
 * What a command parser works with: a scanner limited to its stage, helpers for the argument shapes most commands
 * share, and a sink for diagnostics. Command parsers throw `StageError` for fatal problems (the stage is then kept
 * as opaque) and call `warn`/`info` for the rest.
 */
export class StageCursor {
  constructor(
    readonly scanner: Scanner,
    readonly stageIndex: number,
    readonly diagnostics: Diagnostic[],
    readonly parseSubPipeline: SubPipelineParser,
    /** Nesting depth of subsearches (guards against hostile nesting). */
    readonly depth: number,
  ) {}

  peek(mode: ScanMode = 'search'): Token {
    return this.scanner.peek(mode);
  }

  peekAt(n: number, mode: ScanMode = 'search'): Token {
    return this.scanner.peekAt(n, mode);
  }

  next(mode: ScanMode = 'search'): Token {
    const t = this.scanner.next(mode);
    if (t.kind === 'string' && t.flag === false) throw new StageError('SPL002', 'unterminated quoted string', t.span);
    if (t.kind === 'macro' && t.flag === false) throw new StageError('SPL007', 'unterminated macro backtick', t.span);
    return t;
  }

  atEnd(): boolean {
    return this.scanner.atEnd();
  }

  /** Consume the next token if it has this kind (and, for words/idents, this value, case-insensitively). */
  accept(kind: TokenKind, value?: string, mode: ScanMode = 'search'): Token | undefined {
    const t = this.peek(mode);
    if (t.kind !== kind) return undefined;
    if (value !== undefined && t.value.toLowerCase() !== value.toLowerCase()) return undefined;
    return this.next(mode);
  }

  /** Whether the next token is the keyword `kw` (a word, case-insensitive). */
  isKeyword(kw: string, mode: ScanMode = 'search'): boolean {
    const t = this.peek(mode);
    return (t.kind === 'word' || t.kind === 'ident') && t.value.toLowerCase() === kw.toLowerCase();
  }

  expect(kind: TokenKind, what: string, mode: ScanMode = 'search'): Token {
    const t = this.next(mode);
    if (t.kind !== kind) throw this.unexpected(t, what);
    return t;
  }

  unexpected(t: Token, what: string): StageError {
    const found = t.kind === 'eof' ? 'end of stage' : `'${t.text}'`;
    return new StageError('SPL001', `expected ${what}, found ${found}`, t.span);
  }

  fail(code: string, message: string, span: Span): never {
    throw new StageError(code, message, span);
  }

  report(code: string, severity: Severity, message: string, span: Span): void {
    this.diagnostics.push(diag(code, severity, message, { span, stage: this.stageIndex }));
  }

  warn(code: string, message: string, span: Span): void {
    this.report(code, 'warning', message, span);
  }

  info(code: string, message: string, span: Span): void {
    this.report(code, 'info', message, span);
  }

  /** A span for the text from token `a` to token `b`. */
  spanOf(a: Token | Span, b: Token | Span): Span {
    return cover('span' in a ? a.span : a, 'span' in b ? b.span : b);
  }

  /** Text of the rest of the stage, raw, and its span; consumes it. */
  rest(): { text: string; span: Span; start: number } {
    const t = this.peek();
    const start = t.kind === 'eof' ? this.scanner.end : t.start;
    const text = this.scanner.slice(start, this.scanner.end).trimEnd();
    this.scanner.reset(this.scanner.end);
    return { text, span: this.scanner.span(start, start + text.length), start };
  }

  /** A word or quoted string as an argument. */
  arg(what: string): Arg {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'string') throw this.unexpected(t, what);
    return { value: t.value, quoted: t.kind === 'string', span: t.span };
  }

  /**
   * An argument value that may be glued from adjacent tokens with no space between them
   * (e.g. `url=http://a/b?c=d` gives `http://a/b?c` `=` `d`).
   */
  gluedValue(what: string): Arg {
    const first = this.next();
    if (first.kind !== 'word' && first.kind !== 'string') throw this.unexpected(first, what);
    let value = first.value;
    let last = first;
    for (;;) {
      const t = this.peek();
      if (t.spaceBefore || !(t.kind === 'word' || t.kind === 'op' || t.kind === 'string')) break;
      this.next();
      value += t.value;
      last = t;
    }
    return { value, quoted: first.kind === 'string' && last === first, span: cover(first.span, last.span) };
  }

  /** Whether the next tokens are `key=` (a word immediately followed by `=`). */
  atOption(): boolean {
    const k = this.peek();
    if (k.kind !== 'word') return false;
    const eq = this.peekAt(1);
    return eq.kind === 'op' && eq.value === '=';
  }

  /** One `key=value` option. */
  option(): Option {
    const k = this.expect('word', 'an option name');
    this.expect('op', "'='");
    const value = this.gluedValue(`a value for ${k.value}`);
    return { key: k.value, value, span: cover(k.span, value.span) };
  }

  /** Leading `key=value` options; `only` restricts the keys taken (others stop the loop). */
  options(only?: readonly string[]): Option[] {
    const out: Option[] = [];
    while (this.atOption()) {
      const key = this.peek().value.toLowerCase();
      if (only && !only.includes(key)) break;
      out.push(this.option());
    }
    return out;
  }

  /** A field name (word, quoted string, or — in expr mode — identifier). */
  field(what = 'a field name'): FieldRef {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'string') throw new StageError('SPL008', `expected ${what}, found ${t.kind === 'eof' ? 'end of stage' : `'${t.text}'`}`, t.span);
    return { name: t.value, span: t.span };
  }

  /**
   * A list of field names separated by commas and/or spaces, until end of stage or one of the stop keywords
   * (case-insensitive), e.g. `table a, b c` or `by host, user`.
   */
  fieldList(stop: readonly string[] = []): FieldRef[] {
    const out: FieldRef[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'comma') {
        this.next();
        continue;
      }
      if (t.kind !== 'word' && t.kind !== 'string') break;
      if (t.kind === 'word' && stop.some((s) => s.toLowerCase() === t.value.toLowerCase())) break;
      if (t.kind === 'word' && this.peekAt(1).kind === 'op' && this.peekAt(1).value === '=' && !this.peekAt(1).spaceBefore) break;
      out.push(this.field());
    }
    return out;
  }

  /** Parse a time span like `1s`, `5m`, `1h`, `30d`, `1mon`. */
  timeSpan(arg: Arg): TimeSpan {
    const m = /^(\d+(?:\.\d+)?)?\s*([a-zA-Z]*)$/.exec(arg.value);
    const unit = m ? normaliseUnit(m[2] ?? '') : undefined;
    if (!m || unit === undefined) throw new StageError('SPL009', `invalid time span '${arg.value}'`, arg.span);
    return { value: m[1] ? Number(m[1]) : 1, unit, text: arg.value, span: arg.span };
  }

  /** Whether the stage has no more tokens, else throw "unexpected". */
  end(what = 'end of stage'): void {
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t, what);
  }
}

const UNITS: Record<string, string> = {
  '': 's',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
  mon: 'mon', month: 'mon', months: 'mon',
  q: 'q', qtr: 'q', qtrs: 'q', quarter: 'q', quarters: 'q',
  y: 'y', yr: 'y', yrs: 'y', year: 'y', years: 'y',
  ms: 'ms', us: 'us', cs: 'cs', ds: 'ds',
};

function normaliseUnit(u: string): string | undefined {
  return UNITS[u.toLowerCase()];
}
