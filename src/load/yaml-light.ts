/**
 * A fast reader for the plain YAML that rule and macro files are written in — block mappings and sequences,
 * plain (possibly multi-line) scalars, single-quoted scalars, simple double-quoted ones, `[]` and `{}` — giving
 * exactly the value js-yaml 4 gives (its DEFAULT_SCHEMA: plain scalars are resolved by js-yaml's own implicit
 * types, so `4` is a number and `2024-10-17` a Date).
 *
 * It answers `undefined` for anything else (comments, anchors, tags, block scalars, flow collections with content,
 * escapes, tabs, CR line breaks, several documents, keys that are not plain identifiers, duplicate keys, odd
 * indentation, …), and for anything it is not sure js-yaml would read the same way: the caller then parses the
 * text with js-yaml, which also reports the errors. So the result is js-yaml's in every case, only faster on the
 * common shape (js-yaml builds a general parser state per character and was ~10% of a cold corpus run).
 */
import yaml from 'js-yaml';

/** js-yaml's implicit types of the default schema (null, bool, int, float, timestamp, merge), in its order. */
const IMPLICIT: readonly yaml.Type[] | undefined = (yaml.DEFAULT_SCHEMA as unknown as { compiledImplicit?: readonly yaml.Type[] })
  .compiledImplicit;

/** Why the light reader gave up (not an error: js-yaml takes over). */
class Unsupported extends Error {}

const giveUp = (): never => {
  throw new Unsupported();
};

