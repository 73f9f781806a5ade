import type { SearchNode, SearchValue } from '../../spl/ast.js';
import { fromSearchValue, isMatchAll, literal } from '../../values/pattern.js';
import type { CompareOp, Predicate } from '../types.js';
import type { LowerContext } from './context.js';

const OPS: Record<string, CompareOp> = { '=': 'eq', '!=': 'neq', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/**
 * Lower a search-language expression. Search semantics (docs/semantics.md): case-insensitive values unless
 * `CASE()`, `*` wildcards, `f=*` = field exists, `f!=*` = never, `f!=v` needs f to exist, bare terms against `_raw`.
 */
export function lowerSearch(n: SearchNode, ctx: LowerContext): Predicate {
  const origin = ctx.origin(n.span);
  switch (n.kind) {
    case 'and':
      return { kind: 'and', items: n.items.map((x) => lowerSearch(x, ctx)), origin };
    case 'or':
      return { kind: 'or', items: n.items.map((x) => lowerSearch(x, ctx)), origin };
    case 'not':
      return { kind: 'not', item: lowerSearch(n.item, ctx), origin };
    case 'term':
      return lowerTerm(n.value, ctx);
    case 'compare': {
      const op = OPS[n.op]!;
      const value = valuePattern(n.value, ctx);
      if (op === 'eq' && isMatchAll(value)) return { kind: 'exists', field: n.field.name, origin };
      if (op === 'neq' && isMatchAll(value)) {
        ctx.report('LOW001', 'info', `'${n.field.name}!=*' never matches an event (Splunk: != needs a value)`, n.span);
        return { kind: 'false', origin };
      }
      // Splunk matches `f=10.0.0.0/8` as a CIDR range (for IP values).
      if ((op === 'eq' || op === 'neq') && isCidr(n.value.text)) {
        const leaf: Predicate = { kind: 'cidr', field: n.field.name, cidr: n.value.text, origin };
        return op === 'eq' ? leaf : { kind: 'and', items: [{ kind: 'exists', field: n.field.name, origin }, { kind: 'not', item: leaf, origin }], origin };
      }
      const ordering = op !== 'eq' && op !== 'neq';
      return {
        kind: 'compare',
        field: n.field.name,
        op,
        value: ordering ? literal(n.value.text) : value,
        caseSensitive: n.value.directive === 'CASE',
        numeric: isNumeric(n.value.text),
        origin,
      };
    }
    case 'in':
      return {
        kind: 'in',
        field: n.field.name,
        values: n.values.map((v) => valuePattern(v, ctx)),
        caseSensitive: n.values.some((v) => v.directive === 'CASE'),
        origin,
      };
    case 'macro':
      return { kind: 'macro', name: n.name, args: n.args, origin };
    case 'subsearch':
      return { kind: 'subsearch', query: ctx.lowerSub(n.pipeline), origin };
  }
}

function lowerTerm(v: SearchValue, ctx: LowerContext): Predicate {
  const origin = ctx.origin(v.span);
  if (v.directive === 'TERM') {
    const m = /^([A-Za-z_][\w.]*)=([^=*]+)$/.exec(v.text);
    return {
      kind: 'raw',
      mode: 'indexed',
      value: literal(v.text),
      text: v.text,
      caseSensitive: false,
      ...(m ? { lift: { field: m[1]!, value: m[2]! } } : {}),
      origin,
    };
  }
  const value = valuePattern(v, ctx);
  if (!v.quoted && isMatchAll(value)) return { kind: 'true', origin };
  return {
    kind: 'raw',
    mode: v.quoted ? 'phrase' : 'term',
    value,
    text: v.text,
    caseSensitive: v.directive === 'CASE',
    origin,
  };
}

function valuePattern(v: SearchValue, ctx: LowerContext): ReturnType<typeof fromSearchValue> {
  // `\*` cannot escape a wildcard in Splunk (the parser already warned): it is a wildcard after a literal `\`.
  void ctx;
  return fromSearchValue(v.text.replace(/\\\*/g, '\\*'));
}

export function isNumeric(s: string): boolean {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s.trim());
}

/** An IPv4 or IPv6 CIDR range such as `10.0.0.0/8` or `fe80::/10`. */
export function isCidr(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  const ip = m[1]!;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return bits <= 32 && ip.split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(':') && bits <= 128;
}
