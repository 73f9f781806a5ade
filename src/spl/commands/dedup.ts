import type { FieldRef, Option, SortKey } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { parseSortKeys } from './sort.js';
import { fieldName, isOptionStart, macroTolerant } from './table.js';

const KNOWN = new Set(['keepevents', 'keepempty', 'consecutive']);
const BOOL = /^(true|false|t|f|1|0|yes|no)$/i;

/**
 * `dedup [<N>] <field> [, <field>]… [keepevents=<bool>] [keepempty=<bool>] [consecutive=<bool>]
 * [sortby [-|+]<key>…]`: keeps the first N events of each distinct field tuple. Options may appear anywhere
 * before `sortby`.
 */
export const dedup: CommandSpec = {
  names: ['dedup'],
  parse: macroTolerant((c, head) => {
    let count = 1;
    const options: Option[] = [];
    const fields: FieldRef[] = [];
    let sortBy: SortKey[] = [];
    const first = c.peek();
    const afterFirst = c.peekAt(1);
    if (first.kind === 'word' && /^\d+$/.test(first.text) && !(afterFirst.kind === 'op' && afterFirst.value === '=')) {
      c.next();
      count = Number(first.text);
      if (count < 1) c.fail('SPL009', `dedup count must be at least 1, found '${first.text}'`, first.span);
    }
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
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for dedup; it is kept but not interpreted`, o.span);
        else if (!BOOL.test(o.value.value)) c.fail('SPL009', `dedup ${o.key} must be true or false, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (t.kind === 'word' && t.text.toLowerCase() === 'sortby' && sortBy.length === 0) {
        c.next();
        sortBy = parseSortKeys(c, false);
        if (sortBy.length === 0) {
          const n = c.peek();
          if (n.kind === 'eof') c.fail('SPL012', "missing a field after 'sortby'", t.span);
          throw c.unexpected(n, "a field after 'sortby'");
        }
        continue;
      }
      if (t.kind === 'word' || t.kind === 'string') {
        if (sortBy.length > 0) throw c.unexpected(t, 'end of stage (fields must come before sortby)');
        fields.push(fieldName(c));
        continue;
      }
      throw c.unexpected(t, 'a field name');
    }
    if (fields.length === 0) c.fail('SPL012', 'dedup needs at least one field name', head.span);
    return { command: 'dedup', name: head.name, nameSpan: head.nameSpan, span: head.span, count, options, fields, sortBy };
  }),
};
