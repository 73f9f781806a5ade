import type { ReplaceCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerReplace(c: ReplaceCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'replace',
    pairs: c.pairs.map((p) => ({ from: p.from.value, to: p.to.value })),
    fields: c.fields.map((f) => f.name),
    origin: ctx.origin(c.span),
  });
}
