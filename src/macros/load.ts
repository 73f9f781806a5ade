import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { diag, fail, ok, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { MacroCode } from './codes.js';
import { parseMacrosConf, type ParsedMacros } from './conf.js';
import { MacroTable } from './table.js';
import type { MacroDef } from './types.js';
import { isYamlFile, loadYamlDir, parseMacroYaml } from './yaml-dir.js';

export interface LoadOptions {
  /** Table the loaded definitions are layered over (loaded ones win). Default: `MacroTable.builtin()`. */
  base?: MacroTable;
}

/** conf files looked for in a directory, in precedence order (later wins), as in a Splunk app. */
const CONF_IN_DIR = ['macros.conf', 'default/macros.conf', 'local/macros.conf'];

/**
 * Loads macro definitions from `path`, layered over the builtin ones (user definitions win):
 *
 * - a `macros.conf` file (any name not ending in `.yml`/`.yaml` is read as conf syntax);
 * - a single security-content macro YAML file;
 * - a directory: its `*.yml`/`*.yaml` macro files (security-content `macros/` folder), then `macros.conf`,
 *   `default/macros.conf` and `local/macros.conf` when present (a Splunk app folder), later ones winning.
 *
 * Bad files or stanzas give diagnostics (MAC005–MAC007, with file and line) and are skipped; the other definitions
 * are still loaded. Two YAML files defining the same name and arity give a MAC008 warning (the later wins). The
 * result fails (MAC001) only when the path cannot be read or holds no macro file.
 */
export async function loadMacros(path: string, opts: LoadOptions = {}): Promise<Result<MacroTable>> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    return fail(diag(MacroCode.unreadable, 'error', `cannot read macro path: ${(e as Error).message}`, { file: path }));
  }

  const sources: ParsedMacros[] = [];
  if (!isDir) {
    const text = await readText(path);
    if (typeof text !== 'string') return fail(text);
    sources.push(
      isYamlFile(path) ? parseMacroYaml(text, path, basename(path)) : parseMacrosConf(text, path, basename(path)),
    );
  } else {
    let found = 0;
    const fromYaml = await loadYamlDir(path).catch((e: Error) => ({
      defs: [],
      diagnostics: [diag(MacroCode.unreadable, 'error', `cannot read macro directory: ${e.message}`, { file: path })],
      files: 0,
    }));
    found += fromYaml.files;
    sources.push(fromYaml);
    for (const rel of CONF_IN_DIR) {
      const file = join(path, rel);
      const isFile = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!isFile) continue;
      found++;
      const text = await readText(file);
      if (typeof text !== 'string') sources.push({ defs: [], diagnostics: [text] });
      else sources.push(parseMacrosConf(text, file, rel));
    }
    if (found === 0) {
      return fail(
        ...fromYaml.diagnostics,
        diag(MacroCode.unreadable, 'error', 'no macro files (*.yml, *.yaml, macros.conf, default/ or local/macros.conf) in the directory', {
          file: path,
        }),
      );
    }
  }

  const table = (opts.base ?? MacroTable.builtin()).clone();
  const diagnostics: Diagnostic[] = [];
  // Name/arity → where it was loaded from (source index); a redefinition within one source is suspicious, a later
  // source overriding an earlier one (local over default) is layering.
  const loaded = new Map<string, { def: MacroDef; source: number }>();
  sources.forEach((source, index) => {
    diagnostics.push(...source.diagnostics);
    for (const def of source.defs) {
      const key = MacroTable.key(def.name, def.args.length);
      const previous = loaded.get(key);
      if (previous && previous.source === index) {
        diagnostics.push(
          diag(MacroCode.duplicate, 'warning', `macro \`${key}\` defined twice: ${previous.def.origin} and ${def.origin}; the latter wins`, {
            file: path,
          }),
        );
      }
      loaded.set(key, { def, source: index });
      table.add(def);
    }
  });
  return ok(table, diagnostics);
}

async function readText(file: string): Promise<string | Diagnostic> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    return diag(MacroCode.unreadable, 'error', `cannot read macro file: ${(e as Error).message}`, { file });
  }
}
