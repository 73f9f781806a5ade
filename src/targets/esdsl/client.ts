/**
 * IR → the plan's client-side forms (predicates and eval expressions as plain data, `types.ts`), for the stages
 * `responseToRows` runs after the Elasticsearch response with the JS matcher's runtime (`post.ts`). A predicate
 * the runtime cannot evaluate on rows is approximated the same way as in queries (superset mode at the top, subset
 * under NOT) and noted; an expression it cannot evaluate from plain data gives the reason instead.
 */
import { printExpr } from '../../ir/print-expr.js';
import { printPredicate } from '../../ir/print-predicate.js';
import type { Expr, Predicate } from '../../ir/types.js';
import { translateRegex } from '../js/regex.js';
import { EVAL_ARITY } from '../js/runtime/evalfn.js';
import type { EsContext } from './context.js';
import type { RowExpr, RowPredicate } from './types.js';

/** Runtime eval functions whose regex argument the JS target compiles ahead (not callable with plain values). */
const COMPILED_ARGS = new Set(['replace', 'match', 'mvfind']);

/** The forms the js generator writes as code rather than a runtime call (`post.ts` evaluates them), with their arity. */
const SPECIAL_FORMS: Readonly<Record<string, readonly [number, number]>> = { now: [0, 0], time: [0, 0], if: [3, 3], case: [2, -1], validate: [2, -1] };

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
      // The JS matcher's translation (src/targets/js/regex.ts), exact ones only.
      const t = translateRegex(p.pattern, !p.caseSensitive);
      if (t.ok && t.exact) return { kind: 'regex', field: p.field, source: t.source, flags: t.flags };
      return approximate(p, ctx, superset, t.ok ? 'the JavaScript translation is not exact' : t.reason);
    }
    case 'expr': {
      const e = rowExpr(p.expr);
      return 'why' in e ? approximate(p, ctx, superset, `not evaluable on result rows (${e.why})`) : { kind: 'expr', expr: e };
    }
    case 'raw':
    case 'macro':
    case 'subsearch':
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

/** An eval expression the runtime can evaluate from plain data, or the reason it cannot. */
export function rowExpr(e: Expr): RowExpr | { readonly why: string } {
  const all = (xs: readonly Expr[]): RowExpr[] | { why: string } => {
    const out: RowExpr[] = [];
    for (const x of xs) {
      const r = rowExpr(x);
      if ('why' in r) return r;
      out.push(r);
    }
    return out;
  };
  switch (e.kind) {
    case 'field':
      return { kind: 'field', name: e.name };
    case 'string':
    case 'number':
    case 'bool':
      return { kind: e.kind, value: e.value } as RowExpr;
    case 'null':
      return { kind: 'null' };
    case 'binary': {
      const xs = all([e.left, e.right]);
      return 'why' in xs ? xs : { kind: 'binary', op: e.op, left: xs[0]!, right: xs[1]! };
    }
    case 'unary': {
      const x = rowExpr(e.operand);
      return 'why' in x ? x : { kind: 'unary', op: e.op, operand: x };
    }
    case 'in': {
      const xs = all([e.operand, ...e.values]);
      return 'why' in xs ? xs : { kind: 'in', operand: xs[0]!, values: xs.slice(1) };
    }
    case 'call': {
      const arity = Object.hasOwn(SPECIAL_FORMS, e.fn) ? SPECIAL_FORMS[e.fn] : Object.hasOwn(EVAL_ARITY, e.fn) ? EVAL_ARITY[e.fn] : undefined;
      if (!arity || COMPILED_ARGS.has(e.fn)) return { why: `function ${e.fn}() in ${printExpr(e)}` };
      const [min, max] = arity;
      const pairs = e.fn === 'case' || e.fn === 'validate';
      if (e.args.length < min || (max >= 0 && e.args.length > max) || (pairs && e.args.length % 2 !== 0))
        return { why: `wrong number of arguments in ${printExpr(e)}` };
      const args = all(e.args);
      return 'why' in args ? args : { kind: 'call', fn: e.fn, args };
    }
  }
}
