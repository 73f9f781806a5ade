import type { Expr, Option } from '../ast.js';
import type { Span } from '../../diagnostics/span.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { atExprStart, parseExpr } from '../expr.js';
import { takeOption } from './stats.js';
import { macroTolerant } from './table.js';

const HEAD_OPTIONS = ['limit', 'null', 'keeplast'];

/**
 * `head [<N> | (<eval-expression>)] [limit=<int>] [null=<bool>] [keeplast=<bool>]`: the first N results (default
 * 10), or the results up to the first one for which the expression is not true. `limit=N` is the same as `N`: it
 * sets `count` and is also kept in `options`.
 */
export const head: CommandSpec = {
  names: ['head'],
  parse: macroTolerant((c, h) => {
    const options: Option[] = [];
    let count: number | undefined;
    let expr: Expr | undefined;
    let positional = false;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = takeOption(c, HEAD_OPTIONS, 'head');
        options.push(o);
        if (o.key.toLowerCase() === 'limit') count = integer(c, o.value.value, o.value.span);
        continue;
      }
      if (t.kind === 'word' && /^\d+$/.test(t.value) && !positional && expr === undefined) {
        c.next();
        count = integer(c, t.value, t.span);
        positional = true;
        continue;
      }
      if (expr === undefined && !positional && atExprStart(c)) {
        expr = parseExpr(c);
        continue;
      }
      if (t.kind === 'rparen') c.fail('SPL003', "unbalanced parentheses: ')' has no matching '('", t.span);
      throw c.unexpected(t, 'a count, an option or an (eval expression)');
    }
    return {
      command: 'head',
      name: h.name,
      nameSpan: h.nameSpan,
      span: h.span,
      ...(count !== undefined ? { count } : {}),
      ...(expr ? { expr } : {}),
      options,
    };
  }),
};

function integer(c: StageCursor, text: string, span: Span): number {
  if (!/^\d+$/.test(text)) c.fail('SPL009', `expected a whole number, found '${text}'`, span);
  return Number(text);
}
