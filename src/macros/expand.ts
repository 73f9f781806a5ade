import { diag, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { span, type Span } from '../diagnostics/span.js';
import { MacroCode } from './codes.js';
import { OffsetMap, OffsetMapBuilder } from './offset-map.js';
import { bindArgs, closeQuote, parseUse, substitute } from './syntax.js';
import { MacroTable } from './table.js';
import type { Expansion, MacroDef, MacroUse } from './types.js';

export interface ExpandOptions {
  /** Deepest nesting of macro bodies expanded (default 50); a use deeper than that is an error (MAC011). */
  maxDepth?: number;
  /** Longest expanded text, in UTF-16 units (default 10 MiB); longer is an error (MAC012) and nothing is expanded. */
  maxLength?: number;
  /** Most macro expansions in one text (default 100,000), a guard against exponential fan-out (MAC012). */
  maxExpansions?: number;
}

export const DEFAULT_MAX_DEPTH = 50;
export const DEFAULT_MAX_LENGTH = 10 * 1024 * 1024;
export const DEFAULT_MAX_EXPANSIONS = 100_000;

/**
 * Expands Splunk search macros textually, as Splunk does.
 *
 * - A use is `` `name` `` or `` `name(a, b)` `` / `` `name(x=a, y=b)` ``; its arity is the number of arguments and
 *   selects the stanza `name(arity)`. The body (after `$arg$` substitution) replaces the use as is, with no spaces
 *   added, and is itself expanded (nested macros), with cycle detection and a depth limit.
 * - Nothing inside double-quoted strings (with `\"` escapes) or ```` ```…``` ```` comments is expanded; comments stay
 *   in the text for the lexer to drop. Outside quotes a backslash escapes the next character too, so `\"` does not
 *   open a string (security content writes `…=*\"privileged\":true*`) and `` \` `` is no macro delimiter.
 * - Uses that are undefined, of a wrong arity, `iseval = 1`, or would close a cycle stay in the text exactly as
 *   written (an undefined macro is a named data-source selector for later stages).
 * - Every well-formed use met (also those inside bodies) is listed in `uses`, in text order; malformed ones
 *   (MAC013) are not.
 * - If the output would exceed `maxLength` (or `maxExpansions`), the original text is returned unexpanded with MAC012.
 */
export function expandMacros(
  spl: string,
  table: MacroTable,
  opts: ExpandOptions = {},
): { expansion: Expansion; diagnostics: Diagnostic[] } {
  const ex = new Expander(table, {
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: opts.maxLength ?? DEFAULT_MAX_LENGTH,
    maxExpansions: opts.maxExpansions ?? DEFAULT_MAX_EXPANSIONS,
  });
  ex.scan(spl, TOP);
  if (ex.aborted) {
    // Too large: give back the original text, unexpanded, with the error (only the rule's own uses: the bodies'
    // are not in the text).
    const uses = ex.uses.filter((u) => !u.via?.length).map((u) => ({ ...u, expanded: false }));
    return { expansion: makeExpansion(spl, OffsetMap.identity(spl.length), uses), diagnostics: unique(ex.diagnostics) };
  }
  const text = ex.out.text();
  return { expansion: makeExpansion(text, ex.out.build(spl.length), ex.uses), diagnostics: unique(ex.diagnostics) };
}

/** Diagnostics without repeats (a body expanded 100,000 times reports its problem once per place, not per use). */
function unique(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}\0${d.severity}\0${d.span?.start}:${d.span?.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function makeExpansion(text: string, map: OffsetMap, uses: readonly MacroUse[]): Expansion {
  return {
    text,
    uses,
    toOriginal: (offset, side) => map.toOriginal(offset, side),
    macrosAt: (offset) => map.macrosAt(offset),
  };
}

/**
 * `"a, b"` → `a, b` (with `\"` → `"`) when the whole argument is one double-quoted string; a lone opening quote that
 * never closes (`"host`, reported as MAC024) is dropped too. Anything else is unchanged.
 */
function unquote(value: string): string {
  const v = value.trim();
  if (v.length === 0 || v.charCodeAt(0) !== QUOTE) return value;
  const end = closeQuote(v, 0);
  if (end === v.length) return v.slice(1, -1).replace(/\\"/g, '"');
  return end < 0 ? v.slice(1) : value;
}

/** Where the text being scanned comes from. */
interface Context {
  /** Outermost invocation span in the original; undefined when scanning the original SPL itself. */
  readonly span: Span | undefined;
  /** Macro names whose bodies are being expanded, outermost first (shared by all segments of one body). */
  readonly chain: readonly string[];
  /** Stanza keys (`name(n)`) being expanded, for cycle detection, in the same order as `chain`. */
  readonly keys: readonly string[];
}

const TOP: Context = { span: undefined, chain: [], keys: [] };

const BACKTICK = 0x60;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class Expander {
  readonly out = new OffsetMapBuilder();
  readonly uses: MacroUse[] = [];
  readonly diagnostics: Diagnostic[] = [];
  aborted = false;
  private expansions = 0;

  constructor(
    private readonly table: MacroTable,
    private readonly limits: { maxDepth: number; maxLength: number; maxExpansions: number },
  ) {}

  /** Scans `text` (the SPL, or a substituted body), copying it to the output and expanding the uses in it. */
  scan(text: string, ctx: Context): void {
    const n = text.length;
    let runStart = 0;
    let i = 0;
    while (i < n && !this.aborted) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const end = closeQuote(text, i);
        if (end < 0) {
          this.report(MacroCode.unclosedQuote, 'warning', 'double-quoted string never closes; macros after it are not expanded', ctx, i, n);
          break;
        }
        i = end;
      } else if (c === BACKSLASH) {
        i += 2; // an escaped character (e.g. `\"` outside quotes) is not a quote, comment or macro delimiter
      } else if (c === BACKTICK) {
        if (text.startsWith('```', i)) {
          const close = text.indexOf('```', i + 3);
          if (close < 0) {
            this.report(MacroCode.unclosedComment, 'error', '``` comment never closes; the text is kept as is', ctx, i, n);
            break;
          }
          i = close + 3;
          continue;
        }
        const close = text.indexOf('`', i + 1);
        if (close < 0) {
          this.report(MacroCode.unclosedBacktick, 'error', 'backtick never closes; the text is kept as is', ctx, i, n);
          break;
        }
        this.emit(text, runStart, i, ctx);
        this.use(text, i, close + 1, ctx);
        runStart = i = close + 1;
      } else {
        i++;
      }
    }
    this.emit(text, runStart, n, ctx);
  }

  /** Handles the use `text[start, end)` (backticks included). */
  private use(text: string, start: number, end: number, ctx: Context): void {
    const useSpan = ctx.span ?? span(start, end);
    const where = ctx.chain.length ? ` (in the body of \`${ctx.chain.at(-1)}\`)` : '';
    const parsed = parseUse(text.slice(start + 1, end - 1));
    const keep = () => this.emit(text, start, end, ctx);
    if (!parsed.ok) {
      this.diagnostics.push(diag(MacroCode.malformedUse, 'error', `malformed macro use: ${parsed.reason}${where}; kept as is`, { span: useSpan }));
      return keep();
    }
    const { name, args } = parsed;
    if (parsed.looseQuote) {
      this.diagnostics.push(
        diag(MacroCode.looseQuote, 'warning', `a double quote in the arguments of \`${name}\` never closes; taken as a plain character${where}`, {
          span: useSpan,
        }),
      );
    }
    const record = (defined: boolean, expanded: boolean) =>
      this.uses.push({ name, args, span: useSpan, defined, expanded, via: ctx.chain });
    const display = MacroTable.key(name, args.length);
    const def = this.table.get(name, args.length);
    if (!def) {
      record(false, false);
      const arities = this.table.arities(name);
      if (arities.length === 0) {
        this.diagnostics.push(
          diag(MacroCode.undefined, 'info', `macro \`${display}\` is not defined; kept as a data-source selector${where}`, { span: useSpan }),
        );
      } else {
        const defined = arities.map((a) => MacroTable.key(name, a)).join(', ');
        this.diagnostics.push(
          diag(
            MacroCode.wrongArity,
            'warning',
            `macro \`${name}\` used with ${args.length} argument(s), but only ${defined} ${arities.length === 1 ? 'is' : 'are'} defined${where}; kept as is`,
            { span: useSpan },
          ),
        );
      }
      return keep();
    }
    if (def.iseval) {
      record(true, false);
      this.diagnostics.push(
        diag(MacroCode.iseval, 'warning', `macro \`${display}\` is an eval macro (iseval = 1), which is not evaluated${where}; kept as is`, {
          span: useSpan,
        }),
      );
      return keep();
    }
    const key = display;
    const cycleAt = ctx.keys.indexOf(key);
    if (cycleAt >= 0) {
      record(true, false);
      const cycle = [...ctx.keys.slice(cycleAt), key].join(' → ');
      this.diagnostics.push(diag(MacroCode.cycle, 'error', `macro cycle: ${cycle}; \`${display}\` is left unexpanded`, { span: useSpan }));
      return keep();
    }
    if (ctx.keys.length >= this.limits.maxDepth) {
      record(true, false);
      this.diagnostics.push(
        diag(MacroCode.depth, 'error', `macros nested deeper than ${this.limits.maxDepth} (${[...ctx.keys, key].join(' → ')}); \`${display}\` is left unexpanded`, {
          span: useSpan,
        }),
      );
      return keep();
    }
    if (++this.expansions > this.limits.maxExpansions) {
      return this.abort(`more than ${this.limits.maxExpansions} macro expansions`, useSpan);
    }
    if (def.assumption !== undefined) {
      this.uses.push({ name, args, span: useSpan, defined: true, expanded: true, via: ctx.chain, assumption: def.assumption });
      this.diagnostics.push(
        diag(
          MacroCode.assumed,
          'warning',
          `macro \`${display}\` has no definition here; spl2x assumes it is ${def.assumption}${where} (load the real definition with --macros to replace it)`,
          { span: useSpan },
        ),
      );
    } else {
      record(true, true);
    }
    const body = this.body(def, args, useSpan, where);
    this.scan(body, { span: useSpan, chain: [...ctx.chain, name], keys: [...ctx.keys, key] });
  }

  /** The body of `def` with the use's arguments substituted. */
  private body(def: MacroDef, args: readonly string[], useSpan: Span, where: string): string {
    const bound = bindArgs(def.args, args);
    if (bound.unmatchedNames) {
      this.diagnostics.push(
        diag(
          MacroCode.namedArgsMismatch,
          'warning',
          `arguments of \`${MacroTable.key(def.name, args.length)}\` look named (${bound.unmatchedNames.join(', ')}) but the definition's are (${def.args.join(', ')})${where}; bound by position`,
          { span: useSpan },
        ),
      );
    }
    return substitute(def.definition, def.args, def.unquoteArgs ? bound.values.map(unquote) : bound.values);
  }

  /** Copies `text[from, to)` to the output, as original text or as body text of the current invocation. */
  private emit(text: string, from: number, to: number, ctx: Context): void {
    if (to <= from || this.aborted) return;
    if (this.out.length + (to - from) > this.limits.maxLength) {
      return this.abort(`expanded text longer than ${this.limits.maxLength} characters`, ctx.span ?? span(from, to));
    }
    if (ctx.span) this.out.macro(text.slice(from, to), ctx.span, ctx.chain);
    else this.out.original(text.slice(from, to), from);
  }

  private abort(reason: string, at: Span): void {
    if (this.aborted) return;
    this.aborted = true;
    this.diagnostics.push(diag(MacroCode.tooLarge, 'error', `macro expansion stopped: ${reason}; the text is left unexpanded`, { span: at }));
  }

  /** Reports a problem at `text[from, to)`, or at the invocation span inside a body. */
  private report(code: string, severity: Severity, message: string, ctx: Context, from: number, to: number): void {
    const where = ctx.chain.length ? ` (in the body of \`${ctx.chain.at(-1)}\`)` : '';
    this.diagnostics.push(diag(code, severity, message + where, { span: ctx.span ?? span(from, to) }));
  }
}
