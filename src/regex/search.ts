/**
 * A PCRE search as plain regular languages, for the targets that have no anchors, look-arounds or `\b` inside a
 * pattern (Lucene, Sigma, wildcards). Each top-level alternative becomes a `SearchAlt`: how its match is tied to
 * the ends of the value, and a plain body (`rnode.ts`).
 *
 * Exact rewrites (a search finds a match iff the rewritten one does):
 * - anchors at the edges of an alternative (after distributing groups such as `(^|\\)cmd` into alternatives);
 * - `\b` / `\B` at an edge, when the body's first (last) character is known to be a word character or not: a
 *   condition on the character before (after) the match, or a constant when anchored; in the middle, when both
 *   neighbours are known;
 * - a positive look-ahead at the end of an alternative with an open end (`a(?=b)` searches like `ab`), a positive
 *   look-behind at an open start; `\K`; lazy quantifiers (same matches exist).
 * Supersets (the assertion is dropped: a filter on matches removed, so only more values match), with a note:
 * other positive look-arounds, anchors and boundaries elsewhere, atomic groups and possessive quantifiers
 * (backtracking limits removed), back references (replaced by a copy of the group's pattern).
 * Unsupported: negative look-arounds (dropping them is a superset too, but it changes what the rule means).
 */
import type { Alternation, AnchorKind, GroupNode, Node, PcreAst, Span } from './ast.js';
import { type CharSet, equals, isEmpty, isSubset, overlaps } from './charset.js';
import { WORD } from './classes.js';
import { classSet, writtenSet } from './parse.js';
import {
  ANY_STRING,
  EMPTY_STRING,
  NOTHING,
  type RNode,
  alt,
  firstSet,
  isNothing,
  lastSet,
  nullable,
  rep,
  seq,
} from './rnode.js';
import { RegexVerdict } from './verdict.js';

export type StartKind = 'open' | 'start' | 'line';
export type EndKind = 'open' | 'end' | 'end-or-newline' | 'line';
/** What the character next to the match must be: a word character, or not (the value's end counts as not). */
export type Neighbour = 'any' | 'word' | 'nonword';

export interface SearchAlt {
  /** `open`: anywhere; `start`: at the value's start; `line`: at the start or after a newline. */
  readonly start: StartKind;
  /** `open`: anywhere; `end`: at the end; `end-or-newline`: at the end or before a final newline; `line`: before any newline or at the end. */
  readonly end: EndKind;
  /** For an open start: the character before the match (`nonword` includes "no character"). */
  readonly before: Neighbour;
  readonly after: Neighbour;
  readonly body: RNode;
}

export interface Lowered {
  readonly alts: readonly SearchAlt[];
  readonly verdict: RegexVerdict;
}

/** Most alternatives the edge rewriting may create before it stops distributing. */
const MAX_ALTERNATIVES = 64;

const NEGATIVE_LOOKAROUND = 'unsupported' as const;

interface EdgeState {
  readonly start: StartKind;
  readonly end: EndKind;
  readonly leading: readonly Extract<Node, { type: 'boundary' }>[];
  readonly trailing: readonly Extract<Node, { type: 'boundary' }>[];
}

type Work = { readonly items: readonly Node[]; readonly st: EdgeState };

export function lowerSearch(ast: PcreAst): Lowered {
  return new Lowering(ast).run();
}

class Lowering {
  readonly v = new RegexVerdict();
  private budget = MAX_ALTERNATIVES;
  private copying = 0;

  constructor(private readonly ast: PcreAst) {}

  run(): Lowered {
    const alts: SearchAlt[] = [];
    const init: EdgeState = { start: 'open', end: 'open', leading: [], trailing: [] };
    for (const a of this.ast.pattern.alternatives) {
      for (const t of this.trailing({ items: a.items, st: init })) {
        for (const w of this.leading(t)) {
          const sa = this.finish(w);
          if (sa) alts.push(sa);
        }
      }
    }
    return { alts, verdict: this.v };
  }

  // ---- edges ----

  private spend(n: number): boolean {
    if (this.budget - n < 0) return false;
    this.budget -= n;
    return true;
  }

