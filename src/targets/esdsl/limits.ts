/**
 * Elasticsearch's limits on `regexp` queries, checked at conversion so a rule that would fail at search time is
 * reported where it is written (docs/targets/esdsl.md, "Regexp limits"):
 *
 * - `index.max_regex_length` (default 1,000): `RegexpQueryBuilder` refuses a value longer than that, counted in
 *   Java `char`s (UTF-16 code units) — exact;
 * - `max_determinized_states` (default 10,000) and Lucene's automaton size checks: Lucene 9 builds the automaton
 *   bottom-up (`RegExp.toAutomatonInternal`), determinizing and minimizing after most operators; a determinization
 *   fails once its *effort* (Σ, over the DFA states it creates, of the NFA states each stands for) reaches 10 × the
 *   limit (LUCENE-9981); `{n,m}` and `{n,}` first refuse `(states − 1) × n > limit`; and `CompiledAutomaton` walks
 *   the final automaton depth first (`Operations.isFinite`), refusing more than 1,000 levels ("input automaton is too
 *   large") unless it accepts a single string. Those steps are replayed here on the same automata; the replay is
 *   calibrated against the engine (test/escaping/regex-limits.test.ts).
 *
 * Patterns with operators the target never writes unescaped (`~` complement, `&` intersection, `@` any string), or
 * too large to replay, are judged on their length only.
 */

/** Elasticsearch's default `index.max_regex_length`. */
export const MAX_REGEX_LENGTH = 1000;
/** Elasticsearch's default `max_determinized_states` (Lucene's determinize work limit). */
export const MAX_DETERMINIZED_STATES = 10_000;
/** Lucene's effort limit for that work limit (`Operations.determinize`: `workLimit * 10`). */
export const DETERMINIZE_EFFORT_LIMIT = MAX_DETERMINIZED_STATES * 10;

const cache = new Map<string, string | undefined>();

/** Why Elasticsearch would refuse a `regexp` query with this value, or undefined when it runs. */
export function regexpLimitProblem(value: string, caseInsensitive = false): string | undefined {
  const key = `${caseInsensitive ? 'i' : 'c'}${value}`;
  if (cache.has(key)) return cache.get(key);
  const r = limitProblem(value, caseInsensitive);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, r);
  return r;
}

function limitProblem(value: string, caseInsensitive: boolean): string | undefined {
  if (value.length > MAX_REGEX_LENGTH)
    return `the Lucene regexp is ${value.length} characters, over Elasticsearch's index.max_regex_length (${MAX_REGEX_LENGTH}): the query would be refused`;
  const effort = determinizeEffort(value, caseInsensitive);
  if (effort !== undefined && effort >= DETERMINIZE_EFFORT_LIMIT)
    return `the Lucene regexp's automaton is too complex for Elasticsearch: building it would exceed max_determinized_states (${MAX_DETERMINIZED_STATES}; Lucene's determinization effort limit ${DETERMINIZE_EFFORT_LIMIT}) or Lucene's automaton size checks: the query would be refused`;
  return undefined;
}

// ───────────── Lucene RegExp syntax (flags ALL) → a tree ─────────────

type Range = readonly [number, number];
type Node =
  | { readonly kind: 'set'; readonly ranges: readonly Range[] }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly items: readonly Node[] }
  | { readonly kind: 'rep'; readonly item: Node; readonly min: number; readonly max: number };

const MAX_CP = 0x10ffff;
const ANY: Node = { kind: 'set', ranges: [[0, MAX_CP]] };
const EMPTY: Node = { kind: 'seq', items: [] };
const NOTHING: Node = { kind: 'alt', items: [] };

class Unsupported extends Error {}

