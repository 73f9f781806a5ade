/**
 * Types of the `esdsl` target's output: an Elasticsearch search request (index pattern + request body) and the
 * plan `responseToRows` follows to turn the responses into the rows `spl2x run` gives.
 */
import type { CompareOp, ExprBinaryOp, SortKey } from '../../ir/types.js';
import type { ValuePattern } from '../../values/pattern.js';

/** A Query DSL query (only native queries are produced: bool, term(s), wildcard, prefix, regexp, exists, range…). */
export type EsQuery = Record<string, unknown>;

/** An aggregation (composite, terms, filter, top_hits, min, …). */
export type EsAgg = Record<string, unknown>;

/** A runtime field: `runtime_mappings.<name>`. */
export interface EsRuntimeField {
  readonly type: 'keyword';
  readonly script: { readonly source: string };
}

/** The search request body sent to `GET /<index>/_search`. */
export interface EsSearchBody {
  readonly query: EsQuery;
  readonly size: number;
  readonly aggs?: Readonly<Record<string, EsAgg>>;
  /** The fields to fetch (hits only; every field the rule reads when its rows end with a field list). */
  readonly _source?: readonly string[];
  readonly runtime_mappings?: Readonly<Record<string, EsRuntimeField>>;
  readonly sort?: readonly Record<string, { readonly order: 'asc' | 'desc' }>[];
}

/**
 * The target's output.
 *
 * - `index`: the index pattern to search (comma-separated, as in `GET /<index>/_search`), from the profile's
 *   data-source mappings;
 * - `body`: the search request body, ready to send;
 * - `rows`: not sent to Elasticsearch: how `responseToRows` turns the responses (every page) into the rows
 *   `spl2x run` gives (field names back to SPL names, and the stages applied client-side).
 */
export interface EsRequest {
  readonly index: string;
  readonly body: EsSearchBody;
  readonly rows: RowPlan;
}

// ───────────────────────────── the row plan ─────────────────────────────

/**
 * Rows from hits: each document's `_source` flattened to dotted paths, plus the SPL names the rule uses for them
 * (several SPL names can map to one ES field), plus the time field as `_time` in epoch seconds; then every stage
 * runs client-side (`post`).
 */
export interface HitsPlan {
  readonly kind: 'hits';
  /** ES path → the SPL names the row also gives its value under (aliases, as `spl2x run --profile` does). */
  readonly names: Readonly<Record<string, readonly string[]>>;
  readonly timeField: string;
}

/** A BY column: the composite source of the same name. */
export interface ByColumn {
  readonly name: string;
  /** `time`: a date key (epoch ms) given as epoch seconds. */
  readonly time: boolean;
  /** tstats `fillnull_value`: the value of a missing BY field (`missing_bucket: true`). */
  readonly fill?: string;
}

/** One aggregation output column, computed from the bucket's sub-aggregation(s). */
export interface OutColumn {
  /** The row key (SPL output name). */
  readonly name: string;
  /**
   * - `count`: the bucket's doc_count; `zero`: 0 (count/dc of a field removed earlier);
   * - `value_count`: a `value_count` sub-aggregation;
   * - `values`/`dc`/`min`/`max`/`sum`/`avg`/`range`: from a `terms` sub-aggregation listing every value
   *   (`termsStats`), computed with SPL's rules client-side;
   * - `native`: a numeric metric aggregation's `value` (min/max/sum/avg on a numeric field);
   * - `hits`: `list`/`first`/`last`/`earliest`/`latest` from a `filter` + `top_hits` pair.
   */
  readonly from: 'count' | 'zero' | 'value_count' | 'terms' | 'native' | 'hits';
  readonly fn: string;
  /** The sub-aggregation's name in the bucket. */
  readonly agg?: string;
  /** The ES field (for reading `top_hits` `_source`). */
  readonly path?: string;
  /** Values are dates (epoch ms in ES): give epoch seconds. */
  readonly time?: boolean;
}

export interface AggsPlan {
  readonly kind: 'aggs';
  /** Name of the top-level aggregation: a `composite` when `by` is not empty, else a `filter` (match_all). */
  readonly agg: string;
  readonly by: readonly ByColumn[];
  readonly columns: readonly OutColumn[];
}

export interface RowPlan {
  readonly source: HitsPlan | AggsPlan;
  /** Stages applied to the rows client-side, in order. */
  readonly post: readonly RowOp[];
}