  private trailing(w: Work): Work[] {
    const { items, st } = w;
    const last = items[items.length - 1];
    if (!last) return [w];
    const rest = items.slice(0, -1);
    // Nothing follows: whether a match exists does not depend on backtracking into the last element.
    if (st.end === 'open' && st.trailing.length === 0) {
      if (last.type === 'group' && last.atomic) return this.trailing({ items: [...rest, { ...last, atomic: false }], st });
      if (last.type === 'repeat' && last.possessive) return this.trailing({ items: [...rest, { ...last, possessive: false }], st });
    }
    switch (last.type) {
      case 'anchor':
        if (isEndAnchor(last.kind)) return this.trailing({ items: rest, st: { ...st, end: combineEnd(st.end, last.kind) } });
        return [w];
      case 'reset':
        return this.trailing({ items: rest, st });
      case 'boundary':
        return this.trailing({ items: rest, st: { ...st, trailing: [...st.trailing, last] } });
      case 'look':
        if (!last.behind && !last.negate && st.end === 'open' && st.trailing.length === 0) {
          return this.trailing({ items: [...rest, asGroup(last)], st });
        }
        return [w];
      case 'group':
        if (edgeAssertion(last, 'trailing') && this.spend(last.body.alternatives.length - 1)) {
          if (last.atomic) this.v.degrade('superset', 'atomic group read as a plain group (more backtracking, maybe more matches)', last);
          return last.body.alternatives.flatMap((s) => this.trailing({ items: [...rest, ...s.items], st }));
        }
        return [w];
      case 'repeat':
        if (last.min === 0 && last.max === 1 && edgeAssertion(last.body, 'trailing') && this.spend(1)) {
          return [...this.trailing({ items: rest, st }), ...this.trailing({ items: [...rest, last.body], st })];
        }
        return [w];
      default:
        return [w];
    }
  }

  private leading(w: Work): Work[] {
    const { items, st } = w;
    const first = items[0];
    if (!first) return [w];
    const rest = items.slice(1);
    switch (first.type) {
      case 'anchor':
        if (!isEndAnchor(first.kind)) return this.leading({ items: rest, st: { ...st, start: combineStart(st.start, first.kind) } });
        return [w];
      case 'reset':
        return this.leading({ items: rest, st });
      case 'boundary':
        return this.leading({ items: rest, st: { ...st, leading: [...st.leading, first] } });
      case 'look':
        if (first.behind && !first.negate && st.start === 'open' && st.leading.length === 0) {
          return this.leading({ items: [asGroup(first), ...rest], st });
        }
        return [w];
      case 'group':
        if (edgeAssertion(first, 'leading') && this.spend(first.body.alternatives.length - 1)) {
          if (first.atomic) this.v.degrade('superset', 'atomic group read as a plain group (more backtracking, maybe more matches)', first);
          return first.body.alternatives.flatMap((s) => this.leading({ items: [...s.items, ...rest], st }));
        }
        return [w];
      case 'repeat':
        if (first.min === 0 && first.max === 1 && edgeAssertion(first.body, 'leading') && this.spend(1)) {
          return [...this.leading({ items: rest, st }), ...this.leading({ items: [first.body, ...rest], st })];
        }
        return [w];
      default:
        return [w];
    }
  }

  /** The body of an alternative, with `\b` at its edges resolved. Undefined when it can never match. */
  private finish(w: Work): SearchAlt | undefined {
    let body = this.sequence(w.items);
    if (isNothing(body)) return undefined;
    const { st } = w;
    let before: Neighbour = 'any';
    let after: Neighbour = 'any';
    const anchoredStart = st.start !== 'open';
    const anchoredEnd = st.end !== 'open';
    for (const [bs, edge, anchored] of [
      [st.leading, firstSet, anchoredStart],
      [st.trailing, lastSet, anchoredEnd],
    ] as const) {
      if (bs.length === 0) continue;
      const word = nullable(body) ? undefined : wordness(edge(body));
      let need: Neighbour = 'any';
      for (const b of bs) {
        if (word === undefined) {
          this.v.degrade('superset', `${b.negate ? '\\B' : '\\b'} dropped: the character next to it is not known`, b);
          continue;
        }
        // \b: the neighbour's wordness differs from the body's edge character; \B: it is the same.
        const want: Neighbour = word !== b.negate ? 'nonword' : 'word';
        if (anchored) {
          // The neighbour is the value's end or a newline: not a word character.
          if (want === 'word') body = NOTHING;
          continue;
        }
        if (need !== 'any' && need !== want) body = NOTHING;
        need = want;
      }
      if (bs === st.leading) before = need;
      else after = need;
    }
    if (isNothing(body)) return undefined;
    return { start: st.start, end: st.end, before, after, body };
  }

  // ---- the middle ----

  private alternation(a: Alternation): RNode {
    return alt(...a.alternatives.map((s) => this.sequence(s.items)));
  }

