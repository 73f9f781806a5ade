/**
 * Small pieces of macro syntax shared by the loaders and the expander: names, stanza names, the text between the
 * backticks of a use, argument splitting and binding, and `$arg$` substitution.
 */

/** A macro name: no whitespace, quotes, backticks, parentheses, brackets, commas, `=`, `|` or `$`. */
const MACRO_NAME = /^[^\s()`"',=|[\]{}$]+$/;
/** An argument name (macros.conf.spec: alphanumerics, `_` and `-`). */
const ARG_NAME = /^[A-Za-z0-9_-]+$/;
/** A named argument `name=value` (but not `name==value`). */
const NAMED_ARG = /^([A-Za-z0-9_-]+)\s*=(?!=)\s*([\s\S]*)$/;

export function isMacroName(s: string): boolean {
  return MACRO_NAME.test(s);
}

export function isArgName(s: string): boolean {
  return ARG_NAME.test(s);
}

/** Splits a stanza name `name(2)` into name and arity; `name` alone has arity 0; undefined if the name is invalid. */
export function parseStanzaName(stanza: string): { name: string; arity: number } | undefined {
  const m = /^(.*)\((\d+)\)$/.exec(stanza);
  const name = m ? (m[1] ?? '') : stanza;
  const arity = m ? Number(m[2]) : 0;
  return isMacroName(name) ? { name, arity } : undefined;
}

/**
 * A parsed macro use: the text between the backticks. `looseQuote` is set when a double quote in the arguments never
 * closed and was taken as a plain character (the use is still expanded; the caller warns).
 */
export type ParsedUse =
  | { ok: true; name: string; args: string[]; looseQuote?: boolean }
  | { ok: false; reason: string };

/**
 * Parses the text between the backticks of a use: `name`, `name()`, `name(a, b)` or `name(x=a, y="b")`.
 * Whitespace around the name and around each argument is dropped; an empty argument list means arity 0.
 */
export function parseUse(content: string): ParsedUse {
  const m = /^\s*([^\s(]*)\s*(?:\(([\s\S]*)\))?\s*$/.exec(content);
  const name = m?.[1] ?? '';
  if (!m || name === '') {
    if (content.trim() === '') return { ok: false, reason: 'empty macro name' };
    if (/^\s*[^\s(]+\s*\(/.test(content)) return { ok: false, reason: 'unclosed `(` in the arguments' };
    return { ok: false, reason: 'expected `name` or `name(args)`' };
  }
  if (!isMacroName(name)) return { ok: false, reason: `invalid macro name \`${name}\`` };
  const argText = m[2];
  if (argText === undefined || argText.trim() === '') return { ok: true, name, args: [] };
  const split = splitArgs(argText);
  if (typeof split === 'string') return { ok: false, reason: split };
  return split.looseQuote ? { ok: true, name, args: split.args, looseQuote: true } : { ok: true, name, args: split.args };
}

/**
 * Splits an argument list on top-level commas: commas inside double quotes (with backslash escapes), parentheses
 * or square brackets do not split. Each argument is trimmed. A double quote that never closes is taken as a plain
 * character (`looseQuote`); unbalanced parentheses or brackets give a reason string.
 */
export function splitArgs(text: string): { args: string[]; looseQuote: boolean } | string {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  let looseQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = closeQuote(text, i);
      if (end < 0) looseQuote = true;
      else i = end - 1;
    } else if (c === '\\') {
      i++;
    } else if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      if (--depth < 0) return `unbalanced \`${c}\` in the arguments`;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) return 'unbalanced parentheses in the arguments';
  args.push(text.slice(start).trim());
  return { args, looseQuote };
}

/**
 * Offset just past the double quote closing the string that opens at `open` (a `"`), honouring backslash escapes;
 * -1 if it never closes.
 */
export function closeQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22 /* " */) return i + 1;
  }
  return -1;
}

/** Argument values in the order of the definition's `args`. */
export interface BoundArgs {
  readonly values: readonly string[];
  /** Set when every argument looked named but the names were not the definition's (bound by position instead). */
  readonly unmatchedNames?: readonly string[];
}

/**
 * Binds use arguments to definition arguments: by name when every argument is `name=value` and the names are exactly
 * the definition's (in any order), else by position (the whole text, `=` included, is the value).
 */
export function bindArgs(defArgs: readonly string[], useArgs: readonly string[]): BoundArgs {
  const named = useArgs.map((a) => NAMED_ARG.exec(a));
  if (useArgs.length === 0 || named.some((m) => m === null)) return { values: useArgs };
  const byName = new Map<string, string>();
  for (const m of named) if (m) byName.set(m[1] ?? '', (m[2] ?? '').trim());
  if (byName.size === defArgs.length && defArgs.every((a) => byName.has(a))) {
    return { values: defArgs.map((a) => byName.get(a) ?? '') };
  }
  return { values: useArgs, unmatchedNames: named.map((m) => m?.[1] ?? '') };
}

/** Replaces every `$arg$` in the definition by its value, in one pass (values are not rescanned). */
export function substitute(definition: string, argNames: readonly string[], values: readonly string[]): string {
  if (argNames.length === 0) return definition;
  const map = new Map<string, string>();
  argNames.forEach((a, i) => map.set(a, values[i] ?? ''));
  const alternatives = argNames.map((a) => a.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
  return definition.replace(new RegExp(`\\$(${alternatives})\\$`, 'g'), (whole, name: string) => map.get(name) ?? whole);
}
