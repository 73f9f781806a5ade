import { cover, type Span } from '../../diagnostics/span.js';
import type { FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import type { Token } from '../token.js';
import { macroTolerant } from './table.js';

const KNOWN = new Set(['field', 'max_match', 'offset_field', 'mode']);

/**
 * `rex [field=<f>] [max_match=<n>] [offset_field=<f>] [mode=sed] "<regex>"`: extracts the named groups of a PCRE
 * (`(?<name>…)` or `(?P<name>…)`) into fields, or with `mode=sed` edits the field with a sed expression
 * (`s/a/b/g`, `y/abc/xyz/`). The regex is SPL-unescaped by the scanner (`\\` → `\`, `\"` → `"`); options may also
 * follow it.
 *
 * Splunk reads a command argument like a shell word: quoted and unquoted pieces written with no space between
 * them form one argument, quotes removed. Real rules rely on it (`rex field=x (?<name>"(?i)abc")`,
 * `"(?<a>\d+")`, unquoted `mode=sed s/a/b/g`), so the pattern is the glued run of tokens: quoted pieces
 * unescaped, unquoted pieces verbatim.
 */
export const rex: CommandSpec = {
  names: ['rex'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let pattern: { value: string; span: Span } | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for rex; it is kept but not interpreted`, o.span);
        if (key === 'max_match' && !/^\d+$/.test(o.value.value))
          c.fail('SPL009', `rex max_match must be a whole number, found '${o.value.value}'`, o.value.span);
        if (key === 'mode' && o.value.value.toLowerCase() !== 'sed')
          c.warn('SPL023', `rex mode '${o.value.value}' is not recognised (only mode=sed exists); the pattern is read as a regex`, o.value.span);
        options.push(o);
        continue;
      }
      if (pattern) throw c.unexpected(t, 'an option or end of stage (rex takes a single pattern)');
      pattern = gluedPattern(c);
    }
    if (!pattern) return c.fail('SPL012', 'rex needs a quoted regular expression', head.span);
    const get = (k: string) => options.find((o) => o.key.toLowerCase() === k);
    const fieldOpt = get('field');
    const field: FieldRef = fieldOpt ? { name: fieldOpt.value.value, span: fieldOpt.value.span } : { name: '_raw', span: head.nameSpan };
    const mode = get('mode')?.value.value.toLowerCase() === 'sed' ? 'sed' : 'extract';
    if (mode === 'sed' && !/^(s|y)(.).*\2/s.test(pattern.value))
      c.fail('SPL011', `invalid sed expression '${pattern.value}': expected s/<regex>/<replacement>/[flags] or y/<chars>/<chars>/`, pattern.span);
    return {
      command: 'rex',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      field,
      mode,
      pattern: pattern.value,
      patternSpan: pattern.span,
      options,
      groups: mode === 'extract' ? namedGroups(pattern.value) : [],
    };
  }),
};

/** The pattern argument: adjacent tokens with no whitespace between them, glued. */
function gluedPattern(c: StageCursor): { value: string; span: Span } {
  const first = c.next();
  if (first.kind !== 'string' && first.kind !== 'word' && first.kind !== 'lparen' && first.kind !== 'op')
    throw c.unexpected(first, 'a quoted regular expression');
  let value = piece(c, first);
  let last: Token = first;
  for (;;) {
    const t = c.peek();
    if (t.spaceBefore || t.kind === 'eof' || t.kind === 'pipe' || t.kind === 'macro') break;
    c.next();
    value += piece(c, t);
    last = t;
  }
  return { value, span: cover(first.span, last.span) };
}

function piece(c: StageCursor, t: Token): string {
  return t.kind === 'string' ? t.value : c.scanner.slice(t.start, t.end);
}

/**
 * Names of the named capture groups of a PCRE, in order, without duplicates: `(?<name>…)`, `(?P<name>…)` and
 * `(?'name'…)`. Escaped parentheses and parentheses inside character classes are skipped; lookbehinds
 * (`(?<=`, `(?<!`) are not groups.
 */
export function namedGroups(re: string): string[] {
  const out: string[] = [];
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]!;
    if (ch === '\\') {
      // \Q…\E quotes a literal run.
      if (re[i + 1] === 'Q') {
        const end = re.indexOf('\\E', i + 2);
        i = end < 0 ? re.length : end + 1;
        continue;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member.
      if (re[i + 1] === '^') i++;
      if (re[i + 1] === ']') i++;
      continue;
    }
    if (ch === '(' && re[i + 1] === '?') {
      const m = /^\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(re.slice(i, i + 80));
      const name = m?.[1] ?? m?.[2];
      if (name !== undefined && !out.includes(name)) out.push(name);
    }
  }
  return out;
}
