import type { FieldRef } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldNames, macroTolerant } from './table.js';

/**
 * `fillnull [value=<string>] [<field> [, <field>]…]`: replaces null values with `value` (default "0"), in the
 * listed fields or, with none listed, in every field.
 */
export const fillnull: CommandSpec = {
  names: ['fillnull'],
  parse: macroTolerant((c, head) => {
    let value = '0';
    const fields: FieldRef[] = [];
    for (;;) {
      if (c.atOption()) {
        const o = c.option();
        if (o.key.toLowerCase() === 'value') value = o.value.value;
        else c.warn('SPL023', `option '${o.key}' is not recognised for fillnull; it is ignored`, o.span);
        continue;
      }
      const more = fieldNames(c);
      if (more.length === 0) break;
      fields.push(...more);
    }
    return { command: 'fillnull', name: head.name, nameSpan: head.nameSpan, span: head.span, value, fields };
  }),
};
