import type { FieldRef, Option, TimeSpan } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { takeOption } from './stats.js';
import { macroTolerant } from './table.js';

const BIN_OPTIONS = ['span', 'bins', 'minspan', 'start', 'end', 'aligntime'];

/**
 * `bin | bucket [options] [<field>] [AS <newfield>]` with options `span=`, `bins=`, `minspan=`, `start=`, `end=`,
 * `aligntime=` written before or after the field [S17]. With no field, `_time` (`fieldExplicit: false`).
 *
 * `span` becomes `timeSpan` when it is a time span: always for `_time` (a bare number is seconds; anything that is
 * not a time span is an error, SPL009), and for another field only when it carries a time unit (`span=1h`); a
 * numeric or log span on a non-time field (`bin size span=10`) is kept only as an option.
 */
export const bin: CommandSpec = {
  names: ['bin', 'bucket'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let field: FieldRef | undefined;
    let as: FieldRef | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        options.push(takeOption(c, BIN_OPTIONS, head.name));
        continue;
      }
      if (c.isKeyword('as') && as === undefined) {
        const kw = c.next();
        const n = c.peek();
        if (n.kind !== 'word' && n.kind !== 'string') c.fail('SPL008', `expected a field name after AS, found ${n.kind === 'eof' ? 'end of stage' : `'${n.text}'`}`, n.kind === 'eof' ? kw.span : n.span);
        as = c.field('a field name after AS');
        continue;
      }
      if ((t.kind === 'word' || t.kind === 'string') && field === undefined && as === undefined) {
        field = c.field();
        continue;
      }
      throw c.unexpected(t, field ? 'an option or AS <field>' : 'an option or a field');
    }
    const fieldRef: FieldRef = field ?? { name: '_time', span: head.nameSpan };
    const span = [...options].reverse().find((o) => o.key.toLowerCase() === 'span');
    let timeSpan: TimeSpan | undefined;
    if (span) {
      const isTime = fieldRef.name === '_time';
      if (isTime || /^\d*(?:\.\d+)?\s*[a-zA-Z]+$/.test(span.value.value)) {
        if (isTime || !/log/i.test(span.value.value)) timeSpan = c.timeSpan(span.value);
      }
    }
    return {
      command: 'bin',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      ...(timeSpan ? { timeSpan } : {}),
      field: fieldRef,
      fieldExplicit: field !== undefined,
      ...(as ? { as } : {}),
    };
  }),
};
