/**
 * The contract of a target: it turns a lowered rule (the IR) and a field profile into an output, a fidelity
 * verdict and notes. Targets never see SPL text or the AST. Adding a target = one folder under `src/targets/`
 * exporting a `Target`, its data under `targets/`, and one line in `registry.ts`.
 */
import type { Span } from '../diagnostics/span.js';
import type { Rule } from '../ir/types.js';
import type { Profile } from './profile.js';

export type TargetName = 'esdsl' | 'kql' | 'sigma' | 'js';

/**
 * - `exact`: the same results Splunk would give, under the semantics documented in docs/semantics.md;
 * - `superset`: at least every result Splunk would give (safe as a pre-filter: never misses a detection);
 * - `partial`: part of the pipeline is not expressed (the notes say which); what is expressed is exact or a superset;
 * - `unsupported`: nothing useful can be produced.
 */
export type Fidelity = 'exact' | 'superset' | 'partial' | 'unsupported';

export interface Note {
  readonly level: 'info' | 'warning' | 'error';
  /** 0-based stage index of the IR node the note is about; null for the whole rule. */
  readonly stage: number | null;
  readonly span?: Span;
  readonly message: string;
  /**
   * This approximation may MISS results Splunk returns (e.g. KQL cannot fold case on keyword fields). Only set
   * with a `partial` verdict; the parity comparator then reports misses instead of failing.
   */
  readonly mayMiss?: boolean;
}

export interface TargetContext {
  readonly profile: Profile;
  /** `--strict`: a field the profile does not map is an error (verdict `unsupported`) instead of a note. */
  readonly strict: boolean;
}

export interface TargetResult<O = unknown> {
  readonly output: O;
  readonly fidelity: Fidelity;
  readonly notes: readonly Note[];
}

export interface Target<O = unknown> {
  readonly name: TargetName;
  readonly description: string;
  /** File extension for `convert --out` (without the dot): `json`, `kql`, `yml`, `mjs`. */
  readonly extension: string;
  /** The profile used when the user names none. */
  readonly defaultProfile: string;
  convert(rule: Rule, ctx: TargetContext): TargetResult<O>;
  /** The output as file text (what `convert --out` writes, and `--format text` prints). */
  serialize(output: O): string;
}
