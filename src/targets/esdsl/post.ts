/**
 * The plan's client-side stages (`output.rows.post`) run by the JS matcher's runtime (`src/targets/js/runtime/`,
 * the reference implementation of docs/semantics.md): each row operation becomes the runtime's stage function, a
 * predicate the runtime's leaf tests, an expression its eval operators and functions. Nothing here decides how a
 * stage behaves; it only maps plan data onto the runtime, the way the js generator maps the IR onto it in code.
 */
import { BINARY, patternSpec } from '../js/generate.js';
import { parseCidr } from '../js/runtime/cidr.js';
import * as evalfn from '../js/runtime/evalfn.js';
import type { EV, EvalContext } from '../js/runtime/evalfn.js';
import { leafCidr, leafEq, leafExists, leafIn, leafNeq, leafOrder, leafRegex, order, pattern, searchRegex } from '../js/runtime/match.js';
import {
  stageBin, stageConvert, stageDedup, stageEval, stageFields, stageFillnull, stageFilter, stageFromjson, stageHead, stageMakemv,
  stageRename, stageReplace, stageSort, stageStats, type RowTest, type RunContext, type SortKeySpec, type StageFn,
} from '../js/runtime/stages.js';
import type { Row } from '../js/runtime/value.js';
import { patternToString } from '../../values/pattern.js';
import type { SortKey } from '../../ir/types.js';
import type { RowExpr, RowOp, RowPredicate } from './types.js';

/** Run the plan's row operations, in order, on runtime rows; `now` (epoch seconds) is what `now()` gives. */
export function runPost(ops: readonly RowOp[], rows: Row[], now: number): Row[] {
  const c: RunContext = { now, events: [], subsearches: new Map() };
  let out = rows;
  for (const op of ops) out = stageOf(op)(out, c);
  return out;
}

function stageOf(op: RowOp): StageFn {
  switch (op.op) {
    case 'filter':
      return stageFilter(rowTest(op.where));
    case 'sort':
      return stageSort(sortKeys(op.keys), op.limit);
    case 'head':
      return stageHead(op.count);
    case 'dedup':
      return stageDedup({
        fields: op.fields,
        count: op.count,
        keepempty: op.keepempty,
        consecutive: op.consecutive ?? false,
        keepevents: op.keepevents ?? false,
        sortBy: sortKeys(op.sortBy),
      });
    case 'fields':
      return stageFields(op.mode, op.fields);
    case 'rename':
      return stageRename(op.pairs.map((p) => [p.from, p.to] as const));
    case 'eval':
      return stageEval(op.assignments.map((a) => [a.field, rowEval(a.expr)] as const));
    case 'convert':
      return stageConvert(op.timeformat, op.conversions.map((c) => [c.fn, c.field, c.as] as const));
    case 'fillnull':
      return stageFillnull(op.value, op.fields);
    case 'bin':
      return stageBin({ field: op.field, as: op.as, seconds: op.seconds });
    case 'stats':
      return stageStats({ variant: op.variant, aggs: op.aggs, by: op.by });
    case 'makemv':
      return stageMakemv(op.field, op.delim, op.tokenizer ? new RegExp(op.tokenizer.source, `${op.tokenizer.flags}g`) : undefined, op.allowEmpty);
    case 'replace':
      return stageReplace(op.pairs.map((p) => [p.from, p.to] as const), op.fields);
    case 'fromjson':
      return stageFromjson(op.field, op.prefix);
  }
}

function sortKeys(keys: readonly SortKey[]): SortKeySpec[] {
  return keys.map((k) => [k.field, k.descending, k.mode ?? 'auto']);
}

