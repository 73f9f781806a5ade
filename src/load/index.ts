/**
 * Rule loading: a rule file (catalog YAML, catalog page text, security-content YAML, raw SPL) → `RuleDoc`s.
 * The format is detected by content (see `detect.ts`). Errors are diagnostic values, never exceptions.
 *
 * | code    | severity | meaning                                                                                    |
 * |---------|----------|--------------------------------------------------------------------------------------------|
 * | LOAD001 | error    | the file (or stdin) cannot be read: missing, a directory, no permission                    |
 * | LOAD002 | error    | not UTF-8 text: NUL bytes (binary) or invalid UTF-8, at the first offending byte           |
 * | LOAD003 | error    | the file is empty (only blank space)                                                       |
 * | LOAD004 | error    | malformed rule YAML: the js-yaml reason, with file, line, column and code frame            |
 * | LOAD005 | error    | a YAML mapping that is not a rule: no `logic` (catalog) nor `search` (security content);   |
 * |         |          | also a YAML list of rules (one rule per document is expected)                              |
 * | LOAD006 | error    | `logic_format` is not Splunk (e.g. `snowflake`): only Splunk rules can be converted        |
 * | LOAD007 | error    | a catalog rule (`logic_format` present) without a `logic` field                            |
 * | LOAD008 | error    | `logic` / `search` is not a non-empty text scalar (a list, a number, empty)                |
 * | LOAD009 | error    | catalog page: its "Rule body yaml" is still invalid YAML after re-indenting (the js-yaml    |
 * |         |          | reason, with line, column and frame in the page)                                           |
 * | LOAD010 | error    | catalog page without a (non-empty) "Rule body yaml" section                                |
 * | LOAD011 | error    | the file is larger than `MAX_RULE_FILE_BYTES` (64 KiB): refused before it is read          |
 * | LOAD012 | error    | a line is longer than `MAX_LINE_LENGTH` (16,384 characters)                                |
 * | LOAD013 | error    | YAML nested deeper than `MAX_YAML_DEPTH` (100), at the collection that goes too deep       |
 * | LOAD014 | error    | YAML aliases expand to more than `MAX_YAML_NODES` (100,000) nodes: an alias bomb, at the   |
 * |         |          | first alias                                                                                |
 * | LOAD015 | error    | more than `MAX_YAML_DOCUMENTS` (100) YAML documents in one file, at the first one too many |
 *
 * | LOAD020 | info     | a loader note on a rule that loaded: repaired lines, unmapped positions, technique strings |
 * |         |          | paired by list order or left unmatched (`RuleDoc.notes`, reported by the frontend)         |
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { LOAD, loadDiag } from './codes.js';
import { MAX_LINE_LENGTH, MAX_RULE_FILE_BYTES } from './limits.js';
import { isCatalogDoc, loadCatalogDoc } from './catalog.js';
import { loadCatalogPage } from './catalog-page.js';
import { detect } from './detect.js';
import { isEscuDoc, loadEscuDoc } from './escu.js';
import { loadRawSpl } from './raw-spl.js';
import type { RuleDoc } from './types.js';
import { isMapping, occurrenceOf, yamlErrorDiag, type YamlInput } from './yaml-doc.js';

export type { RuleDoc, RuleMeta, RuleFormat, TechniqueRef } from './types.js';
export { LOAD as LOAD_CODES } from './codes.js';
export { MAX_LINE_LENGTH, MAX_RULE_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_DOCUMENTS, MAX_YAML_NODES } from './limits.js';
export { detect, type Detection } from './detect.js';
export { mapTopLevelScalar, type OffsetMap } from './yaml-scalar-map.js';
export { matchTechniques, type KnownTechnique } from './techniques.js';
export { TACTICS, tacticSlug, titleCase } from './mitre.js';

/** Load the rules in `text` (the content of `file`, used for messages and positions). */
export function loadRuleText(file: string, text: string): Result<RuleDoc[]> {
  // A byte-order mark is no column of line 1 (js-yaml drops it too, which would shift its error offsets).
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.length > MAX_RULE_FILE_BYTES) return fail(tooLarge(file, `${text.length} characters`));
  const longLine = firstLongLine(text);
  if (longLine) return fail(loadDiag(LOAD.lineTooLong, `line ${longLine.line} is longer than ${MAX_LINE_LENGTH} characters (${longLine.length}): not a rule`, file, 'error', { line: longLine.line, column: MAX_LINE_LENGTH + 1 }));
  const nul = text.indexOf('\0');
  if (nul >= 0) return fail(loadDiag(LOAD.notText, `binary content (NUL byte at offset ${nul}): not a rule text file`, file, 'error', textPosition(text, nul)));
  if (text.trim() === '') return fail(loadDiag(LOAD.empty, 'empty file: no rule to load', file));
  const d = detect(text);
  switch (d.kind) {
    case 'catalog-page':
      return loadCatalogPage(file, text);
    case 'page-without-body':
      return fail(loadDiag(LOAD.pageNoBody, 'catalog page without a "Rule body yaml" section: no rule to load', file));
    case 'spl':
      return ok([loadRawSpl(file, text)]);
    case 'bad-yaml':
      return fail(yamlErrorDiag(LOAD.badYaml, 'malformed YAML', identity(file, text), d.error));
    case 'not-rule':
      return fail(notRule(file, d.keys));
    case 'rule-list':
      return fail(loadDiag(LOAD.notRule, 'a YAML list of rules: put one rule per YAML document, separated by `---`', file));
    case 'yaml':
      return loadYamlDocs(identity(file, text), d.docs);
  }
}

