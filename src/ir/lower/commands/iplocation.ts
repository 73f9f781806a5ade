import type { IplocationCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

/** The fields iplocation adds (Splunk's search reference), without and with `allfields=true`. */
export const IPLOCATION_FIELDS = ['City', 'Country', 'Region', 'lat', 'lon'] as const;
export const IPLOCATION_ALL_FIELDS = ['City', 'Continent', 'Country', 'MetroCode', 'Region', 'Timezone', 'lat', 'lon'] as const;

/** `iplocation`: a stage that adds the listed location fields (prefixed) from a GeoIP database. */
export function lowerIplocation(c: IplocationCommand, ctx: LowerContext): Lowered {
  const names = c.allFields ? IPLOCATION_ALL_FIELDS : IPLOCATION_FIELDS;
  return stage({
    kind: 'iplocation',
    field: c.field.name,
    prefix: c.prefix,
    allFields: c.allFields,
    ...(c.lang !== undefined ? { lang: c.lang } : {}),
    outputs: names.map((n) => c.prefix + n),
    origin: ctx.origin(c.span),
  });
}
