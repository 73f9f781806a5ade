/**
 * The PCRE syntax tree every printer reads: built from regexpp's AST (see `parse.ts`) with PCRE's meanings
 * already applied. Offsets (`start`, `end`) are in the ORIGINAL PCRE source.
 */
import type { CharSet } from './charset.js';
import type { RegexFlags, RegexNote } from './types.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One member of a character class as written: a character or range, or a character type (`\d`, `[:alpha:]`…). */
export type ClassItem =
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'type'; readonly name: string; readonly set: CharSet; readonly negate: boolean };

/** Anything that matches one character: a literal, `.`, an escape such as `\d`, or a class `[…]`. */
export interface CharsNode extends Span {
  readonly type: 'chars';
  readonly form: 'char' | 'dot' | 'type' | 'class';
  /** `[^…]` */
  readonly negate: boolean;
  readonly items: readonly ClassItem[];
  /** Whether `(?i)` is in force here. */
  readonly caseInsensitive: boolean;
  /** Exactly the characters this node matches (case folding and `(?s)` applied). */
  readonly set: CharSet;
}

export interface GroupNode extends Span {
  readonly type: 'group';
  /** Set for a capturing group: its number (1-based, in PCRE's order) and name. */
  readonly capture?: { readonly index: number; readonly name?: string };
  /** `(?>…)` (or the body of a possessive quantifier): no backtracking into it. */
  readonly atomic: boolean;
  readonly body: Alternation;
}

export interface RepeatNode extends Span {
  readonly type: 'repeat';
  readonly min: number;
  /** `Infinity` when unbounded. */
  readonly max: number;
  /** False for a lazy quantifier (`*?`), after `(?U)` is applied. */
  readonly greedy: boolean;
  /** `*+`, `++`, `?+`, `{n,m}+` */
  readonly possessive: boolean;
  readonly body: Node;
}

/**
 * - `start`: `\A`, or `^` without `(?m)`;
 * - `line-start`: `^` with `(?m)` (start, or after a newline that is not the last character);
 * - `end`: `\z`;
 * - `end-or-newline`: `\Z`, or `$` without `(?m)` (end, or before a newline that is the last character);
 * - `line-end`: `$` with `(?m)` (end, or before any newline).
 */
export type AnchorKind = 'start' | 'line-start' | 'end' | 'end-or-newline' | 'line-end';

export interface AnchorNode extends Span {
  readonly type: 'anchor';
  readonly kind: AnchorKind;
}

/** `\b` (or `\B` when negated): ASCII word characters. */
export interface BoundaryNode extends Span {
  readonly type: 'boundary';
  readonly negate: boolean;
}

export interface LookNode extends Span {
  readonly type: 'look';
  readonly behind: boolean;
  readonly negate: boolean;
  readonly body: Alternation;
}

export interface BackrefNode extends Span {
  readonly type: 'backref';
  /** Number of the referenced group. */
  readonly group: number;
  readonly caseInsensitive: boolean;
}

/** `\K`: resets the start of the reported match; no effect on whether there is a match. */
export interface ResetNode extends Span {
  readonly type: 'reset';
}

export type Node = CharsNode | GroupNode | RepeatNode | AnchorNode | BoundaryNode | LookNode | BackrefNode | ResetNode;

export interface Sequence extends Span {
  readonly items: readonly Node[];
}

export interface Alternation extends Span {
  readonly alternatives: readonly Sequence[];
}

export interface PcreAst {
  readonly source: string;
  readonly pattern: Alternation;
  /** Capturing groups by number (index 0 unused). */
  readonly groups: readonly (GroupNode | undefined)[];
  /** Flags set at the start of the pattern (or by the caller). */
  readonly flags: RegexFlags;
  /** Notes on how the PCRE text was read (e.g. `{,3}` taken literally). */
  readonly notes: readonly RegexNote[];
}
