/**
 * Test-only: an independent recursive-descent reading of KQL, written from the facts of Kibana's PEG grammar
 * (`packages/kbn-es-query/grammar/grammar.peggy`: ordered choice, greedy repetition, no backtracking into a
 * repetition), not from the target's code. `parseKql` throws on text Kibana would reject and returns what Kibana
 * would build (decoded values, wildcards, typed literals), so the tests can check both syntax and meaning.
 * `evaluate` runs the parsed query on a flat event the way keyword fields behave (exact, case-sensitive).
 */

export type Val =
  | { readonly kind: 'literal'; readonly value: string | null | boolean; readonly quoted: boolean }
  /** `segments` are the literal pieces between wildcards: `*a*` → ['', 'a', '']. */
  | { readonly kind: 'wildcard'; readonly segments: readonly string[] };

export type Node =
  | { readonly t: 'or' | 'and'; readonly items: readonly Node[] }
  | { readonly t: 'not'; readonly item: Node }
  | { readonly t: 'is'; readonly field: Val | null; readonly value: Val }
  | { readonly t: 'range'; readonly field: Val; readonly op: '<' | '<=' | '>' | '>='; readonly value: Val }
  | { readonly t: 'nested'; readonly path: Val; readonly query: Node };

export class KqlSyntaxError extends Error {}

/** Internal backtracking signal: not an Error, so no stack trace is captured on every failed alternative. */
class Fail {
  constructor(readonly message: string) {}
}

const WILD = '\uE000'; // stands for an unescaped `*` while a literal is decoded (Kibana uses '@kuery-wildcard@')
const SPACE = new Set([' ', '\t', '\r', '\n', '\u00A0']);
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);

