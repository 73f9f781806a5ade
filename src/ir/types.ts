/**
 * The IR: the contract between the frontend (load → parse → lower) and every target. Targets see only these
 * types and a field profile — never SPL text or the AST. See docs/ir.md.
 *
 * Every node carries `origin`: the pipeline stage it came from and its span in the rule's SPL text.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { RuleFormat, RuleMeta } from '../load/types.js';
import type { ValuePattern } from '../values/pattern.js';

export const IR_VERSION = 1;

/** Where a node came from. */
export interface Origin {
  /** 0-based index of the pipeline stage in the rule's (expanded) SPL. */
  readonly stage: number;
  readonly span: Span;
  /** Macro invocations (outermost first) whose body produced the node, if any. */
  readonly macros?: readonly string[];
}

// ───────────────────────────── data source ─────────────────────────────

/** Something that selects which events a rule reads, as opposed to a predicate on event content. */
export type Selector =
  | { readonly kind: 'index' | 'sourcetype' | 'source' | 'eventtype'; readonly value: ValuePattern; readonly origin: Origin }
  /** An undefined macro used as a data source (e.g. `get_endpoint_data`): targets map it via the profile. */
  | { readonly kind: 'macro'; readonly name: string; readonly args: readonly string[]; readonly origin: Origin }
  /** `tstats … from datamodel=Endpoint.Processes [where nodename=…]`. */
  | { readonly kind: 'datamodel'; readonly model: string; readonly dataset?: string; readonly nodename?: string; readonly origin: Origin }
  /** Any other generating command (`inputlookup`, `from`, `makeresults`, …): kept as is. */
  | { readonly kind: 'generator'; readonly command: string; readonly text: string; readonly origin: Origin };

export interface DataSource {
  /** All selectors ANDed (several macros, index + sourcetype, …). Empty = all data. */
  readonly selectors: readonly Selector[];
}

// ───────────────────────────── predicates ─────────────────────────────

export type CompareOp = 'eq' | 'neq' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * Semantics shared by all leaves (docs/semantics.md):
 * - a leaf on a field is FALSE when the field is missing (including `neq`: SPL `f!=v` needs f to exist);
 *   negation is explicit (`not`), so SPL `NOT f=v` is true for events lacking f;
 * - a multivalue field satisfies a leaf when any of its values does;
 * - `caseSensitive` says how literal text compares; field names are always case-sensitive.
 */
export type Predicate =
  | { readonly kind: 'and'; readonly items: readonly Predicate[]; readonly origin: Origin }
  | { readonly kind: 'or'; readonly items: readonly Predicate[]; readonly origin: Origin }
  | { readonly kind: 'not'; readonly item: Predicate; readonly origin: Origin }
  | { readonly kind: 'true'; readonly origin: Origin }
  | { readonly kind: 'false'; readonly origin: Origin }
  /**
   * field OP value. For `eq`/`neq` the value is a pattern (wildcards allowed). For ordering ops the value is
   * literal; `numeric` says whether it parses as a number (SPL compares numerically then, else as strings).
   */
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: CompareOp;
      readonly value: ValuePattern;
      readonly caseSensitive: boolean;
      readonly numeric: boolean;
      readonly origin: Origin;
    }
  /** field equals one of the values (each a pattern); same semantics as an OR of `eq`. */
  | {
      readonly kind: 'in';
      readonly field: string;
      readonly values: readonly ValuePattern[];
      readonly caseSensitive: boolean;
      readonly origin: Origin;
    }
  /** PCRE search (unanchored) in the field's value; false when the field is missing. */
  | {
      readonly kind: 'regex';
      readonly field: string;
      /** PCRE source, exactly what the regex engine receives. */
      readonly pattern: string;
      readonly caseSensitive: boolean;
      readonly origin: Origin;
    }
  | { readonly kind: 'exists'; readonly field: string; readonly origin: Origin }
  /** The field's value (an IP) is in the CIDR range. */
  | { readonly kind: 'cidr'; readonly field: string; readonly cidr: string; readonly origin: Origin }
  /**
   * Raw-text search against `_raw`: a bare term (`mode: 'term'`, matched at breaker boundaries with `*`
   * wildcards), a quoted phrase (`'phrase'`), or `TERM(x)` (`'indexed'`: x as one indexed token).
   * `lift` is the field predicate a `TERM(f=v)` is known to stand for; targets may use it (and say so).
   */
  | {
      readonly kind: 'raw';
      readonly mode: 'term' | 'phrase' | 'indexed';
      readonly value: ValuePattern;
      readonly text: string;
      readonly caseSensitive: boolean;
      readonly lift?: { readonly field: string; readonly value: string };
      readonly origin: Origin;
    }
  /** A data-source macro used inside the boolean tree (not as a top-level conjunct). */
  | { readonly kind: 'macro'; readonly name: string; readonly args: readonly string[]; readonly origin: Origin }
  /** `[ subsearch ]`: its results become a filter at run time (the subsearch query is kept). */
  | { readonly kind: 'subsearch'; readonly query: Query; readonly origin: Origin }
  /**
   * An eval expression used as a filter that has no simpler form (e.g. `where len(x) > 10`).
   * Three-valued: a null result filters the event out.
   */
  | { readonly kind: 'expr'; readonly expr: Expr; readonly origin: Origin };

