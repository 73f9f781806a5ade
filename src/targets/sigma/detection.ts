/**
 * Sigma leaves (SNode) → a `detection` section: named search identifiers and a `condition` that keeps the IR's
 * boolean structure.
 *
 * - An AND of field tests is one map (`selection`); an OR of field tests on one key is a list value, on several keys
 *   a list of maps. A field test on a key the map already holds starts another identifier.
 * - Raw-text terms become keyword lists (`keywords`; an AND of several uses `|all`).
 * - A NOT stays a `not` in the condition; what it negates is named `filter_<field>`. When every `filter_*`
 *   identifier is a top-level negated conjunct, they are written `not 1 of filter_*`.
 */
import type { SNode } from './translate.js';
import type { SigmaScalar } from './values.js';

type MapBody = Record<string, SigmaScalar | SigmaScalar[]>;
type Body = MapBody | MapBody[] | string[] | { '|all': string[] };

export type Cond =
  | { readonly k: 'id'; readonly name: string }
  | { readonly k: 'of'; readonly text: string }
  | { readonly k: 'and' | 'or'; readonly items: readonly Cond[] }
  | { readonly k: 'not'; readonly item: Cond };

export interface Detection {
  /** Search identifiers in creation order, then `condition`. */
  readonly section: Record<string, unknown>;
  readonly condition: string;
}

type Entry = Extract<SNode, { k: 'entry' }>;
type Keyword = Extract<SNode, { k: 'keyword' }>;

/** `ServiceName` → `service_name`, `Processes.process_name` → `processes_process_name`. */
export function snake(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s || 'field';
}

const sameKeyOr = (n: SNode): n is { k: 'or'; items: readonly Entry[] } =>
  n.k === 'or' && n.items.length > 1 && n.items.every((x) => x.k === 'entry' && x.key === (n.items[0] as Entry).key);

/** An AND of field tests with distinct keys (or one field test): one map. */
function asMap(n: SNode): MapBody | undefined {
  if (n.k === 'entry') return { [n.key]: n.value };
  if (n.k !== 'and') return undefined;
  const m: MapBody = {};
  for (const x of n.items) {
    if (x.k === 'entry' && !(x.key in m)) m[x.key] = x.value;
    else if (sameKeyOr(x) && !(x.items[0]!.key in m)) m[x.items[0]!.key] = x.items.map((e) => e.value);
    else return undefined;
  }
  return m;
}

function firstField(n: SNode): string | undefined {
  switch (n.k) {
    case 'entry':
      return n.field;
    case 'and':
    case 'or':
      for (const x of n.items) {
        const f = firstField(x);
        if (f) return f;
      }
      return undefined;
    default:
      return undefined;
  }
}

class Builder {
  readonly idents = new Map<string, Body>();

  add(base: string, body: Body): Cond {
    let name = base;
    for (let i = 2; this.idents.has(name); i++) name = `${base}_${i}`;
    this.idents.set(name, body);
    return { k: 'id', name };
  }

  /** Name of an identifier over `field` (`selection_x` / `filter_x`), or plain `selection` for the main one. */
  name(neg: boolean, field: string | undefined, main: boolean): string {
    if (main && !neg) return 'selection';
    return `${neg ? 'filter' : 'selection'}_${field ? snake(field) : 'any'}`;
  }

  compile(n: SNode, neg: boolean, root: boolean): Cond {
    switch (n.k) {
      case 'entry':
        return this.add(this.name(neg, n.field, root), { [n.key]: n.value });
      case 'keyword':
        return this.add(neg ? 'filter_keywords' : 'keywords', [n.value]);
      case 'not':
        return { k: 'not', item: this.compile(n.item, !neg, false) };
      case 'and':
        return this.compileAnd(n.items, neg, root);
      case 'or':
        return this.compileOr(n.items, neg);
      case 'true':
      case 'false':
        throw new Error(`constant in a simplified tree: ${n.k}`);
    }
  }

