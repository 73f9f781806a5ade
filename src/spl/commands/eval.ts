import { cover } from '../../diagnostics/span.js';
import type { EvalAssignment, FieldRef } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { parseExpr } from '../expr.js';
import { endOfExpr } from './where.js';
import { macroTolerant } from './table.js';

/**
 * `eval <field>=<expr> [, <field>=<expr>]…`: assignments are applied left to right, each seeing the fields set by
 * the ones before it. The field may be a name (dotted names allowed), a 'single-quoted' or a "double-quoted" name;
 * `{other}` (a name taken from the value of `other`) is kept as written in `field.name`.
 */
export const evalCommand: CommandSpec = {
  names: ['eval'],
  parse: macroTolerant((c, head) => {
    if (c.peek('expr').kind === 'eof') c.fail('SPL012', 'eval needs at least one assignment <field>=<expression>', head.span);
    const assignments: EvalAssignment[] = [];
    for (;;) {
      const field = target(c);
      const eq = c.next('expr');
      if (eq.kind !== 'op' || eq.value !== '=')
        c.fail('SPL010', `expected '=' after the eval field '${field.name}', found ${eq.kind === 'eof' ? 'end of stage' : `'${eq.text}'`}`, eq.kind === 'eof' ? field.span : eq.span);
      if (c.peek('expr').kind === 'eof' || c.peek('expr').kind === 'comma') c.fail('SPL010', `missing expression after '${field.name}='`, eq.span);
      const expr = parseExpr(c);
      assignments.push({ field, expr, span: cover(field.span, expr.span) });
      if (!c.accept('comma', undefined, 'expr')) break;
    }
    endOfExpr(c, 'eval expression');
    return { command: 'eval', name: head.name, nameSpan: head.nameSpan, span: head.span, assignments };
  }),
};

/**
 * The assigned field: a 'single-quoted' or "double-quoted" name, or the word before `=` read as in a search (so
 * names the expression language would split, such as `feature_-value` or `{key}`, are taken whole, as Splunk does).
 */
function target(c: StageCursor): FieldRef {
  const q = c.peek('expr');
  if (q.kind === 'string' || q.kind === 'field') {
    c.next('expr');
    if (q.kind === 'field' && q.flag === false) c.fail('SPL002', 'unterminated quoted field name', q.span);
    return { name: q.value, span: q.span };
  }
  const t = c.peek();
  if (t.kind === 'word') {
    c.next();
    return { name: t.value, span: t.span };
  }
  return c.fail('SPL008', `expected a field name to assign, found ${t.kind === 'eof' ? 'end of stage' : `'${t.text}'`}`, t.span);
}
