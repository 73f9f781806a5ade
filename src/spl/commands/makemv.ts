import type { CommandSpec } from '../command-spec.js';
import { isTrue, lastOption, optionsAndField } from './options-field.js';
import { macroTolerant } from './table.js';

/**
 * `makemv [delim=<string> | tokenizer=<regex>] [allowempty=<bool>] [setsv=<bool>] <field>`: splits the field's
 * value into a multivalue, on the delimiter (default a single space) or at each match of the tokenizer (its first
 * group). Options may come before or after the field.
 */
export const makemv: CommandSpec = {
  names: ['makemv'],
  parse: macroTolerant((c, head) => {
    const { options, field } = optionsAndField(c, head, {
      command: 'makemv',
      known: new Set(['delim', 'tokenizer', 'allowempty', 'setsv']),
      booleans: new Set(['allowempty', 'setsv']),
      missing: 'makemv needs a field name',
    });
    const delim = lastOption(options, 'delim');
    const tokenizer = lastOption(options, 'tokenizer');
    if (delim && tokenizer) c.fail('SPL001', 'makemv takes delim= or tokenizer=, not both', tokenizer.span);
    return {
      command: 'makemv',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      field,
      ...(tokenizer ? { tokenizer: tokenizer.value.value } : { delim: delim?.value.value ?? ' ' }),
      allowEmpty: isTrue(lastOption(options, 'allowempty')),
      setsv: isTrue(lastOption(options, 'setsv')),
    };
  }),
};
