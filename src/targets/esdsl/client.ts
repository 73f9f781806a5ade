/**
 * IR → the client-side forms `responseToRows` evaluates on rows (filters, eval expressions), for the stages that
 * run after the Elasticsearch response: a predicate that cannot be evaluated client-side is approximated the
 * same way as in queries (superset mode at the top, subset under NOT) and noted.
 */
import { printExpr } from '../../ir/print-expr.js';
import { printPredicate } from '../../ir/print-predicate.js';
import type { Expr, Predicate } from '../../ir/types.js';
import type { EsContext } from './context.js';
import { toJs } from './regex.js';
import type { RowExpr, RowPredicate } from './types.js';

/** Functions `responseToRows` can evaluate in `eval`. */
export const ROW_FUNCTIONS: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  lower: { min: 1, max: 1 },
  upper: { min: 1, max: 1 },
  len: { min: 1, max: 1 },
  coalesce: { min: 1, max: 99 },
  tostring: { min: 1, max: 1 },
  tonumber: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  abs: { min: 1, max: 1 },
  mvcount: { min: 1, max: 1 },
  mvjoin: { min: 2, max: 2 },
  strftime: { min: 2, max: 2 },
};

const T: RowPredicate = { kind: 'const', value: true };
const F: RowPredicate = { kind: 'const', value: false };

export function rowPredicate(p: Predicate, ctx: EsContext, superset = true): RowPredicate {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { kind: p.kind, items: p.items.map((x) => rowPredicate(x, ctx, superset)) };
    case 'not':
      return { kind: 'not', item: rowPredicate(p.item, ctx, !superset) };
    case 'true':
      return T;
    case 'false':
      return F;
    case 'compare':
      return { kind: 'compare', field: p.field, op: p.op, value: p.value, caseSensitive: p.caseSensitive, numeric: p.numeric };
    case 'in':
      return { kind: 'in', field: p.field, values: p.values, caseSensitive: p.caseSensitive };
    case 'exists':
      return { kind: 'exists', field: p.field };
    case 'cidr':
      return { kind: 'cidr', field: p.field, cidr: p.cidr };
    case 'regex': {
      const r = toJs(p.pattern);
      if (!('error' in r) && r.fidelity === 'exact') {
        const flags = [...new Set((r.flags + (p.caseSensitive ? '' : 'i')).split(''))].join('');
        return { kind: 'regex', field: p.field, source: r.source, flags };
      }
      return approximate(p, ctx, superset, 'error' in r ? r.error.message : `the JavaScript translation is ${r.fidelity}`);
    }
    case 'raw':
    case 'macro':
    case 'subsearch':
    case 'expr':
      return approximate(p, ctx, superset, 'not evaluable on result rows');
  }
}

function approximate(p: Predicate, ctx: EsContext, superset: boolean, why: string): RowPredicate {
  ctx.verdict.degrade(
    'superset',
    `${printPredicate(p)} applied to the result rows: ${why}; ${superset ? 'dropped (keeps every row)' : 'under NOT: the negated test is dropped'} (superset)`,
    p.origin,
  );
  return superset ? T : F;
}

/** An eval expression `responseToRows` can evaluate, or the reason it cannot. */
export function rowExpr(e: Expr): RowExpr | { readonly why: string } {
  switch (e.kind) {
    case 'field':
      return { kind: 'field', name: e.name };
    case 'string':
      return { kind: 'string', value: e.value };
    case 'number':
      return { kind: 'number', value: e.value };
    case 'null':
      return { kind: 'null' };
    case 'binary': {
      if (!['add', 'sub', 'mul', 'div', 'mod', 'concat'].includes(e.op)) return { why: `operator in ${printExpr(e)}` };
      const l = rowExpr(e.left);
      if ('why' in l) return l;
      const r = rowExpr(e.right);
      if ('why' in r) return r;
      return { kind: 'binary', op: e.op as 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'concat', left: l, right: r };
    }
    case 'call': {
      const spec = ROW_FUNCTIONS[e.fn];
      if (!spec || e.args.length < spec.min || e.args.length > spec.max) return { why: `function ${e.fn}() in ${printExpr(e)}` };
      const args: RowExpr[] = [];
      for (const a of e.args) {
        const x = rowExpr(a);
        if ('why' in x) return x;
        args.push(x);
      }
      return { kind: 'call', fn: e.fn, args };
    }
    default:
      return { why: `${printExpr(e)}` };
  }
}
