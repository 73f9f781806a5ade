import type { BinaryOp, Expr as AstExpr } from '../../spl/ast.js';
import { fromLikePattern, literal } from '../../values/pattern.js';
import type { CompareOp, Expr, ExprBinaryOp, Predicate } from '../types.js';
import type { LowerContext } from './context.js';
import { negateWhere } from './predicates.js';

const BIN: Record<BinaryOp, ExprBinaryOp> = {
  OR: 'or', XOR: 'xor', AND: 'and',
  '=': 'eq', '==': 'eq', '!=': 'neq', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', LIKE: 'like',
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '.': 'concat',
};

/** AST eval expression → IR expression (function names lower-cased; `null()`/`true()`/`false()` become literals). */
export function lowerExpr(e: AstExpr, ctx: LowerContext): Expr {
  const origin = ctx.origin(e.span);
  switch (e.kind) {
    case 'field':
      return { kind: 'field', name: e.name, origin };
    case 'string':
      return { kind: 'string', value: e.value, origin };
    case 'number':
      return { kind: 'number', value: e.value, origin };
    case 'bool':
      return { kind: 'bool', value: e.value, origin };
    case 'call': {
      const fn = e.fn.toLowerCase();
      if (e.args.length === 0 && fn === 'null') return { kind: 'null', origin };
      if (e.args.length === 0 && (fn === 'true' || fn === 'false')) return { kind: 'bool', value: fn === 'true', origin };
      return { kind: 'call', fn, args: e.args.map((a) => lowerExpr(a, ctx)), origin };
    }
    case 'binary':
      return { kind: 'binary', op: BIN[e.op], left: lowerExpr(e.left, ctx), right: lowerExpr(e.right, ctx), origin };
    case 'unary':
      if (e.op === '+') return lowerExpr(e.operand, ctx);
      return { kind: 'unary', op: e.op === 'NOT' ? 'not' : 'neg', operand: lowerExpr(e.operand, ctx), origin };
    case 'in':
      return { kind: 'in', operand: lowerExpr(e.operand, ctx), values: e.values.map((v) => lowerExpr(v, ctx)), origin };
  }
}

const CMP: Partial<Record<ExprBinaryOp, CompareOp>> = { eq: 'eq', neq: 'neq', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' };
const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', neq: 'neq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

/**
 * A `where` expression as a predicate. Known shapes become plain leaves (so targets and `explain` see them):
 * `f = "v"`, `f < 5`, `like(f, "a%")`, `match(f, re)`, `isnull(f)`, `isnotnull(f)`, `cidrmatch(c, f)`, `f IN (…)`;
 * anything else stays an `expr` leaf. `where` compares strings case-sensitively and treats null as false
 * (three-valued logic: `NOT` of a comparison on a missing field is still false — see `negateWhere`).
 */
export function whereToPredicate(e: Expr, ctx: LowerContext): Predicate {
  const origin = e.origin;
  switch (e.kind) {
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') {
        const items = [whereToPredicate(e.left, ctx), whereToPredicate(e.right, ctx)].flatMap((p) => (p.kind === e.op ? p.items : [p]));
        return { kind: e.op, items, origin };
      }
      const op = CMP[e.op];
      if (op) {
        const leaf = compareLeaf(e.left, e.right, op) ?? flipLeaf(e.left, e.right, op);
        if (leaf) return { ...leaf, origin };
      }
      if (e.op === 'like' && e.left.kind === 'field' && e.right.kind === 'string')
        return likeLeaf(e.left.name, e.right.value, origin);
      return { kind: 'expr', expr: e, origin };
    }
    case 'unary':
      if (e.op === 'not') return negateWhere(whereToPredicate(e.operand, ctx));
      return { kind: 'expr', expr: e, origin };
    case 'call': {
      const [a, b] = e.args;
      if ((e.fn === 'like') && e.args.length === 2 && a?.kind === 'field' && b?.kind === 'string') return likeLeaf(a.name, b.value, origin);
      if (e.fn === 'match' && e.args.length === 2 && a?.kind === 'field' && b?.kind === 'string')
        return { kind: 'regex', field: a.name, pattern: b.value, caseSensitive: true, origin };
      if (e.fn === 'isnotnull' && e.args.length === 1 && a?.kind === 'field') return { kind: 'exists', field: a.name, origin };
      if ((e.fn === 'isnull') && e.args.length === 1 && a?.kind === 'field')
        return { kind: 'not', item: { kind: 'exists', field: a.name, origin }, origin };
      if (e.fn === 'cidrmatch' && e.args.length === 2 && a?.kind === 'string' && b?.kind === 'field')
        return { kind: 'cidr', field: b.name, cidr: a.value, origin };
      return { kind: 'expr', expr: e, origin };
    }
    case 'in': {
      const op = e.operand;
      if (op.kind === 'field' && e.values.every((v) => v.kind === 'string' || v.kind === 'number'))
        return {
          kind: 'in',
          field: op.name,
          values: e.values.map((v) => literal(v.kind === 'string' ? v.value : v.kind === 'number' ? String(v.value) : '')),
          caseSensitive: true,
          origin,
        };
      return { kind: 'expr', expr: e, origin };
    }
    case 'bool':
      return { kind: e.value ? 'true' : 'false', origin };
    default:
      return { kind: 'expr', expr: e, origin };
  }
}

function compareLeaf(l: Expr, r: Expr, op: CompareOp): Predicate | undefined {
  if (l.kind !== 'field') return undefined;
  if (r.kind === 'string')
    return { kind: 'compare', field: l.name, op, value: literal(r.value), caseSensitive: true, numeric: false, origin: l.origin };
  if (r.kind === 'number')
    return { kind: 'compare', field: l.name, op, value: literal(String(r.value)), caseSensitive: true, numeric: true, origin: l.origin };
  return undefined;
}

function flipLeaf(l: Expr, r: Expr, op: CompareOp): Predicate | undefined {
  return compareLeaf(r, l, FLIP[op]);
}

function likeLeaf(field: string, pattern: string, origin: Predicate['origin']): Predicate {
  return { kind: 'compare', field, op: 'eq', value: fromLikePattern(pattern), caseSensitive: true, numeric: false, origin };
}
