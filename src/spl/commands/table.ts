import type { FieldRef } from '../ast.js';
import type { CommandHead, CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { StageError } from '../errors.js';
import type { Token } from '../token.js';
import { opaqueStage } from './opaque.js';
import { splitMacro } from '../search-expr.js';

/**
 * `table <field> [, <field>]…`: keeps the listed fields, in that order (wildcards allowed, commas optional).
 */
export const table: CommandSpec = {
  names: ['table'],
  parse: macroTolerant((c, head) => {
    const fields = fieldNames(c);
    if (fields.length === 0) {
      if (c.peek().kind === 'eof') c.fail('SPL012', 'table needs at least one field name', head.span);
      fieldName(c); // throws SPL008 with the offending token
    }
    return { command: 'table', name: head.name, nameSpan: head.nameSpan, span: head.span, fields };
  }),
};

// ─────────── helpers shared by the table, fields, rename, dedup, sort, rex, lookup, … grammars ───────────

/**
 * A field name: a word or quoted string, glued (no space between) to further words, quoted strings and
 * parenthesised groups, as Splunk reads one argument:
 * - `"Web".* AS *` is `Web.*` (what the ESCU macro `drop_dm_object_name("Web")` expands to);
 * - `values(x)`, `count(eval(a > 1))`, `predicted(y)` name the output of an unaliased function.
 * Quoted pieces are unquoted; word pieces are decoded; a parenthesised group is kept verbatim.
 */
export function fieldName(c: StageCursor, what = 'a field name'): FieldRef {
  const t = c.next();
  if (t.kind !== 'word' && t.kind !== 'string')
    throw new StageError('SPL008', `expected ${what}, found ${t.kind === 'eof' ? 'end of stage' : `'${t.text}'`}`, t.span);
  return extendFieldName(c, t, t.value, t.start);
}

/**
 * Finish a field name whose first token `t` (word or string) was consumed; `name` is its decoded text, starting
 * at scanned offset `start` (which may skip a sign, as in `-count`).
 */
export function extendFieldName(c: StageCursor, t: Token, name: string, start: number): FieldRef {
  let last = t;
  for (;;) {
    const n = c.peek();
    if (n.spaceBefore) break;
    if (n.kind === 'word' || n.kind === 'string') {
      c.next();
      name += n.value;
      last = n;
      continue;
    }
    if (n.kind !== 'lparen') break;
    c.next();
    let depth = 1;
    for (;;) {
      const x = c.next();
      if (x.kind === 'eof') throw new StageError('SPL003', "unbalanced parentheses: '(' is never closed", n.span);
      if (x.kind === 'lparen') depth++;
      if (x.kind === 'rparen' && --depth === 0) {
        last = x;
        break;
      }
    }
    name += c.scanner.slice(n.start, last.end);
  }
  if (last === t && t.kind === 'string') return { name, span: t.span };
  return { name, span: c.scanner.span(start, last.end) };
}

/**
 * Field names separated by commas and/or spaces, until end of stage, a `key=value` option, something that is not
 * a name, or one of the `stop` words (case-insensitive).
 */
export function fieldNames(c: StageCursor, stop: readonly string[] = []): FieldRef[] {
  const out: FieldRef[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'comma') {
      c.next();
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'string') break;
    if (t.kind === 'word' && stop.some((s) => s.toLowerCase() === t.value.toLowerCase())) break;
    if (t.kind === 'word' && isOptionStart(c)) break;
    out.push(fieldName(c));
  }
  return out;
}

/** Whether the next tokens are `key=` with the `=` glued to the key. */
export function isOptionStart(c: StageCursor): boolean {
  const k = c.peek();
  const eq = c.peekAt(1);
  return k.kind === 'word' && eq.kind === 'op' && eq.value === '=' && !eq.spaceBefore;
}

type Parse = CommandSpec['parse'];

/**
 * Wraps a command grammar: the stage must be consumed to its end, and when parsing fails on an undefined macro
 * left in the arguments (`` table a `more_fields` ``), whose expansion cannot be known, the stage is kept
 * verbatim with a SPL021 warning instead of an error. Diagnostics of a failed attempt are dropped (the opaque
 * stage re-parses its subsearches).
 */
export function macroTolerant(parse: Parse): Parse {
  return (c: StageCursor, head: CommandHead) => {
    const start = c.scanner.offset;
    const before = c.diagnostics.length;
    try {
      const cmd = parse(c, head);
      c.end(`end of '${head.name}' stage`);
      return cmd;
    } catch (e) {
      if (!(e instanceof StageError)) throw e;
      c.diagnostics.splice(before);
      const macro = blamedMacro(c, start, e);
      if (!macro) throw e;
      c.warn(
        'SPL021',
        `${head.name}: macro \`${macro.value}\` in the arguments is not defined, so the stage cannot be read; it is kept verbatim`,
        macro.span,
      );
      c.scanner.reset(start);
      return { ...opaqueStage(c, head), macro: splitMacro(macro.value).name };
    }
  };
}

/** The undefined macro (outside subsearches) the error is about: the one at the error, or any for a missing part. */
function blamedMacro(c: StageCursor, start: number, e: StageError): Token | undefined {
  const save = c.scanner.offset;
  c.scanner.reset(start);
  const macros: Token[] = [];
  let depth = 0;
  for (;;) {
    const t = c.scanner.next('search');
    if (t.kind === 'eof') break;
    if (t.kind === 'lbracket') depth++;
    else if (t.kind === 'rbracket') depth = Math.max(0, depth - 1);
    else if (t.kind === 'macro' && depth === 0) macros.push(t);
  }
  c.scanner.reset(save);
  const at = macros.find((m) => m.span.start < e.span.end && e.span.start < m.span.end);
  return at ?? (e.code === 'SPL012' ? macros[0] : undefined);
}
