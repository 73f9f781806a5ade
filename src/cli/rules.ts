import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { runFrontend, type Frontend } from '../ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../load/index.js';
import type { RuleDoc } from '../load/types.js';
import { loadMacros, MacroTable } from '../macros/index.js';
import { parseSemantics, type SemanticsOptions } from '../ir/semantics.js';

/** `--semantics name=value` switches; prints what is wrong and returns undefined when one is bad. */
export function semanticsFrom(items: readonly string[] | undefined): SemanticsOptions | undefined {
  const { options, errors } = parseSemantics(items ?? []);
  for (const e of errors) process.stderr.write(`spl2x: ${e}\n`);
  return errors.length ? undefined : options;
}

/** One input rule after the frontend, or the reason it could not be loaded. */
export type LoadedRule =
  | { readonly ok: true; readonly file: string; readonly doc: RuleDoc; readonly frontend: Frontend }
  | { readonly ok: false; readonly file: string; readonly diagnostics: readonly Diagnostic[] };

export interface FrontendOptions {
  readonly macros?: string;
}

/** The `--macros` and `--assumed-macros` options every command that reads rules takes. */
export const MACRO_OPTIONS = {
  macros: { type: 'string', describe: 'macros.conf file or directory of macro YAML files' },
  'assumed-macros': {
    type: 'boolean',
    default: true,
    describe: "use spl2x's assumed definitions for catalog placeholder macros with no public one (hec_collect, group_events(2), add_fields_eoi, ut_shannon(1)); each use is reported. --no-assumed-macros leaves them undefined",
  },
} as const;

/** Load the macro table: builtins (with the assumed definitions unless `assumed` is false), plus `--macros PATH`. */
export async function macroTable(path: string | undefined, errors: Diagnostic[], assumed = true): Promise<MacroTable> {
  const base = MacroTable.builtin({ assumed });
  if (!path) return base;
  const r = await loadMacros(path, { base });
  errors.push(...r.diagnostics);
  return r.ok ? r.value : base;
}

/**
 * Load every rule of the given files/directories and run the frontend on each. One broken file never stops the
 * others: it yields `{ ok: false }` with its diagnostics.
 */
export async function* frontendAll(paths: readonly string[], table: MacroTable, semantics?: SemanticsOptions): AsyncGenerator<LoadedRule> {
  const files = await listRuleFiles(paths);
  for (const file of files) yield* await frontendFile(file, table, semantics);
}

/**
 * Load one rule file and run the frontend on each of its rules. Never throws: a file that cannot be loaded, or a
 * rule the frontend fails on (a bug), is a `{ ok: false }` entry with its diagnostics.
 */
export async function frontendFile(file: string, table: MacroTable, semantics?: SemanticsOptions): Promise<LoadedRule[]> {
  const failed = (e: unknown): LoadedRule => ({
    ok: false,
    file,
    diagnostics: [{ code: 'CLI001', severity: 'error', message: `internal error on this rule: ${e instanceof Error ? e.message : String(e)}`, file }],
  });
  let loaded;
  try {
    loaded = await loadRuleFile(file);
  } catch (e) {
    return [failed(e)];
  }
  if (!loaded.ok) return [{ ok: false, file, diagnostics: loaded.diagnostics }];
  return loaded.value.map((doc): LoadedRule => {
    try {
      return { ok: true, file, doc, frontend: runFrontend(doc, semantics ? { macros: table, semantics } : { macros: table }) };
    } catch (e) {
      return failed(e);
    }
  });
}

/** Print diagnostics to stderr (errors and warnings; info only when verbose). */
export function printDiagnostics(ds: readonly Diagnostic[], verbose = false): void {
  for (const d of ds) if (verbose || d.severity !== 'info') process.stderr.write(formatDiagnostic(d) + '\n');
}

/** JSON with spans kept and `undefined` dropped, two-space indented. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
