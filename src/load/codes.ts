/**
 * Diagnostic codes of the loader. The table with explanations is at the top of `index.ts`; keep both in step.
 */
import { diag, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';

export const LOAD = {
  /** The file (or stdin) cannot be read. */
  unreadable: 'LOAD001',
  /** The content is not UTF-8 text (NUL bytes, invalid UTF-8). */
  notText: 'LOAD002',
  /** The file holds no rule text at all. */
  empty: 'LOAD003',
  /** The rule YAML is malformed (js-yaml error, with line, column and frame). */
  badYaml: 'LOAD004',
  /** A YAML mapping that is not a rule: neither `logic` nor `search`. */
  notRule: 'LOAD005',
  /** `logic_format` is not Splunk: only Splunk rules can be converted. */
  notSplunk: 'LOAD006',
  /** A catalog rule without a `logic` field. */
  missingLogic: 'LOAD007',
  /** `logic` / `search` is not a non-empty string. */
  badLogic: 'LOAD008',
  /** Catalog page: the repaired "Rule body yaml" section is still not valid YAML. */
  pageUnrepairable: 'LOAD009',
  /** Catalog page without a (non-empty) "Rule body yaml" section. */
  pageNoBody: 'LOAD010',
  /** The file is larger than `MAX_RULE_FILE_BYTES` (64 KiB). */
  tooLarge: 'LOAD011',
  /** A line is longer than `MAX_LINE_LENGTH` (16,384 characters). */
  lineTooLong: 'LOAD012',
  /** YAML collections nested deeper than `MAX_YAML_DEPTH` (100). */
  yamlTooDeep: 'LOAD013',
  /** YAML that expands (through aliases) to more than `MAX_YAML_NODES` (100,000) nodes: an alias bomb. */
  yamlBomb: 'LOAD014',
  /** A YAML stream with more than `MAX_YAML_DOCUMENTS` (100) documents. */
  tooManyDocs: 'LOAD015',
  /** info: a loader note about a rule that loaded (lines repaired, techniques paired by list order, …). */
  note: 'LOAD020',
} as const;

export type LoadCode = (typeof LOAD)[keyof typeof LOAD];

/**
 * A loader diagnostic about a whole file: placed at its start (line 1, column 1) unless a position is given, so that
 * every rejection of a file's content is positioned. `LOAD001` (nothing could be read) passes `null`: no position.
 */
export function loadDiag(
  code: LoadCode,
  message: string,
  file: string,
  severity: Severity = 'error',
  at: { line: number; column: number } | null = { line: 1, column: 1 },
): Diagnostic {
  return diag(code, severity, message, at ? { file, ...at } : { file });
}
