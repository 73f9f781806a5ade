import { locate, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { RuleDoc } from '../../load/types.js';
import { MAX_EXPANDED_SPL } from '../../load/limits.js';
import { expandMacros, MacroTable, type Expansion } from '../../macros/index.js';
import type { Pipeline } from '../../spl/ast.js';
import { parseSpl } from '../../spl/parser.js';
import { IR_VERSION, type Rule, type StageInfo } from '../types.js';
import type { SemanticsOptions } from '../semantics.js';
import { LowerContext } from './context.js';
import { lowerPipeline, lowerSubStages } from './pipeline.js';

/**
 * Lowering diagnostic codes (parse codes are in `src/spl/errors.ts`, macro codes in `src/macros/codes.ts`).
 *
 * | code   | severity | meaning |
 * |--------|----------|---------|
 * | LOW001 | info     | `f!=*` never matches an event (Splunk's `!=` needs a value): lowered to `false` |
 * | LOW002 | error    | the rule has no SPL (only whitespace or comments) |
 * | LOW010 | info     | a later filter stage cannot move before the stages between it and the first search; it stays a `filter` stage (the message says why) |
 */
export interface LowerOptions {
  /** Macro definitions (defaults to the builtin ones: `drop_dm_object_name`, `*_filter`). */
  readonly macros?: MacroTable;
  /** Switches for the semantic points no source settles (see `src/ir/semantics.ts`). */
  readonly semantics?: SemanticsOptions;
}

/** The result of the frontend for one rule: the AST (for `parse`) and the IR. */
export interface Frontend {
  readonly expansion: Expansion;
  readonly pipeline: Pipeline;
  readonly rule: Rule;
}

/** load → expand macros → parse → lower. Never throws; every problem is a located diagnostic in `rule.diagnostics`. */
export function runFrontend(doc: RuleDoc, opts: LowerOptions = {}): Frontend {
  const table = opts.macros ?? MacroTable.builtin();
  const diagnostics: Diagnostic[] = doc.notes.map((n) => ({ code: 'LOAD020', severity: 'info' as const, message: n, file: doc.file }));
  const { expansion, diagnostics: macroDiags } = expandMacros(doc.spl.text, table, { maxLength: MAX_EXPANDED_SPL });
  diagnostics.push(...macroDiags);
  const parsed = parseSpl(expansion.text, (o, side) => expansion.toOriginal(o, side));
  diagnostics.push(...parsed.diagnostics);
  if (parsed.pipeline.stages.length === 0)
    diagnostics.push({ code: 'LOW002', severity: 'error', message: 'the rule has no SPL (only whitespace or comments)', span: { start: 0, end: 0 } });

  // Asked for every IR node: the defined uses are picked once.
  const definedUses = expansion.uses.filter((u) => u.defined);
  const macrosFor = (s: Span): readonly string[] =>
    definedUses.length === 0
      ? []
      : definedUses.filter((u) => u.span.start <= s.start && s.end <= u.span.end && !(u.span.start === s.start && u.span.end === s.start)).map((u) => u.name);
  const stageText = (c: { span: Span }) => doc.spl.text.slice(c.span.start, c.span.end);
  const ctx: LowerContext = new LowerContext(
    diagnostics,
    macrosFor,
    (p) => lowerPipeline(p, ctx, stageText, undefined, true),
    opts.semantics,
    (p) => lowerSubStages(p, ctx, stageText),
  );
  const infos: StageInfo[] = [];
  const query = lowerPipeline(parsed.pipeline, ctx, stageText, infos);

  const assumptions = expansion.uses
    .filter((u) => u.assumption !== undefined)
    .map((u) => ({ macro: MacroTable.key(u.name, u.args.length), args: u.args, span: u.span, assumption: u.assumption ?? '' }));
  const rule: Rule = {
    irVersion: IR_VERSION,
    meta: doc.meta,
    file: doc.file,
    format: doc.format,
    spl: doc.spl.text,
    expandedSpl: expansion.text,
    query,
    stageMap: infos,
    diagnostics: diagnostics.map((d) => locate(d, doc.spl)),
    ...(assumptions.length ? { assumptions } : {}),
  };
  return { expansion, pipeline: parsed.pipeline, rule };
}

export function lowerRule(doc: RuleDoc, opts: LowerOptions = {}): Rule {
  return runFrontend(doc, opts).rule;
}
