import { cover } from '../../diagnostics/span.js';
import type { RenamePair } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

/**
 * `rename <field> AS <new> [[,] <field> AS <new>]…`: `AS` is case-insensitive, commas between pairs are optional,
 * and both sides may be wildcard patterns (`Processes.* AS *`).
 */
export const rename: CommandSpec = {
  names: ['rename'],
  parse: macroTolerant((c, head) => {
    const pairs: RenamePair[] = [];
    for (;;) {
      const t = c.peek();
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (t.kind === 'eof') break;
      const from = fieldName(c, 'a field to rename');
      const as = c.peek();
      if (!c.isKeyword('as')) {
        if (as.kind === 'eof' || as.kind === 'comma')
          c.fail('SPL012', `missing 'AS <new name>' after '${from.name}'`, from.span);
        throw c.unexpected(as, `'AS' after '${from.name}'`);
      }
      c.next();
      const n = c.peek();
      if (n.kind === 'eof' || n.kind === 'comma') c.fail('SPL012', `missing the new name after '${as.text}'`, as.span);
      const to = fieldName(c, 'a new field name');
      pairs.push({ from, to, span: cover(from.span, to.span) });
    }
    if (pairs.length === 0) c.fail('SPL012', "rename needs at least one '<field> AS <new name>' pair", head.span);
    return { command: 'rename', name: head.name, nameSpan: head.nameSpan, span: head.span, pairs };
  }),
};
