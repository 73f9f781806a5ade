import type { MacroDef } from './types.js';

/** Origin of the `*_filter` fallback definitions. */
export const FILTER_FALLBACK_ORIGIN = 'builtin:*_filter';

/** Definitions Splunk's tooling provides outside the security-content macros folder. */
const BUILTIN_DEFS: readonly MacroDef[] = [
  {
    // Splunk Common Information Model add-on.
    name: 'drop_dm_object_name',
    args: ['object'],
    definition: 'rename $object$.* AS *',
    iseval: false,
    origin: 'builtin',
  },
];

/** Origin of the definitions spl2x assumes for placeholder macros with no public definition. */
export const ASSUMED_ORIGIN = 'assumed';

/**
 * Definitions assumed for macros that rule catalogs use without publishing them (docs/coverage.md, "Assumed macro
 * definitions"). Each says what it takes the macro to do; a loaded definition of the same name and arity replaces it,
 * and `MacroTable.builtin({ assumed: false })` (`--no-assumed-macros`) leaves them out.
 */
const ASSUMED_DEFS: readonly MacroDef[] = [
  {
    // Catalog output step: written after the last stage with no pipe (`… by _time, host `hec_collect``).
    name: 'hec_collect',
    args: [],
    definition: '',
    iseval: false,
    origin: ASSUMED_ORIGIN,
    assumption:
      'an output step that sends the results to an HTTP Event Collector and leaves them unchanged (nothing is translated for it)',
  },
  {
    // Catalog grouping step, the same idiom the catalog's rules write out (`bin span=1s | stats values(*) as * by _time, host`).
    name: 'group_events',
    args: ['fields', 'span'],
    definition: '| bin _time span=$span$ | stats values(*) as * by _time, $fields$',
    iseval: false,
    origin: ASSUMED_ORIGIN,
    unquoteArgs: true,
    assumption: 'a grouping step: `| bin _time span=<span> | stats values(*) as * by _time, <fields>`',
  },
  {
    // Catalog field list, used inside `table` (`table `add_fields_eoi` session_id, …`).
    name: 'add_fields_eoi',
    args: [],
    definition: '',
    iseval: false,
    origin: ASSUMED_ORIGIN,
    assumption: 'a list of extra field names for `table`, taken as empty (the list is not public: those columns are missing from the output)',
  },
  {
    // URL Toolbox app (Splunkbase 2734): Shannon entropy of a field through its lookup, as security content writes it.
    name: 'ut_shannon',
    args: ['word'],
    definition: 'lookup ut_shannon_lookup word AS $word$',
    iseval: false,
    origin: ASSUMED_ORIGIN,
    assumption: "URL Toolbox's entropy lookup: `lookup ut_shannon_lookup word AS <field>` (adds `ut_shannon`)",
  },
];

/**
 * Macro definitions keyed by name and arity (Splunk's `name(n)` stanza; `name` alone for arity 0).
 *
 * A table may carry the security-content `*_filter` fallback: a macro whose name ends in `_filter`, used with no
 * arguments and not defined, expands to `search *` (what the generated filter macros hold by default). The fallback
 * is a lookup rule, not a listed entry: it does not count in `size`, `names()` or `defs()`.
 */
export class MacroTable {
  private readonly entries = new Map<string, MacroDef>();

  constructor(
    defs: Iterable<MacroDef> = [],
    /** Whether `get(x_filter, 0)` falls back to `search *` when `x_filter` is not defined. */
    readonly filterFallback = false,
  ) {
    for (const d of defs) this.add(d);
  }

  /**
   * The builtin definitions: `drop_dm_object_name(1)`, the `*_filter` fallback and (unless `assumed: false`) the
   * assumed definitions of catalog placeholder macros.
   */
  static builtin(opts: { readonly assumed?: boolean } = {}): MacroTable {
    return new MacroTable(opts.assumed === false ? BUILTIN_DEFS : [...BUILTIN_DEFS, ...ASSUMED_DEFS], true);
  }

  /** The key of a name and arity, in Splunk's stanza form: `name` (arity 0) or `name(n)`. */
  static key(name: string, arity: number): string {
    return arity === 0 ? name : `${name}(${arity})`;
  }

  /** The definition used for `name` with `arity` arguments, including the `*_filter` fallback. */
  get(name: string, arity: number): MacroDef | undefined {
    const def = this.entries.get(MacroTable.key(name, arity));
    if (def) return def;
    if (this.filterFallback && arity === 0 && name.endsWith('_filter') && name.length > '_filter'.length) {
      return { name, args: [], definition: 'search *', iseval: false, origin: FILTER_FALLBACK_ORIGIN };
    }
    return undefined;
  }

  /** Whether `name(arity)` is a listed entry (the fallback does not count). */
  has(name: string, arity: number): boolean {
    return this.entries.has(MacroTable.key(name, arity));
  }

  /** Adds or replaces a definition; returns the one it replaced. */
  add(def: MacroDef): MacroDef | undefined {
    const key = MacroTable.key(def.name, def.args.length);
    const previous = this.entries.get(key);
    this.entries.set(key, def);
    return previous;
  }

  /** Arities listed for `name`, ascending (for "wrong arity" messages). */
  arities(name: string): number[] {
    const out: number[] = [];
    for (const d of this.entries.values()) if (d.name === name) out.push(d.args.length);
    return out.sort((a, b) => a - b);
  }

  /** Number of listed definitions. */
  get size(): number {
    return this.entries.size;
  }

  /** Distinct names of the listed definitions, sorted. */
  names(): string[] {
    return [...new Set([...this.entries.values()].map((d) => d.name))].sort();
  }

  /** The listed definitions, in insertion order. */
  defs(): MacroDef[] {
    return [...this.entries.values()];
  }

  /** A copy with the same entries and fallback rule. */
  clone(): MacroTable {
    return new MacroTable(this.entries.values(), this.filterFallback);
  }
}