class Parser {
  private i = 0;
  private readonly cps: number[];
  constructor(text: string) {
    this.cps = [...text].map((c) => c.codePointAt(0)!);
  }
  private peek(): number | undefined {
    return this.cps[this.i];
  }
  private is(ch: string): boolean {
    return this.cps[this.i] === ch.codePointAt(0);
  }
  parse(): Node {
    const n = this.union();
    if (this.i < this.cps.length) throw new Unsupported('trailing text');
    return n;
  }
  private union(): Node {
    const items = [this.concat()];
    while (this.is('|')) {
      this.i++;
      items.push(this.concat());
    }
    return items.length === 1 ? items[0]! : { kind: 'alt', items };
  }
  private concat(): Node {
    const items: Node[] = [];
    while (this.i < this.cps.length && !this.is('|') && !this.is(')')) {
      if (this.is('&') || this.is('~')) throw new Unsupported('intersection or complement');
      items.push(this.repeat());
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }
  private repeat(): Node {
    let n = this.atom();
    for (;;) {
      if (this.is('*')) n = { kind: 'rep', item: n, min: 0, max: Infinity };
      else if (this.is('+')) n = { kind: 'rep', item: n, min: 1, max: Infinity };
      else if (this.is('?')) n = { kind: 'rep', item: n, min: 0, max: 1 };
      else if (this.is('{')) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.i, this.i + 24)));
        if (!m) throw new Unsupported('bad repeat');
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        n = { kind: 'rep', item: n, min, max };
        this.i += m[0].length;
        continue;
      } else return n;
      this.i++;
    }
  }
  private char(): number {
    const c = this.peek();
    if (c === undefined) throw new Unsupported('unexpected end');
    this.i++;
    if (c === 0x5c) {
      const e = this.peek();
      if (e === undefined) throw new Unsupported('trailing backslash');
      this.i++;
      if (/[a-zA-Z]/.test(String.fromCodePoint(e))) throw new Unsupported('class escape');
      return e;
    }
    return c;
  }
  private atom(): Node {
    const c = this.peek()!;
    const ch = String.fromCodePoint(c);
    if (ch === '(') {
      this.i++;
      const n = this.is(')') ? EMPTY : this.union();
      if (!this.is(')')) throw new Unsupported('unclosed group');
      this.i++;
      return n;
    }
    if (ch === '[') return this.klass();
    if (ch === '.') {
      this.i++;
      return ANY;
    }
    if (ch === '#') {
      this.i++;
      return NOTHING;
    }
    if (ch === '@') throw new Unsupported('any string');
    if (ch === '"') {
      this.i++;
      const items: Node[] = [];
      while (!this.is('"')) {
        const x = this.peek();
        if (x === undefined) throw new Unsupported('unclosed quote');
        this.i++;
        items.push({ kind: 'set', ranges: [[x, x]] });
      }
      this.i++;
      return { kind: 'seq', items };
    }
    if (ch === '<') {
      const m = /^<(\d+)-(\d+)>/.exec(String.fromCodePoint(...this.cps.slice(this.i, this.i + 48)));
      if (!m) throw new Unsupported('bad interval');
      this.i += m[0].length;
      // A numeric interval as the digit strings of its lengths: a superset of its language, a similar automaton.
      const digits: Node = { kind: 'set', ranges: [[0x30, 0x39]] };
      return { kind: 'rep', item: digits, min: Math.min(m[1]!.length, m[2]!.length), max: Math.max(m[1]!.length, m[2]!.length) };
    }
    const x = this.char();
    return { kind: 'set', ranges: [[x, x]] };
  }
  private klass(): Node {
    this.i++;
    let negate = false;
    if (this.is('^')) {
      negate = true;
      this.i++;
    }
    const ranges: [number, number][] = [];
    while (!this.is(']')) {
      if (this.peek() === undefined) throw new Unsupported('unclosed class');
      const lo = this.char();
      if (this.is('-') && this.cps[this.i + 1] !== 0x5d) {
        this.i++;
        ranges.push([lo, this.char()]);
      } else ranges.push([lo, lo]);
    }
    this.i++;
    const norm = normalize(ranges);
    return { kind: 'set', ranges: negate ? complement(norm) : norm };
  }
}

