import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import yaml from 'js-yaml';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readYamlLight } from '../load/yaml-light.js';
import { MacroCode } from './codes.js';
import type { ParsedMacros } from './conf.js';
import { isArgName, parseStanzaName } from './syntax.js';
import type { MacroDef } from './types.js';

/**
 * Parses one security-content macro YAML file (`macros/*.yml` of splunk/security_content):
 *
 * ```yaml
 * name: security_content_ctime        # may also be written in stanza form, `security_content_ctime(1)`
 * arguments: [field]                  # optional; arity = its length
 * definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)'
 * description: …                      # ignored
 * ```
 *
 * A number or boolean `definition` is taken as its text (`definition: false` means the string `false`).
 *
 * @param file   path used in diagnostics
 * @param origin the definition's origin, e.g. `macros/sysmon.yml`
 */
export function parseMacroYaml(text: string, file: string, origin: string): ParsedMacros {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: string, message: string, key?: string): ParsedMacros => {
    diagnostics.push(diag(code, 'error', message, { file, line: key ? keyLine(text, key) : 1 }));
    return { defs: [], diagnostics };
  };

  let doc: unknown;
  try {
    // The usual macro file shape is read by the light reader (the same value as js-yaml's), the rest by js-yaml.
    const light = readYamlLight(text);
    doc = light !== undefined ? light[0] : yaml.load(text, { filename: file });
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number } };
    diagnostics.push(
      diag(MacroCode.syntax, 'error', `YAML syntax error: ${err.reason ?? err.message ?? String(e)}`, {
        file,
        line: (err.mark?.line ?? 0) + 1,
      }),
    );
    return { defs: [], diagnostics };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail(MacroCode.syntax, 'a macro file must be a YAML mapping with `name` and `definition`');
  }
  const m = doc as Record<string, unknown>;

  if (typeof m.name !== 'string' || m.name.trim() === '') return fail(MacroCode.invalidDef, 'missing or non-string `name`', 'name');
  const parsed = parseStanzaName(m.name.trim());
  if (!parsed) return fail(MacroCode.invalidDef, `invalid macro name \`${m.name}\``, 'name');
  const hasArity = /\(\d+\)$/.test(m.name.trim());

  const def = m.definition;
  if (typeof def !== 'string' && typeof def !== 'number' && typeof def !== 'boolean') {
    return fail(MacroCode.invalidDef, 'missing or non-text `definition`', m.definition === undefined ? 'name' : 'definition');
  }

  const rawArgs = m.arguments ?? [];
  if (!Array.isArray(rawArgs) || rawArgs.some((a) => typeof a !== 'string' || !isArgName(a.trim()))) {
    return fail(MacroCode.invalidDef, '`arguments` must be a list of argument names (letters, digits, _ and - only)', 'arguments');
  }
  const args = (rawArgs as string[]).map((a) => a.trim());
  if (new Set(args).size !== args.length) return fail(MacroCode.invalidDef, 'duplicate argument names', 'arguments');
  if (hasArity && parsed.arity !== args.length) {
    return fail(MacroCode.arityMismatch, `macro \`${m.name}\` has arity ${parsed.arity} but declares ${args.length} argument(s)`, 'name');
  }

  const out: MacroDef = { name: parsed.name, args, definition: String(def), iseval: false, origin };
  return { defs: [out], diagnostics };
}

/** 1-based line of the top-level key `key:` in the YAML text (1 if not found). */
function keyLine(text: string, key: string): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 1 : i + 1;
}

/** Whether a file name is a YAML file. */
export function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * Reads every `*.yml` / `*.yaml` file directly in `dir` (sorted by name, not recursive) as a macro file. Unreadable
 * or bad files give diagnostics and are skipped. Origins are `<dir name>/<file>`, e.g. `macros/sysmon.yml`.
 */
export async function loadYamlDir(dir: string): Promise<ParsedMacros & { files: number }> {
  const defs: MacroDef[] = [];
  const diagnostics: Diagnostic[] = [];
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && isYamlFile(e.name))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      // Synchronously: ~200 small files, where one `await readFile` each costs more than the parse.
      text = readFileSync(file, 'utf8');
    } catch (e) {
      diagnostics.push(diag(MacroCode.unreadable, 'error', `cannot read macro file: ${(e as Error).message}`, { file }));
      continue;
    }
    const parsed = parseMacroYaml(text, file, `${basename(dir)}/${name}`);
    defs.push(...parsed.defs);
    diagnostics.push(...parsed.diagnostics);
  }
  return { defs, diagnostics, files: names.length };
}
