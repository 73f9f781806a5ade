import type { CompareOp, Expr, Predicate } from '../types.js';

const NEG: Record<CompareOp, CompareOp> = { eq: 'neq', neq: 'eq', lt: 'ge', le: 'gt', gt: 'le', ge: 'lt' };

/**
 * `NOT p` under eval/where three-valued logic, where a comparison on a missing field is null (filters the event
 * out) whether negated or not. De Morgan holds in Kleene logic, so negation is pushed to the leaves:
 * a comparison flips its operator (both sides need the field), other field leaves become `exists(f) AND NOT leaf`.
 */
export function negateWhere(p: Predicate): Predicate {
  const origin = p.origin;
  switch (p.kind) {
    case 'and':
      return { kind: 'or', items: p.items.map(negateWhere), origin };
    case 'or':
      return { kind: 'and', items: p.items.map(negateWhere), origin };
    case 'true':
      return { kind: 'false', origin };
    case 'false':
      return { kind: 'true', origin };
    case 'compare':
      return p.op === 'eq' && p.value.parts.some((x) => x.kind !== 'lit')
        ? { kind: 'and', items: [{ kind: 'exists', field: p.field, origin }, { kind: 'not', item: p, origin }], origin }
        : { ...p, op: NEG[p.op] };
    case 'in':
    case 'regex':
    case 'cidr':
      return { kind: 'and', items: [{ kind: 'exists', field: p.field, origin }, { kind: 'not', item: p, origin }], origin };
    case 'exists':
      return { kind: 'not', item: p, origin };
    case 'not':
      // Only produced for `isnull(f)` (= not exists), which is never null itself.
      return p.item;
    case 'expr':
      return { kind: 'expr', expr: { kind: 'unary', op: 'not', operand: p.expr, origin }, origin };
    case 'raw':
    case 'macro':
    case 'subsearch':
      return { kind: 'not', item: p, origin };
  }
}

/** The fields a predicate reads (`_raw` for raw-text leaves). `undefined` = cannot tell (subsearch). */
export function predicateFields(p: Predicate): Set<string> | undefined {
  const out = new Set<string>();
  const walk = (q: Predicate): boolean => {
    switch (q.kind) {
      case 'and':
      case 'or':
        return q.items.every(walk);
      case 'not':
        return walk(q.item);
      case 'true':
      case 'false':
        return true;
      case 'compare':
      case 'in':
      case 'regex':
      case 'exists':
      case 'cidr':
        out.add(q.field);
        return true;
      case 'raw':
        out.add('_raw');
        return true;
      case 'expr':
        exprFields(q.expr, out);
        return true;
      case 'macro':
      case 'subsearch':
        return false;
    }
  };
  return walk(p) ? out : undefined;
}

export function exprFields(e: Expr, out: Set<string>): Set<string> {
  switch (e.kind) {
    case 'field':
      out.add(e.name);
      break;
    case 'call':
      e.args.forEach((a) => exprFields(a, out));
      break;
    case 'binary':
      exprFields(e.left, out);
      exprFields(e.right, out);
      break;
    case 'unary':
      exprFields(e.operand, out);
      break;
    case 'in':
      exprFields(e.operand, out);
      e.values.forEach((v) => exprFields(v, out));
      break;
    case 'string':
    case 'number':
    case 'bool':
    case 'null':
      break;
  }
  return out;
}

/** Rename every field in a predicate through `f`. */
export function renameFields(p: Predicate, f: (name: string) => string): Predicate {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { ...p, items: p.items.map((x) => renameFields(x, f)) };
    case 'not':
      return { ...p, item: renameFields(p.item, f) };
    case 'compare':
    case 'in':
    case 'regex':
    case 'exists':
    case 'cidr':
      return { ...p, field: f(p.field) };
    case 'expr':
      return { ...p, expr: renameExpr(p.expr, f) };
    case 'true':
    case 'false':
    case 'raw':
    case 'macro':
    case 'subsearch':
      return p;
  }
}

function renameExpr(e: Expr, f: (name: string) => string): Expr {
  switch (e.kind) {
    case 'field':
      return { ...e, name: f(e.name) };
    case 'call':
      return { ...e, args: e.args.map((a) => renameExpr(a, f)) };
    case 'binary':
      return { ...e, left: renameExpr(e.left, f), right: renameExpr(e.right, f) };
    case 'unary':
      return { ...e, operand: renameExpr(e.operand, f) };
    case 'in':
      return { ...e, operand: renameExpr(e.operand, f), values: e.values.map((v) => renameExpr(v, f)) };
    default:
      return e;
  }
}

/** AND two predicates, flattening nested ANDs and dropping `true`. */
export function conjoin(a: Predicate, b: Predicate): Predicate {
  const items = [a, b].flatMap((p) => (p.kind === 'and' ? p.items : p.kind === 'true' ? [] : [p]));
  if (items.length === 0) return a;
  if (items.length === 1) return items[0]!;
  return { kind: 'and', items, origin: a.kind === 'true' ? b.origin : a.origin };
}

/** Top-level conjuncts of a predicate. */
export function conjuncts(p: Predicate): readonly Predicate[] {
  return p.kind === 'and' ? p.items : p.kind === 'true' ? [] : [p];
}

/** Whether a field-name pattern (with `*`) matches a name. */
export function fieldMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp('^' + pattern.split('*').map(escapeRe).join('.*') + '$', 's');
  return re.test(name);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