function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of ranges) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}


// ───────────── Lucene's automaton construction, replayed ─────────────
//
// Lucene 9 (`RegExp.toAutomatonInternal`) builds the automaton bottom-up with `Operations` and determinizes +
// minimizes after each concatenation, union, optional, `*` and `{n,}`, but not after `{n,m}` (which it checks
// first: `(states - 1) × max > workLimit` throws). Every determinization counts its own effort (the query fails
// when one reaches 10 × the work limit); the final automaton is determinized once more unless already
// deterministic. The same steps are replayed here on the same shapes of automata.

/** An automaton as Lucene's: state 0 initial, per state its transitions `[min, max, dest]` and acceptance. */
interface Fa {
  readonly accept: boolean[];
  readonly tr: [number, number, number][][];
}

class TooComplex extends Error {}
class TooCostly extends Error {}

/**
 * The replay's own bookkeeping: the largest effort seen, and the work spent (transitions visited). A replay that
 * would cost more than WORK_BUDGET stops, so conversion stays fast, and the pattern counts as too complex: automata
 * that large are what Lucene's limits refuse (every such pattern met so far — a real rule's URL-chain regex,
 * `y{1000}x?` — is refused by the engine; test/escaping/regex-limits.test.ts).
 */
interface Budget {
  max: number;
  work: number;
}
const WORK_BUDGET = 10_000_000;
function spend(b: Budget, units: number): void {
  b.work += units;
  if (b.work > WORK_BUDGET) throw new TooCostly();
}

/** Automata with more states than this are not replayed (the pattern is then judged on its length only). */
const MAX_STATES = 50_000;

const fa = (accept: boolean[], tr: [number, number, number][][]): Fa => {
  if (accept.length > MAX_STATES) throw new Unsupported('too many states');
  return { accept, tr };
};

function makeSet(ranges: readonly Range[]): Fa {
  return fa([false, true], [ranges.map(([a, b]) => [a, b, 1] as [number, number, number]), []]);
}
const makeEmptyString = (): Fa => fa([true], [[]]);
const makeEmpty = (): Fa => fa([false], [[]]);

/** Append a copy of `a` to (accept, tr); its states are shifted by the current size. Returns the offset. */
function copyInto(accept: boolean[], tr: [number, number, number][][], a: Fa): number {
  const off = accept.length;
  a.accept.forEach((x, s) => {
    accept.push(x);
    tr.push(a.tr[s]!.map(([lo, hi, d]) => [lo, hi, d + off] as [number, number, number]));
  });
  return off;
}

/** Lucene's `Operations.concatenate(list)`: an accept state of one part gets the initial transitions of the next ones. */
function concatenate(parts: readonly Fa[]): Fa {
  const accept: boolean[] = [];
  const tr: [number, number, number][][] = [];
  const offs = parts.map((p) => copyInto(accept, tr, p));
  for (let i = 0; i < parts.length; i++) {
    const a = parts[i]!;
    for (let s = 0; s < a.accept.length; s++) {
      if (!a.accept[s]) continue;
      const st = offs[i]! + s;
      accept[st] = false;
      let k = i + 1;
      for (;;) {
        if (k === parts.length) {
          accept[st] = true;
          break;
        }
        const next = parts[k]!;
        for (const [lo, hi, d] of next.tr[0]!) tr[st]!.push([lo, hi, d + offs[k]!]);
        if (!next.accept[0]) break;
        k++;
      }
    }
  }
  return fa(accept, tr);
}

/** Lucene's `Operations.union`: a new initial state with the initial transitions of every part. */
function union(parts: readonly Fa[]): Fa {
  const accept = [false];
  const tr: [number, number, number][][] = [[]];
  for (const p of parts) {
    const off = copyInto(accept, tr, p);
    for (const [lo, hi, d] of p.tr[0]!) tr[0]!.push([lo, hi, d + off]);
    if (p.accept[0]) accept[0] = true;
  }
  return fa(accept, tr);
}

