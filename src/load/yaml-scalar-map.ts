/**
 * Maps offsets in a decoded YAML scalar back to offsets in the YAML text, so SPL errors can point into the rule
 * file. js-yaml gives values, not positions, so we re-scan the raw scalar of a top-level key ourselves:
 * single-quoted (`''` escapes, line folding), double-quoted (backslash escapes, escaped line breaks), plain
 * multi-line, and block `|` / `>` scalars (chomping and explicit indentation indicators).
 *
 * We read scalars the way js-yaml 4 does (which matters where it departs from the YAML spec: blanks before a line
 * break inside quotes are kept; an escaped line break in double quotes also swallows following empty lines; a
 * text without a final line break is read as if it had one). And the scan is checked: the text we rebuild must
 * equal the value js-yaml decoded, else there is no map (callers fall back to positions relative to the SPL text).
 * A wrong position is worse than none.
 *
 * Folding: a line break (plus the next line's indentation) that became a space maps to the line break; each
 * empty line that became `\n` maps to that empty line's break; an escape maps to its backslash, except `\"`,
 * `\\` and `\/`, which map to the escaped character.
 */

/** `offset in the decoded value` → `offset in the YAML text`. Offsets past the end map to the scalar's end. */
export type OffsetMap = (valueOffset: number) => number;

/**
 * The decoded value being rebuilt, and where each of its code units comes from, as segments: a verbatim run of the
 * YAML text (offsets follow it) or a unit produced by folding or an escape (one fixed offset). The map is read only
 * to locate diagnostics, so lookups search the segments instead of a table with an entry per character.
 */
class Builder {
  private text = '';
  /** Start of each segment in the value, its offset in the YAML text, and whether it is a verbatim run. */
  private readonly vStarts: number[] = [];
  private readonly fStarts: number[] = [];
  private readonly verbatim: boolean[] = [];

  /** Append `s` (any length), every code unit of it mapped to `off`. */
  push(s: string, off: number): void {
    if (s.length === 0) return;
    this.segment(off, false);
    this.text += s;
  }

  /** Append `src[from..to)` verbatim, each code unit mapped to its own offset. */
  pushRun(src: string, from: number, to: number): void {
    if (to <= from) return;
    this.segment(from, true);
    this.text += src.slice(from, to);
  }

  private segment(fileStart: number, verbatim: boolean): void {
    const n = this.vStarts.length - 1;
    // A run that continues the previous one (same source, next offset) extends it.
    if (verbatim && n >= 0 && this.verbatim[n] && this.fStarts[n]! + (this.text.length - this.vStarts[n]!) === fileStart) return;
    this.vStarts.push(this.text.length);
    this.fStarts.push(fileStart);
    this.verbatim.push(verbatim);
  }

  get value(): string {
    return this.text;
  }

  get length(): number {
    return this.text.length;
  }

  /** The YAML offset of the value's code unit `i` (0 <= i < length). */
  offsetAt(i: number): number {
    let lo = 0;
    let hi = this.vStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.vStarts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.verbatim[lo] ? this.fStarts[lo]! + (i - this.vStarts[lo]!) : this.fStarts[lo]!;
  }
}

interface Scan {
  readonly b: Builder;
  /** Offset just past the scalar's content (the closing quote for quoted scalars). */
  readonly end: number;
}

/** Length of the line break at `p` (`\r\n`, `\n`, `\r`), 0 if none. */
function breakLen(text: string, p: number): number {
  const c = text[p];
  if (c === '\n') return 1;
  if (c === '\r') return text[p + 1] === '\n' ? 2 : 1;
  return 0;
}

const isWhite = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** After the line break at `p`: the offsets of the breaks of empty lines that follow, and where content resumes. */
function fold(text: string, p: number): { empties: number[]; next: number; indent: number } {
  let q = p + breakLen(text, p);
  const empties: number[] = [];
  for (;;) {
    let r = q;
    while (isWhite(text[r])) r++;
    const bl = breakLen(text, r);
    if (bl === 0) {
      let spaces = 0;
      while (text[q + spaces] === ' ') spaces++;
      return { empties, next: r, indent: spaces };
    }
    empties.push(r);
    q = r + bl;
  }
}

