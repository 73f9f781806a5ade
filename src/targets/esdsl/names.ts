/** Field-name patterns with `*` (table, fields, rename, `values(*) as *`). */

/** The captures of `pattern`'s `*`s in `name`, or undefined when it does not match. */
export function matchPattern(pattern: string, name: string): string[] | undefined {
  if (!pattern.includes('*')) return pattern === name ? [] : undefined;
  const re = new RegExp('^' + pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('(.*)') + '$', 's');
  const m = re.exec(name);
  return m ? m.slice(1) : undefined;
}

/** `pattern` with its `*`s replaced by the captures, in order. */
export function substitute(pattern: string, captures: readonly string[]): string {
  let i = 0;
  return pattern.replace(/\*/g, () => captures[i++] ?? '');
}
