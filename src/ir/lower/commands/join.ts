import type { AppendCommand, JoinCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { optionRecord, stage, type Lowered } from './types.js';

export function lowerJoin(c: JoinCommand, ctx: LowerContext): Lowered {
  const options = optionRecord(c.options);
  const t = (options['type'] ?? 'inner').toLowerCase();
  return stage({
    kind: 'join',
    type: t === 'outer' || t === 'left' ? t : 'inner',
    fields: c.fields.map((f) => f.name),
    query: ctx.lowerSub(c.subsearch),
    options,
    origin: ctx.origin(c.span),
  });
}

export function lowerAppend(c: AppendCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'append', query: ctx.lowerSub(c.subsearch), origin: ctx.origin(c.span) });
}