// ───────────────────────────── client-side row stages ─────────────────────────────
//
// Plain data (the plan is serialized with the request); `post.ts` runs them with the JS matcher's runtime.

/** A predicate on rows (the IR's leaves without provenance; regexes already in JavaScript syntax). */
export type RowPredicate =
  | { readonly kind: 'and' | 'or'; readonly items: readonly RowPredicate[] }
  | { readonly kind: 'not'; readonly item: RowPredicate }
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: ValuePattern; readonly caseSensitive: boolean; readonly numeric: boolean }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly ValuePattern[]; readonly caseSensitive: boolean }
  | { readonly kind: 'regex'; readonly field: string; readonly source: string; readonly flags: string }
  | { readonly kind: 'exists'; readonly field: string }
  | { readonly kind: 'cidr'; readonly field: string; readonly cidr: string }
  /** A `where` expression: holds when it evaluates to boolean `true`. */
  | { readonly kind: 'expr'; readonly expr: RowExpr };

/**
 * An eval expression (the IR's, without provenance): operators, and calls of the runtime's generic eval functions
 * (`fn_<name>` in `src/targets/js/runtime/evalfn.ts`) or of `now`, `time`, `if`, `case`, `validate`.
 */
export type RowExpr =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly RowExpr[] }
  | { readonly kind: 'binary'; readonly op: ExprBinaryOp; readonly left: RowExpr; readonly right: RowExpr }
  | { readonly kind: 'unary'; readonly op: 'not' | 'neg'; readonly operand: RowExpr }
  | { readonly kind: 'in'; readonly operand: RowExpr; readonly values: readonly RowExpr[] };

export type RowOp =
  | { readonly op: 'filter'; readonly where: RowPredicate }
  | { readonly op: 'sort'; readonly keys: readonly SortKey[]; readonly limit?: number }
  | { readonly op: 'head'; readonly count: number }
  | {
      readonly op: 'dedup';
      readonly fields: readonly string[];
      readonly count: number;
      readonly keepempty: boolean;
      readonly sortBy: readonly SortKey[];
      /** Given only when true. */
      readonly consecutive?: boolean;
      /** Given only when true. */
      readonly keepevents?: boolean;
    }
  | { readonly op: 'fields'; readonly mode: 'table' | 'keep' | 'remove'; readonly fields: readonly string[] }
  | { readonly op: 'rename'; readonly pairs: readonly { readonly from: string; readonly to: string }[] }
  | { readonly op: 'eval'; readonly assignments: readonly { readonly field: string; readonly expr: RowExpr }[] }
  | { readonly op: 'convert'; readonly timeformat: string; readonly conversions: readonly { readonly fn: string; readonly field: string; readonly as: string }[] }
  | { readonly op: 'fillnull'; readonly value: string; readonly fields: readonly string[] }
  | { readonly op: 'bin'; readonly field: string; readonly as: string; readonly seconds: number }
  /** `makemv`: split on `delim`, or into the matches of `tokenizer` (JavaScript regex source and flags). */
  | {
      readonly op: 'makemv';
      readonly field: string;
      readonly delim?: string;
      readonly tokenizer?: { readonly source: string; readonly flags: string };
      readonly allowEmpty: boolean;
    }
  | { readonly op: 'replace'; readonly pairs: readonly { readonly from: string; readonly to: string }[]; readonly fields: readonly string[] }
  | { readonly op: 'fromjson'; readonly field: string; readonly prefix: string }
  /** A later `stats`/`eventstats` over the rows (wildcard fields expanded over the rows' fields). */
  | {
      readonly op: 'stats';
      readonly variant: 'stats' | 'eventstats';
      readonly aggs: readonly { readonly fn: string; readonly field?: string; readonly as: string }[];
      readonly by: readonly string[];
    };

// ───────────────────────────── rows and responses ─────────────────────────────

export type Scalar = string | number | boolean;

/** A result row, shaped like `spl2x run`'s: a field without a value is absent; multivalue = array. */
export type Row = Record<string, Scalar | Scalar[]>;

/** The parts of an Elasticsearch search response that `responseToRows` reads. */
export interface EsResponse {
  readonly hits?: {
    readonly hits?: readonly { readonly _source?: Record<string, unknown> }[];
  };
  readonly aggregations?: Record<string, unknown>;
}
