/**
 * ReDoS safety of a JavaScript regex as the JS matcher runs it (docs/regex.md, "The ReDoS guard"; docs/security.md).
 *
 * `regexSafety(source, flags)` reads the regex with regexpp (the regex as emitted, so what V8 runs) and says:
 * - `risk`: `none` (no unbounded or large repetition whose runs overlap between start positions: time linear in the
 *   value), `quadratic` (unbounded repetition, no ambiguity found: an unanchored backtracking search that fails costs up to n² steps), or `super` (an
 *   ambiguous repetition: a quantifier inside a repeated group that can hand characters to the next iteration, a
 *   repeated alternation whose alternatives can start alike, or two unbounded repetitions over the same characters
 *   in a row: exponential or n³ and worse for a backtracking engine);
 * - `guard`: `native` (risk `none`: V8's backtracking engine runs it), `linear` (the JS matcher runs its searches
 *   through a linear-time NFA simulation, `program`; for risk `quadratic` only on values longer than
 *   `NATIVE_MAX_QUADRATIC` code units) or `unguarded` (it has a back reference, a look-around whose body repeats,
 *   or is too large to expand: backtracking only; a `super` risk gets a warning).
 *
 * The analysis approximates character sets by their members among sample code points (ASCII, every character and
 * range end the pattern writes, its neighbours, and a few non-ASCII representatives), tested with V8 itself: two
 * sets that share no sample are taken as disjoint. It errs towards `super`, which only costs speed.
 */
import { type AST, RegExpParser } from '@eslint-community/regexpp';

export type RegexRisk = 'none' | 'quadratic' | 'super';
export type RegexGuard = 'native' | 'linear' | 'unguarded';

/**
 * The linear-time form of a regex, for the JS matcher's runtime (`runtime/linear.ts`): a Thompson NFA as data.
 * `atoms` and `asserts` are sub-patterns of the regex (single-character atoms; zero-width assertions and
 * look-arounds), compiled by the runtime with the regex's flags plus `y` and run at one position.
 * Instructions: `[0, atom]` consume one character; `[1, assert]` zero-width test; `[2, a, b]` fork to a and b;
 * `[3, a]` jump; `[4]` match.
 */
export interface LinearProgram {
  readonly atoms: readonly string[];
  readonly asserts: readonly string[];
  readonly code: readonly (readonly number[])[];
  /** Values up to this length (UTF-16 code units) run on the native regex; longer ones on the program. */
  readonly nativeMax: number;
}

export interface RegexSafety {
  readonly risk: RegexRisk;
  readonly guard: RegexGuard;
  /** Why the risk is what it is (a construct of the JS regex, quoted), when it is not `none`. */
  readonly reason?: string;
  /** Why no linear form exists (guard `unguarded`). */
  readonly unguardedBecause?: string;
  readonly program?: LinearProgram;
}

/** Values up to this many code units run on V8's own engine when the risk is only quadratic (≤ ~10⁶ steps). */
export const NATIVE_MAX_QUADRATIC = 1000;
/** Largest NFA the linear form may have (counted repetitions are expanded). */
export const MAX_PROGRAM = 5000;
/** A finite repetition above this count is treated as unbounded by the risk analysis. */
const LARGE_COUNT = 16;

const parser = new RegExpParser({ ecmaVersion: 2025 });

type Elem = AST.Element;
type Alt = AST.Alternative;

/** Sample-based character sets: a set is the indices of the sample code points it contains. */
class Samples {
  readonly points: number[];
  private readonly cache = new Map<string, Set<number>>();

  constructor(
    pattern: AST.Pattern,
    private readonly flags: string,
  ) {
    const pts = new Set<number>();
    for (let c = 0; c < 128; c++) pts.add(c);
    for (const c of [0xa0, 0xb5, 0xdf, 0xe9, 0x100, 0x17f, 0x3b1, 0x430, 0x2028, 0x212a, 0x4e00, 0xfffd, 0x1f600]) pts.add(c);
    const add = (c: number) => {
      for (const d of [c - 1, c, c + 1]) if (d >= 0 && d <= 0x10ffff && !(d >= 0xd800 && d <= 0xdfff)) pts.add(d);
    };
    visit(pattern, (n) => {
      if (n.type === 'Character') add(n.value);
      else if (n.type === 'CharacterClassRange') {
        add(n.min.value);
        add(n.max.value);
      }
    });
    this.points = [...pts];
  }

