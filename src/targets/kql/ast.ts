/**
 * The KQL the target emits, as a small tree: boolean structure simplified as it is built (`true`/`false` absorbed,
 * nested `and`/`or` flattened, double negation removed), then printed with the fewest parentheses KQL's
 * precedence (OR < AND < NOT < parentheses) allows.
 */
import { fieldName } from './escape.js';

export type RangeOp = '<' | '<=' | '>' | '>=';

export type Kql =
  | { readonly k: 'all' }
  | { readonly k: 'none' }
  | { readonly k: 'and' | 'or'; readonly items: readonly Kql[] }
  | { readonly k: 'not'; readonly item: Kql }
  /** `field: value` or `field: (v1 or v2)`; values are KQL value tokens, already escaped (`*` alone = exists). */
  | { readonly k: 'is'; readonly field: string; readonly values: readonly string[] }
  | { readonly k: 'range'; readonly field: string; readonly op: RangeOp; readonly value: string };

export const ALL: Kql = { k: 'all' };
export const NONE: Kql = { k: 'none' };

export function is(field: string, ...values: string[]): Kql {
  return { k: 'is', field, values };
}

export function exists(field: string): Kql {
  return is(field, '*');
}

function junction(k: 'and' | 'or', items: readonly Kql[]): Kql {
  const absorbing = k === 'and' ? 'none' : 'all';
  const neutral = k === 'and' ? 'all' : 'none';
  const out: Kql[] = [];
  const seen = new Set<string>();
  const add = (x: Kql) => {
    const key = JSON.stringify(x);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(x);
    }
  };
  for (const item of items) {
    if (item.k === absorbing) return item;
    if (item.k === neutral) continue;
    if (item.k === k) item.items.forEach(add);
    else add(item);
  }
  if (out.length === 0) return k === 'and' ? ALL : NONE;
  return out.length === 1 ? out[0]! : { k, items: out };
}

export function and(items: readonly Kql[]): Kql {
  return junction('and', items);
}

export function or(items: readonly Kql[]): Kql {
  return junction('or', items);
}

export function not(item: Kql): Kql {
  if (item.k === 'all') return NONE;
  if (item.k === 'none') return ALL;
  if (item.k === 'not') return item.item;
  return { k: 'not', item };
}

/** The KQL text of a tree. `all` prints as `*: *` (Kibana's match-all), `none` as `not *: *`. */
export function print(q: Kql): string {
  switch (q.k) {
    case 'all':
      return '*: *';
    case 'none':
      return 'not *: *';
    case 'or':
      return q.items.map(print).join(' or ');
    case 'and':
      return q.items.map((i) => (i.k === 'or' ? `(${print(i)})` : print(i))).join(' and ');
    case 'not':
      return q.item.k === 'is' || q.item.k === 'range' ? `not ${print(q.item)}` : `not (${print(q.item)})`;
    case 'is':
      return `${fieldName(q.field)}: ${q.values.length === 1 ? q.values[0]! : `(${q.values.join(' or ')})`}`;
    case 'range':
      return `${fieldName(q.field)} ${q.op} ${q.value}`;
  }
}
