import type { FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

/**
 * `fromjson <field> [prefix=<string>]`: the keys of the JSON object in the field become fields (named with the
 * prefix), their values the fields' values.
 */
export const fromjson: CommandSpec = {
  names: ['fromjson'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let field: FieldRef | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        if (o.key.toLowerCase() !== 'prefix') c.warn('SPL023', `option '${o.key}' is not recognised for fromjson; it is kept but not interpreted`, o.span);
        options.push(o);
        continue;
      }
      if (field) throw c.unexpected(t, 'end of stage (fromjson takes one field)');
      field = fieldName(c);
    }
    if (!field) return c.fail('SPL012', 'fromjson needs the field that holds the JSON object', head.span);
    const prefix = options.filter((o) => o.key.toLowerCase() === 'prefix').pop()?.value.value ?? '';
    return { command: 'fromjson', name: head.name, nameSpan: head.nameSpan, span: head.span, options, field, prefix };
  }),
};
