/**
 * PCRE search → Lucene `regexp` (Elasticsearch): the pattern matches exactly the whole values in which the PCRE
 * finds a match (`search.ts` + `whole.ts` build that language; this file only prints it).
 *
 * Lucene syntax facts relied on (../shared/reference/semantics.md B1, Lucene `RegExp.java`): anchored; `.` is any code point,
 * newline included; reserved `. ? + * | { } [ ] ( ) " \` and, with the default `flags: ALL`, `# @ & < > ~`, also
 * inside classes; a backslash before a letter other than `d D s S w W` is an error (no `\n`, `\x41`), before any
 * other character it is that character; `()` is the empty string; `#` the empty language. So every ASCII
 * punctuation character is escaped, control characters are written as themselves, sets are spelled out.
 * `case_insensitive` folds single ASCII characters only (ranges and non-ASCII letters are not folded, Lucene
 * #14378): such sets are written with both cases.
 */
import { caseClose } from './casefold.js';
import { type CharSet, equals, isAll, singleOf } from './charset.js';
import type { PcreAst } from './ast.js';
import { classForm, quantifier, rangesText } from './print-common.js';
import { type RNode, isAnyString, uniformlyCaseInsensitive } from './rnode.js';
import { lowerSearch } from './search.js';
import type { LuceneRegex } from './types.js';
import { RegexVerdict } from './verdict.js';
import { wholeValue } from './whole.js';

/** Elasticsearch's `index.max_regex_length` default. */
export const MAX_REGEX_LENGTH = 1000;

export function printLucene(ast: PcreAst): LuceneRegex {
  const lowered = lowerSearch(ast);
  const v = new RegexVerdict();
  v.absorb(lowered.verdict);
  const whole = wholeValue(lowered.alts, v);
  const p = new LucenePrinter(uniformlyCaseInsensitive(whole));
  const pattern = p.print(whole, 0);
  if (p.spelledOut) {
    v.note("case-insensitive ranges or non-ASCII letters written with both cases (Lucene's case_insensitive folds single ASCII characters only)");
  }
  if (lowered.alts.length === 0) v.note('written as # (the empty language): the pattern can never match');
  if (pattern.length > MAX_REGEX_LENGTH) {
    v.note(`the pattern has ${pattern.length} characters: over Elasticsearch's default index.max_regex_length (${MAX_REGEX_LENGTH})`);
  }
  return { pattern, caseInsensitive: p.usedFlag, fidelity: v.fidelity, notes: v.notes };
}

class LucenePrinter {
  usedFlag = false;
  spelledOut = false;

  constructor(private readonly flag: boolean) {}

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
        if (r.items.length === 0) return '#';
        const s = r.items.map((it) => this.print(it, 0)).join('|');
        return level >= 1 && r.items.length > 1 ? `(${s})` : s;
      }
      case 'rep': {
        if (isAnyString(r)) return level >= 2 ? '(.*)' : '.*';
        const s = this.print(r.body, 2) + quantifier(r.min, r.max);
        return level >= 2 ? `(${s})` : s;
      }
    }
  }

  private set(r: Extract<RNode, { k: 'set' }>): string {
    // The flag is relied on for a single ASCII letter only; classes are written with both cases.
    const one = this.flag && r.ci && r.folds && r.written ? singleOf(r.written) : undefined;
    if (one !== undefined && one < 0x80 && equals(caseClose(r.written!), r.set)) {
      this.usedFlag = true;
      return luceneChar(one);
    }
    if (r.ci && r.folds) this.spelledOut = true;
    return luceneSet(r.set);
  }
}

function luceneChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch;
}

export function luceneSet(set: CharSet): string {
  const one = singleOf(set);
  if (one !== undefined) return luceneChar(one);
  if (isAll(set)) return '.';
  const { negate, ranges } = classForm(set);
  return `[${negate ? '^' : ''}${rangesText(ranges, luceneChar)}]`;
}