/** Push a folded line break: one space, or one `\n` per empty line. */
function pushFold(b: Builder, breakAt: number, empties: readonly number[]): void {
  if (empties.length === 0) b.push(' ', breakAt);
  else for (const e of empties) b.push('\n', e);
}

function scanSingle(text: string, start: number): Scan | undefined {
  const b = new Builder();
  let p = start;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 39 /* ' */) {
      if (text[p + 1] !== "'") return { b, end: p };
      b.push("'", p);
      p += 2;
    } else if (c === 10 || c === 13) {
      const f = fold(text, p);
      pushFold(b, p, f.empties);
      p = f.next;
    } else {
      // A run of characters that are neither a quote nor a line break, copied as is.
      let q = p + 1;
      while (q < text.length) {
        const d = text.charCodeAt(q);
        if (d === 39 || d === 10 || d === 13) break;
        q++;
      }
      b.pushRun(text, p, q);
      p = q;
    }
  }
  return undefined;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function scanDouble(text: string, start: number): Scan | undefined {
  const b = new Builder();
  let p = start;
  while (p < text.length) {
    const c = text[p]!;
    if (c === '"') return { b, end: p };
    if (c === '\\') {
      const n = text[p + 1];
      if (n === undefined) return undefined;
      if (breakLen(text, p + 1) > 0) {
        // an escaped line break: js-yaml drops it, the next line's indentation and any empty lines
        p = fold(text, p + 1).next;
        continue;
      }
      const simple = SIMPLE_ESCAPES[n];
      const hexLen = HEX_ESCAPES[n];
      if (simple !== undefined) {
        b.push(simple, simple === n && '"/\\'.includes(n) ? p + 1 : p);
        p += 2;
      } else if (hexLen !== undefined) {
        const hex = text.slice(p + 2, p + 2 + hexLen);
        if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) return undefined;
        b.push(String.fromCodePoint(parseInt(hex, 16)), p);
        p += 2 + hexLen;
      } else {
        return undefined;
      }
    } else if (breakLen(text, p) > 0) {
      const f = fold(text, p);
      pushFold(b, p, f.empties);
      p = f.next;
    } else {
      b.pushRun(text, p, p + 1);
      p++;
    }
  }
  return undefined;
}

/**
 * A plain scalar that is the value of a top-level key: continuation lines are indented, `: ` and ` #` end it,
 * blank space at line ends is dropped.
 */
function scanPlain(text: string, start: number): Scan {
  const b = new Builder();
  let pending: number[] = [];
  let p = start;
  let end = start;
  while (p < text.length) {
    const c = text[p]!;
    if (breakLen(text, p) > 0) {
      const f = fold(text, p);
      if (f.next >= text.length || f.indent === 0 || text[f.next] === '#') break;
      pending = [];
      pushFold(b, p, f.empties);
      p = f.next;
    } else if (isWhite(c)) {
      if (text[p + 1] === '#') break;
      pending.push(p++);
    } else if (c === ':' && (p + 1 >= text.length || isWhite(text[p + 1]) || breakLen(text, p + 1) > 0)) {
      break;
    } else {
      for (const o of pending) b.pushRun(text, o, o + 1);
      pending = [];
      b.pushRun(text, p, p + 1);
      p++;
      end = p;
    }
  }
  return { b, end };
}

/**
 * A block scalar `|` or `>` (header at `start`) that is the value of a top-level key, read the way js-yaml reads
 * it (its `readBlockScalar`, with parent indentation 1): chomping, explicit indentation, more-indented lines.
 */
