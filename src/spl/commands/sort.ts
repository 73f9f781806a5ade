import { cover, type Span } from '../../diagnostics/span.js';
import type { FieldRef, SortKey } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import type { Token } from '../token.js';
import { extendFieldName, fieldName, isOptionStart, macroTolerant } from './table.js';

const MODES = new Set(['num', 'str', 'ip', 'auto']);
const DEFAULT_LIMIT_KEYS = new Set(['limit']);

/**
 * `sort [<count>] [limit=<count>] [-|+]<key> [, [-|+]<key>]… [desc|d]`, where a key is a field or
 * `num(f)`/`str(f)`/`ip(f)`/`auto(f)`. A sign applies to the key right after it, written glued (`-count`) or
 * apart (`- count`). A trailing `desc`/`d` reverses every key. `sort 0` means no limit.
 */
export const sort: CommandSpec = {
  names: ['sort'],
  parse: macroTolerant((c, head) => {
    let limit: number | undefined;
    const first = c.peek();
    if (first.kind === 'word' && /^\d+$/.test(first.text) && !isOptionNext(c)) {
      c.next();
      limit = Number(first.text);
    }
    for (const o of c.options()) {
      if (DEFAULT_LIMIT_KEYS.has(o.key.toLowerCase())) {
        if (!/^\d+$/.test(o.value.value)) c.fail('SPL009', `sort limit must be a whole number, found '${o.value.value}'`, o.value.span);
        limit = Number(o.value.value);
      } else c.warn('SPL023', `option '${o.key}' is not recognised for sort; it is ignored`, o.span);
    }
    let keys = parseSortKeys(c, true);
    const d = c.peek();
    if (d.kind === 'word' && /^(desc|d)$/i.test(d.text) && keys.length > 0) {
      c.next();
      keys = keys.map((k) => ({ ...k, descending: !k.descending }));
    }
    if (keys.length === 0) {
      if (c.peek().kind === 'eof') c.fail('SPL012', 'sort needs at least one field to sort by', head.span);
      throw c.unexpected(c.peek(), 'a field to sort by');
    }
    return {
      command: 'sort',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      ...(limit === undefined ? {} : { limit }),
      keys,
    };
  }),
};

function isOptionNext(c: StageCursor): boolean {
  const n = c.peekAt(1);
  return n.kind === 'op' && n.value === '=';
}

/**
 * Sort keys separated by commas and/or spaces, until end of stage, a `key=value` option, or — when
 * `stopAtDesc` — a final `desc`/`d` word (left for the caller). Shared by `sort` and `dedup … sortby`.
 */
export function parseSortKeys(c: StageCursor, stopAtDesc: boolean): SortKey[] {
  const keys: SortKey[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'comma') {
      c.next();
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'string') break;
    if (t.kind === 'word' && isOptionStart(c)) break;
    if (stopAtDesc && keys.length > 0 && t.kind === 'word' && /^(desc|d)$/i.test(t.text) && c.peekAt(1).kind === 'eof') break;
    keys.push(sortKey(c));
  }
  return keys;
}

/** One `[-|+]field` or `[-|+]mode(field)` key. */
function sortKey(c: StageCursor): SortKey {
  const t = c.next();
  let descending = false;
  // A sign written apart: `- count`.
  if (t.kind === 'word' && (t.text === '-' || t.text === '+')) {
    descending = t.text === '-';
    const n = c.peek();
    if (n.kind !== 'word' && n.kind !== 'string') {
      if (n.kind === 'eof' || n.kind === 'comma') c.fail('SPL012', `missing a field after '${t.text}'`, t.span);
      throw c.unexpected(n, `a field after '${t.text}'`);
    }
    const body = c.next();
    const k = keyBody(c, body, body.value, body.start);
    return { ...k, descending, span: cover(t.span, k.span) };
  }
  // A glued sign: `-count`, `+num(x)`.
  if (t.kind === 'word' && /^[-+]./.test(t.text)) {
    descending = t.text[0] === '-';
    const k = keyBody(c, t, t.value.slice(1), t.start + 1);
    return { ...k, descending, span: cover(t.span, k.span) };
  }
  const k = keyBody(c, t, t.value, t.start);
  return { ...k, descending, span: k.span };
}

function keyBody(c: StageCursor, t: Token, name: string, nameStart: number): { field: FieldRef; mode?: SortKey['mode']; span: Span } {
  const open = c.peek();
  if (t.kind === 'word' && open.kind === 'lparen' && !open.spaceBefore && MODES.has(name.toLowerCase())) {
    c.next();
    const field = fieldName(c, `a field inside ${name}()`);
    const close = c.next();
    if (close.kind !== 'rparen') c.fail('SPL003', `unbalanced parentheses: '${name}(' is never closed`, open.span);
    return { field, mode: name.toLowerCase() as SortKey['mode'], span: cover(t.span, close.span) };
  }
  if (t.kind === 'string') return { field: { name, span: t.span }, span: t.span };
  const field = extendFieldName(c, t, name, nameStart);
  return { field, span: field.span };
}
