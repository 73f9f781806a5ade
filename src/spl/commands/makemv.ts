import type { FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['delim', 'tokenizer', 'allowempty', 'setsv']);
const BOOL = /^(true|false|t|f|1|0|yes|no)$/i;

/**
 * `makemv [delim=<string> | tokenizer=<regex>] [allowempty=<bool>] [setsv=<bool>] <field>`: splits the field's
 * value into a multivalue, on the delimiter (default a single space) or at each match of the tokenizer (its first
 * group). Options may come before or after the field.
 */
export const makemv: CommandSpec = {
  names: ['makemv'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let field: FieldRef | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for makemv; it is kept but not interpreted`, o.span);
        if ((key === 'allowempty' || key === 'setsv') && !BOOL.test(o.value.value))
          c.fail('SPL009', `makemv ${o.key} must be true or false, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (field) throw c.unexpected(t, 'end of stage (makemv takes one field)');
      field = fieldName(c);
    }
    if (!field) return c.fail('SPL012', 'makemv needs a field name', head.span);
    const last = (k: string) => options.filter((o) => o.key.toLowerCase() === k).pop();
    const delim = last('delim');
    const tokenizer = last('tokenizer');
    if (delim && tokenizer) c.fail('SPL001', 'makemv takes delim= or tokenizer=, not both', tokenizer.span);
    const flag = (k: string) => /^(true|t|1|yes)$/i.test(last(k)?.value.value ?? '');
    return {
      command: 'makemv',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      field,
      ...(tokenizer ? { tokenizer: tokenizer.value.value } : { delim: delim?.value.value ?? ' ' }),
      allowEmpty: flag('allowempty'),
      setsv: flag('setsv'),
    };
  }),
};
