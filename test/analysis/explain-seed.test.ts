import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/analysis/explain.js';
import { lowerRule } from '../../src/ir/lower/index.js';
import { loadRuleText } from '../../src/load/index.js';

/**
 * The seed rule, as YAML and as the catalog page's text export, explains as the page does — with the page's
 * mistakes fixed: `TERM` is a directive (the term is `EventCode=7045`, also the indicator `EventCode eq 7045`),
 * and every indicator has its values.
 */
const inputs = [
  ['catalog YAML', 'examples/psexec_service_creation.yml'],
  ['catalog page text', 'test/fixtures/rules/psexec-service-creation.catalog.txt'],
] as const;

describe.each(inputs)('seed rule explained from its %s', (_label, file) => {
  const loaded = loadRuleText(file, readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const e = explain(lowerRule(loaded.value[0]!));

  it('has the rule metadata', () => {
    expect(e.rule.id).toBe('5399.5499');
    expect(e.rule.title).toBe('PSexec Service Creation');
    expect(e.rule.techniques.map((t) => t.id)).toEqual(['T1543.003', 'T1569.002']);
    expect(e.rule.references).toHaveLength(4);
  });

  it('lists the nine stages with their commands', () => {
    expect(e.stages.map((s) => [s.index, s.command])).toEqual([
      [1, 'search'], [2, 'regex'], [3, 'regex'], [4, 'regex'], [5, 'regex'], [6, 'eval'], [7, 'table'], [8, 'bin'], [9, 'stats'],
    ]);
    expect(e.stages[0]!.text).toBe('`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=7045) OR "<EventID>7045<")');
    expect(e.stages[2]!.text).toBe('regex Service_Name!="\\s+|[\\_\\/\\x5c]"');
    expect(e.stages[1]!.predicates).toEqual([{ negated: true, field: 'Service_Start_Type', kind: 'regex_match', values: ['4', 'disabled'] }]);
  });

  it('finds the two exclusions', () => {
    expect(e.exclusions).toEqual([
      { field: 'Service_Start_Type', kind: 'regex_match', values: ['4', 'disabled'] },
      { field: 'Service_Name', kind: 'regex_match', values: ['\\s+', '[\\_\\/\\x5c]'] },
    ]);
  });

  it('finds the indicators, with their values', () => {
    expect(e.indicators).toEqual([
      { field: 'EventCode', kind: 'eq', values: ['7045'], corpus: null },
      { field: 'Service_Name', kind: 'regex_match', values: ['(\\w{4}|execsvc)$'], corpus: null },
      { field: 'Service_File_Name', kind: 'regex_match', values: ['\\x5c.{8}\\.exe$'], corpus: null },
    ]);
  });

  it('lists search terms without the TERM directive', () => {
    expect(e.searchTerms).toEqual([
      { stage: 1, term: 'EventCode=7045' },
      { stage: 1, term: '"<EventID>7045<"' },
    ]);
  });

  it('has exactly the documented JSON keys', () => {
    expect(Object.keys(e)).toEqual(['rule', 'stages', 'exclusions', 'indicators', 'searchTerms', 'diagnostics']);
    expect(Object.keys(e.rule)).toEqual(['id', 'title', 'techniques', 'references']);
  });

  it('reports only the two undefined data-source macros, positioned in the file', () => {
    expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const macros = e.diagnostics.filter((d) => d.code === 'MAC020');
    expect(macros.map((d) => d.message)).toEqual([
      'macro `get_endpoint_data` is not defined; kept as a data-source selector',
      'macro `get_endpoint_data_winevent` is not defined; kept as a data-source selector',
    ]);
    // The rest are the loader's notes (LOAD020), e.g. the page's repaired lines.
    expect(e.diagnostics.every((d) => d.code === 'MAC020' || d.code === 'LOAD020')).toBe(true);
    const text = readFileSync(file, 'utf8').split('\n');
    const d = macros[0]!;
    expect(text[d.line! - 1]!.slice(d.column! - 1)).toMatch(/^`get_endpoint_data`/);
  });
});
