/**
 * Diagnostic codes of the macro stage. Loading: MAC001, MAC005–MAC008. Expansion: MAC002–MAC004, MAC010–MAC013,
 * MAC020–MAC025.
 */
export const MacroCode = {
  /** error: the macro path cannot be read, is not a macros.conf / YAML file / directory, or holds no macro files. */
  unreadable: 'MAC001',
  /** error: a single backtick that never closes; the text is kept as is. */
  unclosedBacktick: 'MAC002',
  /** error: a ```` ``` ```` comment that never closes; the text is kept as is. */
  unclosedComment: 'MAC003',
  /** warning: a double-quoted string that never closes; no macro after its opening quote is expanded. */
  unclosedQuote: 'MAC004',
  /** error: syntax error in a macro file (YAML syntax, a conf line that is no stanza/comment/`key = value`). */
  syntax: 'MAC005',
  /** error: invalid macro definition (missing or mistyped `name`/`definition`, bad argument name, bad `iseval`). */
  invalidDef: 'MAC006',
  /** error: the arity in the stanza name (`name(2)`) differs from the number of declared arguments. */
  arityMismatch: 'MAC007',
  /** warning: the same name and arity defined twice in the loaded files; the later one wins. */
  duplicate: 'MAC008',
  /** error: macro cycle (`a → b → a`); the use that closes the cycle is left unexpanded. */
  cycle: 'MAC010',
  /** error: nesting deeper than `maxDepth`; the use is left unexpanded. */
  depth: 'MAC011',
  /** error: expanded text longer than `maxLength` (or more than `maxExpansions` expansions); nothing is expanded. */
  tooLarge: 'MAC012',
  /** error: malformed macro use (empty or invalid name, unbalanced parentheses or quotes in the arguments). */
  malformedUse: 'MAC013',
  /** info: macro not defined; kept as written (a named data-source selector for later stages). */
  undefined: 'MAC020',
  /** warning: the macro is defined, but with other arities; kept as written. */
  wrongArity: 'MAC021',
  /** warning: `iseval = 1` macro; not evaluated, kept as written. */
  iseval: 'MAC022',
  /** warning: every argument looks named (`x=…`) but the names are not the definition's; bound by position. */
  namedArgsMismatch: 'MAC023',
  /** warning: a double quote in a use's arguments never closes; it is taken as a plain character. */
  looseQuote: 'MAC024',
  /** warning: the macro has no definition in force; spl2x's assumed definition was used (the message says which). */
  assumed: 'MAC025',
} as const;

export type MacroCode = (typeof MacroCode)[keyof typeof MacroCode];
