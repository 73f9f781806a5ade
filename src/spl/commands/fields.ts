import type { FieldRef } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { extendFieldName, fieldName, fieldNames, macroTolerant } from './table.js';

/**
 * `fields [+|-] <field> [, <field>]…`: `+` (default) keeps only the listed fields, `-` removes them. A sign glued
 * to the first field (`fields -x`) is read the same way as `fields - x`.
 */
export const fields: CommandSpec = {
  names: ['fields'],
  parse: macroTolerant((c, head) => {
    let mode: 'keep' | 'remove' = 'keep';
    const out: FieldRef[] = [];
    const t = c.peek();
    if (t.kind === 'word' && (t.text === '-' || t.text === '+')) {
      c.next();
      mode = t.text === '-' ? 'remove' : 'keep';
    } else if (t.kind === 'word' && /^[-+]/.test(t.text) && !(c.peekAt(1).kind === 'op' && !c.peekAt(1).spaceBefore)) {
      c.next();
      mode = t.text[0] === '-' ? 'remove' : 'keep';
      out.push(extendFieldName(c, t, t.value.slice(1), t.start + 1));
    }
    out.push(...fieldNames(c));
    if (out.length === 0) {
      if (c.peek().kind === 'eof') c.fail('SPL012', 'fields needs at least one field name', head.span);
      fieldName(c); // throws SPL008 with the offending token
    }
    return { command: 'fields', name: head.name, nameSpan: head.nameSpan, span: head.span, mode, fields: out };
  }),
};
