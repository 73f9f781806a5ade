import type { Span } from '../diagnostics/span.js';

/** One macro definition (a `macros.conf` stanza or a security-content macro YAML file). */
export interface MacroDef {
  /** Name without the arity suffix, e.g. `security_content_ctime`. */
  readonly name: string;
  /** Argument names in order (`args = field` in macros.conf; `arguments:` in YAML). Arity = args.length. */
  readonly args: readonly string[];
  readonly definition: string;
  /** `iseval = 1`: the definition is an eval expression whose string value is the SPL (recorded, not evaluated). */
  readonly iseval: boolean;
  /** Where it was defined, e.g. `macros/sysmon.yml` or `macros.conf:12`, or `builtin`. */
  readonly origin: string;
  /**
   * Set on a definition spl2x assumes because none is public (the catalog's placeholder macros): what it is taken to
   * do. Every use is reported (MAC025) and every target notes it; a definition the user loads replaces it.
   */
  readonly assumption?: string;
  /**
   * Arguments written as one double-quoted string are substituted without their quotes (`"host, user"` →
   * `host, user`); so is an argument whose opening quote never closes (`"host` → `host`).
   */
  readonly unquoteArgs?: boolean;
}

/** One macro use in the SPL that was expanded or left as is. */
export interface MacroUse {
  readonly name: string;
  readonly args: readonly string[];
  /** Span of the whole `` `name(args)` `` in the ORIGINAL SPL text. */
  readonly span: Span;
  readonly defined: boolean;
  /** Whether the body replaced the use in the expanded text (false: left as written — undefined, wrong arity, iseval,
   *  cycle or depth limit). Optional for compatibility; `expandMacros` always sets it. */
  readonly expanded?: boolean;
  /** Names of the macros (outermost first) whose body contained this use; [] for a use written in the SPL itself.
   *  For a nested use, `span` is the outermost invocation's span. Optional; `expandMacros` always sets it. */
  readonly via?: readonly string[];
  /** The definition's `assumption` when the body used was one spl2x assumes (see `MacroDef.assumption`). */
  readonly assumption?: string;
}

/**
 * SPL text after macro expansion, with a map back to the original text.
 * Offsets in `text` that come from the original map to themselves (shifted); offsets inside an expanded macro body
 * map to the span of the outermost invocation in the original text.
 */
export interface Expansion {
  readonly text: string;
  /** Original offset of an expanded-text offset. `side` decides which end of an invocation span a body offset maps to. */
  toOriginal(offset: number, side: 'start' | 'end'): number;
  /** Names of the macros (outermost first) whose body produced the character at this expanded offset; [] if original. */
  macrosAt(offset: number): readonly string[];
  readonly uses: readonly MacroUse[];
}
