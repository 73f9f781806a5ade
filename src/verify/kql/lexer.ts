/**
 * Character-level scanning for the KQL oracle: the terminals of the grammar. KQL has no context-free token stream
 * (whether ` or ` is a keyword or part of a value depends on what follows it, and unquoted values may contain spaces),
 * so instead of a token list this module offers one matcher per terminal, each taking `(src, pos)` and returning the
 * end position (or `-1` / `null` on no match). The parser (parser.ts) composes them with PEG semantics: ordered
 * choice, greedy repetition, backtracking.
 *
 * Facts (K1 = elastic/kibana packages/kbn-es-query/grammar/grammar.peggy, read at commits 2968d5ef and 31782569,
 * identical in these rules):
 * - `Space = [\ \t\r\n\u00A0]`                                                   (K1 rule `Space`)
 * - `Or = Space+ 'or'i Space+`, `And = Space+ 'and'i Space+`, `Not = 'not'i Space+` (K1 rules `Or`, `And`, `Not`):
 *   keywords are case-insensitive and need whitespace around them; `not` needs none before it.
 * - `SpecialCharacter = [\\():<>"*{}]`                                           (K1 rule `SpecialCharacter`)
 * - `UnquotedCharacter` tries, in order: EscapedWhitespace (`\t \r \n`), EscapedSpecialCharacter (`\` + special),
 *   EscapedUnicodeSequence (`\uXXXX`, lower-case `u`, hex any case), EscapedKeyword (`\or \and \not`, any case),
 *   Wildcard (`*`), then any character that is not special and where no keyword starts   (K1 rule `UnquotedCharacter`)
 *   ⇒ (src) `\not` is read as EscapedWhitespace `\n` + `ot` (that alternative comes first; `\NOT` is the keyword);
 *   ⇒ (src) `\` before any other character is not a valid unquoted character (parse error);
 *   ⇒ (src) `!Keyword` is checked at every character, and `Not` needs no space before it: `cannot x` stops at `can`.
 * - `QuotedCharacter` tries: EscapedWhitespace, EscapedUnicodeSequence, `\\` or `\"`, then any character but `"`
 *   (K1 rule `QuotedCharacter`) ⇒ (src) in quotes `\d` stays the two characters `\d`, but `\n` is a newline.
 * - `RangeOperator = '<=' / '>=' / '<' / '>'` → lte, gte, lt, gt                 (K1 rule `RangeOperator`)
 */

export const WILDCARD: unique symbol = Symbol('kql-wildcard');
/** One unquoted character after unescaping: text, or an unescaped `*`. */
export type Piece = string | typeof WILDCARD;

const SPACE = new Set([' ', '\t', '\r', '\n', '\u00A0']);
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);

export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.has(ch);
}

export function isSpecial(ch: string | undefined): boolean {
  return ch !== undefined && SPECIAL.has(ch);
}

/** `Space*`: the position after any run of whitespace. */
export function skipSpaces(src: string, pos: number): number {
  let i = pos;
  while (isSpace(src[i])) i++;
  return i;
}

/** Case-insensitive match of an ASCII word at `pos`; returns the end or -1. */
function word(src: string, pos: number, w: string): number {
  return src.slice(pos, pos + w.length).toLowerCase() === w ? pos + w.length : -1;
}

/** `Space+ 'or'i Space+` (or `and`): end position or -1. */
function spacedKeyword(src: string, pos: number, w: string): number {
  let i = skipSpaces(src, pos);
  if (i === pos) return -1;
  i = word(src, i, w);
  if (i < 0) return -1;
  const j = skipSpaces(src, i);
  return j === i ? -1 : j;
}

export function matchOr(src: string, pos: number): number {
  return spacedKeyword(src, pos, 'or');
}

export function matchAnd(src: string, pos: number): number {
  return spacedKeyword(src, pos, 'and');
}

/** `'not'i Space+` */
export function matchNot(src: string, pos: number): number {
  const i = word(src, pos, 'not');
  if (i < 0) return -1;
  const j = skipSpaces(src, i);
  return j === i ? -1 : j;
}

/** `Keyword = Or / And / Not` used as a negative lookahead inside unquoted literals. */
export function keywordAt(src: string, pos: number): boolean {
  return matchOr(src, pos) >= 0 || matchAnd(src, pos) >= 0 || matchNot(src, pos) >= 0;
}

function escapedWhitespace(src: string, pos: number): { ch: string; end: number } | null {
  if (src[pos] !== '\\') return null;
  const c = src[pos + 1];
  if (c === 't') return { ch: '\t', end: pos + 2 };
  if (c === 'r') return { ch: '\r', end: pos + 2 };
  if (c === 'n') return { ch: '\n', end: pos + 2 };
  return null;
}

function escapedUnicode(src: string, pos: number): { ch: string; end: number } | null {
  if (src[pos] !== '\\' || src[pos + 1] !== 'u') return null;
  const hex = src.slice(pos + 2, pos + 6);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
  return { ch: String.fromCharCode(parseInt(hex, 16)), end: pos + 6 };
}

/** One `UnquotedCharacter` at `pos`, or null. */
export function unquotedChar(src: string, pos: number): { piece: Piece; end: number } | null {
  const ws = escapedWhitespace(src, pos);
  if (ws) return { piece: ws.ch, end: ws.end };
  if (src[pos] === '\\' && isSpecial(src[pos + 1])) return { piece: src[pos + 1]!, end: pos + 2 };
  const uni = escapedUnicode(src, pos);
  if (uni) return { piece: uni.ch, end: uni.end };
  if (src[pos] === '\\') {
    for (const w of ['or', 'and', 'not']) {
      const e = word(src, pos + 1, w);
      // EscapedKeyword returns the keyword as written (its case kept).
      if (e >= 0) return { piece: src.slice(pos + 1, e), end: e };
    }
  }
  if (src[pos] === '*') return { piece: WILDCARD, end: pos + 1 };
  const ch = src[pos];
  if (ch === undefined || isSpecial(ch) || keywordAt(src, pos)) return null;
  return { piece: ch, end: pos + 1 };
}

/** One `QuotedCharacter` at `pos` (inside `"…"`), or null at `"` / end of input. */
export function quotedChar(src: string, pos: number): { ch: string; end: number } | null {
  const ws = escapedWhitespace(src, pos);
  if (ws) return ws;
  const uni = escapedUnicode(src, pos);
  if (uni) return uni;
  if (src[pos] === '\\' && (src[pos + 1] === '\\' || src[pos + 1] === '"')) return { ch: src[pos + 1]!, end: pos + 2 };
  const ch = src[pos];
  if (ch === undefined || ch === '"') return null;
  return { ch, end: pos + 1 };
}

export function rangeOperator(src: string, pos: number): { op: 'lte' | 'gte' | 'lt' | 'gt'; end: number } | null {
  const two = src.slice(pos, pos + 2);
  if (two === '<=') return { op: 'lte', end: pos + 2 };
  if (two === '>=') return { op: 'gte', end: pos + 2 };
  if (src[pos] === '<') return { op: 'lt', end: pos + 1 };
  if (src[pos] === '>') return { op: 'gt', end: pos + 1 };
  return null;
}
