import type { Expr, ExprBinaryOp } from './types.js';

const OP: Record<ExprBinaryOp, string> = {
  or: 'OR', xor: 'XOR', and: 'AND', eq: '=', neq: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', like: 'LIKE',
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', concat: '.',
};

/** An IR expression in eval syntax (fully parenthesised binary operations), for notes and `explain`. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'field':
      return /^[A-Za-z_][\w.]*$/.test(e.name) ? e.name : `'${e.name.replace(/'/g, "\\'")}'`;
    case 'string':
      return JSON.stringify(e.value);
    case 'number':
      return String(e.value);
    case 'bool':
      return e.value ? 'true()' : 'false()';
    case 'null':
      return 'null()';
    case 'call':
      return `${e.fn}(${e.args.map(printExpr).join(', ')})`;
    case 'binary':
      return `(${printExpr(e.left)} ${OP[e.op]} ${printExpr(e.right)})`;
    case 'unary':
      return e.op === 'not' ? `NOT ${printExpr(e.operand)}` : `-${printExpr(e.operand)}`;
    case 'in':
      return `${printExpr(e.operand)} IN (${e.values.map(printExpr).join(', ')})`;
  }
}