  /** The samples an atom (a character, class or set, by its source) matches, tested with V8. */
  of(raw: string): Set<number> {
    const hit = this.cache.get(raw);
    if (hit) return hit;
    const re = new RegExp(`^(?:${raw})$`, this.flags.replace(/[gydm]/g, ''));
    const out = new Set<number>();
    this.points.forEach((c, i) => {
      if (re.test(String.fromCodePoint(c))) out.add(i);
    });
    this.cache.set(raw, out);
    return out;
  }
}

function visit(n: AST.Node, f: (n: AST.Node) => void): void {
  f(n);
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      n.alternatives.forEach((a) => visit(a, f));
      return;
    case 'Assertion':
      if (n.kind === 'lookahead' || n.kind === 'lookbehind') n.alternatives.forEach((a) => visit(a, f));
      return;
    case 'Alternative':
      n.elements.forEach((e) => visit(e, f));
      return;
    case 'Quantifier':
      visit(n.element, f);
      return;
    case 'CharacterClass':
      n.elements.forEach((e) => visit(e, f));
      return;
    case 'CharacterClassRange':
      visit(n.min, f);
      visit(n.max, f);
      return;
    default:
      return;
  }
}

const union = (a: Set<number>, b: Set<number>): Set<number> => (a.size === 0 ? b : b.size === 0 ? a : new Set([...a, ...b]));
const meets = (a: Set<number>, b: Set<number>): boolean => {
  for (const x of a) if (b.has(x)) return true;
  return false;
};
const EMPTY: Set<number> = new Set();

/** An element that consumes exactly one character: a character, a class, `.`, `\d`, `\p{…}`… */
const isAtom = (e: Elem): e is AST.Character | AST.CharacterClass | AST.CharacterSet =>
  e.type === 'Character' || e.type === 'CharacterClass' || e.type === 'CharacterSet';

const unbounded = (q: AST.Quantifier): boolean => q.max === Infinity || q.max > LARGE_COUNT;

class Analyzer {
  private readonly memoFirst = new Map<AST.Node, Set<number>>();
  private readonly memoAll = new Map<AST.Node, Set<number>>();
  risk: RegexRisk = 'none';
  reason: string | undefined;

  constructor(
    private readonly s: Samples,
    private readonly multiline: boolean,
  ) {}

  nullable(n: Elem | Alt): boolean {
    switch (n.type) {
      case 'Alternative':
        return n.elements.every((e) => this.nullable(e));
      case 'Group':
      case 'CapturingGroup':
        return n.alternatives.some((a) => this.nullable(a));
      case 'Quantifier':
        return n.min === 0 || this.nullable(n.element);
      case 'Assertion':
      case 'Backreference':
        return true;
      default:
        return false;
    }
  }

  /** Samples that can be the first character this consumes. */
  first(n: Elem | Alt): Set<number> {
    const hit = this.memoFirst.get(n);
    if (hit) return hit;
    let out: Set<number> = EMPTY;
    switch (n.type) {
      case 'Alternative':
        for (const e of n.elements) {
          out = union(out, this.first(e));
          if (!this.nullable(e)) break;
        }
        break;
      case 'Group':
      case 'CapturingGroup':
        for (const a of n.alternatives) out = union(out, this.first(a));
        break;
      case 'Quantifier':
        out = n.max === 0 ? EMPTY : this.first(n.element);
        break;
      case 'Backreference':
        out = new Set(this.s.points.keys());
        break;
      case 'Assertion':
        break;
      default:
        if (isAtom(n)) out = this.s.of(n.raw);
    }
    this.memoFirst.set(n, out);
    return out;
  }

