import { cover } from '../../diagnostics/span.js';
import type { Conversion, FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['timeformat']);
export const CONVERT_FUNCTIONS: ReadonlySet<string> = new Set([
  'auto', 'ctime', 'dur2sec', 'memk', 'mktime', 'mstime', 'none', 'num', 'rmcomma', 'rmunit',
]);

/**
 * `convert [timeformat="<fmt>"] <fn>(<field>) [AS <new>] [[,] <fn>(<field>) [AS <new>]]…` with fn one of ctime,
 * mktime, dur2sec, mstime, memk, rmunit, rmcomma, auto, num, none. The field may be a wildcard (`ctime(*time)`).
 */
export const convert: CommandSpec = {
  names: ['convert'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    const conversions: Conversion[] = [];
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (c.atOption()) {
        const o = c.option();
        if (!KNOWN.has(o.key.toLowerCase())) c.warn('SPL023', `option '${o.key}' is not recognised for convert; it is kept but not interpreted`, o.span);
        options.push(o);
        continue;
      }
      if (t.kind !== 'word') throw c.unexpected(t, 'a conversion like ctime(<field>)');
      c.next();
      const fn = t.value.toLowerCase();
      const open = c.peek();
      if (open.kind !== 'lparen') throw c.unexpected(open, `'(' after '${t.text}'`);
      if (!CONVERT_FUNCTIONS.has(fn))
        c.fail('SPL001', `unknown convert function '${t.text}' (expected one of ${[...CONVERT_FUNCTIONS].join(', ')})`, t.span);
      c.next();
      if (c.peek().kind === 'rparen') c.fail('SPL012', `missing a field inside ${t.text}()`, cover(open.span, c.peek().span));
      const field = fieldName(c, `a field inside ${t.text}()`);
      const close = c.next();
      if (close.kind !== 'rparen') c.fail('SPL003', `unbalanced parentheses: '${t.text}(' is never closed`, open.span);
      let as: FieldRef | undefined;
      if (c.isKeyword('as')) {
        const kw = c.next();
        const n = c.peek();
        if (n.kind === 'eof' || n.kind === 'comma') c.fail('SPL012', `missing the new field name after '${kw.text}'`, kw.span);
        as = fieldName(c, 'a new field name');
      }
      conversions.push({ fn, field, ...(as ? { as } : {}), span: cover(t.span, (as ?? close).span) });
    }
    if (conversions.length === 0) c.fail('SPL012', 'convert needs at least one conversion like ctime(<field>)', head.span);
    return { command: 'convert', name: head.name, nameSpan: head.nameSpan, span: head.span, options, conversions };
  }),
};
