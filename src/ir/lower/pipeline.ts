import type { Command, Pipeline } from '../../spl/ast.js';
import type { Predicate, Query, Selector, Stage, StageInfo } from '../types.js';
import { lowerCommand } from './command.js';
import { lowerTstats } from './commands/tstats.js';
import type { LowerContext } from './context.js';
import { pushBeforeStages } from './merge.js';
import { stagesOf } from './commands/types.js';
import { conjoin, conjuncts } from './predicates.js';
import { lowerSearch } from './search.js';

const SELECTOR_FIELDS = new Set(['index', 'sourcetype', 'source', 'eventtype']);

/**
 * Lower a pipeline into a query: the first stage selects data (search → selectors + filter; tstats → data model
 * + filter + aggregation; other generating commands → a generator selector); each later filter stage is merged
 * into the filter when it can be moved before the stages between (see merge.ts), else kept as a `filter` stage.
 *
 * `stageText(i)` gives stage i's text as the rule writes it; `infos` (top level only) collects what each stage
 * became. `nested` keeps the caller's stage index for provenance (subsearches).
 */
export function lowerPipeline(
  p: Pipeline,
  ctx: LowerContext,
  stageText: (c: Command) => string,
  infos?: StageInfo[],
  nested = false,
): Query {
  const selectors: Selector[] = [];
  let filter: Predicate | undefined;
  const stages: Stage[] = [];
  const outerStage = ctx.stage;
  p.stages.forEach((cmd, i) => {
    if (!nested) ctx.stage = i;
    const text = stageText(cmd);
    const info = (loweredTo: StageInfo['loweredTo']) =>
      infos?.push({ index: i, command: commandName(cmd), text, span: cmd.span, loweredTo });
    if (i === 0) {
      const first = lowerFirst(cmd, ctx, text);
      selectors.push(...first.selectors);
      filter = first.filter;
      stages.push(...first.stages);
      info(first.stages.some((s) => s.kind === 'opaque') ? 'opaque' : first.selectors.length ? 'source+filter' : 'filter');
      return;
    }
    const lowered = lowerCommand(cmd, ctx, text);
    if (lowered.kind !== 'filter') {
      const added = stagesOf(lowered);
      stages.push(...added);
      info(added.some((s) => s.kind === 'opaque') ? 'opaque' : 'stage');
      return;
    }
    const moved = pushBeforeStages(lowered.predicate, stages);
    if (moved.ok) {
      filter = filter ? conjoin(filter, moved.predicate) : moved.predicate;
      info('filter');
    } else {
      stages.push({ kind: 'filter', predicate: lowered.predicate, origin: lowered.predicate.origin });
      ctx.report('LOW010', 'info', `this filter stays after the earlier stages: ${moved.reason}`, cmd.span);
      info('stage');
    }
  });
  if (nested) ctx.stage = outerStage;
  return { source: { selectors }, filter: filter ?? { kind: 'true', origin: ctx.origin(p.span) }, stages };
}

function lowerFirst(cmd: Command, ctx: LowerContext, text: string): { selectors: Selector[]; filter: Predicate; stages: readonly Stage[] } {
  const origin = ctx.origin(cmd.span);
  switch (cmd.command) {
    case 'search': {
      const pred = cmd.expr ? lowerSearch(cmd.expr, ctx) : { kind: 'true' as const, origin };
      return { ...splitSelectors(pred), stages: [] };
    }
    case 'tstats': {
      const t = lowerTstats(cmd, ctx);
      return { selectors: t.selectors, filter: t.filter, stages: [t.stage] };
    }
    case 'macro':
      return { selectors: [{ kind: 'macro', name: cmd.macro, args: cmd.args, origin }], filter: { kind: 'true', origin }, stages: [] };
    case 'opaque':
      return { selectors: [{ kind: 'generator', command: cmd.name, text, origin }], filter: { kind: 'true', origin }, stages: [] };
    default: {
      // Any other command as the first stage (`| eval …` without a search) reads no indexed events.
      const lowered = lowerCommand(cmd, ctx, text);
      if (lowered.kind === 'filter') return { selectors: [], filter: lowered.predicate, stages: [] };
      return { selectors: [{ kind: 'generator', command: cmd.name, text, origin }], filter: { kind: 'true', origin }, stages: stagesOf(lowered) };
    }
  }
}

/**
 * A sub-pipeline of commands that runs on the rows so far (`appendpipe [ … ]`): every stage is a later stage (a
 * filter stays a `filter` stage: there is no search to merge it into). Provenance keeps the outer stage's index.
 */
export function lowerSubStages(p: Pipeline, ctx: LowerContext, stageText: (c: Command) => string): Stage[] {
  const out: Stage[] = [];
  for (const cmd of p.stages) {
    const lowered = lowerCommand(cmd, ctx, stageText(cmd));
    if (lowered.kind === 'filter') out.push({ kind: 'filter', predicate: lowered.predicate, origin: lowered.predicate.origin });
    else out.push(...stagesOf(lowered));
  }
  return out;
}

/** Top-level conjuncts that choose data (macros, index=, sourcetype=, source=, eventtype=) become selectors. */
function splitSelectors(pred: Predicate): { selectors: Selector[]; filter: Predicate } {
  const selectors: Selector[] = [];
  const rest: Predicate[] = [];
  for (const c of conjuncts(pred)) {
    if (c.kind === 'macro') selectors.push({ kind: 'macro', name: c.name, args: c.args, origin: c.origin });
    else if (c.kind === 'compare' && c.op === 'eq' && SELECTOR_FIELDS.has(c.field))
      selectors.push({ kind: c.field as 'index', value: c.value, origin: c.origin });
    else if (c.kind === 'exists' && SELECTOR_FIELDS.has(c.field))
      selectors.push({ kind: c.field as 'index', value: { parts: [{ kind: 'any' }] }, origin: c.origin });
    else rest.push(c);
  }
  const filter: Predicate =
    rest.length === 0 ? { kind: 'true', origin: pred.origin } : rest.length === 1 ? rest[0]! : { kind: 'and', items: rest, origin: pred.origin };
  return { selectors, filter };
}

function commandName(c: Command): string {
  switch (c.command) {
    case 'opaque':
      return c.name;
    case 'macro':
      return `\`${c.macro}\``;
    case 'stats':
    case 'top':
      return c.variant;
    default:
      return c.command;
  }
}
