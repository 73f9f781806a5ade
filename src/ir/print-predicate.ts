import { printExpr } from './print-expr.js';
import type { Predicate, Selector } from './types.js';
import { patternToString } from '../values/pattern.js';

const OP = { eq: '=', neq: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

/**
 * A compact, readable form of a predicate (for tests, notes and debugging), e.g.
 * `and(EventCode="7045", not(Service_Name~/\s+/), raw:indexed("EventCode=7045"))`.
 * Case-sensitive comparisons are marked with `(cs)`.
 */
export function printPredicate(p: Predicate): string {
  switch (p.kind) {
    case 'and':
    case 'or':
      return `${p.kind}(${p.items.map(printPredicate).join(', ')})`;
    case 'not':
      return `not(${printPredicate(p.item)})`;
    case 'true':
    case 'false':
      return p.kind;
    case 'compare':
      return `${p.field}${OP[p.op]}${JSON.stringify(patternToString(p.value))}${p.caseSensitive ? '(cs)' : ''}${p.numeric && p.op !== 'eq' && p.op !== 'neq' ? '(num)' : ''}`;
    case 'in':
      return `${p.field} in (${p.values.map((v) => JSON.stringify(patternToString(v))).join(', ')})${p.caseSensitive ? '(cs)' : ''}`;
    case 'regex':
      return `${p.field}~/${p.pattern}/`;
    case 'exists':
      return `exists(${p.field})`;
    case 'cidr':
      return `cidr(${p.field}, ${p.cidr})`;
    case 'raw':
      return `raw:${p.mode}(${JSON.stringify(p.text)})${p.caseSensitive ? '(cs)' : ''}`;
    case 'macro':
      return `macro(${p.name}${p.args.length ? `(${p.args.join(', ')})` : ''})`;
    case 'subsearch':
      return `subsearch(${printSelectors(p.query.source.selectors)}${printPredicate(p.query.filter)} |${p.query.stages.length} stages)`;
    case 'expr':
      return `expr(${printExpr(p.expr)})`;
  }
}

export function printSelector(s: Selector): string {
  switch (s.kind) {
    case 'macro':
      return `macro:${s.name}${s.args.length ? `(${s.args.join(', ')})` : ''}`;
    case 'datamodel':
      return `datamodel:${s.model}${s.dataset ? `.${s.dataset}` : ''}${s.nodename ? `[${s.nodename}]` : ''}`;
    case 'generator':
      return `generator:${s.command}`;
    default:
      return `${s.kind}:${patternToString(s.value)}`;
  }
}

function printSelectors(ss: readonly Selector[]): string {
  return ss.length ? `${ss.map(printSelector).join(' ')} ` : '';
}