  private compileAnd(input: readonly SNode[], neg: boolean, root: boolean): Cond {
    // NOT a AND NOT b on one key = NOT (a OR b): one filter with a list value.
    const negatedByKey = new Map<string, Entry[]>();
    for (const x of input) if (x.k === 'not' && x.item.k === 'entry') negatedByKey.set(x.item.key, [...(negatedByKey.get(x.item.key) ?? []), x.item]);
    const items: SNode[] = [];
    for (const x of input) {
      if (x.k === 'not' && x.item.k === 'entry') {
        const group = negatedByKey.get(x.item.key)!;
        if (group.length === 1) items.push(x);
        else if (group[0] === x.item) items.push({ k: 'not', item: { k: 'or', items: group } });
      } else items.push(x);
    }
    // Field tests (and single-key ORs) fill maps; a repeated key starts the next map.
    const maps: { body: MapBody; field: string }[] = [];
    const keywords: Keyword[] = [];
    const rest: SNode[] = [];
    const put = (key: string, field: string, value: SigmaScalar | SigmaScalar[]) => {
      let m = maps.find((x) => !(key in x.body));
      if (!m) maps.push((m = { body: {}, field }));
      m.body[key] = value;
    };
    for (const x of items) {
      if (x.k === 'entry') put(x.key, x.field, x.value);
      else if (sameKeyOr(x)) put(x.items[0]!.key, x.items[0]!.field, x.items.map((e) => e.value));
      else if (x.k === 'keyword') keywords.push(x);
      else rest.push(x);
    }
    const conds: Cond[] = maps.map((m, i) => this.add(this.name(neg, m.field, root && i === 0), m.body));
    if (keywords.length === 1) conds.push(this.add(neg ? 'filter_keywords' : 'keywords', [keywords[0]!.value]));
    else if (keywords.length > 1) conds.push(this.add(neg ? 'filter_keywords' : 'keywords', { '|all': keywords.map((k) => k.value) }));
    // Positive parts first, then the negations (AND commutes; reads as "selection and not filter").
    for (const x of rest) if (x.k !== 'not') conds.push(this.compile(x, neg, false));
    for (const x of rest) if (x.k === 'not') conds.push(this.compile(x, neg, false));
    return conds.length === 1 ? conds[0]! : { k: 'and', items: conds };
  }

  private compileOr(items: readonly SNode[], neg: boolean): Cond {
    // Field tests and AND-maps become one list of maps (same-key single tests share a list value).
    const elems: MapBody[] = [];
    const single = new Map<string, MapBody>();
    let field: string | undefined;
    const keywords: string[] = [];
    const rest: SNode[] = [];
    for (const x of items) {
      if (x.k === 'entry') {
        field ??= x.field;
        const prev = single.get(x.key);
        if (prev) {
          const v = prev[x.key]!;
          prev[x.key] = Array.isArray(v) ? [...v, x.value] : [v, x.value];
        } else {
          const m: MapBody = { [x.key]: x.value };
          single.set(x.key, m);
          elems.push(m);
        }
        continue;
      }
      if (x.k === 'keyword') {
        keywords.push(x.value);
        continue;
      }
      const m = asMap(x);
      if (m) {
        field ??= firstField(x);
        elems.push(m);
      } else rest.push(x);
    }
    const conds: Cond[] = [];
    if (elems.length > 0) conds.push(this.add(this.name(neg, field, false), elems.length === 1 ? elems[0]! : elems));
    if (keywords.length > 0) conds.push(this.add(neg ? 'filter_keywords' : 'keywords', keywords));
    for (const x of rest) conds.push(this.compile(x, neg, false));
    return conds.length === 1 ? conds[0]! : { k: 'or', items: conds };
  }
}

const PREC = { or: 1, and: 2, not: 3, atom: 4 } as const;

/** Print a condition with the fewest parentheses (precedence: or < and < not < `x of` < parentheses). */
export function printCondition(c: Cond, parent = 0): string {
  switch (c.k) {
    case 'id':
      return c.name;
    case 'of':
      return c.text;
    case 'not':
      return `not ${printCondition(c.item, PREC.not)}`;
    case 'and':
    case 'or': {
      const p = PREC[c.k];
      const s = c.items.map((x) => printCondition(x, p)).join(` ${c.k} `);
      return parent > p ? `(${s})` : s;
    }
  }
}

/** `not filter_a and not filter_b` at the top level → `not 1 of filter_*`, when no other identifier is a filter_. */
function groupFilters(root: Cond, idents: ReadonlyMap<string, Body>): Cond {
  if (root.k !== 'and') return root;
  const negated = root.items.filter((x): x is { k: 'not'; item: { k: 'id'; name: string } } => x.k === 'not' && x.item.k === 'id' && x.item.name.startsWith('filter_'));
  const all = [...idents.keys()].filter((n) => n.startsWith('filter_'));
  if (negated.length < 2 || negated.length !== all.length) return root;
  const items = root.items.filter((x) => !negated.includes(x as (typeof negated)[number]));
  return { k: 'and', items: [...items, { k: 'not', item: { k: 'of', text: '1 of filter_*' } }] };
}

/**
 * Build the detection section of a simplified tree. `true` (nothing left to test) and `false` (never matches) use
 * a `match_all: ['*']` keyword; the caller notes them.
 */
export function buildDetection(n: SNode): Detection {
  const b = new Builder();
  let cond: Cond;
  if (n.k === 'true' || n.k === 'false') {
    const all = b.add('match_all', ['*']);
    cond = n.k === 'true' ? all : { k: 'not', item: all };
  } else cond = groupFilters(b.compile(n, false, true), b.idents);
  const condition = printCondition(cond);
  const section: Record<string, unknown> = {};
  for (const [k, v] of b.idents) section[k] = v;
  section['condition'] = condition;
  return { section, condition };
}