type Partial = (field: Val | null) => Node;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    try {
      this.spaces();
      const q = this.attempt(() => this.orQuery());
      this.spaces();
      if (this.pos !== this.src.length) this.fail('unexpected input');
      return q ?? { t: 'is', field: { kind: 'wildcard', segments: ['', ''] }, value: { kind: 'wildcard', segments: ['', ''] } };
    } catch (e) {
      if (e instanceof Fail) throw new KqlSyntaxError(e.message);
      throw e;
    }
  }

  // ── helpers ──
  private fail(why: string): never {
    throw new Fail(`${why} at ${this.pos}: ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
  }
  private peek(n = 0): string | undefined {
    return this.src[this.pos + n];
  }
  /** Run `f`; on failure restore the position and return null. */
  private attempt<T>(f: () => T): T | null {
    const save = this.pos;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      this.pos = save;
      return null;
    }
  }
  private spaces(): number {
    let n = 0;
    while (SPACE.has(this.peek() ?? '')) {
      this.pos++;
      n++;
    }
    return n;
  }
  private lit(s: string): void {
    if (this.src.startsWith(s, this.pos)) this.pos += s.length;
    else this.fail(`expected ${JSON.stringify(s)}`);
  }
  private litI(s: string): string {
    const got = this.src.slice(this.pos, this.pos + s.length);
    if (got.toLowerCase() !== s) this.fail(`expected ${s}`);
    this.pos += s.length;
    return got;
  }

  // ── keywords: `Or = Space+ 'or'i Space+`, `And = Space+ 'and'i Space+`, `Not = 'not'i Space+` ──
  private or(): void {
    if (this.spaces() === 0) this.fail('expected whitespace');
    this.litI('or');
    if (this.spaces() === 0) this.fail('expected whitespace');
  }
  private and(): void {
    if (this.spaces() === 0) this.fail('expected whitespace');
    this.litI('and');
    if (this.spaces() === 0) this.fail('expected whitespace');
  }
  private not(): void {
    this.litI('not');
    if (this.spaces() === 0) this.fail('expected whitespace');
  }
  /** Lookahead: does a keyword start here? */
  private keywordAhead(): boolean {
    const save = this.pos;
    const found = [() => this.or(), () => this.and(), () => this.not()].some((k) => this.attempt(k) !== null);
    this.pos = save;
    return found;
  }

  // ── queries ──
  private orQuery(): Node {
    const items = [this.andQuery()];
    for (;;) {
      const next = this.attempt(() => {
        this.or();
        return this.andQuery();
      });
      if (!next) break;
      items.push(next);
    }
    return items.length === 1 ? items[0]! : { t: 'or', items };
  }
  private andQuery(): Node {
    const items = [this.notQuery()];
    for (;;) {
      const next = this.attempt(() => {
        this.and();
        return this.notQuery();
      });
      if (!next) break;
      items.push(next);
    }
    return items.length === 1 ? items[0]! : { t: 'and', items };
  }
  private notQuery(): Node {
    const negated = this.attempt(() => {
      this.not();
      return this.subQuery();
    });
    return negated ? { t: 'not', item: negated } : this.subQuery();
  }
  private subQuery(): Node {
    const group = this.attempt(() => {
      this.lit('(');
      this.spaces();
      const q = this.orQuery();
      this.spaces();
      this.lit(')');
      return q;
    });
    return group ?? this.nestedQuery();
  }
  private nestedQuery(): Node {
    const nested = this.attempt((): Node => {
      const path = this.literal();
      this.spaces();
      this.lit(':');
      this.spaces();
      this.lit('{');
      this.spaces();
      const query = this.orQuery();
      this.spaces();
      this.lit('}');
      return { t: 'nested', path, query };
    });
    return nested ?? this.expression();
  }
  private expression(): Node {
    const range = this.attempt((): Node => {
      const field = this.literal();
      this.spaces();
      const op = this.rangeOp();
      this.spaces();
      return { t: 'range', field, op, value: this.literal() };
    });
    if (range) return range;
    const fieldValue = this.attempt((): Node => {
      const field = this.literal();
      this.spaces();
      this.lit(':');
      this.spaces();
      return this.listOfValues()(field);
    });
    if (fieldValue) return fieldValue;
    return this.value()(null);
  }
  private rangeOp(): '<' | '<=' | '>' | '>=' {
    for (const op of ['<=', '>=', '<', '>'] as const) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return this.fail('expected a range operator');
  }

  // ── value lists ──
  private listOfValues(): Partial {
    const group = this.attempt(() => {
      this.lit('(');
      this.spaces();
      const p = this.orList();
      this.spaces();
      this.lit(')');
      return p;
    });
    return group ?? this.value();
  }
  private orList(): Partial {
    const items = [this.andList()];
    for (;;) {
      const next = this.attempt(() => {
        this.or();
        return this.andList();
      });
      if (!next) break;
      items.push(next);
    }
    return items.length === 1 ? items[0]! : (f) => ({ t: 'or', items: items.map((p) => p(f)) });
  }
  private andList(): Partial {
    const items = [this.notList()];
    for (;;) {
      const next = this.attempt(() => {
        this.and();
        return this.notList();
      });
      if (!next) break;
      items.push(next);
    }
    return items.length === 1 ? items[0]! : (f) => ({ t: 'and', items: items.map((p) => p(f)) });
  }
  private notList(): Partial {
    const negated = this.attempt(() => {
      this.not();
      return this.listOfValues();
    });
    if (negated) return (f) => ({ t: 'not', item: negated(f) });
    return this.listOfValues();
  }
  private value(): Partial {
    const v = this.literal();
    return (field) => ({ t: 'is', field, value: v });
  }

  // ── literals ──
  private literal(): Val {
    return this.peek() === '"' ? this.quoted() : this.unquoted();
  }
  private escapedWhitespace(): string | null {
    const two = this.src.slice(this.pos, this.pos + 2);
    const map: Record<string, string> = { '\\t': '\t', '\\r': '\r', '\\n': '\n' };
    const ch = map[two];
    if (ch === undefined) return null;
    this.pos += 2;
    return ch;
  }
  private escapedUnicode(): string | null {
    const m = /^\\u([0-9a-fA-F]{4})/.exec(this.src.slice(this.pos, this.pos + 6));
    if (!m) return null;
    this.pos += 6;
    return String.fromCharCode(parseInt(m[1]!, 16));
  }
  private quoted(): Val {
    this.lit('"');
    let text = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') break;
      const ws = this.escapedWhitespace() ?? this.escapedUnicode();
      if (ws !== null) {
        text += ws;
        continue;
      }
      if (c === '\\' && (this.peek(1) === '\\' || this.peek(1) === '"')) {
        text += this.peek(1);
        this.pos += 2;
        continue;
      }
      text += c;
      this.pos++;
    }
    this.lit('"');
    return { kind: 'literal', value: text, quoted: true };
  }
  private unquotedChar(): string | null {
    const ws = this.escapedWhitespace();
    if (ws !== null) return ws;
    const c = this.peek();
    if (c === undefined) return null;
    if (c === '\\' && SPECIAL.has(this.peek(1) ?? '')) {
      this.pos += 2;
      return this.src[this.pos - 1]!;
    }
    const u = this.escapedUnicode();
    if (u !== null) return u;
    if (c === '\\') {
      const kw = ['or', 'and', 'not'].find((k) => this.src.slice(this.pos + 1, this.pos + 1 + k.length).toLowerCase() === k);
      if (kw) {
        const text = this.src.slice(this.pos + 1, this.pos + 1 + kw.length);
        this.pos += 1 + kw.length;
        return text;
      }
      return null;
    }
    if (c === '*') {
      this.pos++;
      return WILD;
    }
    if (SPECIAL.has(c) || this.keywordAhead()) return null;
    this.pos++;
    return c;
  }
  private unquoted(): Val {
    let chars = '';
    for (let ch = this.unquotedChar(); ch !== null; ch = this.unquotedChar()) chars += ch;
    if (chars === '') this.fail('expected a value');
    const seq = chars.trim();
    if (seq === 'null') return { kind: 'literal', value: null, quoted: false };
    if (seq === 'true') return { kind: 'literal', value: true, quoted: false };
    if (seq === 'false') return { kind: 'literal', value: false, quoted: false };
    if (chars.includes(WILD)) return { kind: 'wildcard', segments: seq.split(WILD) };
    return { kind: 'literal', value: seq, quoted: false };
  }
}

export function parseKql(text: string): Node {
  return new Parser(text).parse();
}

// ───────────── evaluation on one event (keyword-field semantics) ─────────────

export type Event = Readonly<Record<string, string | number | readonly (string | number)[] | null | undefined>>;

function valuesOf(ev: Event, field: string): string[] {
  const v = ev[field];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function isLoneWildcard(v: Val | null): boolean {
  return v?.kind === 'wildcard' && v.segments.length === 2 && v.segments.every((s) => s === '');
}

function matches(v: Val, text: string): boolean {
  if (v.kind === 'literal') return String(v.value) === text;
  const re = v.segments.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${re}$`, 'u').test(text);
}

