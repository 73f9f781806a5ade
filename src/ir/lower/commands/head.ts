import type { HeadCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

/** `head N` (default 10). `head (expr)` keeps events while expr holds: not modelled, kept opaque. */
export function lowerHead(c: HeadCommand, ctx: LowerContext, text: string): Lowered {
  const origin = ctx.origin(c.span);
  if (c.expr) return stage({ kind: 'opaque', command: 'head', text, reason: 'head with an eval expression is not modelled', origin });
  const limit = c.options.find((o) => o.key.toLowerCase() === 'limit');
  return stage({ kind: 'head', count: c.count ?? (limit ? Number(limit.value.value) : 10), origin });
}
