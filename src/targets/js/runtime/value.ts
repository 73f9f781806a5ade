/**
 * Values and rows of the JS matcher runtime (docs/semantics.md, "Runtime semantics").
 *
 * This folder is the runtime embedded in every module the `js` target generates: its files are concatenated (in
 * import order, `import`/`export` removed) into one scope. Rules for the files here:
 * - no imports except `./x.js` siblings (named imports only, no renaming), no default exports, no `export *`;
 * - top-level names are unique across the folder and never start with `$` (the generated code's prefix), and
 *   never `filter`, `run`, `runner`, `meta` or `selects` (the module's exports);
 * - no Node or DOM APIs: the generated module runs anywhere an ES2022 engine does.
 */

export type Scalar = string | number | boolean;
/** A field value: one scalar or a multivalue (an array with at least one element). */
export type Value = Scalar | Scalar[];
/** A row: field name → value. Always a null-prototype object, so any field name (`__proto__`) is plain data. */
export type Row = Record<string, Value>;

/** An empty row (null prototype). */
export function newRow(): Row {
  return Object.create(null) as Row;
}

/** A shallow copy of a row (null prototype, same key order). */
export function copyRow(r: Row): Row {
  const out = newRow();
  for (const k of Object.keys(r)) out[k] = r[k] as Value;
  return out;
}

/** The value of a field, or undefined when the row lacks it. */
export function getField(r: Row, name: string): Value | undefined {
  return Object.hasOwn(r, name) ? r[name] : undefined;
}

export function hasField(r: Row, name: string): boolean {
  return Object.hasOwn(r, name);
}

/** Set a field; `undefined`/`null`/`[]` removes it (a field without a value is missing). */
export function setField(r: Row, name: string, v: Value | null | undefined): void {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    delete r[name];
    return;
  }
  r[name] = v;
}

/** The values of a field value as a list (a scalar is a list of one). */
export function valuesOf(v: Value | undefined | null): readonly Scalar[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Whether a scalar is a number: a finite JS number, or a string that parses as a decimal number. */
export function isNumeric(s: Scalar): boolean {
  if (typeof s === 'number') return Number.isFinite(s);
  return typeof s === 'string' && NUMERIC.test(s);
}

/** The number a scalar stands for, or NaN. */
export function toNumber(s: Scalar): number {
  if (typeof s === 'number') return s;
  if (typeof s === 'string' && NUMERIC.test(s)) return Number(s.trim());
  return NaN;
}

/** The text form of a number: JS `String`, with `-0` as `0`. */
export function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** The string form of a scalar (values are compared as strings: `String(7045)` is `"7045"`). */
export function textOf(s: Scalar): string {
  return typeof s === 'number' ? numberText(s) : String(s);
}

/** UTF-16 code-unit order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The total order used for sorting and for stats BY rows: numbers (numerically) before non-numbers (by UTF-16
 * code units of their text).
 */
export function compareScalars(a: Scalar, b: Scalar): number {
  const na = isNumeric(a);
  const nb = isNumeric(b);
  if (na && nb) {
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na) return -1;
  if (nb) return 1;
  return compareText(textOf(a), textOf(b));
}

/** A plain object (for the caller) from a row; `Object.fromEntries` defines keys, so `__proto__` stays a key. */
export function plainRow(r: Row): Record<string, unknown> {
  return Object.fromEntries(Object.keys(r).map((k) => [k, r[k]]));
}

/** Whether a field name matches a pattern with `*` wildcards (field names are case-sensitive). */
export function fieldNameMatches(pattern: string, name: string): boolean {
  return wildcardCaptures(pattern, name) !== undefined;
}

/** What each `*` of a field pattern matched in `name`, or undefined when it does not match. */
export function wildcardCaptures(pattern: string, name: string): string[] | undefined {
  if (!pattern.includes('*')) return pattern === name ? [] : undefined;
  const parts = pattern.split('*');
  const re = new RegExp('^' + parts.map(escapeRegExp).join('([\\s\\S]*?)') + '$');
  const m = re.exec(name);
  return m ? m.slice(1).map((x) => x ?? '') : undefined;
}

/** Put captures into the `*`s of a pattern in order (`as` names of `rename a* AS b*`, `values(*) as v_*`). */
export function fillWildcards(pattern: string, captures: readonly string[]): string {
  let i = 0;
  return pattern.replace(/\*/g, () => captures[i++] ?? '');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
