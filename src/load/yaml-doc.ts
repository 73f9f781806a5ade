/**
 * Shared helpers for the YAML rule formats: the YAML text being parsed and how it maps into the file shown to the
 * user (the same text, or the catalog page it was repaired from), js-yaml errors as positioned diagnostics, the
 * SPL source of a rule's `logic` / `search` field, and tolerant field readers.
 */
import yaml from 'js-yaml';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SplSource, lineStarts, safeCodeFrame, toPosition } from '../diagnostics/source.js';
import { LOAD, type LoadCode } from './codes.js';
import { MAX_YAML_DEPTH, MAX_YAML_DOCUMENTS, MAX_YAML_NODES } from './limits.js';
import { readYamlLight } from './yaml-light.js';
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
  if (e instanceof YamlLimitError) return diagAt(e.code, e.message, input.file, input.fileText, input.toFile(e.offset));
  if (e instanceof yaml.YAMLException) {
    const offset = e.mark ? input.toFile(e.mark.position) : 0;
    return diagAt(code, `${what}: ${e.reason}`, input.file, input.fileText, offset);
  }
  return diagAt(code, `${what}: ${e instanceof Error ? e.message : String(e)}`, input.file, input.fileText, 0);
}

/** A YAML text over one of the loader's limits (LOAD013, LOAD014): where, and why. */
export class YamlLimitError {
  constructor(
    readonly code: LoadCode,
    readonly message: string,
    /** Offset in the YAML text. */
    readonly offset: number,
  ) {}
}

/**
 * Parse all documents of a YAML stream, or the exception js-yaml threw, or a `YamlLimitError`: collections nested
 * deeper than `MAX_YAML_DEPTH` are refused while parsing (js-yaml recurses once per level), and documents that
 * hold more than `MAX_YAML_NODES` nodes once their aliases are expanded (an alias bomb) after it — js-yaml shares
 * an aliased node rather than copying it, so the parse itself stays small; what is refused is the expansion any
 * reader of the documents would do. The usual rule shape is read by the light reader (the same values, faster;
 * it reads no aliases, and a result nested deeper than `LIGHT_MAX_DEPTH` is read again by js-yaml, which applies
 * the depth limit); anything else by js-yaml.
 */
/** Light-reader results nested deeper than this are parsed again by js-yaml (which applies `MAX_YAML_DEPTH`). */
const LIGHT_MAX_DEPTH = 16;

/** How deep collections nest in `v` (a scalar is 0), counting no further than `limit` + 1. */
function nesting(v: unknown, limit: number): number {
  if (typeof v !== 'object' || v === null || v instanceof Date || limit < 0) return 0;
  let deepest = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    deepest = Math.max(deepest, nesting(x, limit - 1));
    if (deepest > limit) break;
  }
  return deepest + 1;
}

export function parseYaml(text: string): { docs: unknown[] } | { error: unknown } {
  let depth = 0;
  let firstAlias = -1;
  const listener = (event: 'open' | 'close', state: { position: number; input: string }) => {
    if (event === 'close') {
      depth--;
      return;
    }
    if (++depth > MAX_YAML_DEPTH) throw new YamlLimitError(LOAD.yamlTooDeep, `YAML nested deeper than ${MAX_YAML_DEPTH} levels`, state.position);
    if (firstAlias < 0) {
      let p = state.position;
      while (p < state.input.length && ' \t\r\n'.includes(state.input[p]!)) p++;
      if (state.input[p] === '*') firstAlias = p;
    }
  };
  let docs: unknown[];
  try {
    const light = readYamlLight(text);
    docs = (light && nesting(light, LIGHT_MAX_DEPTH) <= LIGHT_MAX_DEPTH ? light : yaml.loadAll(text, undefined, { listener })).filter(
      (d) => d !== null && d !== undefined,
    );
  } catch (error) {
    return { error };
  }
  if (docs.length > MAX_YAML_DOCUMENTS) {
    // Placed at the `---` that starts the first document over the limit (or at the start when it cannot be found).
    const starts = [...text.matchAll(/^---/gm)].map((m) => m.index);
    const at = starts[MAX_YAML_DOCUMENTS - (starts[0] === 0 ? 0 : 1)] ?? 0;
    return { error: new YamlLimitError(LOAD.tooManyDocs, `more than ${MAX_YAML_DOCUMENTS} YAML documents (${docs.length}): one rule per file is expected`, at) };
  }
  if (firstAlias >= 0 && expandedNodes(docs, MAX_YAML_NODES) > MAX_YAML_NODES)
    return { error: new YamlLimitError(LOAD.yamlBomb, `YAML aliases expand to more than ${MAX_YAML_NODES} nodes (an alias bomb?)`, firstAlias) };
  return { docs };
}

/** Nodes of the documents with every alias expanded, counting no further than `limit` + 1 (cycles included). */
function expandedNodes(docs: readonly unknown[], limit: number): number {
  let n = 0;
  const stack: unknown[] = [...docs];
  while (stack.length && n <= limit) {
    const v = stack.pop();
    n++;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isMapping(v)) for (const k of Object.keys(v)) stack.push(v[k]);
    if (stack.length > limit) return limit + 1;
  }
  return n;
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