function fieldNames(f: Val, ev: Event): string[] {
  if (f.kind === 'literal') return [String(f.value)];
  return Object.keys(ev).filter((k) => matches(f, k));
}

function compare(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function evaluate(n: Node, ev: Event): boolean {
  switch (n.t) {
    case 'or':
      return n.items.some((i) => evaluate(i, ev));
    case 'and':
      return n.items.every((i) => evaluate(i, ev));
    case 'not':
      return !evaluate(n.item, ev);
    case 'nested':
      return evaluate(n.query, ev);
    case 'is': {
      if (isLoneWildcard(n.field) && isLoneWildcard(n.value)) return true;
      const fields = n.field === null ? Object.keys(ev) : fieldNames(n.field, ev);
      const value = n.value;
      if (isLoneWildcard(value)) return fields.some((f) => valuesOf(ev, f).length > 0);
      return fields.some((f) => valuesOf(ev, f).some((x) => matches(value, x)));
    }
    case 'range': {
      const bound = n.value.kind === 'literal' ? String(n.value.value) : '';
      return fieldNames(n.field, ev).some((f) =>
        valuesOf(ev, f).some((x) => {
          const c = compare(x, bound);
          return n.op === '<' ? c < 0 : n.op === '<=' ? c <= 0 : n.op === '>' ? c > 0 : c >= 0;
        }),
      );
    }
  }
}
