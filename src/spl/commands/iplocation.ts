import type { CommandSpec } from '../command-spec.js';
import { isTrue, lastOption, optionsAndField } from './options-field.js';
import { macroTolerant } from './table.js';

/**
 * `iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-address-field>`: adds the location of the
 * IP address (City, Country, Region, lat, lon; with allfields also Continent, MetroCode, Timezone) from the GeoIP
 * database, each field name prefixed. Options may come before or after the field.
 */
export const iplocation: CommandSpec = {
  names: ['iplocation'],
  parse: macroTolerant((c, head) => {
    const { options, field } = optionsAndField(c, head, {
      command: 'iplocation',
      known: new Set(['prefix', 'allfields', 'lang']),
      booleans: new Set(['allfields']),
      fieldWhat: 'the IP address field',
      missing: 'iplocation needs the field that holds the IP address',
    });
    const lang = lastOption(options, 'lang')?.value.value;
    return {
      command: 'iplocation',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      field,
      prefix: lastOption(options, 'prefix')?.value.value ?? '',
      allFields: isTrue(lastOption(options, 'allfields')),
      ...(lang === undefined ? {} : { lang }),
    };
  }),
};
