import type { TstatsCommand } from '../../../spl/ast.js';
import type { Predicate, Selector, Stage } from '../../types.js';
import type { LowerContext } from '../context.js';
import { lowerSearch } from '../search.js';
import { lowerTimeSpan } from './bin.js';
import { lowerAggregation } from './stats.js';
import { optionRecord } from './types.js';

/**
 * `tstats … from datamodel=DM.Dataset where <search> by … [span=…]` = a data source (the data model), a filter
 * (the where clause, in the search language) and an aggregation stage.
 */
export function lowerTstats(c: TstatsCommand, ctx: LowerContext): { selectors: Selector[]; filter: Predicate; stage: Stage } {
  const origin = ctx.origin(c.span);
  const selectors: Selector[] = [];
  if (c.datamodel) {
    const [model, ...rest] = c.datamodel.value.split('.');
    selectors.push({
      kind: 'datamodel',
      model: model!,
      ...(rest.length ? { dataset: rest.join('.') } : {}),
      ...(c.nodename ? { nodename: c.nodename.value } : {}),
      origin: ctx.origin(c.datamodel.span),
    });
  }
  const filter: Predicate = c.where ? lowerSearch(c.where, ctx) : { kind: 'true', origin };
  const options = optionRecord(c.options);
  const stage: Stage = {
    kind: 'stats',
    variant: 'tstats',
    aggregations: c.aggregations.map((a) => lowerAggregation(a, ctx)),
    by: c.by.map((f) => f.name),
    ...(c.timeSpan ? { span: lowerTimeSpan(c.timeSpan) } : {}),
    options,
    origin,
  };
  return { selectors, filter, stage };
}
