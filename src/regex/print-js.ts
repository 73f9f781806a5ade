/**
 * PCRE → JavaScript (`u` flag; `i` when the whole pattern is case-insensitive). Exact: every construct whose
 * meaning differs between the engines is spelled out.
 * - `.` → `[^\n]` (JS `.` also stops at `\r \u2028 \u2029`); `\s \d \w \h \v`, POSIX classes → explicit classes
 *   (JS `\s` has Unicode spaces); case folding applied to the sets when only part of the pattern is `(?i)`.
 * - `^`/`\A` → `^`; `\z` → `$`; `$`/`\Z` → `(?=\n?$)` (end, or before a final newline); with `(?m)`:
 *   `(?:^|(?<=\n)(?=[\s\S]))` and `(?=\n|$)` (PCRE's `^` does not match after a final newline).
 * - atomic `(?>X)` and possessive `X*+` → `(?=(X))\k` (a lookahead is atomic in JS); back references renumbered.
 * - named groups kept (for `rex`); `\K` dropped (it moves the start of the reported match only).
 * - a back reference to a group that may be unset: PCRE fails, JS matches the empty string → `superset`.
 */
import type { Alternation, AnchorKind, CharsNode, Node, PcreAst, Sequence } from './ast.js';
import { type CharSet, equals, isAll, singleOf } from './charset.js';
import { classSet, writtenSet } from './parse.js';
import { classForm, quantifier, rangesText } from './print-common.js';
import type { JsRegex } from './types.js';
import { RegexVerdict } from './verdict.js';

export function printJs(ast: PcreAst): JsRegex {
  return new JsPrinter(ast).print();
}

class JsPrinter {
  private readonly v = new RegexVerdict();
  private readonly useI: boolean;
  /** Whether a group is certain to have matched once its end is passed (else a back reference to it may be unset). */
  private readonly certain = new Map<number, boolean>();
  private captures = 0;
  /** Inside a copy of a group (standing in for a back reference): no captures, no atomic groups. */
  private copying = 0;
  /** Depth of look-behinds around the node being printed. */
  private behind = 0;
  /** PCRE group number → JS group number. */
  private readonly renumber = new Map<number, number>();

  constructor(private readonly ast: PcreAst) {
    let ci = false;
    let cs = false;
    walk(ast.pattern, (n) => {
      if (n.type === 'backref' || (n.type === 'chars' && caseMatters(n))) {
        if (n.caseInsensitive) ci = true;
        else cs = true;
      }
    });
    this.useI = ci && !cs;
    this.participation(ast.pattern, true);
  }

  print(): JsRegex {
    const names = this.ast.groups.flatMap((g) => (g?.capture?.name ? [g.capture.name] : []));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    let source = this.alternation(this.ast.pattern);
    // Numbered references were written as markers (U+E000 n U+E001; a private-use character of the pattern itself is
    // always printed escaped): now that every group has its JavaScript number, they get it.
    source = source.replace(/\uE000(\d+)\uE001(?=(\d?))/g, (_, n: string, digit: string) => {
      const js = this.renumber.get(Number(n)) ?? Number(n);
      return digit ? `(?:\\${js})` : `\\${js}`;
    });
    const flags = this.useI ? 'iu' : 'u';
    if (dup) this.v.degrade('unsupported', `group name '${dup}' is used twice (JavaScript needs unique names)`);
    else {
      try {
        new RegExp(source, flags);
      } catch (e) {
        this.v.degrade('unsupported', `no JavaScript equivalent: ${(e as Error).message}`);
      }
    }
    return { source, flags, fidelity: this.v.fidelity, notes: this.v.notes };
  }

  private participation(a: Alternation, certain: boolean): void {
    const many = a.alternatives.length > 1;
    for (const seq of a.alternatives) {
      for (const n of seq.items) this.participationNode(n, certain && !many);
    }
  }

  private participationNode(n: Node, certain: boolean): void {
    switch (n.type) {
      case 'group':
        if (n.capture) this.certain.set(n.capture.index, certain);
        this.participation(n.body, certain);
        break;
      case 'repeat':
        this.participationNode(n.body, certain && n.min > 0);
        break;
      case 'look':
        this.participation(n.body, certain && !n.negate);
        break;
      default:
        break;
    }
  }

  private alternation(a: Alternation): string {
    return a.alternatives.map((s) => this.sequence(s)).join('|');
  }

  private sequence(s: Sequence): string {
    return s.items.map((n) => this.node(n)).join('');
  }

  /** A node as one quantifiable atom. */
  private atom(n: Node): string {
    const text = this.node(n);
    if (n.type === 'chars' || (n.type === 'group' && !n.atomic)) return text;
    return `(?:${text})`;
  }

