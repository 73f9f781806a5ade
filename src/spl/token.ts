import type { Span } from '../diagnostics/span.js';

/**
 * Token kinds. The scanner has two modes:
 * - `search`: the search language and most command arguments (words, quoted strings, comparison operators);
 * - `expr`: the eval/where expression language (numbers, identifiers, operators).
 */
export type TokenKind =
  | 'word' // search mode: a run of non-breaking characters (backslash escapes kept in `text`, resolved in `value`)
  | 'ident' // expr mode: a field or function name, or a keyword (AND, OR, NOT, XOR, LIKE, IN, true, false)
  | 'number' // expr mode
  | 'string' // "…": `value` has `\\` and `\"` resolved
  | 'field' // expr mode: '…' single-quoted field name
  | 'op' // = == != < <= > >= (both modes); + - * / % . (expr mode)
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'comma'
  | 'pipe'
  | 'macro' // `name(args)`: a macro left unexpanded (undefined)
  | 'eof'
  | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** Exact source text of the token (in the expanded text). */
  readonly text: string;
  /** Decoded value: strings without quotes and escapes; words with escapes resolved. */
  readonly value: string;
  /** Offsets in the (macro-expanded) text being scanned. */
  readonly start: number;
  readonly end: number;
  /** Span in the ORIGINAL rule text (macro bodies map to their invocation). */
  readonly span: Span;
  /** Whether whitespace (or a comment) precedes the token. */
  readonly spaceBefore: boolean;
  /** For `word`: whether it contained a backslash escape; for `string`/`macro`: whether it was terminated. */
  readonly flag?: boolean;
}
