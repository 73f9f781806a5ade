/**
 * PCRE-only syntax, rewritten before regexpp parses the pattern (regexpp knows JavaScript, Annex-B mode).
 *
 * The scanner walks the PCRE text once and writes an equivalent JavaScript source, keeping for every character it
 * writes the ORIGINAL offsets it came from and the inline flags in force there. What it rewrites:
 * - inline flags `(?i)` `(?s)` `(?m)` `(?x)` `(?n)` `(?U)` (and `(?-…)`, `(?^…)`): removed, recorded per position
 *   (leading ones become the pattern's flags); scoped `(?i:…)` becomes `(?:…)`. `(?x)`: white space and `#`
 *   comments outside classes are dropped here.
 * - `(?P<name>…)`, `(?'name'…)` → `(?<name>…)`; `(?P=name)`, `\k{name}`, `\k'name'`, `\g{name}` → `\k<name>`;
 *   `\g{N}`, `\gN`, `\g{-N}` → `\N`; `\N` digits follow PCRE's back-reference-or-octal rule; `\0dd`, `\o{…}` octal.
 * - `\Q…\E` → escaped literal text; `(?#…)` comments dropped.
 * - `\A` → `^`, `\z` `\Z` → `$`, `\K` → `(?:)`, `(?>…)` → `(?:…)`, possessive `*+` → `*`, each recorded as a
 *   "special" at its output offset so the tree builder gives them their PCRE meaning back.
 * - `\x{…}`, `\xH`, `\x`, `\e`, `\a`, `\cX`, punctuation and digits → `\uHHHH`; characters from U+E000 up (private
 *   use, above U+FFFF: regexpp's non-unicode mode reads UTF-16 units), and the types regexpp cannot read (`\h \H \v
 *   \V \N`, POSIX `[:alpha:]`, `[:^alpha:]`) → a private-use placeholder character whose meaning is recorded (so
 *   they work inside classes and ranges too).
 * - `\R` → an atomic group of the newline sequences.
 * - `]` first in a class is literal (PCRE), `{,n}` is literal (PCRE2 before 10.43), lone `{` `}` `]` escaped.
 * Constructs that have no translation (recursion, conditionals, callouts, backtracking verbs, branch reset, `\G`,
 * `\p{…}`, `\X`, `\C`) are reported as errors "unsupported PCRE construct".
 */
import { type CharSet, complement } from './charset.js';
import { HSPACE, NEWLINE, POSIX, VSPACE } from './classes.js';
import type { RegexError, RegexNote } from './types.js';

export interface FlagState {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly x: boolean;
  /** No auto-capture: plain `(…)` does not capture. */
  readonly n: boolean;
  /** Ungreedy: quantifiers lazy by default, `?` makes them greedy. */
  readonly U: boolean;
}

export const NO_FLAGS: FlagState = { i: false, m: false, s: false, x: false, n: false, U: false };

export type PlaceholderMeaning =
  | { readonly kind: 'char'; readonly cp: number }
  | { readonly kind: 'type'; readonly name: string; readonly set: CharSet; readonly negate: boolean };

/** What an output position stands for, where the JavaScript text alone would mislead. */
export type Special = 'start' | 'end' | 'end-or-newline' | 'atomic' | 'possessive' | 'reset' | 'backref';

export interface Scanned {
  readonly js: string;
  /** Per output character: the original span it was written for. */
  readonly origStart: readonly number[];
  readonly origEnd: readonly number[];
  /** Per output character: the flags in force. */
  readonly flagsAt: readonly FlagState[];
  /** The flags set at the start of the pattern (with the caller's). */
  readonly leading: FlagState;
  readonly placeholders: ReadonlyMap<number, PlaceholderMeaning>;
  /** Output offset → special meaning (for a quantifier: the offset of its last character). */
  readonly specials: ReadonlyMap<number, Special>;
  /** Notes on the reading: inline flags after the start, `{,n}` taken literally. */
  readonly notes: readonly RegexNote[];
  /** `(?J)` seen: groups may share a name. */
  readonly duplicateNames: boolean;
}