  private sequence(items: readonly Node[]): RNode {
    const parts = items.map((n) => (n.type === 'boundary' ? n : this.node(n)));
    const out: RNode[] = [];
    parts.forEach((p, i) => {
      if (!('type' in p)) {
        out.push(p);
        return;
      }
      // A boundary between two known characters is a constant.
      const left = seq(...(parts.slice(0, i).filter((x) => !('type' in x)) as RNode[]));
      const right = seq(...(parts.slice(i + 1).filter((x) => !('type' in x)) as RNode[]));
      const l = nullable(left) ? undefined : wordness(lastSet(left));
      const r = nullable(right) ? undefined : wordness(firstSet(right));
      if (l === undefined || r === undefined) {
        this.v.degrade('superset', `${p.negate ? '\\B' : '\\b'} dropped (no word boundaries in the target)`, p);
        return;
      }
      if ((l !== r) === p.negate) out.push(NOTHING);
    });
    return seq(...out);
  }

  private node(n: Exclude<Node, { type: 'boundary' }>): RNode {
    switch (n.type) {
      case 'chars': {
        const folds = !equals(classSet(n.items, n.negate, true), classSet(n.items, n.negate, false));
        const written = n.caseInsensitive ? writtenSet(n) : undefined;
        const r: RNode = { k: 'set', set: n.set, ci: n.caseInsensitive, folds };
        return written ? { ...r, written } : r;
      }
      case 'group':
        if (n.atomic && !this.copying) this.v.degrade('superset', 'atomic group read as a plain group (more backtracking, maybe more matches)', n);
        return this.alternation(n.body);
      case 'repeat':
        if (n.possessive && !this.copying) this.v.degrade('superset', 'possessive quantifier read as a greedy one (maybe more matches)', n);
        return rep(n.body.type === 'boundary' ? EMPTY_STRING : this.node(n.body), n.min, n.max);
      case 'anchor':
        if (!this.copying) this.v.degrade('superset', `${anchorText(n.kind)} not at an edge of an alternative: dropped (matches more)`, n);
        return EMPTY_STRING;
      case 'look':
        if (this.copying) return EMPTY_STRING;
        if (n.negate) {
          this.v.degrade(
            NEGATIVE_LOOKAROUND,
            `negative look${n.behind ? 'behind' : 'ahead'} has no equivalent (dropping it would match more)`,
            n,
          );
        } else this.v.degrade('superset', `look${n.behind ? 'behind' : 'ahead'} dropped (matches more)`, n);
        return EMPTY_STRING;
      case 'backref':
        return this.backref(n);
      case 'reset':
        return EMPTY_STRING;
    }
  }

  private backref(n: Extract<Node, { type: 'backref' }>): RNode {
    const group = this.ast.groups[n.group];
    if (!this.copying) {
      this.v.degrade('superset', `back reference \\${n.group} read as a copy of the group's pattern (not the same text)`, n);
    }
    if (!group || this.copying > 2 || (n.start >= group.start && n.end <= group.end)) return ANY_STRING;
    this.copying++;
    const r = this.alternation(group.body);
    this.copying--;
    return r;
  }
}

function isEndAnchor(k: AnchorKind): boolean {
  return k === 'end' || k === 'end-or-newline' || k === 'line-end';
}

function combineStart(cur: StartKind, k: AnchorKind): StartKind {
  if (k === 'start' || cur === 'start') return 'start';
  return 'line';
}

function combineEnd(cur: EndKind, k: AnchorKind): EndKind {
  const next: EndKind = k === 'end' ? 'end' : k === 'end-or-newline' ? 'end-or-newline' : 'line';
  const rank: Record<EndKind, number> = { end: 0, 'end-or-newline': 1, line: 2, open: 3 };
  return rank[next] <= rank[cur] ? next : cur;
}

function anchorText(k: AnchorKind): string {
  return k === 'start' || k === 'line-start' ? '^' : '$';
}

/** Whether a node has an assertion at its leading (trailing) edge, so distributing it into alternatives helps. */
function edgeAssertion(n: Node, side: 'leading' | 'trailing'): boolean {
  switch (n.type) {
    case 'anchor':
    case 'boundary':
    case 'look':
    case 'reset':
      return true;
    case 'group':
      return n.body.alternatives.some((s) => {
        const edge = side === 'leading' ? s.items[0] : s.items[s.items.length - 1];
        return edge !== undefined && edgeAssertion(edge, side);
      });
    case 'repeat':
      return n.min === 0 && n.max === 1 && edgeAssertion(n.body, side);
    default:
      return false;
  }
}

/** A look-around's body as a plain group (its text is consumed where the assertion stood). */
function asGroup(n: Extract<Node, { type: 'look' }>): GroupNode {
  return { type: 'group', start: n.start, end: n.end, atomic: false, body: n.body };
}

/** True: only word characters; false: none; undefined: both kinds. */
function wordness(s: CharSet): boolean | undefined {
  if (isEmpty(s)) return undefined;
  if (isSubset(s, WORD)) return true;
  if (!overlaps(s, WORD)) return false;
  return undefined;
}

export type { Span };
