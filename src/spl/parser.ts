import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { cover, type Span } from '../diagnostics/span.js';
import type { Command, Pipeline } from './ast.js';
import type { CommandHead } from './command-spec.js';
import { commandSpec } from './commands/index.js';
import { opaqueStage } from './commands/opaque.js';
import { search } from './commands/search.js';
import { StageCursor } from './cursor.js';
import { StageError } from './errors.js';
import { Scanner, TokenCache, type OffsetMapper } from './scanner.js';
import { splitMacro } from './search-expr.js';

export interface ParseResult {
  readonly pipeline: Pipeline;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parse SPL (already macro-expanded) into a pipeline. Never throws: every problem is a diagnostic, and a stage
 * that cannot be parsed is kept as an opaque stage, so one bad stage never loses the others.
 *
 * `mapper` maps offsets of `text` back to the original rule text (macro expansion), so spans point at what the
 * user wrote.
 */
export function parseSpl(text: string, mapper?: OffsetMapper): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const scanner = new Scanner(text, 0, text.length, mapper, new TokenCache(text.length));
  const pipeline = parseRange(scanner, 0, text.length, diagnostics, 0, mapper, undefined);
  return { pipeline, diagnostics };
}

/** Sub-pipelines already parsed in one `parseSpl` call (keyed by its diagnostics array), by range. */
const subCache = new WeakMap<Diagnostic[], Map<string, { pipeline: Pipeline; diagnostics: Diagnostic[] }>>();

function parseRange(
  outer: Scanner,
  start: number,
  end: number,
  diagnostics: Diagnostic[],
  depth: number,
  mapper: OffsetMapper | undefined,
  /** For a subsearch: the top-level stage it sits in (diagnostics report that stage). */
  outerStage: number | undefined,
  /** Every stage is a command (a sub-pipeline such as appendpipe's): none is an implicit search. */
  commands = false,
): Pipeline {
  const split = splitStages(outer.text, start, end, mapper, diagnostics, outer.shared);
  const ranges = splitTrailingMacros(outer.text, commands ? split.map((r) => ({ ...r, piped: true })) : split, mapper, outer.shared);
  const stages: Command[] = [];
  ranges.forEach((r, i) => {
    const scanner = new Scanner(outer.text, r.start, r.end, mapper, outer.shared);
    const stageIndex = outerStage ?? i;
    // A stage that fails is re-read as an opaque stage, which parses its subsearches again: the cache makes that
    // second reading free (no work doubling with each level of nesting); it gives back the subsearch's diagnostics
    // that the failed reading took back, and no duplicates.
    const subParse = (s: number, e: number, cmds?: boolean): Pipeline => {
      const cache = (subCache.get(diagnostics) ?? subCache.set(diagnostics, new Map()).get(diagnostics))!;
      const key = `${s}:${e}:${cmds === true}`;
      const hit = cache.get(key);
      if (hit) {
        const present = new Set(diagnostics);
        for (const d of hit.diagnostics) if (!present.has(d)) diagnostics.push(d);
        return hit.pipeline;
      }
      const before = diagnostics.length;
      const pipeline = parseRange(outer, s, e, diagnostics, depth + 1, mapper, stageIndex, cmds);
      cache.set(key, { pipeline, diagnostics: diagnostics.slice(before) });
      return pipeline;
    };
    const cursor = new StageCursor(scanner, stageIndex, diagnostics, subParse, depth);
    const stage = parseStage(cursor, r, i, diagnostics);
    if (stage) stages.push(stage);
  });
  const whole = new Scanner(outer.text, start, end, mapper).span(start, end);
  return { stages, span: stages.length ? cover(stages[0]!.span, stages[stages.length - 1]!.span) : whole };
}

interface StageRange {
  start: number;
  end: number;
  /** Whether the stage was introduced by a `|` (so its first word is a command name). */
  piped: boolean;
  pipeSpan?: Span;
}

/** Split a range on top-level pipes (outside quotes, comments and subsearch brackets). */
function splitStages(
  text: string,
  start: number,
  end: number,
  mapper: OffsetMapper | undefined,
  diagnostics: Diagnostic[],
  shared: TokenCache | undefined,
): StageRange[] {
  const s = new Scanner(text, start, end, mapper, shared);
  const out: StageRange[] = [];
  let cur: StageRange = { start, end, piped: false };
  let depth = 0;
  for (;;) {
    const t = s.next('search');
    if (t.kind === 'eof') break;
    if (t.kind === 'lbracket') depth++;
    else if (t.kind === 'rbracket') depth = Math.max(0, depth - 1);
    else if (t.kind === 'pipe' && depth === 0) {
      cur.end = t.start;
      out.push(cur);
      cur = { start: t.end, end, piped: true, pipeSpan: t.span };
    }
  }
  out.push(cur);
  // The text before a leading pipe is empty: drop it (a pipeline may start with `| tstats`).
  const first = out[0]!;
  if (!first.piped && text.slice(first.start, first.end).trim() === '' && out.length > 1) out.shift();
  return out.filter((r, i) => {
    if (text.slice(r.start, r.end).replace(/```[\s\S]*?```/g, '').trim() !== '') return true;
    if (i === 0 && !r.piped) return false; // empty rule text: reported by the caller
    diagnostics.push(diag('SPL006', 'error', 'empty stage: nothing between two pipes, or a trailing pipe', { span: r.pipeSpan ?? s.span(r.start, r.end), stage: i }));
    return false;
  });
}

