import type { Predicate, Rule } from '../ir/types.js';
import { printExpr } from '../ir/print-expr.js';
import { fieldTest } from './field-tests.js';
import type { StageAnalysis, StagePredicate } from './types.js';

/** Each SPL stage with the predicates it contributed (to the merged filter or as its own filter stage). */
export function stageAnalysis(rule: Rule): StageAnalysis[] {
  const byStage = new Map<number, StagePredicate[]>();
  const add = (stage: number, p: StagePredicate) => {
    const list = byStage.get(stage) ?? [];
    list.push(p);
    byStage.set(stage, list);
  };
  const walk = (p: Predicate, negated: boolean): void => {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.items.forEach((x) => walk(x, negated));
      case 'not':
        return walk(p.item, !negated);
      default:
        add(p.origin.stage, leaf(p, negated));
    }
  };
  walk(rule.query.filter, false);
  for (const s of rule.query.stages) if (s.kind === 'filter') walk(s.predicate, false);
  return rule.stageMap.map((s) => ({ index: s.index + 1, command: s.command, text: s.text, predicates: byStage.get(s.index) ?? [] }));
}

function leaf(p: Predicate, negated: boolean): StagePredicate {
  const t = fieldTest(p);
  if (t && p.kind !== 'raw') return { negated, field: t.field, kind: t.kind, values: t.values };
  switch (p.kind) {
    case 'raw': {
      const kind = p.mode === 'term' ? 'raw_term' : p.mode === 'phrase' ? 'raw_phrase' : 'raw_indexed';
      return { negated, field: '_raw', kind, values: [p.text], ...(t ? { means: t } : {}) };
    }
    case 'expr':
      return { negated, field: null, kind: 'expr', values: [printExpr(p.expr)] };
    case 'macro':
      return { negated, field: null, kind: 'macro', values: [p.args.length ? `${p.name}(${p.args.join(', ')})` : p.name] };
    case 'subsearch':
      return { negated, field: null, kind: 'subsearch', values: [] };
    case 'true':
    case 'false':
      return { negated, field: null, kind: p.kind, values: [] };
    default:
      return { negated, field: null, kind: 'expr', values: [] };
  }
}
