import type { RenameCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerRename(c: RenameCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'rename', pairs: c.pairs.map((p) => ({ from: p.from.name, to: p.to.name })), origin: ctx.origin(c.span) });
}