export type PredicateKind = Predicate['kind'];

// ───────────────────────────── eval expressions ─────────────────────────────

export type ExprBinaryOp =
  | 'or' | 'xor' | 'and'
  | 'eq' | 'neq' | 'lt' | 'le' | 'gt' | 'ge' | 'like'
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'concat';

export type Expr =
  | { readonly kind: 'field'; readonly name: string; readonly origin: Origin }
  | { readonly kind: 'string'; readonly value: string; readonly origin: Origin }
  | { readonly kind: 'number'; readonly value: number; readonly origin: Origin }
  | { readonly kind: 'bool'; readonly value: boolean; readonly origin: Origin }
  | { readonly kind: 'null'; readonly origin: Origin }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly origin: Origin }
  | { readonly kind: 'binary'; readonly op: ExprBinaryOp; readonly left: Expr; readonly right: Expr; readonly origin: Origin }
  | { readonly kind: 'unary'; readonly op: 'not' | 'neg'; readonly operand: Expr; readonly origin: Origin }
  | { readonly kind: 'in'; readonly operand: Expr; readonly values: readonly Expr[]; readonly origin: Origin };

// ───────────────────────────── later stages ─────────────────────────────

export interface FieldPattern {
  /** A field name, possibly with `*` wildcards. */
  readonly name: string;
}

export interface Aggregation {
  readonly fn: string;
  /** Field pattern (may be `*` or `Processes.*`); absent for `count`. */
  readonly field?: string;
  readonly evalArg?: Expr;
  /** Output name (may be a wildcard pattern matching `field`, as in `values(*) as *`). */
  readonly as: string;
}

export interface TimeSpan {
  readonly value: number;
  readonly unit: string;
  /** The span in seconds when the unit has a fixed length (s, m, h, d, w); undefined for mon/q/y. */
  readonly seconds?: number;
}

export type Stage =
  | { readonly kind: 'eval'; readonly assignments: readonly { readonly field: string; readonly expr: Expr }[]; readonly origin: Origin }
  | { readonly kind: 'rename'; readonly pairs: readonly { readonly from: string; readonly to: string }[]; readonly origin: Origin }
  /** `table` (keep + order) or `fields` (keep / remove). */
  | { readonly kind: 'fields'; readonly mode: 'table' | 'keep' | 'remove'; readonly fields: readonly string[]; readonly origin: Origin }
  | { readonly kind: 'bin'; readonly field: string; readonly as: string; readonly span?: TimeSpan; readonly bins?: number; readonly options: Readonly<Record<string, string>>; readonly origin: Origin }
  | {
      readonly kind: 'stats';
      readonly variant: 'stats' | 'eventstats' | 'streamstats' | 'tstats';
      readonly aggregations: readonly Aggregation[];
      readonly by: readonly string[];
      /** tstats `span=`: the BY `_time` is binned. */
      readonly span?: TimeSpan;
      readonly options: Readonly<Record<string, string>>;
      readonly origin: Origin;
    }
  | { readonly kind: 'dedup'; readonly fields: readonly string[]; readonly count: number; readonly options: Readonly<Record<string, string>>; readonly sortBy: readonly SortKey[]; readonly origin: Origin }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly limit?: number; readonly origin: Origin }
  | { readonly kind: 'head'; readonly count: number; readonly origin: Origin }
  | { readonly kind: 'rex'; readonly field: string; readonly mode: 'extract' | 'sed'; readonly pattern: string; readonly groups: readonly string[]; readonly maxMatch: number; readonly origin: Origin }
  | { readonly kind: 'lookup'; readonly table: string; readonly inputs: readonly { readonly field: string; readonly as: string }[]; readonly outputs: readonly { readonly field: string; readonly as: string }[]; readonly outputMode: 'OUTPUT' | 'OUTPUTNEW'; readonly options: Readonly<Record<string, string>>; readonly origin: Origin }
  | { readonly kind: 'convert'; readonly timeformat: string; readonly conversions: readonly { readonly fn: string; readonly field: string; readonly as: string }[]; readonly origin: Origin }
  | { readonly kind: 'fillnull'; readonly value: string; readonly fields: readonly string[]; readonly origin: Origin }
  | { readonly kind: 'spath'; readonly input: string; readonly output?: string; readonly path?: string; readonly origin: Origin }
  | { readonly kind: 'mvexpand'; readonly field: string; readonly limit?: number; readonly origin: Origin }
  | { readonly kind: 'join'; readonly type: 'inner' | 'outer' | 'left'; readonly fields: readonly string[]; readonly query: Query; readonly options: Readonly<Record<string, string>>; readonly origin: Origin }
  | { readonly kind: 'append'; readonly query: Query; readonly origin: Origin }
  /**
   * `iplocation`: adds the location of the IP in `field` from a GeoIP database — `outputs` are the fields it writes
   * (City, Country, Region, lat, lon; with `allfields=true` also Continent, MetroCode, Timezone), each with `prefix`.
   */
  | { readonly kind: 'iplocation'; readonly field: string; readonly prefix: string; readonly allFields: boolean; readonly lang?: string; readonly outputs: readonly string[]; readonly origin: Origin }
  /**
   * `makemv`: splits each value of `field` into several: on a literal delimiter (default a space) or with a
   * tokenizer (a PCRE matched repeatedly; each match's first group, or the whole match, is a value). Empty values are
   * dropped unless `allowEmpty`.
   */
  | { readonly kind: 'makemv'; readonly field: string; readonly split: MakemvSplit; readonly allowEmpty: boolean; readonly setsv: boolean; readonly origin: Origin }
  /**
   * `replace A WITH B, … [IN fields]`: whole-value replacements; `*` in `from` is a wildcard, `*`s in `to` take
   * what they matched. `fields` empty = every field the search did not generate.
   */
  | { readonly kind: 'replace'; readonly pairs: readonly { readonly from: string; readonly to: string }[]; readonly fields: readonly string[]; readonly origin: Origin }
  /** `fromjson field [prefix=p]`: the top-level keys of the JSON object in `field` become fields named `p<key>`. */
  | { readonly kind: 'fromjson'; readonly field: string; readonly prefix: string; readonly origin: Origin }
  /** `appendpipe [ … ]`: the sub-pipeline runs on the rows so far; its rows are appended to them. */
  | { readonly kind: 'appendpipe'; readonly stages: readonly Stage[]; readonly origin: Origin }
  /**
   * `transaction`: groups events into transactions by the values of `fields`, bounded by `maxspan`/`maxpause`/
   * `maxevents` and the `startswith`/`endswith` filters; `options` keeps every other option as written.
   */
  | {
      readonly kind: 'transaction';
      readonly fields: readonly string[];
      readonly maxspan?: TimeSpan;
      readonly maxpause?: TimeSpan;
      readonly maxevents?: number;
      readonly startswith?: Predicate;
      readonly endswith?: Predicate;
      readonly options: Readonly<Record<string, string>>;
      readonly origin: Origin;
    }
  /** A filter that could not be merged into the main filter (it follows a stage that changes rows or fields). */
  | { readonly kind: 'filter'; readonly predicate: Predicate; readonly origin: Origin }
  /**
   * A `head`-like expression limit (`head (x>1)`) or any stage we keep but do not model. `macro`: the undefined
   * macro that is the stage (`` | `hec_collect` ``) or that made its arguments unreadable.
   */
  | { readonly kind: 'opaque'; readonly command: string; readonly text: string; readonly reason: string; readonly macro?: string; readonly origin: Origin };