/** A mapping key: a plain identifier (js-yaml would resolve `true`, `NULL`, … to other values first). */
const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: +|$)/;
const NON_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);
/** A plain scalar that js-yaml might resolve to something other than a string. */
const MAYBE_TYPED = /^(?:[-+.0-9~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|<<)$)/;
/** First characters that make a value something other than a plain scalar (or a plain scalar we do not read). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** The documents of `text` as `yaml.loadAll` gives them, or `undefined` when js-yaml must read it. */
export function readYamlLight(text: string): unknown[] | undefined {
  if (IMPLICIT === undefined) return undefined;
  // Characters and lines this reader does not deal with; `---`/`...` at a line start are document markers.
  if (text.includes('\t') || text.includes('\r') || (NOT_PLAIN_ASCII.test(text) && (text.includes('\uFEFF') || NON_PRINTABLE.test(text)))) return undefined;
  try {
    return [new Reader(text).document()];
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** Anything but printable ASCII and line feeds (a quick test before the exact one below). */
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
/** js-yaml refuses these (its PATTERN_NON_PRINTABLE): its error is the answer. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Without the trailing spaces (YAML blanks are spaces and tabs, and tabs are not read here; `trimEnd` would drop more). */
function trimSpacesEnd(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return e === s.length ? s : s.slice(0, e);
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

/** A plain-scalar line's text is safe when js-yaml would not end the scalar inside it (`: `, ` #`). */
function checkPlainText(s: string): void {
  if (s.includes(': ') || s.endsWith(':') || s.includes(' #')) giveUp();
}

class Reader {
  private readonly lines: string[];
  /** Indentation of each line; -1 for a blank line. */
  private readonly indents: Int32Array;
  private i = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    const n = this.lines.length;
    this.indents = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const line = this.lines[k]!;
      const ind = indentOf(line);
      this.indents[k] = ind === line.length ? -1 : ind;
      if (ind === line.length) continue;
      const c = line.charCodeAt(ind);
      // A comment line; `---`, `...` (document markers) or a `%` directive at column 0.
      if (c === 35 /* # */ || (ind === 0 && (c === 37 /* % */ || line.startsWith('---') || line.startsWith('...')))) giveUp();
    }
    // A final line break leaves an empty last line; trailing blank lines end nothing.
    let end = n;
    while (end > 0 && this.indents[end - 1] === -1) end--;
    this.lines.length = end;
  }

  document(): unknown {
    this.skipBlank();
    if (this.i >= this.lines.length) giveUp(); // empty document: js-yaml's answer is its own
    if (this.indents[this.i] !== 0) giveUp();
    const doc = this.mapping(0);
    if (this.i < this.lines.length) giveUp();
    return doc;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.indents[this.i] === -1) this.i++;
  }

  private blankAt(j: number): boolean {
    return this.indents[j] === -1;
  }

  /** A block mapping whose keys are at column `indent` (the current line is its first key). */
  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipBlank();
      if (this.i >= this.lines.length) return out;
      const line = this.lines[this.i]!;
      const ind = this.indents[this.i]!;
      if (ind < indent) return out;
      if (ind > indent) giveUp();
      const m = KEY.exec(line.slice(indent));
      if (!m) giveUp();
      const key = m![1]!;
      if (NON_STRING_KEYS.has(key) || Object.prototype.hasOwnProperty.call(out, key)) giveUp();
      const rest = line.slice(indent + m![0].length);
      out[key] = this.value(rest, indent);
    }
  }

  /** The value after `key:` (`rest` is the text after the colon and its blanks) of a mapping at `indent`. */
  private value(rest: string, indent: number): unknown {
    if (rest !== '') return this.inline(rest, indent);
    // Nothing on the key's line: a nested block below, or null.
    this.i++;
    this.skipBlank();
    if (this.i >= this.lines.length) return null;
    const next = this.lines[this.i]!;
    const ind = this.indents[this.i]!;
    if (isSequenceItem(next, ind) && ind >= indent) return this.sequence(ind);
    if (ind > indent) return this.mapping(ind);
    return null;
  }

  /** A block sequence whose `-` are at column `indent`. */
  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      this.skipBlank();
      if (this.i >= this.lines.length) return out;
      const line = this.lines[this.i]!;
      const ind = this.indents[this.i]!;
      if (ind !== indent || !isSequenceItem(line, ind)) {
        if (ind > indent) giveUp();
        return out;
      }
      if (line.length === indent + 1) giveUp(); // `-` alone: its item is on the next lines
      const content = indent + 1 + indentOf(line.slice(indent + 1));
      const text = line.slice(content);
      if (KEY.test(text)) {
        // `- key: value`: a mapping whose keys are at the column of its first key.
        this.lines[this.i] = ' '.repeat(content) + text;
        this.indents[this.i] = content;
        out.push(this.mapping(content));
      } else {
        out.push(this.inline(text, indent));
      }
    }
  }

  /**
   * A scalar (or `[]`/`{}`) starting in the middle of the current line, of a node whose parent is at column
   * `parent`: continuation lines of a plain scalar must be indented more than that. Moves past its last line.
   */
  private inline(text: string, parent: number): unknown {
    const c = text[0]!;
    if (c === "'") return this.singleQuoted(text);
    if (c === '"') return this.doubleQuoted(text);
    if (c === '[' || c === '{') {
      const t = trimSpacesEnd(text);
      if (t !== '[]' && t !== '{}') giveUp();
      this.i++;
      return t === '[]' ? [] : {};
    }
    if (INDICATORS.has(c)) giveUp();
    return this.plain(text, parent);
  }

  private plain(first: string, parent: number): unknown {
    const head = trimSpacesEnd(first);
    checkPlainText(head);
    let value = head;
    let multiline = false;
    this.i++;
    for (;;) {
      // Continuation lines: more indented than the parent; blank lines between them fold to `\n`.
      let j = this.i;
      while (j < this.lines.length && this.blankAt(j)) j++;
      if (j >= this.lines.length) break;
      const line = this.lines[j]!;
      const ind = this.indents[j]!;
      if (ind <= parent) break;
      const t = trimSpacesEnd(line.slice(ind));
      if (t[0] === '#') giveUp();
      checkPlainText(t);
      value += j === this.i ? ' ' : '\n'.repeat(j - this.i);
      value += t;
      multiline = true;
      this.i = j + 1;
    }
    if (!MAYBE_TYPED.test(value)) return value;
    if (multiline || value === '<<') giveUp();
    for (const type of IMPLICIT!) if (type.resolve(value)) return type.construct(value);
    return value;
  }

  /** `'…'`, over several lines when it is (js-yaml keeps the blanks before a line break; the break folds). */
  private singleQuoted(text: string): string {
    let line = text;
    let p = 1;
    let value = '';
    for (;;) {
      const q = line.indexOf("'", p);
      if (q < 0) {
        value += line.slice(p);
        // Fold the line break(s): the next content line's indentation is dropped.
        let j = this.i + 1;
        while (j < this.lines.length && this.blankAt(j)) j++;
        if (j >= this.lines.length) giveUp(); // unterminated: js-yaml reports it
        value += j === this.i + 1 ? ' ' : '\n'.repeat(j - this.i - 1);
        this.i = j;
        line = this.lines[j]!;
        p = this.indents[j]!;
        continue;
      }
      value += line.slice(p, q);
      if (line[q + 1] === "'") {
        value += "'";
        p = q + 2;
        continue;
      }
      if (!isBlank(line.slice(q + 1))) giveUp(); // something after the closing quote (a comment, an error)
      this.i++;
      return value;
    }
  }

  /** `"…"` on one line without escapes; anything else is js-yaml's. */
  private doubleQuoted(text: string): string {
    const q = text.indexOf('"', 1);
    if (q < 0 || text.slice(1, q).includes('\\') || !isBlank(text.slice(q + 1))) giveUp();
    this.i++;
    return text.slice(1, q);
  }
}

/** `- ` (or a lone `-`) at column `ind`. */
function isSequenceItem(line: string, ind: number): boolean {
  return line[ind] === '-' && (line.length === ind + 1 || line[ind + 1] === ' ');
}
