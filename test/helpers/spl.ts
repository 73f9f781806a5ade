import type { Command, SearchNode } from '../../src/spl/ast.js';
import { parseSpl } from '../../src/spl/parser.js';
import { lowerRule } from '../../src/ir/lower/index.js';
import { loadRuleText } from '../../src/load/index.js';
import type { Rule } from '../../src/ir/types.js';
import type { MacroTable } from '../../src/macros/index.js';

/** A compact form of a search AST for table-driven tests: `AND(a=1, OR(b=2, c=3))`. */
export function showSearch(n: SearchNode | undefined): string {
  if (!n) return '<empty>';
  switch (n.kind) {
    case 'and':
      return `AND(${n.items.map(showSearch).join(', ')})`;
    case 'or':
      return `OR(${n.items.map(showSearch).join(', ')})`;
    case 'not':
      return `NOT(${showSearch(n.item)})`;
    case 'term': {
      const v = n.value.quoted ? JSON.stringify(n.value.text) : n.value.text;
      return n.value.directive ? `${n.value.directive}(${v})` : v;
    }
    case 'compare': {
      const v = n.value.quoted ? JSON.stringify(n.value.text) : n.value.text;
      return `${n.field.name}${n.op}${n.value.directive ? `${n.value.directive}(${v})` : v}`;
    }
    case 'in':
      return `${n.field.name} IN(${n.values.map((v) => (v.quoted ? JSON.stringify(v.text) : v.text)).join(', ')})`;
    case 'macro':
      return `\`${n.name}${n.args.length ? `(${n.args.join(',')})` : ''}\``;
    case 'subsearch':
      return `[${n.pipeline.stages.map((s) => s.command).join(' | ')}]`;
  }
}

/** Lower raw SPL text as a rule (the loader's raw-SPL path). */
export function lowerSpl(spl: string, macros?: MacroTable): Rule {
  const loaded = loadRuleText('test.spl', spl);
  if (!loaded.ok) throw new Error(`not loaded: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return lowerRule(loaded.value[0]!, macros ? { macros } : {});
}

const SPAN_KEYS = new Set(['span', 'nameSpan', 'patternSpan']);

/** Drop spans, recursively, so table rows compare AST shapes. */
export function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).filter(([k]) => !SPAN_KEYS.has(k)).map(([k, v]) => [k, strip(v)]));
  return x;
}

/** The last stage of a parsed pipeline (rows are written as whole pipelines), and the parse diagnostics. */
export function lastStage(spl: string): { stage: Command; cmd: Command; diagnostics: ReturnType<typeof parseSpl>['diagnostics'] } {
  const { pipeline, diagnostics } = parseSpl(spl);
  const stage = pipeline.stages[pipeline.stages.length - 1];
  if (!stage) throw new Error(`no stage in ${spl}`);
  return { stage, cmd: stage, diagnostics };
}
