import type { FieldRef } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

/** `mvexpand <field> [limit=<int>]`: one event per value of a multivalue field. */
export const mvexpand: CommandSpec = {
  names: ['mvexpand'],
  parse: macroTolerant((c, head) => {
    let field: FieldRef | undefined;
    let limit: number | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        if (o.key.toLowerCase() === 'limit') {
          if (!/^\d+$/.test(o.value.value)) c.fail('SPL009', `mvexpand limit must be a whole number, found '${o.value.value}'`, o.value.span);
          limit = Number(o.value.value);
        } else c.warn('SPL023', `option '${o.key}' is not recognised for mvexpand; it is ignored`, o.span);
        continue;
      }
      if (field) throw c.unexpected(t, 'end of stage (mvexpand takes one field)');
      field = fieldName(c);
    }
    if (!field) return c.fail('SPL012', 'mvexpand needs a field name', head.span);
    return {
      command: 'mvexpand',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      field,
      ...(limit === undefined ? {} : { limit }),
    };
  }),
};
