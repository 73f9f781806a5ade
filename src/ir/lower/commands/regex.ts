import type { RegexCommand } from '../../../spl/ast.js';
import type { Predicate } from '../../types.js';
import type { LowerContext } from '../context.js';
import { filter, type Lowered } from './types.js';

/**
 * `regex f="re"` keeps matches; `regex f!="re"` keeps non-matches, including events without f (UNCONFIRMED: with
 * `--semantics regex-neq-missing=drop` events without f are dropped instead).
 */
export function lowerRegex(c: RegexCommand, ctx: LowerContext): Lowered {
  const origin = ctx.origin(c.span);
  const leaf: Predicate = { kind: 'regex', field: c.field.name, pattern: c.pattern, caseSensitive: true, origin: ctx.origin(c.patternSpan) };
  if (!c.negated) return filter(leaf);
  const not: Predicate = { kind: 'not', item: leaf, origin };
  if (ctx.semantics.regexNeqMissing === 'keep') return filter(not);
  return filter({ kind: 'and', items: [{ kind: 'exists', field: c.field.name, origin }, not], origin });
}
