import type { Argv } from 'yargs';
import { IndicatorCatalog } from '../../analysis/catalog.js';
import { eventCoverage } from '../../analysis/event-coverage.js';
import { explain } from '../../analysis/explain.js';
import type { Explanation } from '../../analysis/types.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../../ir/types.js';
import { render } from '../templates.js';
import { MACRO_OPTIONS, frontendAll, macroTable, printDiagnostics, semanticsFrom, toJson } from '../rules.js';

export interface ExplainArgs {
  rules: string[];
  catalog?: string[];
  macros?: string;
  'assumed-macros'?: boolean;
  format: 'md' | 'json';
  verbose: boolean;
  semantics?: string[];
}

export const explainCommand = {
  command: 'explain <rules..>',
  describe: 'Analyse rules: ATT&CK coverage, stages and predicates, exclusions, indicators (with catalog counts), search terms',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule files or directories (- for stdin)' })
      .option('catalog', { type: 'string', array: true, describe: 'directory of rules to count indicators across (the "corpus" column)' })
      .options(MACRO_OPTIONS)
      .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'md: a Markdown report per rule; json: one object (an array of them for several rules)' }),
};

/** Run `explain`; returns the exit code (0 ok, 2 when an input could not be loaded or has SPL errors). */
export async function runExplain(args: ExplainArgs, out: (s: string) => void): Promise<number> {
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 1;
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  let code = hasErrors(errors) ? 2 : 0;
  const catalog = args.catalog?.length ? await IndicatorCatalog.build(args.catalog, { macros: table }) : undefined;
  const results: Explanation[] = [];
  const docs: string[] = [];
  for await (const r of frontendAll(args.rules, table, semantics)) {
    if (!r.ok) {
      printDiagnostics(r.diagnostics, true);
      code = 2;
      continue;
    }
    const e = explain(r.frontend.rule, catalog);
    if (hasErrors(e.diagnostics)) code = 2;
    if (args.format === 'json') results.push(e);
    else {
      printDiagnostics(e.diagnostics, args.verbose);
      docs.push(render('explain.md', markdownView(r.frontend.rule, e, catalog !== undefined)));
    }
  }
  if (args.format === 'json') out(toJson(results.length === 1 ? results[0] : results));
  else out(docs.join('\n---\n\n'));
  return code;
}

const TACTICS: Record<string, string> = {
  reconnaissance: 'Reconnaissance', 'resource-development': 'Resource Development', 'initial-access': 'Initial Access',
  execution: 'Execution', persistence: 'Persistence', 'privilege-escalation': 'Privilege Escalation',
  'defense-evasion': 'Defense Evasion', 'credential-access': 'Credential Access', discovery: 'Discovery',
  'lateral-movement': 'Lateral Movement', collection: 'Collection', 'command-and-control': 'Command and Control',
  exfiltration: 'Exfiltration', impact: 'Impact',
};

function markdownView(rule: Rule, e: Explanation, hasCatalog: boolean): unknown {
  const byTactic = new Map<string, string[]>();
  for (const t of e.rule.techniques) {
    const label = t.name ? `${t.id} ${t.name}` : t.id;
    for (const tactic of t.tactics.length ? t.tactics : ['(tactic not stated)']) {
      const list = byTactic.get(tactic) ?? [];
      list.push(label);
      byTactic.set(tactic, list);
    }
  }
  const sources = rule.query.source.selectors.map((s) => {
    switch (s.kind) {
      case 'macro':
        return `macro \`${s.name}${s.args.length ? `(${s.args.join(', ')})` : ''}\` (not defined: a data-source selector)`;
      case 'datamodel':
        return `data model \`${s.model}${s.dataset ? `.${s.dataset}` : ''}\``;
      case 'generator':
        return `generating command \`${s.command}\``;
      default:
        return `${s.kind} = \`${s.value.parts.map((p) => (p.kind === 'lit' ? p.text : '*')).join('')}\``;
    }
  });
  const sysmon = rule.query.source.selectors.some((s) => s.kind === 'macro' && /sysmon/i.test(s.name));
  return {
    ...e,
    id: e.rule.id,
    title: e.rule.title ?? rule.file,
    file: rule.file,
    description: rule.meta.description,
    references: e.rule.references,
    mitre: [...byTactic].map(([tactic, techniques]) => ({ tactic: TACTICS[tactic] ?? tactic, techniques: techniques.join(', ') })),
    events: eventCoverage(e.indicators, e.searchTerms, sysmon),
    sources,
    hasCatalog,
  };
}