/**
 * Undefined macros written at the end of a command's arguments (catalog rules write
 * `| table a, b `group_events("host", 1)` `hec_collect``) stand for stages of their own: their definitions start
 * with a pipe. Each becomes its own (macro) stage instead of a bogus argument. Only for commands whose arguments
 * are field lists or expressions: in `search` a macro is a data-source selector, in `rex`/`lookup`/`join` it may be
 * an argument.
 */
/** Commands whose arguments cannot end in a macro (a macro there is a stage of its own). */
const FIELD_LIST_COMMANDS = new Set([
  'table', 'fields', 'where', 'stats', 'eventstats', 'streamstats', 'eval', 'dedup', 'sort', 'rename', 'bin',
  'bucket', 'head', 'fillnull', 'convert', 'mvexpand', 'spath', 'iplocation', 'makemv', 'fromjson', 'replace', 'top',
  'rare', 'transaction',
]);

function splitTrailingMacros(text: string, ranges: StageRange[], mapper: OffsetMapper | undefined, shared: TokenCache | undefined): StageRange[] {
  const out: StageRange[] = [];
  for (const r of ranges) {
    const s = new Scanner(text, r.start, r.end, mapper, shared);
    const first = s.next('search');
    if (!r.piped || first.kind !== 'word' || !FIELD_LIST_COMMANDS.has(first.value.toLowerCase())) {
      out.push(r);
      continue;
    }
    const tokens = [];
    for (let t = s.next('search'); t.kind !== 'eof'; t = s.next('search')) tokens.push(t);
    let k = tokens.length;
    while (k > 0 && tokens[k - 1]!.kind === 'macro') k--;
    if (k === tokens.length || k === 0) {
      out.push(r);
      continue;
    }
    out.push({ ...r, end: tokens[k]!.start });
    for (let i = k; i < tokens.length; i++) out.push({ start: tokens[i]!.start, end: tokens[i]!.end, piped: true, pipeSpan: tokens[i]!.span });
  }
  return out;
}

function parseStage(c: StageCursor, r: StageRange, index: number, diagnostics: Diagnostic[]): Command | undefined {
  const first = c.peek();
  const stageSpan = c.scanner.span(first.start, lastTokenEnd(c, r));
  // The first stage without a leading pipe is a search: implicit, or with the word `search` written.
  if (!r.piped && !(first.kind === 'word' && first.value.toLowerCase() === 'search' && isCommandWord(c))) {
    const head: CommandHead = { name: 'search', nameSpan: { start: stageSpan.start, end: stageSpan.start }, span: stageSpan };
    return guarded(c, head, diagnostics, () => {
      const cmd = search.parse(c, head);
      return cmd.command === 'search' ? { ...cmd, explicit: false } : cmd;
    });
  }
  if (first.kind === 'macro' && first.flag === false) {
    diagnostics.push(diag('SPL007', 'error', 'unterminated macro backtick', { span: first.span, stage: index }));
    return opaqueStage(c, { name: '', nameSpan: first.span, span: stageSpan });
  }
  if (first.kind === 'macro') {
    c.next();
    const { name, args } = splitMacro(first.value);
    const rest = c.peek();
    if (rest.kind !== 'eof') {
      // A macro followed by arguments: keep the whole stage opaque, named after the macro.
      const head: CommandHead = { name: `\`${first.value}\``, nameSpan: first.span, span: stageSpan };
      c.warn('SPL021', `macro \`${name}\` used as a command is not defined; the stage is kept verbatim`, first.span);
      return { ...opaqueStage(c, head), macro: name };
    }
    c.info('SPL021', `macro \`${name}\` used as a command is not defined; kept as a named stage`, first.span);
    return { command: 'macro', name: first.value, nameSpan: first.span, span: first.span, macro: name, args };
  }
  if (first.kind !== 'word') {
    diagnostics.push(diag('SPL001', 'error', `expected a command name, found '${first.text}'`, { span: first.span, stage: index }));
    const head: CommandHead = { name: '', nameSpan: first.span, span: stageSpan };
    return opaqueStage(c, head);
  }
  c.next();
  const head: CommandHead = { name: first.value, nameSpan: first.span, span: stageSpan };
  const spec = commandSpec(first.value);
  if (!spec) {
    c.warn('SPL020', `command '${first.value}' is not modelled; the stage is kept verbatim and no target can translate it exactly`, first.span);
    return opaqueStage(c, head);
  }
  return guarded(c, head, diagnostics, () => spec.parse(c, head));
}

function isCommandWord(c: StageCursor): boolean {
  // `search` at the very start is the command only when followed by something that is not an operator.
  const next = c.peekAt(1);
  return !(next.kind === 'op');
}

function lastTokenEnd(c: StageCursor, r: StageRange): number {
  const t = c.scanner.text.slice(r.start, r.end);
  return r.start + t.trimEnd().length;
}

function guarded(c: StageCursor, head: CommandHead, diagnostics: Diagnostic[], parse: () => Command): Command {
  const start = c.scanner.offset;
  try {
    const cmd = parse();
    const left = c.peek();
    if (left.kind !== 'eof') throw c.unexpected(left, `end of '${head.name}' stage`);
    return cmd;
  } catch (e) {
    if (!(e instanceof StageError)) throw e;
    diagnostics.push(diag(e.code, 'error', `${head.name}: ${e.message}`, { span: e.span, stage: c.stageIndex }));
    c.scanner.reset(start);
    return opaqueStage(c, head);
  }
}