  private node(n: Node): string {
    switch (n.type) {
      case 'chars':
        return this.chars(n);
      case 'group': {
        if (n.atomic && !this.copying) return this.atomic(() => this.alternation(n.body));
        if (!n.capture || this.copying) return `(?:${this.alternation(n.body)})`;
        this.renumber.set(n.capture.index, ++this.captures);
        const body = this.alternation(n.body);
        return n.capture.name ? `(?<${n.capture.name}>${body})` : `(${body})`;
      }
      case 'repeat': {
        const q = quantifier(n.min, n.max) + (n.greedy ? '' : '?');
        if (n.possessive && !this.copying) return this.atomic(() => this.atom(n.body) + q);
        return this.atom(n.body) + q;
      }
      case 'anchor':
        return ANCHORS[n.kind];
      case 'boundary':
        return n.negate ? '\\B' : '\\b';
      case 'look': {
        if (n.behind) this.behind++;
        const body = this.alternation(n.body);
        if (n.behind) this.behind--;
        return `(?${n.behind ? '<' : ''}${n.negate ? '!' : '='}${body})`;
      }
      case 'backref':
        return this.backref(n);
      case 'reset':
        this.v.note('\\K dropped: it only moves the start of the reported match', n);
        return '';
    }
  }

  /** `(?=(X))\N`: X matched once, without backtracking into it (JavaScript lookaheads are atomic). */
  private atomic(body: () => string): string {
    const index = ++this.captures;
    return `(?=(${body()}))\\${index}`;
  }

  private backref(n: Extract<Node, { type: 'backref' }>): string {
    const group = this.ast.groups[n.group];
    if (this.copying) return '[\\s\\S]*';
    if (n.caseInsensitive && !this.useI && group) {
      this.v.degrade('superset', `case-insensitive back reference \\${n.group} written as a copy of the group's pattern`, n);
      this.copying++;
      const copy = this.alternation(group.body);
      this.copying--;
      return `(?:${copy})`;
    }
    if (this.behind) {
      // JavaScript matches a look-behind from right to left: the group may not be set yet.
      this.v.degrade('superset', `back reference \\${n.group} in a look-behind (JavaScript reads look-behinds backwards)`, n);
    } else if (!this.certain.get(n.group) || !group || group.end > n.start) {
      const why = 'may refer to an unset group (PCRE fails there, JavaScript matches the empty string)';
      this.v.degrade('superset', `back reference \\${n.group} ${why}`, n);
    }
    const name = group?.capture?.name;
    return name ? `\\k<${name}>` : `\uE000${n.group}\uE001`;
  }

  private chars(n: CharsNode): string {
    if (this.useI && n.caseInsensitive) {
      const written = writtenSet(n);
      if (written) return jsSet(written);
    }
    return jsSet(n.set);
  }
}

const ANCHORS: Record<AnchorKind, string> = {
  start: '^',
  end: '$',
  'end-or-newline': '(?=\\n?$)',
  'line-start': '(?:^|(?<=\\n)(?=[\\s\\S]))',
  'line-end': '(?=\\n|$)',
};

/** Whether case folding changes what a character node matches. */
function caseMatters(n: CharsNode): boolean {
  if (n.form === 'dot') return false;
  return !equals(classSet(n.items, n.negate, true), classSet(n.items, n.negate, false));
}

function walk(a: Alternation, f: (n: Node) => void): void {
  for (const s of a.alternatives) {
    for (const n of s.items) walkNode(n, f);
  }
}

function walkNode(n: Node, f: (n: Node) => void): void {
  f(n);
  if (n.type === 'group' || n.type === 'look') walk(n.body, f);
  else if (n.type === 'repeat') walkNode(n.body, f);
}

/** Characters JavaScript must see escaped, or that are invisible: printed as escapes. */
function jsChar(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  const named: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };
  if (named[cp]) return named[cp];
  if (inClass ? /[\\\]\[^-]/.test(ch) : /[\\^$.*+?()[\]{}|/]/.test(ch)) return `\\${ch}`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0)) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (/[\p{Z}\p{C}]/u.test(ch) && cp !== 0x20) return `\\u{${cp.toString(16)}}`;
  return ch;
}

function jsSet(set: CharSet): string {
  const one = singleOf(set);
  if (one !== undefined) return jsChar(one, false);
  if (isAll(set)) return '[\\s\\S]';
  const { negate, ranges } = classForm(set);
  if (!negate && ranges.length === 0) return '[]';
  return `[${negate ? '^' : ''}${rangesText(ranges, (cp) => jsChar(cp, true))}]`;
}

