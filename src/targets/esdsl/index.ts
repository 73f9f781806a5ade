/**
 * The `esdsl` target: a rule → an Elasticsearch search request, native Query DSL only (no `script` query, no
 * `query_string` wrapping the query), with a fidelity verdict and notes. Decisions: ./README.md.
 *
 * Output (`EsRequest`, serialized as pretty JSON):
 * ```
 * { "index": "winlogbeat-*",          // the index pattern: GET /<index>/_search
 *   "body":  { query, size, aggs?, _source?, runtime_mappings?, sort? },   // the request body, ready to send
 *   "rows":  { source, post } }       // not sent: how responseToRows turns the responses into spl2x run's rows
 * ```
 */
import type { Rule } from '../../ir/types.js';
import { Verdict } from '../fidelity.js';
import type { Target, TargetContext, TargetResult } from '../types.js';
import { EsContext } from './context.js';
import { translateStages } from './pipeline.js';
import { translatePredicate } from './query.js';
import { indexPattern } from './source.js';
import type { EsRequest, EsSearchBody } from './types.js';

export { responseToRows } from './rows.js';
export type { RowsOptions } from './rows.js';
export type { EsRequest, EsResponse, EsSearchBody, Row } from './types.js';

export const esdsl: Target<EsRequest> = {
  name: 'esdsl',
  description: 'Elasticsearch search request (Query DSL, composite aggregations) with the index pattern',
  extension: 'json',
  defaultProfile: 'ecs',
  convert(rule: Rule, tctx: TargetContext): TargetResult<EsRequest> {
    const verdict = new Verdict();
    const ctx = new EsContext(tctx.profile, tctx.strict, verdict);
    const { query, macros } = translatePredicate(rule.query.filter, ctx);
    const fromFilter = macros.map((m) => ({ kind: 'macro' as const, name: m.name, args: [], origin: m.origin }));
    const index = indexPattern([...rule.query.source.selectors, ...fromFilter], ctx);
    const { body: rest, plan } = translateStages(rule.query, ctx);
    const { size, ...others } = rest;
    const body: EsSearchBody = { query, size, ...others };
    return { output: { index, body, rows: plan }, fidelity: verdict.fidelity, notes: verdict.notes };
  },
  serialize(output: EsRequest): string {
    return JSON.stringify(output, null, 2) + '\n';
  },
};
