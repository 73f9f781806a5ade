import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MacroCode } from './codes.js';
import { isArgName, parseStanzaName } from './syntax.js';
import type { MacroDef } from './types.js';

/** Definitions read from one file, with the problems found (bad stanzas are skipped, the rest kept). */
export interface ParsedMacros {
  readonly defs: MacroDef[];
  readonly diagnostics: Diagnostic[];
}

interface Setting {
  readonly value: string;
  readonly line: number;
}

interface Stanza {
  readonly name: string;
  readonly line: number;
  readonly settings: Map<string, Setting>;
}

/**
 * Parses Splunk `macros.conf` text.
 *
 * Syntax (Splunk .conf): `[name]` or `[name(2)]` stanza headers; `key = value` settings (split at the first `=`,
 * key and value trimmed); a line ending in a backslash continues on the next line — the backslash is dropped and the
 * line break kept, as for multi-line searches in savedsearches.conf; lines starting with `#` are comments (a `#`
 * later in a line is part of the value); settings before the first stanza belong to `[default]`, which defines no
 * macro. A stanza appearing twice is merged, later settings winning, as Splunk does within one file.
 *
 * Settings used: `definition` (required), `args` (comma-separated names; their count must equal the stanza's arity),
 * `iseval` (`0|1|true|false`). Others (`description`, `validation`, `errormsg`, …) are ignored.
 *
 * @param file  path used in diagnostics
 * @param label prefix of each definition's origin, e.g. `macros.conf` → origin `macros.conf:12` (the stanza line)
 */
export function parseMacrosConf(text: string, file: string, label = file): ParsedMacros {
  const diagnostics: Diagnostic[] = [];
  const stanzas = new Map<string, Stanza>();
  let current: Stanza | undefined; // undefined: [default] / before the first stanza
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // Join continuation lines: `…\` + newline.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = `${line.slice(0, -1)}\n${lines[++i] ?? ''}`;
    }
    const header = /^\s*\[(.*)\]\s*$/.exec(line);
    if (header) {
      const stanzaName = (header[1] ?? '').trim();
      if (stanzaName === 'default') {
        current = undefined;
        continue;
      }
      current = stanzas.get(stanzaName);
      if (!current) {
        current = { name: stanzaName, line: startLine, settings: new Map() };
        stanzas.set(stanzaName, current);
      }
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (eq <= 0 || key === '' || /\s/.test(key)) {
      diagnostics.push(
        diag(MacroCode.syntax, 'error', `expected \`[stanza]\`, \`# comment\` or \`key = value\`, got \`${trimmed.slice(0, 60)}\``, {
          file,
          line: startLine,
        }),
      );
      continue;
    }
    current?.settings.set(key, { value: line.slice(eq + 1).trim(), line: startLine });
  }

  const defs: MacroDef[] = [];
  for (const stanza of stanzas.values()) {
    const def = stanzaToDef(stanza, file, label, diagnostics);
    if (def) defs.push(def);
  }
  return { defs, diagnostics };
}

function stanzaToDef(stanza: Stanza, file: string, label: string, diagnostics: Diagnostic[]): MacroDef | undefined {
  const at = (line: number) => ({ file, line });
  const parsed = parseStanzaName(stanza.name);
  if (!parsed) {
    diagnostics.push(diag(MacroCode.invalidDef, 'error', `invalid macro stanza name \`[${stanza.name}]\``, at(stanza.line)));
    return undefined;
  }
  const definition = stanza.settings.get('definition');
  if (!definition) {
    diagnostics.push(diag(MacroCode.invalidDef, 'error', `macro stanza \`[${stanza.name}]\` has no \`definition\``, at(stanza.line)));
    return undefined;
  }
  const argsSetting = stanza.settings.get('args');
  const args = argsSetting && argsSetting.value !== '' ? argsSetting.value.split(',').map((a) => a.trim()) : [];
  const badArg = args.find((a) => !isArgName(a));
  if (badArg !== undefined) {
    diagnostics.push(
      diag(MacroCode.invalidDef, 'error', `macro \`[${stanza.name}]\`: invalid argument name \`${badArg}\` (letters, digits, _ and - only)`, at(argsSetting?.line ?? stanza.line)),
    );
    return undefined;
  }
  if (new Set(args).size !== args.length) {
    diagnostics.push(diag(MacroCode.invalidDef, 'error', `macro \`[${stanza.name}]\`: duplicate argument names`, at(argsSetting?.line ?? stanza.line)));
    return undefined;
  }
  if (args.length !== parsed.arity) {
    diagnostics.push(
      diag(
        MacroCode.arityMismatch,
        'error',
        `macro \`[${stanza.name}]\` has arity ${parsed.arity} but declares ${args.length} argument(s)${args.length ? ` (${args.join(', ')})` : ''}`,
        at(argsSetting?.line ?? stanza.line),
      ),
    );
    return undefined;
  }
  const isevalSetting = stanza.settings.get('iseval');
  const iseval = parseBool(isevalSetting?.value ?? '0');
  if (iseval === undefined) {
    diagnostics.push(
      diag(MacroCode.invalidDef, 'error', `macro \`[${stanza.name}]\`: \`iseval\` must be 0, 1, true or false, got \`${isevalSetting?.value}\``, at(isevalSetting?.line ?? stanza.line)),
    );
    return undefined;
  }
  return { name: parsed.name, args, definition: definition.value, iseval, origin: `${label}:${stanza.line}` };
}

/** Splunk .conf booleans. */
function parseBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (s === '1' || s === 'true' || s === 't' || s === 'yes' || s === 'y') return true;
  if (s === '0' || s === 'false' || s === 'f' || s === 'no' || s === 'n' || s === '') return false;
  return undefined;
}
