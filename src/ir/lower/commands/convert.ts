import type { ConvertCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

/** Splunk's default `timeformat` for convert is `%m/%d/%Y %H:%M:%S`. */
export function lowerConvert(c: ConvertCommand, ctx: LowerContext): Lowered {
  const tf = c.options.find((o) => o.key.toLowerCase() === 'timeformat');
  return stage({
    kind: 'convert',
    timeformat: tf ? tf.value.value : '%m/%d/%Y %H:%M:%S',
    conversions: c.conversions.map((x) => ({ fn: x.fn.toLowerCase(), field: x.field.name, as: x.as?.name ?? x.field.name })),
    origin: ctx.origin(c.span),
  });
}
