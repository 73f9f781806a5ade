import type { RegexCommand } from '../../../spl/ast.js';
import type { Predicate } from '../../types.js';
import type { LowerContext } from '../context.js';
import { filter, type Lowered } from './types.js';

/** `regex f="re"` keeps matches; `regex f!="re"` keeps non-matches, including events without f. */
export function lowerRegex(c: RegexCommand, ctx: LowerContext): Lowered {
  const origin = ctx.origin(c.span);
  const leaf: Predicate = { kind: 'regex', field: c.field.name, pattern: c.pattern, caseSensitive: true, origin: ctx.origin(c.patternSpan) };
  return filter(c.negated ? { kind: 'not', item: leaf, origin } : leaf);
}
