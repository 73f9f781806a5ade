import type { MakemvCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

/** `makemv`: split on the delimiter (default a single space) or with the tokenizer regex. */
export function lowerMakemv(c: MakemvCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'makemv',
    field: c.field.name,
    split: c.tokenizer !== undefined ? { kind: 'tokenizer', pattern: c.tokenizer } : { kind: 'delim', delim: c.delim ?? ' ' },
    allowEmpty: c.allowEmpty,
    setsv: c.setsv,
    origin: ctx.origin(c.span),
  });
}