  /** Samples this can consume anywhere in its match. */
  all(n: Elem | Alt): Set<number> {
    const hit = this.memoAll.get(n);
    if (hit) return hit;
    let out: Set<number> = EMPTY;
    switch (n.type) {
      case 'Alternative':
        for (const e of n.elements) out = union(out, this.all(e));
        break;
      case 'Group':
      case 'CapturingGroup':
        for (const a of n.alternatives) out = union(out, this.all(a));
        break;
      case 'Quantifier':
        out = n.max === 0 ? EMPTY : this.all(n.element);
        break;
      case 'Backreference':
        out = new Set(this.s.points.keys());
        break;
      case 'Assertion':
        break;
      default:
        if (isAtom(n)) out = this.s.of(n.raw);
    }
    this.memoAll.set(n, out);
    return out;
  }

  private flag(risk: RegexRisk, reason: string): void {
    const rank = { none: 0, quadratic: 1, super: 2 } as const;
    if (rank[risk] > rank[this.risk]) {
      this.risk = risk;
      this.reason = reason;
    }
  }

  /** Walk the pattern; `loops` are the repeated quantifiers (max ≥ 2) around the node, innermost last. */
  walk(n: Elem | Alt, loops: readonly AST.Quantifier[]): void {
    switch (n.type) {
      case 'Alternative':
        this.sequence(n);
        n.elements.forEach((e) => this.walk(e, loops));
        return;
      case 'Group':
      case 'CapturingGroup':
        n.alternatives.forEach((a) => this.walk(a, loops));
        return;
      case 'Assertion':
        if (n.kind === 'lookahead' || n.kind === 'lookbehind') n.alternatives.forEach((a) => this.walk(a, []));
        return;
      case 'Quantifier': {
        if (n.max >= 2) {
          if (unbounded(n) && this.enteredOften(n) && !this.endsMatch(n)) this.flag('quadratic', `unbounded repetition \`${n.raw}\``);
          for (const outer of loops) {
            if (!unbounded(n) && !unbounded(outer)) continue;
            if (meets(this.all(n.element), this.followInside(n, outer)))
              this.flag('super', `nested repetition: \`${n.raw}\` inside \`${outer.raw}\` can match the same text in many ways`);
          }
          this.alternation(n);
          this.walk(n.element, [...loops, n]);
        } else this.walk(n.element, loops);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Whether an unanchored search may enter the run of `q` from many start positions, so that the runs overlap
   * (`\s+$`, `a.*b`): not when the pattern is anchored at the start before it (`^…`, without `m`), nor when a
   * non-empty part before it cannot consume its characters (`\.exe\s+/`: each run is entered once).
   */
  private enteredOften(q: AST.Quantifier): boolean {
    const chars = this.all(q.element);
    let node = q as AST.Node;
    for (;;) {
      const parent = node.parent as AST.Node | null;
      if (!parent || parent.type === 'Pattern') return true;
      if (parent.type === 'Quantifier') return true;
      if (parent.type === 'Assertion') return true;
      if (parent.type === 'Alternative') {
        const before = parent.elements.slice(0, parent.elements.indexOf(node as Elem));
        if (before.some((e) => e.type === 'Assertion' && e.kind === 'start' && !this.multiline)) return false;
        const blocking = before.filter((e) => !this.nullable(e));
        if (blocking.length > 0 && blocking.every((e) => !meets(this.all(e), chars))) return false;
      }
      node = parent;
    }
  }

  /** Whether nothing that can fail follows `q` up to the end of the pattern (`\s+` in `\s+|x`): no backtracking into it. */
  private endsMatch(q: AST.Quantifier): boolean {
    let node = q as AST.Node;
    for (;;) {
      const parent = node.parent as AST.Node | null;
      if (!parent || parent.type === 'Pattern') return true;
      if (parent.type === 'Quantifier' || parent.type === 'Assertion') return false;
      if (parent.type === 'Alternative') {
        const after = parent.elements.slice(parent.elements.indexOf(node as Elem) + 1);
        for (const e of after) {
          let fails = !this.nullable(e);
          visit(e, (x) => {
            if (x.type === 'Assertion' || x.type === 'Backreference') fails = true;
          });
          if (fails) return false;
        }
      }
      node = parent;
    }
  }

  /** `(a|aa)+`: a repeated group whose alternatives can start with the same character. */
  private alternation(q: AST.Quantifier): void {
    const e = q.element;
    if (e.type !== 'Group' && e.type !== 'CapturingGroup') return;
    const firsts = e.alternatives.map((a) => this.first(a));
    for (let i = 0; i < firsts.length; i++)
      for (let j = i + 1; j < firsts.length; j++)
        if (meets(firsts[i]!, firsts[j]!)) {
          this.flag('super', `repeated alternation \`${q.raw}\`: its alternatives can start with the same character`);
          return;
        }
  }

  /** `\s*\s*`, `.*a.*b`: two unbounded repetitions in a row, the first able to consume what lies between. */
  private sequence(a: Alt): void {
    const els = a.elements;
    for (let i = 0; i < els.length; i++) {
      const x = els[i]!;
      if (x.type !== 'Quantifier' || !unbounded(x)) continue;
      const chars = this.all(x.element);
      for (let j = i + 1; j < els.length; j++) {
        const y = els[j]!;
        if (y.type === 'Quantifier' && unbounded(y) && meets(chars, this.first(y.element))) {
          // A repetition that ends the pattern and may be empty succeeds once reached: it adds no backtracking.
          if (j === els.length - 1 && y.min === 0 && a.parent.type === 'Pattern') break;
          this.flag('super', `\`${x.raw}\` and \`${y.raw}\` can match the same characters one after the other`);
          return;
        }
        if (this.nullable(y)) continue;
        const ys = this.all(y);
        if (ys.size === 0 || [...ys].some((c) => !chars.has(c))) break;
      }
    }
  }

  /**
   * What may follow `inner` within one iteration of `outer`, wrapping to the start of the next iteration when the
   * rest of the iteration can be empty.
   */
  private followInside(inner: AST.Quantifier, outer: AST.Quantifier): Set<number> {
    let out: Set<number> = EMPTY;
    let node = inner as AST.Node;
    const stop: AST.Node = outer.element;
    while (node !== stop) {
      const parent = node.parent as AST.Node | null;
      if (!parent) return out;
      if (parent.type === 'Alternative') {
        const idx = parent.elements.indexOf(node as Elem);
        for (const e of parent.elements.slice(idx + 1)) {
          out = union(out, this.first(e));
          if (!this.nullable(e)) return out;
        }
      } else if (parent.type === 'Quantifier' && parent.max >= 2) {
        out = union(out, this.first(parent.element));
      }
      node = parent;
    }
    return union(out, this.first(outer.element));
  }
}

/** Compiles a regexpp pattern into the NFA of `LinearProgram` (nodes it cannot express throw `Unguardable`). */
class Unguardable extends Error {}

class Compiler {
  readonly code: number[][] = [];
  private readonly atoms = new Map<string, number>();
  private readonly asserts = new Map<string, number>();

  program(p: AST.Pattern, nativeMax: number): LinearProgram {
    this.alternatives(p.alternatives);
    this.emit([4]);
    return { atoms: [...this.atoms.keys()], asserts: [...this.asserts.keys()], code: this.code, nativeMax };
  }

  private emit(i: number[]): number {
    if (this.code.length >= MAX_PROGRAM) throw new Unguardable(`its linear form would exceed ${MAX_PROGRAM} states (large counted repetitions)`);
    this.code.push(i);
    return this.code.length - 1;
  }

  private index(map: Map<string, number>, raw: string): number {
    let i = map.get(raw);
    if (i === undefined) {
      i = map.size;
      map.set(raw, i);
    }
    return i;
  }

  private alternatives(alts: readonly Alt[]): void {
    if (alts.length === 1) {
      this.sequence(alts[0]!);
      return;
    }
    const jumps: number[] = [];
    alts.forEach((a, k) => {
      if (k < alts.length - 1) {
        const fork = this.emit([2, 0, 0]);
        this.code[fork]![1] = fork + 1;
        this.sequence(a);
        jumps.push(this.emit([3, 0]));
        this.code[fork]![2] = this.code.length;
      } else this.sequence(a);
    });
    for (const j of jumps) this.code[j]![1] = this.code.length;
  }

  private sequence(a: Alt): void {
    for (const e of a.elements) this.element(e);
  }

  private element(e: Elem): void {
    switch (e.type) {
      case 'Group':
      case 'CapturingGroup':
        this.alternatives(e.alternatives);
        return;
      case 'Quantifier':
        this.quantifier(e);
        return;
      case 'Assertion': {
        if (e.kind === 'lookahead' || e.kind === 'lookbehind') {
          let repeats = false;
          let backref = false;
          visit(e, (n) => {
            if (n.type === 'Quantifier' && n.max > 1) repeats = true;
            if (n.type === 'Backreference') backref = true;
          });
          if (backref) throw new Unguardable(`the look-around \`${e.raw}\` has a back reference`);
          if (repeats) throw new Unguardable(`the look-around \`${e.raw}\` repeats (its cost per position is not bounded)`);
        }
        this.emit([1, this.index(this.asserts, e.raw)]);
        return;
      }
      case 'Backreference':
        throw new Unguardable(`the back reference \`${e.raw}\` needs backtracking`);
      default:
        if (isAtom(e)) {
          this.emit([0, this.index(this.atoms, e.raw)]);
          return;
        }
        throw new Unguardable(`\`${(e as Elem).raw}\` is not supported by the linear engine`);
    }
  }

  /** `x{min,max}`: min copies, then (max − min) nested optional copies, or a loop when unbounded. */
  private quantifier(q: AST.Quantifier): void {
    for (let i = 0; i < q.min; i++) this.element(q.element);
    if (q.max === Infinity) {
      const fork = this.emit([2, 0, 0]);
      this.code[fork]![1] = fork + 1;
      this.element(q.element);
      this.emit([3, fork]);
      this.code[fork]![2] = this.code.length;
      return;
    }
    const forks: number[] = [];
    for (let i = q.min; i < q.max; i++) {
      const fork = this.emit([2, 0, 0]);
      this.code[fork]![1] = fork + 1;
      forks.push(fork);
      this.element(q.element);
    }
    for (const f of forks) this.code[f]![2] = this.code.length;
  }
}

/** The ReDoS safety of a JavaScript regex (source and flags as given to `new RegExp`). */
export function regexSafety(source: string, flags: string): RegexSafety {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  } catch (e) {
    return { risk: 'super', guard: 'unguarded', reason: 'the regex could not be analysed', unguardedBecause: (e as Error).message };
  }
  const samples = new Samples(pattern, flags);
  const a = new Analyzer(samples, flags.includes('m'));
  pattern.alternatives.forEach((alt) => a.walk(alt, []));
  const reason = a.reason;
  if (a.risk === 'none') return { risk: 'none', guard: 'native' };
  try {
    const program = new Compiler().program(pattern, a.risk === 'quadratic' ? NATIVE_MAX_QUADRATIC : 0);
    return { risk: a.risk, guard: 'linear', ...(reason !== undefined ? { reason } : {}), program };
  } catch (e) {
    if (!(e instanceof Unguardable)) throw e;
    return { risk: a.risk, guard: 'unguarded', ...(reason !== undefined ? { reason } : {}), unguardedBecause: e.message };
  }
}

/**
 * The safety of a regex whose matches and groups are used (`rex`, `replace()`, `makemv tokenizer=`, sed): the
 * linear engine only answers whether a match exists, so such a regex runs on the backtracking engine.
 */
export function extractionSafety(s: RegexSafety): RegexSafety {
  if (s.guard !== 'linear') return s;
  const { program: _program, ...rest } = s;
  return { ...rest, guard: 'unguarded', unguardedBecause: 'its matches and groups are used, which the linear engine does not compute' };
}

/** A one-line note on a regex's safety for the JS matcher: only for a `super` risk (guarded: info; unguarded: warning). */
export function safetyNote(s: RegexSafety): { level: 'info' | 'warning'; message: string } | undefined {
  // A quadratic risk is that of almost every regex with `*` or `+`: guarded silently (documented), never noted.
  if (s.risk !== 'super') return undefined;
  if (s.guard === 'linear') return { level: 'info', message: `ReDoS guard: ${s.reason}; the JS matcher searches with a linear-time engine` };
  return {
    level: 'warning',
    message: `ReDoS: ${s.reason}, and no linear-time form exists (${s.unguardedBecause}): a backtracking search may take exponential or high polynomial time on long values`,
  };
}