function optional(a: Fa): Fa {
  const accept = [true];
  const tr: [number, number, number][][] = [[]];
  const off = copyInto(accept, tr, a);
  for (const [lo, hi, d] of a.tr[0]!) tr[0]!.push([lo, hi, d + off]);
  return fa(accept, tr);
}

/** Lucene's `Operations.repeat(a)` (Kleene star). */
function star(a: Fa): Fa {
  const accept = [true];
  const tr: [number, number, number][][] = [[]];
  const off = copyInto(accept, tr, a);
  const init = a.tr[0]!.map(([lo, hi, d]) => [lo, hi, d + off] as [number, number, number]);
  tr[0]!.push(...init);
  for (let s = 0; s < a.accept.length; s++) if (a.accept[s]) tr[s + off]!.push(...init);
  return fa(accept, tr);
}

/** Lucene's `Operations.repeat(a, min, max)`: min copies, then max − min optional copies chained. */
function repeatMinMax(a: Fa, min: number, max: number): Fa {
  let b = min === 0 ? makeEmptyString() : concatenate(Array.from({ length: min }, () => a));
  const accept = [...b.accept];
  const tr = b.tr.map((t) => [...t]);
  let prev = accept.map((x, s) => (x ? s : -1)).filter((s) => s >= 0);
  for (let i = min; i < max; i++) {
    const off = copyInto(accept, tr, a);
    if (accept.length > MAX_STATES) throw new Unsupported('too many states');
    for (const s of prev) for (const [lo, hi, d] of a.tr[0]!) tr[s]!.push([lo, hi, d + off]);
    if (a.accept[0]) for (const s of prev) accept[s] = true;
    prev = a.accept.map((x, s) => (x ? s + off : -1)).filter((s) => s >= 0);
  }
  b = fa(accept, tr);
  return b;
}

function isDeterministic(a: Fa): boolean {
  for (const t of a.tr) {
    const sorted = [...t].sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < sorted.length; i++) if (sorted[i]![0] <= sorted[i - 1]![1]) return false;
  }
  return true;
}

/** Index of the first element ≥ x in the sorted array. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** FNV-1a over the elements of a set of state numbers. */
function hashSet(xs: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) h = Math.imul(h ^ x, 0x01000193);
  return h;
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lucene's `Operations.determinize`, with its effort count (Σ |NFA set| over the DFA states, from 0). */
function determinize(a: Fa, effortLimit: number, effort: Budget): Fa {
  if (isDeterministic(a)) return a;
  // DFA states by the sorted NFA set they stand for: a hash of the set → the ids with that hash.
  const sets: number[][] = [[0]];
  const byHash = new Map<number, number[]>([[hashSet([0]), [0]]]);
  const accept: boolean[] = [];
  const tr: [number, number, number][][] = [];
  // Per NFA state: how many of the current set's edges covering the swept point lead to it.
  const count = new Int32Array(a.accept.length);
  let spent = 0;
  for (let k = 0; k < sets.length; k++) {
    const set = sets[k]!;
    spent += set.length;
    effort.max = Math.max(effort.max, spent);
    if (spent >= effortLimit) throw new TooComplex();
    accept.push(set.some((s) => a.accept[s]));
    // Sweep over the edges' endpoints: the destinations active on each elementary interval. An endpoint is one
    // number, point · 2^17 + (start ? 2^16 : 0) + destination (points ≤ 0x110000, destinations < 2^16), so a
    // numeric sort orders them by point.
    let m = 0;
    for (const st of set) m += a.tr[st]!.length;
    const events = new Float64Array(2 * m);
    let e = 0;
    for (const st of set)
      for (const [lo, hi, d] of a.tr[st]!) {
        events[e++] = lo * 131072 + 65536 + d;
        events[e++] = (hi + 1) * 131072 + d;
      }
    spend(effort, events.length + 1);
    events.sort();
    const active: number[] = []; // kept sorted
    const out: [number, number, number][] = [];
    let id = -1; // the DFA state of the active set, while it does not change
    for (let i = 0; i < events.length; ) {
      const c = Math.floor(events[i]! / 131072);
      while (i < events.length && Math.floor(events[i]! / 131072) === c) {
        const x = events[i++]! - c * 131072;
        const d = x & 0xffff;
        if (x >= 65536) {
          if (count[d]!++ === 0) (active.splice(lowerBound(active, d), 0, d), (id = -1));
        } else if (--count[d]! === 0) (active.splice(lowerBound(active, d), 1), (id = -1));
      }
      if (i >= events.length || active.length === 0) continue;
      const end = Math.floor(events[i]! / 131072) - 1;
      if (id < 0) {
        const h = hashSet(active);
        const bucket = byHash.get(h);
        const known = bucket?.find((x) => sameSet(sets[x]!, active));
        if (known === undefined) {
          id = sets.length;
          sets.push(active.slice());
          if (bucket) bucket.push(id);
          else byHash.set(h, [id]);
          if (sets.length > MAX_STATES) throw new Unsupported('too many states');
        } else id = known;
      }
      const last = out[out.length - 1];
      if (last && last[2] === id && last[1] + 1 === c) last[1] = end;
      else out.push([c, end, id]);
    }
    tr.push(out);
  }
  return fa(accept, tr);
}

