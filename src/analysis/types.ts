import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TechniqueRef } from '../load/types.js';

/** Indicator / exclusion kinds (what the rule tests a field for). */
export type IndicatorKind = 'eq' | 'neq' | 'wildcard' | 'regex_match' | 'in' | 'lt' | 'le' | 'gt' | 'ge' | 'exists' | 'cidr';

export interface FieldTest {
  readonly field: string;
  readonly kind: IndicatorKind;
  readonly values: readonly string[];
}

export interface Indicator extends FieldTest {
  /** How many OTHER rules of the `--catalog` directory test the same field + kind + one of these values; null without a catalog. */
  readonly corpus: number | null;
}

/** A predicate of a stage, for display: a field test, or an expression / macro / subsearch / raw search. */
export interface StagePredicate {
  readonly negated: boolean;
  readonly field: string | null;
  readonly kind: IndicatorKind | 'raw_term' | 'raw_phrase' | 'raw_indexed' | 'expr' | 'macro' | 'subsearch' | 'true' | 'false';
  readonly values: readonly string[];
  /** For `TERM(f=v)`: the field test it is known to stand for. */
  readonly means?: FieldTest;
}

export interface StageAnalysis {
  /** 1-based, as people count stages. */
  readonly index: number;
  readonly command: string;
  readonly text: string;
  readonly predicates: readonly StagePredicate[];
}

export interface SearchTerm {
  readonly stage: number;
  readonly term: string;
}

/** What `spl2x explain --format json` prints: exactly these keys. */
export interface Explanation {
  readonly rule: { readonly id: string | null; readonly title: string | null; readonly techniques: readonly TechniqueRef[]; readonly references: readonly string[] };
  readonly stages: readonly StageAnalysis[];
  readonly exclusions: readonly FieldTest[];
  readonly indicators: readonly Indicator[];
  readonly searchTerms: readonly SearchTerm[];
  readonly diagnostics: readonly Diagnostic[];
}
