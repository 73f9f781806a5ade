/**
 * `parsePcre`: PCRE text → the module's syntax tree (`ast.ts`). `scan.ts` rewrites PCRE-only syntax, regexpp
 * (Annex-B, non-unicode mode: PCRE's lenient escapes such as `\_` and lone `{` are accepted) parses the result, and
 * this file gives every node its PCRE meaning: character types as PCRE defines them (`classes.ts`), case folding,
 * flags per position, `\A \z \Z`, atomic groups, possessive quantifiers. Offsets are mapped back to the PCRE text.
 */
import { type AST, RegExpParser, RegExpSyntaxError } from '@eslint-community/regexpp';
import type {
  Alternation,
  AnchorKind,
  CharsNode,
  ClassItem,
  GroupNode,
  Node,
  PcreAst,
  Sequence,
  Span,
} from './ast.js';
import { caseClose } from './casefold.js';
import { type CharSet, complement, fromRanges, union } from './charset.js';
import { DOT, DOT_ALL, escapeClass } from './classes.js';
import { type FlagState, NO_FLAGS, type Scanned, scanPcre } from './scan.js';
import type { RegexError, RegexFlags } from './types.js';

const parser = new RegExpParser({ ecmaVersion: 2025 });

export interface ParseOptions {
  /** Case-insensitive from the start, as if the pattern began with `(?i)`. */
  readonly caseInsensitive?: boolean;
}

export type ParseResult =
  | { readonly ok: true; readonly ast: PcreAst; readonly flags: RegexFlags }
  | { readonly ok: false; readonly error: RegexError };

class TreeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parsePcre(source: string, opts: ParseOptions = {}): ParseResult {
  const scan = scanPcre(source, { ...NO_FLAGS, i: opts.caseInsensitive ?? false });
  if (!scan.ok) return scan;
  const s = scan.scanned;
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(s.js, 0, s.js.length, { unicode: false, unicodeSets: false });
  } catch (e) {
    if (e instanceof RegExpSyntaxError) {
      const message = /: ([^:]*)$/.exec(e.message)?.[1] ?? e.message;
      return { ok: false, error: { message, offset: s.origStart[e.index] ?? source.length } };
    }
    throw e;
  }
  const flags: RegexFlags = {
    caseInsensitive: s.leading.i,
    multiline: s.leading.m,
    dotAll: s.leading.s,
    extended: s.leading.x,
  };
  try {
    const b = new TreeBuilder(source, s, pattern);
    const root = b.alternation(pattern, pattern.alternatives);
    const named = b.groups.filter((g) => g?.capture?.name);
    const dup = named.find((g, i) => named.findIndex((h) => h?.capture?.name === g?.capture?.name) !== i);
    if (dup && !s.duplicateNames) throw new TreeError('two named groups have the same name (PCRE needs (?J) for that)', dup.start);
    const ast: PcreAst = { source, pattern: root, groups: b.groups, flags, notes: s.notes };
    return { ok: true, ast, flags };
  } catch (e) {
    if (e instanceof TreeError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

class TreeBuilder {
  /** Capturing groups by number; filled as groups are built. */
  readonly groups: (GroupNode | undefined)[] = [undefined];
  private readonly groupIndex = new Map<AST.CapturingGroup, number>();

  constructor(
    private readonly source: string,
    private readonly s: Scanned,
    pattern: AST.Pattern,
  ) {
    const caps: AST.CapturingGroup[] = [];
    const walk = (n: AST.Node): void => {
      if (n.type === 'CapturingGroup') caps.push(n);
      for (const child of children(n)) walk(child);
    };
    walk(pattern);
    caps.sort((a, b) => a.start - b.start).forEach((g, i) => this.groupIndex.set(g, i + 1));
  }

  private span(n: { start: number; end: number }): Span {
    const start = this.s.origStart[n.start] ?? this.source.length;
    const end = n.end > n.start ? (this.s.origEnd[n.end - 1] ?? this.source.length) : start;
    return { start, end };
  }

  private flags(at: number): FlagState {
    return this.s.flagsAt[at] ?? NO_FLAGS;
  }

  alternation(n: { start: number; end: number }, alts: readonly AST.Alternative[]): Alternation {
    return { ...this.span(n), alternatives: alts.map((a) => this.sequence(a)) };
  }

  private sequence(a: AST.Alternative): Sequence {
    return { ...this.span(a), items: a.elements.map((e) => this.element(e)) };
  }

  private element(e: AST.Element): Node {
    const span = this.span(e);
    switch (e.type) {
      case 'Character':
        if (this.s.specials.get(e.start) === 'backref') throw new TreeError('reference to non-existent subpattern', span.start);
        return this.character(e);
      case 'CharacterSet':
        return this.characterSet(e);
      case 'CharacterClass':
        return this.characterClass(e);
      case 'ExpressionCharacterClass':
        throw new TreeError('unsupported class expression', span.start);
      case 'Group': {
        const special = this.s.specials.get(e.start);
        if (special === 'reset') return { type: 'reset', ...span };
        return { type: 'group', ...span, atomic: special === 'atomic', body: this.alternation(e, e.alternatives) };
      }
      case 'CapturingGroup': {
        const index = this.groupIndex.get(e)!;
        const capture = e.name === null ? { index } : { index, name: e.name };
        const g: GroupNode = { type: 'group', ...span, capture, atomic: false, body: this.alternation(e, e.alternatives) };
        this.groups[index] = g;
        return g;
      }
      case 'Quantifier': {
        const q = this.flags(e.end - 1);
        const possessive = this.s.specials.get(e.end - 1) === 'possessive';
        return {
          type: 'repeat',
          ...span,
          min: e.min,
          max: e.max,
          greedy: possessive || e.greedy !== q.U,
          possessive,
          body: this.element(e.element),
        };
      }
      case 'Assertion':
        return this.assertion(e, span);
      case 'Backreference': {
        const target = Array.isArray(e.resolved) ? e.resolved[0] : e.resolved;
        const group = target ? this.groupIndex.get(target) : undefined;
        if (group === undefined) throw new TreeError('reference to non-existent subpattern', span.start);
        return { type: 'backref', ...span, group, caseInsensitive: this.flags(e.start).i };
      }
    }
  }

  private assertion(e: AST.Assertion, span: Span): Node {
    switch (e.kind) {
      case 'start':
      case 'end': {
        const special = this.s.specials.get(e.start);
        const m = this.flags(e.start).m;
        let kind: AnchorKind;
        if (special === 'start' || special === 'end' || special === 'end-or-newline') kind = special;
        else if (e.kind === 'start') kind = m ? 'line-start' : 'start';
        else kind = m ? 'line-end' : 'end-or-newline';
        return { type: 'anchor', ...span, kind };
      }
      case 'word':
        return { type: 'boundary', ...span, negate: e.negate };
      case 'lookahead':
      case 'lookbehind':
        return { type: 'look', ...span, behind: e.kind === 'lookbehind', negate: e.negate, body: this.alternation(e, e.alternatives) };
    }
  }

  /** A class member: a character, or a placeholder for a character type / astral character. */
  private classItem(c: AST.Character): ClassItem {
    const p = this.s.placeholders.get(c.value);
    if (!p) return { kind: 'range', lo: c.value, hi: c.value };
    if (p.kind === 'char') return { kind: 'range', lo: p.cp, hi: p.cp };
    return { kind: 'type', name: p.name, set: p.set, negate: p.negate };
  }

  private character(c: AST.Character): CharsNode {
    const item = this.classItem(c);
    return this.chars(c, item.kind === 'range' ? 'char' : 'type', false, [item]);
  }

  private characterSet(c: AST.CharacterSet): CharsNode {
    if (c.kind === 'any') {
      const span = this.span(c);
      const set = this.flags(c.start).s ? DOT_ALL : DOT;
      return { type: 'chars', ...span, form: 'dot', negate: false, items: [], caseInsensitive: this.flags(c.start).i, set };
    }
    if (c.kind === 'property') throw new TreeError('unsupported PCRE construct: \\p', this.span(c).start);
    return this.chars(c, 'type', false, [{ kind: 'type', name: `\\${c.kind[0]}`, set: escapeClass(c.kind), negate: c.negate }]);
  }

  private characterClass(c: AST.CharacterClass): CharsNode {
    const items: ClassItem[] = [];
    for (const el of c.elements) {
      switch (el.type) {
        case 'Character':
          items.push(this.classItem(el));
          break;
        case 'CharacterClassRange': {
          const lo = this.classItem(el.min);
          const hi = this.classItem(el.max);
          if (lo.kind !== 'range' || hi.kind !== 'range') throw new TreeError('invalid range in character class', this.span(el).start);
          if (lo.lo > hi.lo) throw new TreeError('range out of order in character class', this.span(el).start);
          items.push({ kind: 'range', lo: lo.lo, hi: hi.lo });
          break;
        }
        case 'CharacterSet':
          if (el.kind === 'property') throw new TreeError('unsupported PCRE construct: \\p', this.span(el).start);
          items.push({ kind: 'type', name: `\\${el.kind[0]}`, set: escapeClass(el.kind), negate: el.negate });
          break;
        default:
          throw new TreeError('unsupported class member', this.span(el).start);
      }
    }
    return this.chars(c, 'class', c.negate, items);
  }

  private chars(n: AST.Node, form: CharsNode['form'], negate: boolean, items: ClassItem[]): CharsNode {
    const ci = this.flags(n.start).i;
    const set = classSet(items, negate, ci);
    return { type: 'chars', ...this.span(n), form, negate, items, caseInsensitive: ci, set };
  }
}

/**
 * The characters a class matches: the union of its members, characters and ranges closed under case folding when
 * `(?i)` (character types such as `\w` are not folded, as in PCRE), then complemented for `[^…]`.
 */
export function classSet(items: readonly ClassItem[], negate: boolean, caseInsensitive: boolean): CharSet {
  const literal = fromRanges(...items.flatMap((it) => (it.kind === 'range' ? [[it.lo, it.hi] as const] : [])));
  const types = items.flatMap((it) => (it.kind === 'type' ? [it.negate ? complement(it.set) : it.set] : []));
  const set = union(caseInsensitive ? caseClose(literal) : literal, ...types);
  return negate ? complement(set) : set;
}

/** The set of written members, without case folding (what an engine applying its own `i` flag should see). */
export function writtenSet(node: CharsNode): CharSet | undefined {
  if (node.form === 'dot' || node.negate || node.items.some((it) => it.kind === 'type' && it.negate)) return undefined;
  return classSet(node.items, false, false);
}

function children(n: AST.Node): AST.Node[] {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
    case 'Assertion':
      return 'alternatives' in n ? n.alternatives : [];
    case 'Alternative':
      return n.elements;
    case 'Quantifier':
      return [n.element];
    default:
      return [];
  }
}