function scanBlock(text: string, start: number): Scan | undefined {
  const folding = text[start] === '>';
  let p = start + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let textIndent = 1;
  let detected = false;
  for (let k = 0; k < 2; k++) {
    const c = text[p];
    if (c === '-' || c === '+') (chomp = c === '-' ? 'strip' : 'keep'), p++;
    else if (c !== undefined && c >= '1' && c <= '9') (textIndent = Number(c)), (detected = true), p++;
  }
  while (isWhite(text[p])) p++;
  if (text[p] === '#') while (p < text.length && breakLen(text, p) === 0) p++;
  if (p < text.length && breakLen(text, p) === 0) return undefined;

  const b = new Builder();
  /** The line breaks read since the last content line (that line's own break first). */
  let breaks: number[] = [];
  const newlines = (n: number): void => {
    for (const o of breaks.slice(breaks.length - n)) b.push('\n', o);
  };
  let didRead = false;
  let atMoreIndented = false;
  let end = start;
  while (p < text.length) {
    breaks.push(p);
    p += breakLen(text, p);
    let lineIndent = 0;
    while ((!detected || lineIndent < textIndent) && text[p] === ' ') lineIndent++, p++;
    if (!detected && lineIndent > textIndent) textIndent = lineIndent;
    const empties = breaks.length - 1;
    if (breakLen(text, p) > 0) continue;
    if (lineIndent < textIndent) {
      if (chomp === 'keep') newlines(didRead ? breaks.length : empties);
      else if (chomp === 'clip' && didRead) b.push('\n', breaks[0]!);
      break;
    }
    if (folding && isWhite(text[p])) {
      atMoreIndented = true;
      newlines(didRead ? breaks.length : empties);
    } else if (folding && atMoreIndented) {
      atMoreIndented = false;
      newlines(breaks.length);
    } else if (folding && empties === 0) {
      if (didRead) b.push(' ', breaks[0]!);
    } else if (folding) {
      newlines(empties);
    } else {
      newlines(didRead ? breaks.length : empties);
    }
    didRead = true;
    detected = true;
    breaks = [];
    const from = p;
    while (p < text.length && breakLen(text, p) === 0) p++;
    b.pushRun(text, from, p);
    end = p;
  }
  return { b, end };
}

/** The compiled key patterns of `findTopLevelKey` (a handful of keys: `search`, `logic`, `id`, …). */
const KEY_RES = new Map<string, RegExp>();

/** The offset just after `key:` on the `occurrence`-th line (0-based) that starts with it at column 0. */
export function findTopLevelKey(text: string, key: string, occurrence = 0): number | undefined {
  let re = KEY_RES.get(key);
  if (re === undefined) {
    re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*:(?=[ \\t\\r\\n]|$)`, 'gm');
    KEY_RES.set(key, re);
  }
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) if (n++ === occurrence) return m.index + m[0].length;
  return undefined;
}

/** Where the value of the key whose colon ends at `p` starts: skip blanks, a comment and empty lines. */
function valueStart(text: string, p: number): number {
  for (;;) {
    while (isWhite(text[p])) p++;
    if (text[p] === '#') while (p < text.length && breakLen(text, p) === 0) p++;
    const bl = breakLen(text, p);
    if (bl === 0) return p;
    p += bl;
  }
}

/**
 * Map the value of the `occurrence`-th top-level `key` of `text`, checked against `expected` (the value js-yaml
 * decoded). `undefined` when the scalar cannot be scanned or the rebuilt text differs.
 */
export function mapTopLevelScalar(yamlText: string, key: string, expected: string, occurrence = 0): OffsetMap | undefined {
  // js-yaml reads a text that does not end with a line break as if it did.
  const text = /[\r\n]$/.test(yamlText) ? yamlText : `${yamlText}\n`;
  const colon = findTopLevelKey(text, key, occurrence);
  if (colon === undefined) return undefined;
  const p = valueStart(text, colon);
  const c = text[p];
  let scan: Scan | undefined;
  if (c === "'") scan = scanSingle(text, p + 1);
  else if (c === '"') scan = scanDouble(text, p + 1);
  else if (c === '|' || c === '>') scan = scanBlock(text, p);
  else if (c !== undefined && !'&!*[]{}%@`,?-:#'.includes(c)) scan = scanPlain(text, p);
  else if (c === '-' || c === '?' || c === ':') scan = isWhite(text[p + 1]) ? undefined : scanPlain(text, p);
  if (!scan || scan.b.value !== expected) return undefined;
  const { b, end } = scan;
  const length = b.length;
  return (i) => (i >= 0 && i < length ? b.offsetAt(i) : i < 0 ? (length > 0 ? b.offsetAt(0) : end) : end);
}
