/**
 * Shared helpers for the YAML rule formats: the YAML text being parsed and how it maps into the file shown to the
 * user (the same text, or the catalog page it was repaired from), js-yaml errors as positioned diagnostics, the
 * SPL source of a rule's `logic` / `search` field, and tolerant field readers.
 */
import yaml from 'js-yaml';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SplSource, lineStarts, safeCodeFrame, toPosition } from '../diagnostics/source.js';
import type { LoadCode } from './codes.js';
import { findTopLevelKey, mapTopLevelScalar } from './yaml-scalar-map.js';

/** YAML text to parse, and where it lives in the file the user gave. */
export interface YamlInput {
  readonly file: string;
  /** The text js-yaml parses. */
  readonly yamlText: string;
  /** The file's text (positions and code frames point here). */
  readonly fileText: string;
  /** Offset in `yamlText` → offset in `fileText` (identity for YAML files). */
  readonly toFile: (yamlOffset: number) => number;
}

export type YamlMapping = Record<string, unknown>;

export function isMapping(v: unknown): v is YamlMapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A diagnostic at a file offset, with line, column and code frame. */
export function diagAt(code: LoadCode, message: string, file: string, fileText: string, offset: number): Diagnostic {
  const pos = toPosition(lineStarts(fileText), Math.max(0, Math.min(offset, fileText.length)));
  const frame = safeCodeFrame(fileText, { start: pos }, 2);
  return { ...diag(code, 'error', message, { file, ...pos }), frame };
}

/** A js-yaml exception as a positioned diagnostic (position mapped into the file). */
export function yamlErrorDiag(code: LoadCode, what: string, input: YamlInput, e: unknown): Diagnostic {
  if (e instanceof yaml.YAMLException) {
    const offset = e.mark ? input.toFile(e.mark.position) : 0;
    return diagAt(code, `${what}: ${e.reason}`, input.file, input.fileText, offset);
  }
  return diagAt(code, `${what}: ${e instanceof Error ? e.message : String(e)}`, input.file, input.fileText, 0);
}

/** Parse all documents of a YAML stream, or the exception js-yaml threw. */
export function parseYaml(text: string): { docs: unknown[] } | { error: unknown } {
  try {
    return { docs: yaml.loadAll(text).filter((d) => d !== null && d !== undefined) };
  } catch (error) {
    return { error };
  }
}

/**
 * The SPL source of a top-level scalar field. Mapped into the file when `yaml-scalar-map` can rebuild the value
 * exactly; otherwise unmapped (positions relative to the SPL text), with a note saying so.
 */
export function scalarSource(
  input: YamlInput,
  field: string,
  value: string,
  occurrence: number,
): { spl: SplSource; notes: string[] } {
  const map = mapTopLevelScalar(input.yamlText, field, value, occurrence);
  if (!map) {
    return {
      spl: new SplSource(input.file, value, undefined, undefined, field),
      notes: [`positions in \`${field}\` are relative to the SPL text: its YAML scalar could not be mapped back to the file`],
    };
  }
  return { spl: new SplSource(input.file, value, input.fileText, (i) => input.toFile(map(i)), field), notes: [] };
}

/** A scalar field as a string (numbers keep their spelling in the file, e.g. an unquoted id `5399.5490`). */
export function str(doc: YamlMapping, key: string, input?: YamlInput, occurrence = 0): string | undefined {
  const v = doc[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && input) {
    const at = findTopLevelKey(input.yamlText, key, occurrence);
    const raw = at === undefined ? undefined : /^[ \t]*([^\s#]+)/.exec(input.yamlText.slice(at))?.[1];
    return raw !== undefined && Number(raw) === v ? raw : String(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return undefined;
}

/** A list-of-strings field; a lone scalar counts as a one-element list; non-scalars are dropped. */
export function strList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  return items.flatMap((x) =>
    typeof x === 'string' ? [x] : typeof x === 'number' || typeof x === 'boolean' ? [String(x)] : [],
  );
}

/** How many earlier documents of the stream have `key` at the top level (to find the right `key:` line). */
export function occurrenceOf(docs: readonly unknown[], index: number, key: string): number {
  return docs.slice(0, index).filter((d) => isMapping(d) && key in d).length;
}

/**
 * The SPL of a rule field (`logic` / `search`): a non-empty string, with its source. `LOAD008` otherwise,
 * positioned at the field's key.
 */
export function splField(
  input: YamlInput,
  doc: YamlMapping,
  field: string,
  occurrence: number,
  code: LoadCode,
): { ok: true; spl: SplSource; notes: string[] } | { ok: false; diagnostic: Diagnostic } {
  const v = doc[field];
  if (typeof v !== 'string' || v.trim() === '') {
    const what = typeof v === 'string' ? 'is empty' : `is ${Array.isArray(v) ? 'a list' : isMapping(v) ? 'a mapping' : v === null ? 'empty' : `a ${typeof v}`}`;
    const at = findKeyLine(input, field, occurrence);
    const message = `\`${field}\` ${what}: expected the rule's SPL as a text scalar`;
    return {
      ok: false,
      diagnostic: diagAt(code, message, input.file, input.fileText, at ?? 0),
    };
  }
  return { ok: true, ...scalarSource(input, field, v, occurrence) };
}

/** The start of the line holding the key whose colon ends at `afterColon`. */
export function keyLineStart(text: string, afterColon: number): number {
  return text.lastIndexOf('\n', afterColon - 1) + 1;
}

/** The file offset of the start of the `occurrence`-th top-level `key:` line, if there is one. */
export function findKeyLine(input: YamlInput, key: string, occurrence: number): number | undefined {
  const at = findTopLevelKey(input.yamlText, key, occurrence);
  return at === undefined ? undefined : input.toFile(keyLineStart(input.yamlText, at));
}
