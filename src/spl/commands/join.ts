import type { FieldRef, Option, Pipeline } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { parseSubsearch } from '../subsearch.js';
import type { StageCursor } from '../cursor.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['type', 'usetime', 'earlier', 'overwrite', 'max']);
const TYPES = new Set(['inner', 'outer', 'left']);
/** Same guard as subsearches inside a search expression. */

/**
 * `join [type=inner|outer|left] [usetime=<bool>] [earlier=<bool>] [overwrite=<bool>] [max=<int>]
 * [<field> [, <field>]…] [ <subsearch> ]`: joins each event with the subsearch results sharing the fields' values.
 */
export const join: CommandSpec = {
  names: ['join'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    const fields: FieldRef[] = [];
    let subsearch: Pipeline | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (t.kind === 'lbracket') {
        subsearch = parseSubsearch(c).pipeline;
        break;
      }
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for join; it is kept but not interpreted`, o.span);
        if (key === 'type' && !TYPES.has(o.value.value.toLowerCase()))
          c.fail('SPL001', `join type must be inner, outer or left, found '${o.value.value}'`, o.value.span);
        if (key === 'max' && !/^\d+$/.test(o.value.value)) c.fail('SPL009', `join max must be a whole number, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (t.kind === 'word' || t.kind === 'string') {
        fields.push(fieldName(c));
        continue;
      }
      throw c.unexpected(t, 'a field name or a subsearch');
    }
    if (!subsearch) return c.fail('SPL012', 'join needs a subsearch in [ … ]', head.span);
    return { command: 'join', name: head.name, nameSpan: head.nameSpan, span: head.span, options, fields, subsearch };
  }),
};

