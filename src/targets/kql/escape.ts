/**
 * KQL value and field-name escaping: the one place the `kql` target turns text into KQL tokens.
 *
 * Facts from Kibana's KQL grammar (`packages/kbn-es-query/grammar/grammar.peggy`), see
 * `../shared/reference/semantics.md` section C:
 *
 * - Quoted strings: `\"` and `\\` are escapes; `\t`, `\r`, `\n` and `\uXXXX` are escape sequences too, so a lone
 *   backslash before `n` would turn into a newline: we escape every backslash. `*` inside quotes is literal.
 * - Unquoted literals: a backslash must precede `\ ( ) : < > " * { }`; an unescaped `*` is a wildcard.
 *   `\t \r \n \uXXXX` are escape sequences as well.
 * - Whitespace (`Space`: space, tab, CR, LF, U+00A0) is part of an unquoted value (`a b` is ONE value "a b"), but the
 *   decoded value is `trim()`med, so whitespace at either end is lost.
 * - Keywords stop an unquoted value: `or`/`and` when whitespace precedes and follows them, `not` when whitespace
 *   follows it, anywhere (even inside a word: `cannot ` ends the value at `can`). The grammar's escape for them,
 *   `\or` `\and` `\not`, is shadowed for `not`: the escape-sequence rule is tried first and reads `\n` as a newline,
 *   so `\not` means newline + "ot". We escape the `n` of such a `not` as `\u006E` (or `\u004E`) instead.
 * - An unquoted value that is exactly `null`, `true` or `false` is a typed literal, not a string: such values must be
 *   quoted (an escape does not help: the check runs on the decoded text).
 *
 * Whether whitespace may appear inside a wildcard value is a semantic question, decided in `index.ts` (Kibana
 * sends some wildcard values through `query_string`, which splits on whitespace).
 */

/** A part of a KQL wildcard value: literal text or `*`. */
export type KqlValuePart = { readonly kind: 'lit'; readonly text: string } | { readonly kind: 'any' };

/** The characters an unquoted KQL literal must escape with a backslash. */
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);

/** Whitespace escapes shared by quoted and unquoted values. */
const WHITESPACE_ESCAPE: Readonly<Record<string, string>> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

/** A double-quoted KQL string whose decoded value is exactly `text`. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else out += WHITESPACE_ESCAPE[ch] ?? ch;
  }
  return `${out}"`;
}

interface Unit {
  /** The decoded character (`undefined` for a wildcard). */
  readonly ch: string | undefined;
  out: string;
}

/**
 * An unquoted KQL value that decodes to exactly `parts` (literal text and `*` wildcards), or undefined when no
 * unquoted form exists: empty, whitespace at either end (trimmed away by the grammar), or a wildcard-free
 * `null`/`true`/`false` (typed literals).
 */
export function unquoted(parts: readonly KqlValuePart[]): string | undefined {
  const units: Unit[] = [];
  for (const part of parts) {
    if (part.kind === 'any') {
      const prev = units[units.length - 1];
      if (prev === undefined || prev.ch !== undefined) units.push({ ch: undefined, out: '*' });
      continue;
    }
    for (const ch of part.text) {
      let out: string;
      if (SPECIAL.has(ch)) out = `\\${ch}`;
      else if (WHITESPACE_ESCAPE[ch] !== undefined) out = WHITESPACE_ESCAPE[ch];
      else if (ch === '\u00A0') out = '\\u00A0';
      else out = ch;
      units.push({ ch, out });
    }
  }
  if (units.length === 0) return undefined;
  const first = units[0]!.ch;
  const last = units[units.length - 1]!.ch;
  if ((first !== undefined && /\s/u.test(first)) || (last !== undefined && /\s/u.test(last))) return undefined;
  const hasWildcard = units.some((u) => u.ch === undefined);
  if (!hasWildcard) {
    const text = units.map((u) => u.ch).join('');
    if (text === 'null' || text === 'true' || text === 'false') return undefined;
  }
  escapeKeywords(units);
  return units.map((u) => u.out).join('');
}

/** A raw (unescaped) grammar `Space` in the output, or the end of the value (what follows it may be whitespace). */
function spaceOrEnd(units: readonly Unit[], i: number): boolean {
  const u = units[i];
  return u === undefined || u.out === ' ';
}

function spells(units: readonly Unit[], i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const u = units[i + k];
    if (u === undefined || u.ch === undefined || u.out !== u.ch || u.ch.toLowerCase() !== word[k]) return false;
  }
  return true;
}

function escapeKeywords(units: Unit[]): void {
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (spells(units, i, 'not') && spaceOrEnd(units, i + 3)) {
      u.out = u.ch === 'N' ? '\\u004E' : '\\u006E';
      continue;
    }
    const prevSpace = i > 0 && units[i - 1]!.out === ' ';
    if (!prevSpace) continue;
    for (const kw of ['or', 'and']) {
      if (spells(units, i, kw) && spaceOrEnd(units, i + kw.length)) u.out = `\\${u.out}`;
    }
  }
}

/** A value that KQL may write unquoted and that means the same quoted or not (a plain decimal number). */
export function isPlainNumber(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

/** A literal (wildcard-free) value: plain numbers unquoted (`7045`), everything else quoted. */
export function literalValue(text: string): string {
  return isPlainNumber(text) ? text : quote(text);
}

/**
 * A field name: unquoted when it is made of letters, digits and `_ . @ -`, else quoted (a quoted field name is a
 * literal: no wildcard, no escaping beyond `\"`/`\\`). Also quoted: `null`/`true`/`false` (typed literals), and a
 * name ending in `not`, which the space of `f > 5` would turn into the keyword.
 */
export function fieldName(name: string): string {
  if (/^[A-Za-z0-9_.@-]+$/.test(name) && !/^(null|true|false)$/.test(name) && !/not$/i.test(name)) return name;
  return quote(name);
}