function rowTest(p: RowPredicate): RowTest {
  switch (p.kind) {
    case 'and': {
      const items = p.items.map(rowTest);
      return (r, c) => items.every((t) => t(r, c));
    }
    case 'or': {
      const items = p.items.map(rowTest);
      return (r, c) => items.some((t) => t(r, c));
    }
    case 'not': {
      const item = rowTest(p.item);
      return (r, c) => !item(r, c);
    }
    case 'const': {
      const v = p.value;
      return () => v;
    }
    case 'compare': {
      const { field } = p;
      if (p.op === 'eq' || p.op === 'neq') {
        const m = pattern(patternSpec(p.value), p.caseSensitive);
        return p.op === 'eq' ? (r) => leafEq(r, field, m) : (r) => leafNeq(r, field, m);
      }
      const t = order(p.op, patternToString(p.value), p.numeric, p.caseSensitive);
      return (r) => leafOrder(r, field, t);
    }
    case 'in': {
      const { field } = p;
      const ms = p.values.map((v) => pattern(patternSpec(v), p.caseSensitive));
      return (r) => leafIn(r, field, ms);
    }
    case 'regex': {
      const { field } = p;
      const re = searchRegex(p.source, p.flags);
      return (r) => leafRegex(r, field, re);
    }
    case 'exists': {
      const { field } = p;
      return (r) => leafExists(r, field);
    }
    case 'cidr': {
      const { field } = p;
      const cidr = parseCidr(p.cidr);
      return (r) => leafCidr(r, field, cidr);
    }
    case 'expr': {
      const e = rowEval(p.expr);
      return (r, c) => evalfn.evTruth(e(r, c));
    }
  }
}

type Eval = (r: Row, c: EvalContext) => EV;
type RuntimeFn = (...args: EV[]) => EV;

/** A runtime eval function by its name in `evalfn.ts` (`evAdd`, `fn_lower`, …). */
function runtimeFn(name: string): RuntimeFn {
  const f = (evalfn as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`esdsl rows: the JS runtime has no eval function ${name}`);
  return f as RuntimeFn;
}

function rowEval(e: RowExpr): Eval {
  switch (e.kind) {
    case 'field': {
      const { name } = e;
      return (r) => evalfn.ef(r, name);
    }
    case 'string':
    case 'bool': {
      const { value } = e;
      return () => value;
    }
    case 'number': {
      const value = Number.isFinite(e.value) ? e.value : null;
      return () => value;
    }
    case 'null':
      return () => null;
    case 'binary': {
      const f = e.op === 'like' ? evalfn.evLike : runtimeFn(BINARY[e.op]);
      const [l, r] = [rowEval(e.left), rowEval(e.right)];
      return (row, c) => f(l(row, c), r(row, c));
    }
    case 'unary': {
      const f = e.op === 'not' ? evalfn.evNot : evalfn.evNeg;
      const x = rowEval(e.operand);
      return (r, c) => f(x(r, c));
    }
    case 'in': {
      const x = rowEval(e.operand);
      const vs = e.values.map(rowEval);
      return (r, c) => evalfn.evIn(x(r, c), vs.map((v) => v(r, c)));
    }
    case 'call':
      return call(e.fn, e.args.map(rowEval));
  }
}

/** A call: the forms the js generator writes as code (`now`, `if`, `case`, `validate`), else the runtime's `fn_<name>`. */
function call(fn: string, args: readonly Eval[]): Eval {
  switch (fn) {
    case 'now':
    case 'time':
      return (_r, c) => c.now;
    case 'if': {
      const [test, then, otherwise] = args as [Eval, Eval, Eval];
      return (r, c) => (evalfn.evTruth(test(r, c)) ? then(r, c) : otherwise(r, c));
    }
    case 'case':
    case 'validate': {
      // case: the value of the first true condition; validate: the value of the first false one; else null.
      const wanted = fn === 'case';
      return (r, c) => {
        for (let i = 0; i + 1 < args.length; i += 2) if (evalfn.evTruth(args[i]!(r, c)) === wanted) return args[i + 1]!(r, c);
        return null;
      };
    }
    default: {
      const f = runtimeFn(`fn_${fn}`);
      return (r, c) => f(...args.map((a) => a(r, c)));
    }
  }
}