/** Determinize, then merge equivalent states and drop dead ones (the minimal DFA's shape). */
function minimize(a: Fa, effortLimit: number, effort: Budget): Fa {
  const d = determinize(a, effortLimit, effort);
  const n = d.accept.length;
  // Live states: those that reach an accepting state.
  const rev: number[][] = Array.from({ length: n }, () => []);
  d.tr.forEach((t, s) => t.forEach(([, , x]) => rev[x]!.push(s)));
  const live = new Set<number>();
  const stack = d.accept.map((x, s) => (x ? s : -1)).filter((s) => s >= 0);
  for (const s of stack) live.add(s);
  while (stack.length) for (const p of rev[stack.pop()!]!) if (!live.has(p)) (live.add(p), stack.push(p));
  if (!live.has(0)) return makeEmpty();
  const cls = live.size <= SMALL_DFA ? mooreClasses(d, live, effort) : equivalenceClasses(d, live, effort);
  // Build the quotient, initial class first.
  const order = new Map<number, number>([[cls[0]!, 0]]);
  for (let s = 0; s < n; s++) if (live.has(s) && !order.has(cls[s]!)) order.set(cls[s]!, order.size);
  const accept: boolean[] = new Array<boolean>(order.size).fill(false);
  const tr: [number, number, number][][] = Array.from({ length: order.size }, () => []);
  const done = new Set<number>();
  for (let s = 0; s < n; s++) {
    if (!live.has(s)) continue;
    const id = order.get(cls[s]!)!;
    if (done.has(id)) continue;
    done.add(id);
    accept[id] = d.accept[s]!;
    tr[id] = d.tr[s]!.filter((e) => live.has(e[2])).map(([lo, hi, x]) => [lo, hi, order.get(cls[x]!)!] as [number, number, number]);
  }
  return fa(accept, tr);
}

/** Below this many live states, Moore's rounds are cheaper than Hopcroft's set-up (the classes are the same). */
const SMALL_DFA = 48;