export type StageKind = Stage['kind'];

/** How `makemv` splits a value: on a literal delimiter, or with a tokenizer regex (PCRE source). */
export type MakemvSplit = { readonly kind: 'delim'; readonly delim: string } | { readonly kind: 'tokenizer'; readonly pattern: string };

export interface SortKey {
  readonly field: string;
  readonly descending: boolean;
  readonly mode?: 'num' | 'str' | 'ip' | 'auto';
}

// ───────────────────────────── the query ─────────────────────────────

export interface Query {
  readonly source: DataSource;
  /** One boolean tree: the first search plus every later filter stage that could be merged into it. */
  readonly filter: Predicate;
  /** The stages after the filter, in order. */
  readonly stages: readonly Stage[];
}

/** A lowered rule. */
export interface Rule {
  readonly irVersion: typeof IR_VERSION;
  readonly meta: RuleMeta;
  readonly file: string;
  readonly format: RuleFormat;
  /** The rule's SPL as written (before macro expansion). */
  readonly spl: string;
  /** The SPL after macro expansion (what was parsed). */
  readonly expandedSpl: string;
  readonly query: Query;
  /** One entry per stage of the expanded pipeline: what became of it. */
  readonly stageMap: readonly StageInfo[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Macros expanded with a definition spl2x assumes (no definition was loaded for them); absent when none. Targets
   * note each one: their verdicts hold only if the rule's environment defines the macro that way.
   */
  readonly assumptions?: readonly AssumedMacro[];
}

/** One use of a macro expanded with an assumed definition (see `MacroDef.assumption`). */
export interface AssumedMacro {
  /** `name` or `name(n)`. */
  readonly macro: string;
  readonly args: readonly string[];
  /** The use in the rule's SPL as written. */
  readonly span: Span;
  /** What the definition takes the macro to do. */
  readonly assumption: string;
}

/** How each SPL stage was lowered. */
export interface StageInfo {
  readonly index: number;
  /** Canonical command (`bin` for `bucket`), or the macro name, or the unknown command's name. */
  readonly command: string;
  /** The stage text as the rule writes it. */
  readonly text: string;
  readonly span: Span;
  /** `source`: became data-source selectors; `filter`: merged into the filter; `stage`: a later stage; `opaque`. */
  readonly loweredTo: 'source+filter' | 'filter' | 'stage' | 'opaque';
}

/** Exhaustiveness helper for `switch` over discriminated unions. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
