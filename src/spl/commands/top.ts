import type { FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, isOptionStart, macroTolerant } from './table.js';

const KNOWN = new Set(['countfield', 'limit', 'otherstr', 'percentfield', 'showcount', 'showperc', 'useother']);
const BOOL = /^(true|false|t|f|1|0|yes|no)$/i;

/**
 * `top|rare [<N>] [<option>…] <field> [, <field>]… [BY <field> [, <field>]…]`: the most (top) or least (rare)
 * common value tuples of the fields, with a count and a percentage, N (default 10; 0 = all) per BY group.
 * Options: countfield, limit, otherstr, percentfield, showcount, showperc, useother; they may come anywhere before BY.
 */
export const top: CommandSpec = {
  names: ['top', 'rare'],
  parse: macroTolerant((c, head) => {
    const variant = head.name.toLowerCase() as 'top' | 'rare';
    const options: Option[] = [];
    const fields: FieldRef[] = [];
    const by: FieldRef[] = [];
    let count: number | undefined;
    const first = c.peek();
    if (first.kind === 'word' && /^\d+$/.test(first.text) && !isOptionStart(c)) {
      c.next();
      count = Number(first.text);
    }
    let inBy = false;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (isOptionStart(c)) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for ${variant}; it is kept but not interpreted`, o.span);
        else if (key === 'limit' && !/^\d+$/.test(o.value.value)) c.fail('SPL009', `${variant} limit must be a whole number, found '${o.value.value}'`, o.value.span);
        else if ((key === 'showcount' || key === 'showperc' || key === 'useother') && !BOOL.test(o.value.value))
          c.fail('SPL009', `${variant} ${o.key} must be true or false, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (!inBy && c.isKeyword('by') && fields.length > 0) {
        const kw = c.next();
        inBy = true;
        const n = c.peek();
        if (n.kind === 'eof') c.fail('SPL012', "missing a field after 'BY'", kw.span);
        continue;
      }
      if (t.kind !== 'word' && t.kind !== 'string') throw c.unexpected(t, 'a field name');
      (inBy ? by : fields).push(fieldName(c));
    }
    if (fields.length === 0) c.fail('SPL012', `${variant} needs at least one field name`, head.span);
    return { command: 'top', name: head.name, nameSpan: head.nameSpan, span: head.span, variant, ...(count === undefined ? {} : { count }), options, fields, by };
  }),
};
