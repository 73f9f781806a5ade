import type { Rule } from '../ir/types.js';
import type { IndicatorCatalog } from './catalog.js';
import { ruleKey } from './catalog.js';
import { exclusions } from './exclusions.js';
import { indicators } from './indicators.js';
import { searchTerms } from './search-terms.js';
import { stageAnalysis } from './stages.js';
import type { Explanation } from './types.js';

/** The analysis `spl2x explain` shows for one lowered rule. */
export function explain(rule: Rule, catalog?: IndicatorCatalog): Explanation {
  const self = ruleKey(rule.file, rule.meta.id);
  return {
    rule: {
      id: rule.meta.id ?? null,
      title: rule.meta.title ?? null,
      techniques: rule.meta.techniques,
      references: rule.meta.references,
    },
    stages: stageAnalysis(rule),
    exclusions: exclusions(rule.query.filter),
    indicators: indicators(rule.query.filter).map((t) => ({ ...t, corpus: catalog ? catalog.count(t, self) : null })),
    searchTerms: searchTerms(rule.query),
    diagnostics: rule.diagnostics,
  };
}
