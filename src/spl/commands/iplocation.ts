import type { FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['prefix', 'allfields', 'lang']);
const BOOL = /^(true|false|t|f|1|0|yes|no)$/i;

/**
 * `iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-address-field>`: adds the location of the
 * IP address (City, Country, Region, lat, lon; with allfields also Continent, MetroCode, Timezone) from the GeoIP
 * database, each field name prefixed. Options may come before or after the field.
 */
export const iplocation: CommandSpec = {
  names: ['iplocation'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let field: FieldRef | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for iplocation; it is kept but not interpreted`, o.span);
        if (key === 'allfields' && !BOOL.test(o.value.value)) c.fail('SPL009', `iplocation allfields must be true or false, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (field) throw c.unexpected(t, 'end of stage (iplocation takes one field)');
      field = fieldName(c, 'the IP address field');
    }
    if (!field) return c.fail('SPL012', 'iplocation needs the field that holds the IP address', head.span);
    const get = (k: string) => options.filter((o) => o.key.toLowerCase() === k).pop()?.value.value;
    const lang = get('lang');
    return {
      command: 'iplocation',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      field,
      prefix: get('prefix') ?? '',
      allFields: /^(true|t|1|yes)$/i.test(get('allfields') ?? ''),
      ...(lang === undefined ? {} : { lang }),
    };
  }),
};
