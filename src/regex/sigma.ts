/**
 * PCRE search → Sigma `|re` (Sigma's regex subset: `. ^ $ * + ? {n,m} [ ] [^ ] | ( )`, escaped metacharacters,
 * and the `i m s` modifiers; searched unanchored, PCRE flavour). Built from `search.ts`'s alternatives, so look-
 * arounds, `\b` and back references get the same exact rewrites or approximations as for Lucene; character types
 * (`\d \w \s`, POSIX) become explicit classes and escapes such as `\n` `\x41` the characters themselves.
 */
import { caseClose } from './casefold.js';
import { type CharSet, equals, isAll, singleOf } from './charset.js';
import { DOT } from './classes.js';
import type { PcreAst } from './ast.js';
import { classForm, quantifier, rangesText } from './print-common.js';
import { type RNode, alt, forEachSet, uniformlyCaseInsensitive } from './rnode.js';
import { type SearchAlt, lowerSearch } from './search.js';
import type { RegexFidelity, RegexNote } from './types.js';
import { RegexVerdict } from './verdict.js';
import { groupBySurroundings } from './whole.js';

export type SigmaFlag = 'i' | 'm' | 's';

export interface SigmaRegex {
  readonly pattern: string;
  readonly flags: readonly SigmaFlag[];
  readonly fidelity: RegexFidelity;
  readonly notes: readonly RegexNote[];
}

export function printSigma(ast: PcreAst): SigmaRegex {
  const lowered = lowerSearch(ast);
  const v = new RegexVerdict();
  v.absorb(lowered.verdict);
  const { alts } = lowered;
  if (alts.length === 0) {
    v.degrade('unsupported', 'the pattern can never match (Sigma has no empty-language regex)');
    return { pattern: '', flags: [], fidelity: v.fidelity, notes: v.notes };
  }
  const bodies = alt(...alts.map((a) => a.body));
  const m = alts.some((a) => a.start === 'line' || a.end === 'line');
  const i = uniformlyCaseInsensitive(bodies);
  let hasAll = false;
  let hasDot = false;
  forEachSet(bodies, (s) => {
    if (isAll(s.set)) hasAll = true;
    if (equals(s.set, DOT)) hasDot = true;
  });
  const s = hasAll && !hasDot;
  const p = new SigmaPrinter(i, s);
  const groups = groupBySurroundings(alts);
  const pattern = groups
    .map((g) => {
      const a = g.alts[0]!;
      const before = prefix(a, m, v);
      const after = suffix(a, m, v);
      const body = alt(...g.alts.map((x) => x.body));
      const empty = body.k === 'seq' && body.items.length === 0;
      const text = empty && (before || after) ? '' : p.print(body, before || after || groups.length > 1 ? 1 : 0);
      return before + text + after;
    })
    .join('|');
  const flags: SigmaFlag[] = [...(i ? (['i'] as const) : []), ...(m ? (['m'] as const) : []), ...(s ? (['s'] as const) : [])];
  return { pattern, flags, fidelity: v.fidelity, notes: v.notes };
}

const WORD_CLASS = '[0-9A-Z_a-z]';
const NONWORD_CLASS = '[^0-9A-Z_a-z]';

function prefix(a: SearchAlt, m: boolean, v: RegexVerdict): string {
  switch (a.start) {
    case 'start':
      if (m) v.degrade('superset', "^ written with the m modifier also matches after a newline");
      return '^';
    case 'line':
      return '^';
    case 'open':
      return a.before === 'any' ? '' : a.before === 'word' ? WORD_CLASS : `(^|${NONWORD_CLASS})`;
  }
}

function suffix(a: SearchAlt, m: boolean, v: RegexVerdict): string {
  switch (a.end) {
    case 'end':
      v.degrade('superset', '\\z written as $ (which also matches before a final newline)');
      return '$';
    case 'end-or-newline':
      if (m) v.degrade('superset', '$ written with the m modifier also matches before any newline');
      return '$';
    case 'line':
      return '$';
    case 'open':
      return a.after === 'any' ? '' : a.after === 'word' ? WORD_CLASS : `(${NONWORD_CLASS}|$)`;
  }
}

class SigmaPrinter {
  constructor(
    private readonly flagI: boolean,
    private readonly flagS: boolean,
  ) {}

  /** `level`: 0 anywhere, 1 inside a concatenation, 2 as the operand of a quantifier. */
  print(r: RNode, level: number): string {
    switch (r.k) {
      case 'set':
        return this.set(r);
      case 'seq': {
        if (r.items.length === 0) return '()';
        const s = r.items.map((it) => this.print(it, 1)).join('');
        return level >= 2 && r.items.length > 1 ? `(${s})` : s;
      }
      case 'alt': {
        const s = r.items.map((it) => this.print(it, 0)).join('|');
        return level >= 1 && r.items.length > 1 ? `(${s})` : s;
      }
      case 'rep': {
        const s = this.print(r.body, 2) + quantifier(r.min, r.max);
        return level >= 2 ? `(${s})` : s;
      }
    }
  }

  private set(r: Extract<RNode, { k: 'set' }>): string {
    if (this.flagI && r.ci && r.folds && r.written && equals(caseClose(r.written), r.set)) return sigmaSet(r.written, this.flagS);
    return sigmaSet(r.set, this.flagS);
  }
}

function sigmaChar(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (inClass ? /[\\\]\[^-]/.test(ch) : /[\\^$.|?*+()[\]{}]/.test(ch)) return `\\${ch}`;
  return ch;
}

function sigmaSet(set: CharSet, dotAll: boolean): string {
  const one = singleOf(set);
  if (one !== undefined) return sigmaChar(one, false);
  if (isAll(set)) return dotAll ? '.' : '(.|\n)';
  if (!dotAll && equals(set, DOT)) return '.';
  const { negate, ranges } = classForm(set);
  return `[${negate ? '^' : ''}${rangesText(ranges, (cp) => sigmaChar(cp, true))}]`;
}