export type ScanResult = { readonly ok: true; readonly scanned: Scanned } | { readonly ok: false; readonly error: RegexError };

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Characters from here up are written as placeholders (see `Scanner`'s constructor). */
const PLACEHOLDER_FROM = 0xe000;

const unsupported = (what: string, offset: number): ScanError => new ScanError(`unsupported PCRE construct: ${what}`, offset);

/** PCRE extended-mode white space (UTF mode: also U+0085, U+200E, U+200F, U+2028, U+2029). */
const X_SPACE = /[\t\n\v\f\r \u0085\u200e\u200f\u2028\u2029]/;
const HEX = /^[0-9a-fA-F]$/;
/** Verbs that only tune the matcher (same matches): accepted and ignored at the start of a pattern. */
const HARMLESS_VERBS =
  /^(UTF8?|LF|NO_START_OPT|NO_AUTO_POSSESS|NO_DOTSTAR_ANCHOR|NO_JIT|NOTEMPTY|NOTEMPTY_ATSTART|LIMIT_(MATCH|RECURSION|DEPTH|HEAP)=\d+)$/;

export function scanPcre(src: string, initial: FlagState = NO_FLAGS): ScanResult {
  try {
    return { ok: true, scanned: new Scanner(src, initial).run() };
  } catch (e) {
    if (e instanceof ScanError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

class Scanner {
  private pos = 0;
  private js = '';
  private readonly origStart: number[] = [];
  private readonly origEnd: number[] = [];
  private readonly flagsAt: FlagState[] = [];
  private readonly placeholders = new Map<number, PlaceholderMeaning>();
  private readonly placeholderOf = new Map<string, number>();
  private readonly specials = new Map<number, Special>();
  private readonly notes: RegexNote[] = [];
  private readonly stack: FlagState[] = [];
  private state: FlagState;
  private leading: FlagState;
  private atStart = true;
  private captures = 0;
  private readonly totalCaptures: number;
  private nextPrivateUse = PLACEHOLDER_FROM;
  private duplicateNames = false;

  constructor(
    private readonly src: string,
    initial: FlagState,
  ) {
    this.state = initial;
    this.leading = initial;
    this.totalCaptures = countCaptures(src);
    // Every character from U+E000 up (private use, astral) is written as a placeholder, all allocated here in code
    // point order: ranges between them keep their order, and no placeholder can be a character of the text.
    for (const cp of highCodePoints(src)) this.placeholder(`c${cp}`, { kind: 'char', cp });
  }

  run(): Scanned {
    const { src } = this;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (this.state.x && X_SPACE.test(c)) {
        this.pos++;
        continue;
      }
      if (this.state.x && c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
        this.pos++;
        continue;
      }
      switch (c) {
        case '\\':
          this.escape(false);
          break;
        case '[':
          this.charClass();
          break;
        case '(':
          this.openGroup();
          break;
        case ')':
          this.closeGroup();
          break;
        case '*':
        case '+':
        case '?': {
          const start = this.pos++;
          this.emit(c, start, this.pos);
          this.quantifierSuffix();
          break;
        }
        case '{':
          this.brace();
          break;
        case '}':
        case ']':
          this.emit(`\\${c}`, this.pos, ++this.pos);
          break;
        case '.':
        case '^':
        case '$':
        case '|':
          this.emit(c, this.pos, ++this.pos);
          break;
        default:
          this.literalAt();
      }
    }
    return {
      js: this.js,
      origStart: this.origStart,
      origEnd: this.origEnd,
      flagsAt: [...this.flagsAt, this.state],
      leading: this.leading,
      placeholders: this.placeholders,
      specials: this.specials,
      notes: this.notes,
      duplicateNames: this.duplicateNames,
    };
  }

  // ---- output ----

  private emit(text: string, start: number, end: number): number {
    const at = this.js.length;
    this.js += text;
    for (let i = 0; i < text.length; i++) {
      this.origStart.push(start);
      this.origEnd.push(end);
      this.flagsAt.push(this.state);
    }
    this.atStart = false;
    return at;
  }

  private placeholder(key: string, meaning: PlaceholderMeaning): string {
    let code = this.placeholderOf.get(key);
    if (code === undefined) {
      code = this.nextPrivateUse++;
      if (code > 0xf8ff) throw new ScanError('too many special characters in the pattern', 0);
      this.placeholderOf.set(key, code);
      this.placeholders.set(code, meaning);
    }
    return String.fromCharCode(code);
  }

  /** A character as a literal of the output (in a class or not). */
  private emitCodePoint(cp: number, start: number, end: number): void {
    if (cp > 0x10ffff) throw new ScanError('character code point value too large', start);
    if (cp >= PLACEHOLDER_FROM) this.emit(this.placeholder(`c${cp}`, { kind: 'char', cp }), start, end);
    // Digits are escaped too, so that a back reference `\1` is never followed by a digit of the output.
    else if (/[A-Za-z]/.test(String.fromCharCode(cp)) || (cp > 0x7f && !(cp >= 0xd800 && cp <= 0xdfff))) {
      this.emit(String.fromCharCode(cp), start, end);
    } else this.emit(`\\u${cp.toString(16).padStart(4, '0')}`, start, end);
  }

  private emitType(name: string, set: CharSet, negate: boolean, start: number, end: number): void {
    this.emit(this.placeholder(`t${negate ? '^' : ''}${name}`, { kind: 'type', name, set, negate }), start, end);
  }

  /** The character at `pos` as a literal (written for the source from `start`, which may be an escaping `\\`). */
  private literalAt(start = this.pos): void {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    this.emitCodePoint(cp, start, this.pos);
  }

  // ---- quantifiers ----

  /** After a quantifier: `+` makes it possessive, `?` lazy. */
  private quantifierSuffix(): void {
    const next = this.src[this.pos];
    if (next === '+') {
      this.specials.set(this.js.length - 1, 'possessive');
      this.pos++;
    } else if (next === '?') {
      this.emit('?', this.pos, ++this.pos);
    }
  }

  private brace(): void {
    const rest = this.src.slice(this.pos);
    const q = /^\{\d+(,\d*)?\}/.exec(rest);
    const start = this.pos;
    if (q) {
      this.pos += q[0].length;
      this.emit(q[0], start, this.pos);
      this.quantifierSuffix();
      return;
    }
    const lit = /^\{,\d+\}/.exec(rest);
    if (lit) {
      this.notes.push({
        message: `'${lit[0]}' is literal text (PCRE2 before 10.43; Perl 5.34+ and PCRE2 10.43+ read it as {0,n})`,
        start,
        end: start + lit[0].length,
      });
    }
    this.emit('\\{', start, ++this.pos);
  }

  // ---- groups ----

  private openGroup(): void {
    const { src } = this;
    const start = this.pos;
    if (src.startsWith('(?#', start)) {
      const close = src.indexOf(')', start);
      if (close < 0) throw new ScanError('missing ) after (?# comment', start);
      this.pos = close + 1;
      return;
    }
    if (src.startsWith('(*', start)) {
      const m = /^\(\*([^)]*)\)/.exec(src.slice(start));
      const verb = m?.[1] ?? '';
      if (m && this.atStart && HARMLESS_VERBS.test(verb)) {
        this.pos += m[0].length;
        return;
      }
      throw unsupported(`(*${verb}) (PCRE verb)`, start);
    }
    if (src[start + 1] !== '?') {
      this.pos++;
      this.push();
      if (this.state.n) this.emit('(?:', start, this.pos);
      else {
        this.captures++;
        this.emit('(', start, this.pos);
      }
      return;
    }
    const rest = src.slice(start + 2);
    const simple = /^(=|!|<=|<!|:)/.exec(rest);
    if (simple) {
      this.pos += 2 + simple[0].length;
      this.push();
      this.emit(`(?${simple[0]}`, start, this.pos);
      return;
    }
    if (rest.startsWith('>')) {
      this.pos += 3;
      this.push();
      const at = this.emit('(?:', start, this.pos);
      this.specials.set(at, 'atomic');
      return;
    }
    const named = /^(?:<([A-Za-z_]\w*)>|P<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
    if (named) {
      this.pos += 2 + named[0].length;
      this.push();
      this.captures++;
      this.emit(`(?<${named[1] ?? named[2] ?? named[3]}>`, start, this.pos);
      return;
    }
    const nameRef = /^P=([A-Za-z_]\w*)\)/.exec(rest);
    if (nameRef) {
      this.pos += 2 + nameRef[0].length;
      this.backref(`\\k<${nameRef[1]}>`, start);
      return;
    }
    if (/^(P>|&|R\)|[+-]?\d)/.test(rest)) throw unsupported('recursion or subroutine call', start);
    if (rest.startsWith('(')) throw unsupported('conditional group (?(…)…)', start);
    if (rest.startsWith('|')) throw unsupported('branch reset group (?|…)', start);
    if (rest.startsWith('C')) throw unsupported('callout (?C…)', start);
    if (/^<?\*/.test(rest)) throw unsupported('non-atomic assertion', start);
    const flags = /^(\^?)([imnsxUJ]*)(?:-([imnsxUJ]*))?([):])/.exec(rest);
    if (!flags) throw new ScanError('unrecognized character after (? or (?-', start + 2);
    this.pos += 2 + flags[0].length;
    if ((flags[2] ?? '').includes('J')) this.duplicateNames = true;
    const next = applyFlags(this.state, flags[1] === '^', flags[2] ?? '', flags[3] ?? '', start);
    const text = src.slice(start, this.pos);
    if (flags[4] === ':') {
      this.push();
      this.state = next;
      this.scoped(`scoped flags ${text}…) apply to their group only`, start);
      this.emit('(?:', start, this.pos);
    } else if (this.atStart && this.stack.length === 0) {
      this.state = next;
      this.leading = next;
    } else {
      this.state = next;
      this.scoped(`inline flags ${text} after the start apply from there to the end of their group`, start);
    }
  }

  private scoped(message: string, start: number): void {
    this.notes.push({ message, start, end: this.pos });
  }

  private push(): void {
    this.stack.push(this.state);
  }

  private closeGroup(): void {
    const start = this.pos++;
    this.emit(')', start, this.pos);
    const outer = this.stack.pop();
    if (outer) this.state = outer;
  }

  private backref(text: string, start: number): void {
    const at = this.emit(text, start, this.pos);
    this.specials.set(at, 'backref');
  }

  // ---- classes ----

  private charClass(): void {
    const { src } = this;
    const start = this.pos;
    this.emit('[', start, ++this.pos);
    if (src[this.pos] === '^') this.emit('^', this.pos, ++this.pos);
    if (src[this.pos] === ']') this.emit('\\]', this.pos, ++this.pos);
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (c === ']') {
        this.emit(']', this.pos, ++this.pos);
        return;
      }
      if (c === '[') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(this.pos));
        if (posix) {
          const set = POSIX[posix[2]!];
          if (!set) throw new ScanError('unknown POSIX class name', this.pos);
          const begin = this.pos;
          this.pos += posix[0].length;
          this.emitType(`[:${posix[1]}${posix[2]}:]`, set, posix[1] === '^', begin, this.pos);
          continue;
        }
        if (/^\[[.=]/.test(src.slice(this.pos))) throw new ScanError('POSIX collating elements are not supported', this.pos);
        this.emit('\\[', this.pos, ++this.pos);
        continue;
      }
      if (c === '\\') {
        this.escape(true);
        continue;
      }
      if (c === '^' || c === '-') {
        this.emit(c, this.pos, ++this.pos);
        continue;
      }
      this.literalAt();
    }
    throw new ScanError('missing terminating ] for character class', start);
  }

  // ---- escapes ----

  private escape(inClass: boolean): void {
    const { src } = this;
    const start = this.pos;
    const n = src[start + 1];
    if (n === undefined) throw new ScanError('\\ at end of pattern', start);
    this.pos = start + 2;
    const notInClass = (what: string) => {
      if (inClass) throw new ScanError(`escape sequence ${what} is invalid in a character class`, start);
    };
    switch (n) {
      case 'Q': {
        const close = src.indexOf('\\E', this.pos);
        const end = close < 0 ? src.length : close;
        while (this.pos < end) this.literalAt();
        this.pos = close < 0 ? end : end + 2;
        return;
      }
      case 'E':
        return;
      case 'A':
      case 'z':
      case 'Z': {
        notInClass(`\\${n}`);
        const at = this.emit(n === 'A' ? '^' : '$', start, this.pos);
        this.specials.set(at, n === 'A' ? 'start' : n === 'z' ? 'end' : 'end-or-newline');
        return;
      }
      case 'G':
        throw unsupported('\\G', start);
      case 'K': {
        notInClass('\\K');
        const at = this.emit('(?:)', start, this.pos);
        this.specials.set(at, 'reset');
        return;
      }
      case 'b':
        if (inClass) this.emitCodePoint(8, start, this.pos);
        else this.emit('\\b', start, this.pos);
        return;
      case 'B':
        notInClass('\\B');
        this.emit('\\B', start, this.pos);
        return;
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        this.emit(`\\${n}`, start, this.pos);
        return;
      case 'h':
      case 'H':
        this.emitType('\\h', HSPACE, n === 'H', start, this.pos);
        return;
      case 'v':
      case 'V':
        this.emitType('\\v', VSPACE, n === 'V', start, this.pos);
        return;
      case 'N':
        notInClass('\\N');
        if (src[this.pos] === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(this.pos))) throw unsupported('\\N{…}', start);
        this.emitType('\\N', complement(NEWLINE), false, start, this.pos);
        return;
      case 'R': {
        notInClass('\\R');
        const at = this.emit('(?:\\r\\n|[\\n\\u000b\\f\\r\\u0085\\u2028\\u2029])', start, this.pos);
        this.specials.set(at, 'atomic');
        return;
      }
      case 'X':
      case 'C':
      case 'p':
      case 'P':
        throw unsupported(`\\${n}`, start);
      case 'x':
        return this.emitCodePoint(this.hexEscape(start), start, this.pos);
      case 'o': {
        const m = /^\{([0-7]+)\}/.exec(src.slice(this.pos));
        if (!m) throw new ScanError('missing opening brace after \\o', start);
        this.pos += m[0].length;
        return this.emitCodePoint(parseInt(m[1]!, 8), start, this.pos);
      }
      case '0': {
        const m = /^[0-7]{0,2}/.exec(src.slice(this.pos))!;
        this.pos += m[0].length;
        return this.emitCodePoint(parseInt(`0${m[0]}`, 8), start, this.pos);
      }
      case 'g':
        return this.gEscape(start);
      case 'k': {
        const m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(src.slice(this.pos));
        if (!m) throw new ScanError('\\k is not followed by a name in <>, \'\' or {}', start);
        this.pos += m[0].length;
        notInClass('\\k');
        return this.backref(`\\k<${m[1] ?? m[2] ?? m[3]}>`, start);
      }
      case 'c': {
        const ch = src.codePointAt(this.pos);
        if (ch === undefined) throw new ScanError('\\c at end of pattern', start);
        if (ch < 0x20 || ch > 0x7e) throw new ScanError('\\c must be followed by a printable ASCII character', start);
        this.pos++;
        return this.emitCodePoint(String.fromCharCode(ch).toUpperCase().charCodeAt(0) ^ 0x40, start, this.pos);
      }
      case 'e':
        return this.emitCodePoint(0x1b, start, this.pos);
      case 'a':
        return this.emitCodePoint(0x07, start, this.pos);
      case 'f':
        return this.emitCodePoint(0x0c, start, this.pos);
      case 'n':
        return this.emitCodePoint(0x0a, start, this.pos);
      case 'r':
        return this.emitCodePoint(0x0d, start, this.pos);
      case 't':
        return this.emitCodePoint(0x09, start, this.pos);
      default:
        break;
    }
    if (/[1-9]/.test(n)) return this.digitEscape(start, inClass);
    if (/[A-Za-z]/.test(n)) throw new ScanError(`unrecognized character follows \\ (\\${n})`, start);
    // \ before any other character: that character (an astral one included).
    this.pos = start + 1;
    this.literalAt(start);
  }

  private hexEscape(start: number): number {
    const { src } = this;
    if (src[this.pos] === '{') {
      const m = /^\{([0-9a-fA-F]+)\}/.exec(src.slice(this.pos));
      if (!m) throw new ScanError('\\x{ is not followed by hexadecimal digits and }', start);
      this.pos += m[0].length;
      return parseInt(m[1]!, 16);
    }
    let digits = '';
    while (digits.length < 2 && HEX.test(src[this.pos] ?? '')) digits += src[this.pos++];
    return digits ? parseInt(digits, 16) : 0;
  }

  /**
   * `\1`… PCRE's rule: outside a class, a number below 10, one starting with 8 or 9, or one with at least that many
   * groups in the pattern is a back reference; otherwise up to three octal digits are a character.
   */
  private digitEscape(start: number, inClass: boolean): void {
    const { src } = this;
    const digits = /^\d+/.exec(src.slice(start + 1))![0];
    const num = parseInt(digits, 10);
    if (!inClass && (num < 10 || /^[89]/.test(digits) || num <= this.totalCaptures)) {
      this.pos = start + 1 + digits.length;
      if (num > this.totalCaptures) throw new ScanError(`reference to non-existent subpattern \\${digits}`, start);
      return this.backref(`\\${num}`, start);
    }
    const octal = /^[0-7]{1,3}/.exec(digits);
    if (!octal) {
      // \8 or \9 in a class: the digit itself.
      this.pos = start + 2;
      return this.emitCodePoint(digits.charCodeAt(0), start, this.pos);
    }
    this.pos = start + 1 + octal[0].length;
    this.emitCodePoint(parseInt(octal[0], 8), start, this.pos);
  }

  private gEscape(start: number): void {
    const rest = this.src.slice(this.pos);
    if (/^[<']/.test(rest)) throw unsupported('subroutine call \\g<…>', start);
    const m = /^(?:\{(-?\d+)\}|(-?\d+)|\{([A-Za-z_]\w*)\})/.exec(rest);
    if (!m) throw new ScanError('a numbered reference must not be zero', start);
    this.pos += m[0].length;
    const name = m[3];
    if (name !== undefined) return this.backref(`\\k<${name}>`, start);
    let num = parseInt(m[1] ?? m[2]!, 10);
    if (num < 0) num = this.captures + num + 1;
    if (num <= 0 || num > this.totalCaptures) throw new ScanError('reference to non-existent subpattern', start);
    this.backref(`\\${num}`, start);
  }
}

function applyFlags(state: FlagState, reset: boolean, add: string, remove: string, offset: number): FlagState {
  if ((add.match(/x/g) ?? []).length > 1) throw unsupported('(?xx)', offset);
  const next: { -readonly [K in keyof FlagState]: boolean } = reset ? { ...state, i: false, m: false, n: false, s: false, x: false } : { ...state };
  for (const f of add) if (f in next) next[f as keyof FlagState] = true;
  for (const f of remove) if (f in next) next[f as keyof FlagState] = false;
  return next;
}

/** Capturing groups in the whole pattern (PCRE counts forward references too). */
function countCaptures(src: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === 'Q') {
        const close = src.indexOf('\\E', i + 2);
        i = close < 0 ? src.length : close + 1;
      } else i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (src[i + 1] === '^') i++;
      if (src[i + 1] === ']') i++;
    } else if (c === '(') {
      const rest = src.slice(i + 1, i + 4);
      if (!rest.startsWith('?') && !rest.startsWith('*')) n++;
      else if (/^\?(<[A-Za-z_]|P<|')/.test(rest)) n++;
    }
  }
  return n;
}

/** Code points from U+E000 up that the pattern may contain (literally or as `\x{…}` / `\o{…}`), ascending. */
function highCodePoints(src: string): number[] {
  const found = new Set<number>();
  for (const ch of src) {
    const cp = ch.codePointAt(0)!;
    if (cp >= PLACEHOLDER_FROM) found.add(cp);
  }
  for (const m of src.matchAll(/\\x\{([0-9a-fA-F]+)\}|\\o\{([0-7]+)\}/g)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 8);
    if (cp >= PLACEHOLDER_FROM && cp <= 0x10ffff) found.add(cp);
  }
  return [...found].sort((a, b) => a - b);
}
