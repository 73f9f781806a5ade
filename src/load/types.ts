import type { SplSource } from '../diagnostics/source.js';

/** The formats the loader recognises, by content. */
export type RuleFormat = 'catalog' | 'catalog-page' | 'escu' | 'spl';

/** A MITRE ATT&CK technique the rule declares. */
export interface TechniqueRef {
  /** e.g. `T1543.003` */
  readonly id: string;
  /** e.g. `Create or Modify System Process: Windows Service`, when the rule or our table knows it. */
  readonly name?: string;
  /** Tactic slugs, e.g. `persistence`, `privilege-escalation`. */
  readonly tactics: readonly string[];
}

/** Rule metadata, normalised across formats. Absent fields are `undefined` / empty arrays, never invented. */
export interface RuleMeta {
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly techniques: readonly TechniqueRef[];
  readonly references: readonly string[];
  /** Catalog `data_category`, security-content `data_source`. */
  readonly dataCategories: readonly string[];
}

/** One rule, loaded: its metadata and its SPL (with a map back to the file for positioned errors). */
export interface RuleDoc {
  /** The path given by the user (or `-` for stdin). */
  readonly file: string;
  readonly format: RuleFormat;
  readonly meta: RuleMeta;
  readonly spl: SplSource;
  /** Loader notes that are not errors (e.g. "repaired the indentation of 12 continuation lines"). */
  readonly notes: readonly string[];
}