/** Moore's refinement over canonical signatures (each state's live transitions, sorted): O(n²) in the worst case. */
function mooreClasses(d: Fa, live: ReadonlySet<number>, effort: Budget): number[] {
  const n = d.accept.length;
  const edges = d.tr.map((t) => t.filter((e) => live.has(e[2])).sort((p, q) => p[0] - q[0]));
  let cls: number[] = d.accept.map((x) => (x ? 1 : 0));
  for (let count = new Set(cls).size; ; ) {
    const sig = new Map<string, number>();
    const next = new Array<number>(n);
    spend(effort, 2 * n);
    for (let s = 0; s < n; s++) {
      let key = `${cls[s]}`;
      let lo = -1;
      let hi = -2;
      let c = -1;
      for (const [a, b, x] of edges[s]!) {
        const cx = cls[x]!;
        if (cx === c && hi + 1 === a) hi = b;
        else {
          if (c >= 0) key += `|${lo}:${hi}:${c}`;
          lo = a;
          hi = b;
          c = cx;
        }
      }
      if (c >= 0) key += `|${lo}:${hi}:${c}`;
      let id = sig.get(key);
      if (id === undefined) sig.set(key, (id = sig.size));
      next[s] = id;
    }
    cls = next;
    if (sig.size === count) break;
    count = sig.size;
  }
  // Dead states may keep classes of their own: the caller leaves them out of the quotient.
  return cls;
}

/**
 * Classes of Myhill–Nerode equivalence of the live states of the DFA `d` (Hopcroft's partition refinement,
 * O(k·n·log n) over the k elementary symbol intervals): `cls[s] === cls[t]` iff s and t accept the same language.
 * Dead states all share the class of the implicit sink. The labels are arbitrary (the caller orders them).
 */
function equivalenceClasses(d: Fa, live: ReadonlySet<number>, effort: Budget): number[] {
  const n = d.accept.length;
  const idx = new Int32Array(n).fill(-1);
  let m = 0;
  for (let s = 0; s < n; s++) if (live.has(s)) idx[s] = m++;
  const N = m + 1; // + the sink (every missing or dead transition)
  const sink = m;
  // Elementary symbol intervals: between consecutive edge endpoints.
  const points = new Set<number>();
  for (let s = 0; s < n; s++) {
    if (idx[s]! < 0) continue;
    for (const [lo, hi, x] of d.tr[s]!) if (live.has(x)) (points.add(lo), points.add(hi + 1));
  }
  const pts = [...points].sort((a, b) => a - b);
  const K = Math.max(pts.length - 1, 0);
  spend(effort, N * (K + 1));
  const delta = new Int32Array(N * K).fill(sink);
  const at = (c: number): number => {
    let lo = 0;
    let hi = pts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pts[mid]! < c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let s = 0; s < n; s++) {
    const i = idx[s]!;
    if (i < 0) continue;
    for (const [lo, hi, x] of d.tr[s]!) {
      if (!live.has(x)) continue;
      const t = idx[x]!;
      for (let j = at(lo), end = at(hi + 1); j < end; j++) delta[i * K + j] = t;
    }
  }
  // Inverse transitions per symbol, as CSR: sources of (j, t) are inv[invStart[j*(N+1)+t] .. invStart[j*(N+1)+t+1]).
  const invStart = new Int32Array(K * (N + 1) + 1);
  for (let i = 0; i < N; i++) for (let j = 0; j < K; j++) invStart[j * (N + 1) + (i === sink ? sink : delta[i * K + j]!) + 1]!++;
  for (let k = 1; k < invStart.length; k++) invStart[k]! += invStart[k - 1]!;
  const fill = invStart.slice();
  const inv = new Int32Array(N * K);
  for (let i = 0; i < N; i++) for (let j = 0; j < K; j++) inv[fill[j * (N + 1) + (i === sink ? sink : delta[i * K + j]!)]!++] = i;
  // The partition: elems permuted so that each block is a contiguous run.
  const elems = new Int32Array(N);
  const pos = new Int32Array(N);
  const block = new Int32Array(N);
  const start: number[] = [];
  const end: number[] = [];
  const marks: number[] = [];
  const inWork: boolean[] = [];
  let e = 0;
  for (const accepting of [true, false]) {
    const b = start.length;
    const first = e;
    for (let s = 0; s < n; s++) {
      const i = idx[s]!;
      if (i >= 0 && d.accept[s] === accepting) (elems[e] = i, pos[i] = e, block[i] = b, e++);
    }
    if (!accepting) (elems[e] = sink, pos[sink] = e, block[sink] = b, e++);
    if (e > first) (start.push(first), end.push(e), marks.push(0), inWork.push(false));
  }
  const work: number[] = [];
  if (start.length === 2) {
    const small = end[0]! - start[0]! <= end[1]! - start[1]! ? 0 : 1;
    work.push(small);
    inWork[small] = true;
  }
  const touched: number[] = [];
  while (work.length) {
    const a = work.pop()!;
    inWork[a] = false;
    const splitter = elems.slice(start[a]!, end[a]!);
    for (let j = 0; j < K; j++) {
      const base = j * (N + 1);
      for (const t of splitter) {
        const from = invStart[base + t]!;
        const to = invStart[base + t + 1]!;
        spend(effort, to - from + 1);
        for (let k = from; k < to; k++) {
          const s = inv[k]!;
          const b = block[s]!;
          const p = pos[s]!;
          const q = start[b]! + marks[b]!;
          if (p < q) continue; // already marked
          if (marks[b] === 0) touched.push(b);
          // Swap s into the marked prefix of its block.
          const other = elems[q]!;
          elems[q] = s;
          pos[s] = q;
          elems[p] = other;
          pos[other] = p;
          marks[b]!++;
        }
      }
      for (const b of touched) {
        const size = end[b]! - start[b]!;
        const marked = marks[b]!;
        marks[b] = 0;
        if (marked === size) continue;
        // The marked prefix becomes a new block.
        const z = start.length;
        start.push(start[b]!);
        end.push(start[b]! + marked);
        marks.push(0);
        inWork.push(false);
        start[b] = start[b]! + marked;
        for (let k = start[z]!; k < end[z]!; k++) block[elems[k]!] = z;
        if (inWork[b] || marked <= size - marked) {
          work.push(z);
          inWork[z] = true;
        } else {
          work.push(b);
          inWork[b] = true;
        }
      }
      touched.length = 0;
    }
  }
  const cls = new Array<number>(n);
  for (let s = 0; s < n; s++) cls[s] = block[idx[s]! >= 0 ? idx[s]! : sink]!;
  return cls;
}

