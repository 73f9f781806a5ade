import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { parseExpr } from '../expr.js';
import { macroTolerant } from './table.js';

/**
 * `where <eval-expression>`: keeps the events for which the expression is true. String comparison is
 * case-sensitive; string literals are double-quoted, odd field names single-quoted [S12].
 */
export const where: CommandSpec = {
  names: ['where'],
  parse: macroTolerant((c, head) => {
    if (c.peek('expr').kind === 'eof') c.fail('SPL012', 'where needs an expression', head.span);
    const expr = parseExpr(c);
    endOfExpr(c, 'where expression');
    return { command: 'where', name: head.name, nameSpan: head.nameSpan, span: head.span, expr };
  }),
};

/** After a complete expression: only the end of the stage may follow. */
export function endOfExpr(c: StageCursor, what: string): void {
  const t = c.peek('expr');
  if (t.kind === 'eof') return;
  if (t.kind === 'rparen') c.fail('SPL003', "unbalanced parentheses: ')' has no matching '('", t.span);
  c.fail('SPL010', `unexpected '${t.text}' after the ${what} (a missing operator?)`, t.span);
}
