/**
 * The Sigma target: a lowered rule → Sigma rule YAML (sigma-specification v2): one detection rule, plus a
 * correlation rule (a second YAML document) when the SPL thresholds an aggregation.
 *
 * Decisions (see also translate.ts, detection.ts, values.ts, stages.ts):
 * - `id`: deterministic UUIDv5 of the rule's id (else its file path) in spl2x's namespace (uuid.ts);
 * - `date`/`modified`: omitted — optional in the spec, and the IR carries no creation date (a conversion date
 *   would make the output change from day to day);
 * - `status: experimental`, `level: medium` (the SPL rule has no severity; noted), `falsepositives: [Unknown]`,
 *   `author`: the conversion is attributed to spl2x;
 * - `tags`: `attack.<tactic>` (hyphenated, as the v2 tags appendix lists them) then `attack.<technique id>`;
 * - with a correlation, the spec lets only the outermost (correlation) rule carry status/level/falsepositives;
 *   the base rule has a `name` and the correlation refers to it by `id`.
 */
import { basename } from 'node:path';
import yaml from 'js-yaml';
import type { Rule } from '../../ir/types.js';
import { Verdict } from '../fidelity.js';
import type { Target, TargetContext, TargetResult } from '../types.js';
import { buildDetection } from './detection.js';
import { attackTags, logsource, slug } from './meta.js';
import { analyzeStages, type Correlation } from './stages.js';
import { simplify, translate, type TranslateContext } from './translate.js';
import { SPL2X_SIGMA_NAMESPACE, uuidv5 } from './uuid.js';

export const SIGMA_AUTHOR = 'spl2x (converted from Splunk SPL)';
export const SIGMA_LEVEL = 'medium';

/**
 * Plain scalars a YAML 1.1 reader resolves to something other than a string, although YAML 1.2 (js-yaml's schema)
 * reads them as strings: PyYAML — which pySigma and most Sigma tools load rules with — follows YAML 1.1, so
 * `CommandLine: 55_` would reach pySigma as the integer 55. These are PyYAML's implicit resolvers
 * (`yaml/resolver.py`: bool, float, int, merge, null, timestamp, value), used only when dumping: a string one of
 * them matches is quoted. (Found by the escaping property test, test/escaping/.)
 */
const YAML11_IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];
const yaml11Guard = new yaml.Type('tag:spl2x,2026:yaml11-implicit', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && YAML11_IMPLICIT.some((re) => re.test(data)),
  construct: (data: unknown) => data,
});
const DUMP_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [yaml11Guard] });

const DUMP_OPTIONS: yaml.DumpOptions = { indent: 4, lineWidth: -1, noRefs: true, sortKeys: false, quotingType: "'", schema: DUMP_SCHEMA };

/** Serialise YAML documents (js-yaml; keys in insertion order). */
export function dumpDocuments(docs: readonly Record<string, unknown>[]): string {
  return docs.map((d) => yaml.dump(d, DUMP_OPTIONS)).join('---\n');
}

function ruleTitle(rule: Rule): string {
  const t = rule.meta.title?.trim() || basename(rule.file).replace(/\.[^.]*$/, '').replace(/\.(escu|catalog)$/, '') || 'Converted rule';
  return t.length > 256 ? `${t.slice(0, 253)}...` : t;
}

/** The `correlation` section, keys in the spec's order. */
function correlationSection(c: Correlation, ruleId: string): Record<string, unknown> {
  return {
    type: c.type,
    rules: [ruleId],
    'group-by': [...c.groupBy],
    timespan: c.timespan,
    condition: { ...c.condition },
  };
}

export function convertSigma(rule: Rule, ctx: TargetContext): TargetResult<string> {
  const verdict = new Verdict();
  const tctx: TranslateContext = { profile: ctx.profile, strict: ctx.strict, verdict, unmapped: new Set() };

  const source = logsource(rule, ctx.profile, verdict);
  const tree = simplify(translate(rule.query.filter, true, tctx));
  if (tree.k === 'true') {
    if (rule.query.filter.kind === 'true') verdict.note('info', 'the search tests nothing beyond its data source: the rule matches every event of its log source');
    else verdict.note('warning', 'no test of the filter has a Sigma form: the rule matches every event of its log source');
  }
  if (tree.k === 'false') verdict.degrade('unsupported', 'the search never matches an event', undefined, 'error');
  const detection = buildDetection(tree);
  const stages = analyzeStages(rule.query.stages, tctx, (i) => rule.stageMap[i]?.text);

  const key = rule.meta.id?.trim() || rule.file;
  const id = uuidv5(key, SPL2X_SIGMA_NAMESPACE);
  const title = ruleTitle(rule);
  const name = `${slug(title)}_${id.slice(0, 8)}`;
  const tags = attackTags(rule.meta);
  const references = [...new Set(rule.meta.references)];
  const description = rule.meta.description?.trim();

  const common: Record<string, unknown> = {};
  if (description) common['description'] = description.slice(0, 65535);
  if (references.length) common['references'] = references;
  common['author'] = SIGMA_AUTHOR;
  if (tags.length) common['tags'] = tags;

  const base: Record<string, unknown> = { title, id, name };
  if (!stages.correlation) base['status'] = 'experimental';
  Object.assign(base, common);
  base['logsource'] = source;
  base['detection'] = detection.section;
  if (stages.fields.length) base['fields'] = [...stages.fields];
  if (!stages.correlation) {
    base['falsepositives'] = ['Unknown'];
    base['level'] = SIGMA_LEVEL;
  }
  const docs: Record<string, unknown>[] = [base];
  if (stages.correlation) {
    base['title'] = `${title.length > 236 ? title.slice(0, 236) : title} (matching events)`;
    docs.push({
      title,
      id: uuidv5(`${key}#correlation`, SPL2X_SIGMA_NAMESPACE),
      status: 'experimental',
      ...common,
      correlation: correlationSection(stages.correlation, id),
      falsepositives: ['Unknown'],
      level: SIGMA_LEVEL,
    });
  }
  verdict.note('info', `level '${SIGMA_LEVEL}' and status 'experimental' are defaults: the SPL rule states no severity`);
  return { output: dumpDocuments(docs), fidelity: verdict.fidelity, notes: verdict.notes };
}

export const sigma: Target<string> = {
  name: 'sigma',
  description: 'Sigma rule YAML (spec v2), with a correlation rule for count/distinct-count thresholds',
  extension: 'yml',
  defaultProfile: 'sigma',
  convert: convertSigma,
  serialize: (output) => output,
};