/** Lucene's `Automata.makeString`: a chain of n + 1 states. */
function makeString(cps: readonly number[], ci: boolean): Fa {
  return fa(
    cps.map(() => false).concat(true),
    cps.map((c, i) => (ci ? foldChar(c) : [[c, c] as Range]).map(([a, b]) => [a, b, i + 1] as [number, number, number])).concat([[]]),
  );
}

/**
 * Lucene's `Operations.isFinite`, run by `CompiledAutomaton` on every query automaton: a depth-first walk (by
 * transition label) that throws "input automaton is too large" past 1,000 levels of recursion.
 */
function finiteWalkTooDeep(a: Fa): boolean {
  const path = new Set<number>();
  const visited = new Set<number>();
  const walk = (state: number, level: number): boolean | 'deep' => {
    if (level > MAX_RECURSION_LEVEL) return 'deep';
    path.add(state);
    for (const [, , dest] of [...a.tr[state]!].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2])) {
      if (path.has(dest)) return false;
      if (!visited.has(dest)) {
        const r = walk(dest, level + 1);
        if (r !== true) return r;
      }
    }
    path.delete(state);
    visited.add(state);
    return true;
  };
  return walk(0, 0) === 'deep';
}

/** Whether a deterministic automaton accepts exactly one string (Lucene's `Operations.getSingleton`). */
function singleton(a: Fa): boolean {
  const seen = new Set<number>();
  for (let s = 0; ; ) {
    if (seen.has(s)) return false;
    seen.add(s);
    const t = a.tr[s]!;
    if (a.accept[s]) return t.length === 0;
    if (t.length !== 1 || t[0]![0] !== t[0]![1]) return false;
    s = t[0]![2];
  }
}

