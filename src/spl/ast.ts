/**
 * The SPL abstract syntax tree. Every node has a `span` in the ORIGINAL rule text (a node produced by a macro
 * body spans the macro's invocation). The AST says what the text is, not what it means: meaning is decided when
 * lowering to the IR (`src/ir/lower`).
 */
import type { Span } from '../diagnostics/span.js';

// ───────────────────────────── shared pieces ─────────────────────────────

/** A word or quoted string used as an argument. */
export interface Arg {
  /** Decoded text (quotes removed, escapes resolved). */
  readonly value: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** A `key=value` command option (e.g. `span=1s`, `max_matches=1`, `summariesonly=true`). */
export interface Option {
  readonly key: string;
  readonly value: Arg;
  readonly span: Span;
}

/** A field name or field-name pattern (may contain `*`, e.g. `Processes.*`). */
export interface FieldRef {
  readonly name: string;
  readonly span: Span;
}

// ───────────────────────────── search expressions ─────────────────────────────

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A value in a search: a word or quoted phrase, possibly wrapped in TERM() or CASE(). */
export interface SearchValue {
  /** Decoded text; `*` is a wildcard (a `\*` stays as `\*`). */
  readonly text: string;
  readonly quoted: boolean;
  /** `TERM(x)`: match x as one indexed token; `CASE(x)`: case-sensitive match. */
  readonly directive?: 'TERM' | 'CASE';
  readonly span: Span;
}

export type SearchNode =
  | { readonly kind: 'and'; readonly items: readonly SearchNode[]; readonly span: Span }
  | { readonly kind: 'or'; readonly items: readonly SearchNode[]; readonly span: Span }
  | { readonly kind: 'not'; readonly item: SearchNode; readonly span: Span }
  /** A bare term, phrase, TERM() or CASE(): matched against `_raw`. */
  | { readonly kind: 'term'; readonly value: SearchValue; readonly span: Span }
  | {
      readonly kind: 'compare';
      readonly field: FieldRef;
      readonly op: CompareOp;
      readonly value: SearchValue;
      readonly span: Span;
    }
  | { readonly kind: 'in'; readonly field: FieldRef; readonly values: readonly SearchValue[]; readonly span: Span }
  /** A macro left unexpanded (undefined): a named data-source selector. */
  | { readonly kind: 'macro'; readonly name: string; readonly args: readonly string[]; readonly span: Span }
  | { readonly kind: 'subsearch'; readonly pipeline: Pipeline; readonly span: Span };

// ───────────────────────────── eval expressions ─────────────────────────────

export type BinaryOp =
  | 'OR'
  | 'XOR'
  | 'AND'
  | '='
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '.';

export type Expr =
  | { readonly kind: 'field'; readonly name: string; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly raw: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: 'NOT' | '-' | '+'; readonly operand: Expr; readonly span: Span }
  /** `x IN ("a", "b")` in where/eval. */
  | { readonly kind: 'in'; readonly operand: Expr; readonly values: readonly Expr[]; readonly span: Span };

// ───────────────────────────── commands ─────────────────────────────

interface CommandBase {
  /** The command name as written (`bucket`, `bin`, …). */
  readonly name: string;
  readonly nameSpan: Span;
  /** The whole stage, from its command name (or first token) to its end. */
  readonly span: Span;
}

export interface SearchCommand extends CommandBase {
  readonly command: 'search';
  /** Whether the word `search` was written (false for the leading implicit search). */
  readonly explicit: boolean;
  /** `undefined` for an empty search (e.g. `search *` is a term `*`). */
  readonly expr?: SearchNode;
}

export interface WhereCommand extends CommandBase {
  readonly command: 'where';
  readonly expr: Expr;
}

export interface RegexCommand extends CommandBase {
  readonly command: 'regex';
  /** `_raw` when no field is written. */
  readonly field: FieldRef;
  readonly negated: boolean;
  /** The regex after SPL string unescaping (what PCRE receives). */
  readonly pattern: string;
  readonly patternSpan: Span;
}

export interface EvalAssignment {
  readonly field: FieldRef;
  readonly expr: Expr;
  readonly span: Span;
}

export interface EvalCommand extends CommandBase {
  readonly command: 'eval';
  readonly assignments: readonly EvalAssignment[];
}

export interface TableCommand extends CommandBase {
  readonly command: 'table';
  readonly fields: readonly FieldRef[];
}

export interface FieldsCommand extends CommandBase {
  readonly command: 'fields';
  readonly mode: 'keep' | 'remove';
  readonly fields: readonly FieldRef[];
}

export interface RenamePair {
  readonly from: FieldRef;
  readonly to: FieldRef;
  readonly span: Span;
}

export interface RenameCommand extends CommandBase {
  readonly command: 'rename';
  readonly pairs: readonly RenamePair[];
}

export interface TimeSpan {
  readonly value: number;
  /** Normalised unit: s, m, h, d, w, mon, y (or `ms`, `us`…). */
  readonly unit: string;
  readonly text: string;
  readonly span: Span;
}

export interface BinCommand extends CommandBase {
  readonly command: 'bin';
  readonly options: readonly Option[];
  readonly timeSpan?: TimeSpan;
  /** `_time` when omitted. */
  readonly field: FieldRef;
  readonly fieldExplicit: boolean;
  readonly as?: FieldRef;
}

/** One aggregation: `count`, `dc(user)`, `values(*) as *`, `count(eval(x>1)) as n`. */
export interface Aggregation {
  /** Function name, lower-cased (`count`, `values`, `dc`, `distinct_count`→`dc`, `perc95`…). */
  readonly fn: string;
  /** The field argument (may be a wildcard pattern); absent for bare `count`. */
  readonly field?: FieldRef;
  /** `count(eval(…))` style argument. */
  readonly evalArg?: Expr;
  readonly as?: FieldRef;
  readonly span: Span;
}

export interface StatsCommand extends CommandBase {
  readonly command: 'stats';
  /** Which command: stats, eventstats, streamstats, chart, timechart. */
  readonly variant: 'stats' | 'eventstats' | 'streamstats';
  readonly options: readonly Option[];
  readonly aggregations: readonly Aggregation[];
  readonly by: readonly FieldRef[];
}

export interface TstatsCommand extends CommandBase {
  readonly command: 'tstats';
  /** Options before the functions: summariesonly, prestats, allow_old_summaries, fillnull_value, … */
  readonly options: readonly Option[];
  readonly aggregations: readonly Aggregation[];
  /** `from datamodel=Endpoint.Processes` → `Endpoint.Processes`; also `from datamodel Endpoint.Processes`. */
  readonly datamodel?: Arg;
  /** `where nodename=…` after the datamodel. */
  readonly nodename?: Arg;
  readonly where?: SearchNode;
  readonly by: readonly FieldRef[];
  /** `span=1h` after the BY clause. */
  readonly timeSpan?: TimeSpan;
  /** Undefined macros written among the leading options (e.g. `security_content_summariesonly` left unexpanded). */
  readonly macros?: readonly Arg[];
}

export interface DedupCommand extends CommandBase {
  readonly command: 'dedup';
  /** Leading count (`dedup 3 host`), default 1. */
  readonly count: number;
  readonly options: readonly Option[];
  readonly fields: readonly FieldRef[];
  readonly sortBy: readonly SortKey[];
}

export interface SortKey {
  readonly field: FieldRef;
  readonly descending: boolean;
  /** `num(x)`, `str(x)`, `ip(x)`, `auto(x)`. */
  readonly mode?: 'num' | 'str' | 'ip' | 'auto';
  readonly span: Span;
}

export interface SortCommand extends CommandBase {
  readonly command: 'sort';
  /** `sort 100 x` or `sort limit=100 x`; 0 = no limit; undefined = Splunk default (10000). */
  readonly limit?: number;
  readonly keys: readonly SortKey[];
}

export interface HeadCommand extends CommandBase {
  readonly command: 'head';
  readonly count?: number;
  readonly expr?: Expr;
  readonly options: readonly Option[];
}

export interface RexCommand extends CommandBase {
  readonly command: 'rex';
  /** `_raw` unless `field=` is given. */
  readonly field: FieldRef;
  readonly mode: 'extract' | 'sed';
  readonly pattern: string;
  readonly patternSpan: Span;
  readonly options: readonly Option[];
  /** Named groups (?<name>…) of an extract pattern. */
  readonly groups: readonly string[];
}

export interface LookupField {
  readonly field: FieldRef;
  readonly as?: FieldRef;
}

export interface LookupCommand extends CommandBase {
  readonly command: 'lookup';
  readonly options: readonly Option[];
  readonly table: Arg;
  readonly inputs: readonly LookupField[];
  readonly outputMode?: 'OUTPUT' | 'OUTPUTNEW';
  readonly outputs: readonly LookupField[];
}

export interface Conversion {
  /** ctime, mktime, dur2sec, memk, rmunit, rmcomma, auto, num, none, mstime. */
  readonly fn: string;
  readonly field: FieldRef;
  readonly as?: FieldRef;
  readonly span: Span;
}

export interface ConvertCommand extends CommandBase {
  readonly command: 'convert';
  readonly options: readonly Option[];
  readonly conversions: readonly Conversion[];
}

export interface FillnullCommand extends CommandBase {
  readonly command: 'fillnull';
  /** `value=` option; Splunk default "0". */
  readonly value: string;
  /** Empty = all fields. */
  readonly fields: readonly FieldRef[];
}

export interface SpathCommand extends CommandBase {
  readonly command: 'spath';
  readonly options: readonly Option[];
  readonly input?: string;
  readonly output?: string;
  readonly path?: string;
}

export interface MvexpandCommand extends CommandBase {
  readonly command: 'mvexpand';
  readonly field: FieldRef;
  readonly limit?: number;
}

export interface JoinCommand extends CommandBase {
  readonly command: 'join';
  readonly options: readonly Option[];
  readonly fields: readonly FieldRef[];
  readonly subsearch: Pipeline;
}

export interface AppendCommand extends CommandBase {
  readonly command: 'append';
  readonly options: readonly Option[];
  readonly subsearch: Pipeline;
}

export interface IplocationCommand extends CommandBase {
  readonly command: 'iplocation';
  readonly options: readonly Option[];
  /** The field holding the IP address. */
  readonly field: FieldRef;
  /** `prefix=` (default none). */
  readonly prefix: string;
  /** `allfields=true`. */
  readonly allFields: boolean;
  readonly lang?: string;
}

export interface MakemvCommand extends CommandBase {
  readonly command: 'makemv';
  readonly options: readonly Option[];
  readonly field: FieldRef;
  /** `delim=` (Splunk's default: a single space); absent when a tokenizer is given. */
  readonly delim?: string;
  /** `tokenizer=`: a regex whose matches (first group) are the values. */
  readonly tokenizer?: string;
  readonly allowEmpty: boolean;
  readonly setsv: boolean;
}

export interface ReplacePair {
  /** The value to replace (`*` wildcards). */
  readonly from: Arg;
  /** Its replacement (`*`s take what the wildcards matched). */
  readonly to: Arg;
  readonly span: Span;
}

export interface ReplaceCommand extends CommandBase {
  readonly command: 'replace';
  readonly pairs: readonly ReplacePair[];
  /** The fields after `IN`; empty = every field. */
  readonly fields: readonly FieldRef[];
}

export interface FromjsonCommand extends CommandBase {
  readonly command: 'fromjson';
  readonly options: readonly Option[];
  readonly field: FieldRef;
  readonly prefix: string;
}

export interface AppendpipeCommand extends CommandBase {
  readonly command: 'appendpipe';
  readonly options: readonly Option[];
  /** The sub-pipeline: every stage is a command run on the current rows (no leading search). */
  readonly subpipeline: Pipeline;
}

export interface TopCommand extends CommandBase {
  readonly command: 'top';
  /** `top` (most common first) or `rare` (least common first). */
  readonly variant: 'top' | 'rare';
  /** A leading `N` (same as `limit=N`). */
  readonly count?: number;
  readonly options: readonly Option[];
  readonly fields: readonly FieldRef[];
  readonly by: readonly FieldRef[];
}

/** A `startswith=`/`endswith=` filter of `transaction`: a search expression or `eval(<expression>)`. */
export type TransactionFilter =
  | { readonly kind: 'search'; readonly expr?: SearchNode; readonly span: Span }
  | { readonly kind: 'eval'; readonly expr: Expr; readonly span: Span };

export interface TransactionCommand extends CommandBase {
  readonly command: 'transaction';
  readonly fields: readonly FieldRef[];
  /** Every `key=value` option except startswith/endswith. */
  readonly options: readonly Option[];
  /** `maxspan=`/`maxpause=` read as time spans (absent when not given or `-1`, no limit). */
  readonly maxspan?: TimeSpan;
  readonly maxpause?: TimeSpan;
  readonly startswith?: TransactionFilter;
  readonly endswith?: TransactionFilter;
}

/** A command that is a macro left unexpanded (`| `foo``): kept, with a diagnostic. */
export interface MacroCommand extends CommandBase {
  readonly command: 'macro';
  readonly macro: string;
  readonly args: readonly string[];
}

/** A command we do not model: kept verbatim with a diagnostic, never dropped. */
export interface OpaqueCommand extends CommandBase {
  readonly command: 'opaque';
  /** The raw argument text after the command name. */
  readonly argsText: string;
  /** Subsearches found inside, parsed (so their data sources are still seen). */
  readonly subsearches: readonly Pipeline[];
  /** The undefined macro that made a known command's arguments unreadable (`` table a `more_fields` ``). */
  readonly macro?: string;
}

export type Command =
  | SearchCommand
  | WhereCommand
  | RegexCommand
  | EvalCommand
  | TableCommand
  | FieldsCommand
  | RenameCommand
  | BinCommand
  | StatsCommand
  | TstatsCommand
  | DedupCommand
  | SortCommand
  | HeadCommand
  | RexCommand
  | LookupCommand
  | ConvertCommand
  | FillnullCommand
  | SpathCommand
  | MvexpandCommand
  | JoinCommand
  | AppendCommand
  | IplocationCommand
  | MakemvCommand
  | ReplaceCommand
  | FromjsonCommand
  | AppendpipeCommand
  | TopCommand
  | TransactionCommand
  | MacroCommand
  | OpaqueCommand;

export type CommandKind = Command['command'];

export interface Pipeline {
  readonly stages: readonly Command[];
  readonly span: Span;
}