function tooLarge(file: string, size: string): Diagnostic {
  return loadDiag(LOAD.tooLarge, `file too large (${size}; the limit is ${MAX_RULE_FILE_BYTES} bytes): not read as a rule`, file);
}

/** The first line longer than `MAX_LINE_LENGTH`, if any. */
function firstLongLine(text: string): { line: number; length: number } | undefined {
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE_LENGTH) return { line, length: end - start };
    if (nl < 0) break;
    start = nl + 1;
  }
  return undefined;
}

function identity(file: string, text: string): YamlInput {
  return { file, yamlText: text, fileText: text, toFile: (o) => o };
}

function notRule(file: string, keys: readonly string[]): Diagnostic {
  const has = keys.length > 0 ? ` (it has: ${[...new Set(keys)].slice(0, 8).join(', ')})` : '';
  return loadDiag(LOAD.notRule, `not a rule: expected a \`logic\` (catalog) or \`search\` (security content) field${has}`, file);
}

function loadYamlDocs(input: YamlInput, docs: readonly unknown[]): Result<RuleDoc[]> {
  const rules: RuleDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  docs.forEach((doc, index) => {
    const occurrence = (key: string): number => occurrenceOf(docs, index, key);
    const r = !isMapping(doc)
      ? fail<RuleDoc>(notRule(input.file, []))
      : isCatalogDoc(doc)
        ? loadCatalogDoc(input, doc, { format: 'catalog', occurrence })
        : isEscuDoc(doc)
          ? loadEscuDoc(input, doc, occurrence)
          : fail<RuleDoc>(notRule(input.file, Object.keys(doc)));
    diagnostics.push(...r.diagnostics);
    if (r.ok) rules.push(r.value);
  });
  return diagnostics.some((x) => x.severity === 'error') ? fail(...diagnostics) : ok(rules, diagnostics);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The 1-based line and column (in UTF-16 code units, as everywhere) of `offset` in `text`. */
function textPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The position of byte `offset`: the valid UTF-8 before it decoded, so lines and columns count characters. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  return textPosition(before, before.length);
}

/** The offset of the first byte that is not part of valid UTF-8 (the input is known to hold one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return bytes.length;
}

/** Decode file bytes as UTF-8 text, refusing binary content (the diagnostic points at the offending byte). */
function decode(file: string, bytes: Uint8Array): Result<string> {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return fail(loadDiag(LOAD.notText, `binary content (NUL byte at offset ${nul}): not a rule text file`, file, 'error', bytePosition(bytes, nul)));
  try {
    return ok(UTF8.decode(bytes));
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail(loadDiag(LOAD.notText, `not valid UTF-8 text (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at}): rule files must be UTF-8`, file, 'error', bytePosition(bytes, at)));
  }
}

/** Read a stream up to `MAX_RULE_FILE_BYTES` + 1 bytes (enough to tell that it is too large), no further. */
export async function readBounded(input: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    size += b.length;
    if (size > MAX_RULE_FILE_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_RULE_FILE_BYTES + 1);
}

/**
 * Read `path` (`-` = stdin) and load its rules. A file is read synchronously: rule files are small, and one
 * `await readFile` per file (open, fstat, read, close, each a trip through the thread pool) cost more than the
 * rule's whole conversion in batch runs.
 */
export async function loadRuleFile(path: string): Promise<Result<RuleDoc[]>> {
  let bytes: Uint8Array;
  try {
    if (path !== '-') {
      const size = statSync(path).size;
      if (size > MAX_RULE_FILE_BYTES) return fail(tooLarge(path, `${size} bytes`));
    }
    bytes = path === '-' ? await readBounded(process.stdin) : readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return fail(loadDiag(LOAD.unreadable, `cannot read ${path === '-' ? 'stdin' : path}: ${why}`, path, 'error', null));
  }
  return loadRuleBytes(path, bytes);
}

/** Load the rules in the bytes of `file` (decoded as UTF-8; binary content refused). */
export function loadRuleBytes(file: string, bytes: Uint8Array): Result<RuleDoc[]> {
  if (bytes.length > MAX_RULE_FILE_BYTES) return fail(tooLarge(file, bytes.length > MAX_RULE_FILE_BYTES + 1 ? `${bytes.length} bytes` : `over ${MAX_RULE_FILE_BYTES} bytes`));
  const text = decode(file, bytes);
  return text.ok ? loadRuleText(file, text.value) : text;
}

const RULE_EXTENSIONS = ['.yml', '.yaml', '.spl', '.txt'];

/**
 * Expand directories (recursively) to their rule files (`.yml .yaml .spl .txt`, any case; hidden entries skipped;
 * sorted by path, code-unit order), keeping explicit files (and `-`, and paths that do not exist) as given.
 * Symlinked directories are followed once.
 */
export async function listRuleFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<string[]> => {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real)) return [];
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const found: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p).then((s) => s.isDirectory(), () => false)));
      if (isDir) found.push(...(await walk(p)));
      else if (RULE_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x))) found.push(p);
    }
    return found;
  };
  for (const p of paths) {
    const isDir = p !== '-' && (await stat(p).then((s) => s.isDirectory(), () => false));
    if (!isDir) out.push(p);
    else out.push(...(await walk(p)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return out;
}