/** Lucene's `Operations.MAX_RECURSION_LEVEL`. */
const MAX_RECURSION_LEVEL = 1000;

function foldChar(c: number): Range[] {
  if (c >= 0x41 && c <= 0x5a) return [[c, c], [c + 32, c + 32]];
  if (c >= 0x61 && c <= 0x7a) return [[c - 32, c - 32], [c, c]];
  return [[c, c]];
}

/** Replay `RegExp.toAutomatonInternal` on the tree (`ci`: ASCII_CASE_INSENSITIVE, single characters only). */
function build(n: Node, ci: boolean, workLimit: number, effort: Budget): Fa {
  const limit = workLimit * 10;
  switch (n.kind) {
    case 'set':
      return makeSet(ci && n.ranges.length === 1 && n.ranges[0]![0] === n.ranges[0]![1] ? foldChar(n.ranges[0]![0]) : n.ranges);
    case 'seq': {
      // Lucene flattens nested concatenations (`findLeaves`) and merges adjacent characters into one string.
      const flat: Node[] = [];
      const flatten = (x: Node): void => (x.kind === 'seq' ? x.items.forEach(flatten) : void flat.push(x));
      n.items.forEach(flatten);
      if (flat.length === 0) return makeEmptyString();
      const parts: Fa[] = [];
      let run: number[] = [];
      const flush = () => {
        if (run.length) parts.push(makeString(run, ci));
        run = [];
      };
      for (const x of flat) {
        if (x.kind === 'set' && x.ranges.length === 1 && x.ranges[0]![0] === x.ranges[0]![1]) run.push(x.ranges[0]![0]);
        else {
          flush();
          parts.push(build(x, ci, workLimit, effort));
        }
      }
      flush();
      return parts.length === 1 ? parts[0]! : minimize(concatenate(parts), limit, effort);
    }
    case 'alt': {
      const flat: Node[] = [];
      const flatten = (x: Node): void => (x.kind === 'alt' ? x.items.forEach(flatten) : void flat.push(x));
      n.items.forEach(flatten);
      if (flat.length === 0) return makeEmpty();
      return minimize(union(flat.map((x) => build(x, ci, workLimit, effort))), limit, effort);
    }
    case 'rep': {
      const a = build(n.item, ci, workLimit, effort);
      if (n.min === 0 && n.max === 1) return minimize(optional(a), limit, effort);
      if (n.min === 0 && n.max === Infinity) return minimize(star(a), limit, effort);
      if (n.max === Infinity) {
        if ((a.accept.length - 1) * n.min > workLimit) throw new TooComplex();
        return minimize(concatenate([...Array.from({ length: n.min }, () => a), star(a)]), limit, effort);
      }
      if ((a.accept.length - 1) * n.max > workLimit) throw new TooComplex();
      return repeatMinMax(a, n.min, n.max);
    }
  }
}

/**
 * The largest determinization effort Lucene spends building and compiling `pattern` (one determinization's own
 * count; the query fails when one reaches `10 × workLimit`), or `Infinity` when a step would throw; undefined when
 * the pattern uses syntax this replay does not model or is too large to replay.
 */
export function determinizeEffort(pattern: string, caseInsensitive: boolean, workLimit: number = MAX_DETERMINIZED_STATES): number | undefined {
  const effort: Budget = { max: 0, work: 0 };
  try {
    const tree = new Parser(pattern).parse();
    const a = determinize(build(tree, caseInsensitive, workLimit, effort), workLimit * 10, effort);
    // `CompiledAutomaton` answers a single-string language before walking it.
    if (!singleton(a) && finiteWalkTooDeep(a)) return Infinity;
    return effort.max;
  } catch (e) {
    if (e instanceof TooComplex || e instanceof TooCostly) return Infinity;
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
