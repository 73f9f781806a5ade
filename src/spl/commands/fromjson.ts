import type { CommandSpec } from '../command-spec.js';
import { lastOption, optionsAndField } from './options-field.js';
import { macroTolerant } from './table.js';

/**
 * `fromjson <field> [prefix=<string>]`: the keys of the JSON object in the field become fields (named with the
 * prefix), their values the fields' values.
 */
export const fromjson: CommandSpec = {
  names: ['fromjson'],
  parse: macroTolerant((c, head) => {
    const { options, field } = optionsAndField(c, head, {
      command: 'fromjson',
      known: new Set(['prefix']),
      missing: 'fromjson needs the field that holds the JSON object',
    });
    const prefix = lastOption(options, 'prefix')?.value.value ?? '';
    return { command: 'fromjson', name: head.name, nameSpan: head.nameSpan, span: head.span, options, field, prefix };
  }),
};
