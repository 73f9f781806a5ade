import { cover } from '../../diagnostics/span.js';
import type { FieldRef, Option, TimeSpan, TransactionFilter } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { parseExpr } from '../expr.js';
import { parseSearchExpr } from '../search-expr.js';
import type { Token } from '../token.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set([
  'name', 'maxspan', 'maxpause', 'maxevents', 'connected', 'unifyends', 'keeporphans', 'maxopentxn', 'maxopenevents',
  'keepevicted', 'mvlist', 'delim', 'nullstr', 'mvraw',
]);
const FILTERS = new Set(['startswith', 'endswith']);

/**
 * `transaction [<field> [, <field>]…] [name=…] [maxspan=<span>] [maxpause=<span>] [maxevents=<int>]
 * [startswith=<filter>] [endswith=<filter>] [connected=<bool>] [unifyends=<bool>] [keeporphans=<bool>]
 * [maxopentxn=<int>] [maxopenevents=<int>] [keepevicted=<bool>] [mvlist=…] [delim=…] [nullstr=…] [mvraw=<bool>]`.
 * A filter is a search expression — `(…)`, a quoted string or a bare word — or `eval(<expression>)`.
 */
export const transaction: CommandSpec = {
  names: ['transaction'],
  parse: macroTolerant((c, head) => {
    const fields: FieldRef[] = [];
    const options: Option[] = [];
    const filters: Partial<Record<'startswith' | 'endswith', TransactionFilter>> = {};
    const spans: Partial<Record<'maxspan' | 'maxpause', TimeSpan>> = {};
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      const eq = c.peekAt(1);
      if (t.kind === 'word' && eq.kind === 'op' && eq.value === '=' && !eq.spaceBefore) {
        const key = t.value.toLowerCase();
        if (FILTERS.has(key)) {
          c.next();
          c.next();
          filters[key as 'startswith'] = filterValue(c, t);
          continue;
        }
        const o = c.option();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for transaction; it is kept but not interpreted`, o.span);
        if ((key === 'maxspan' || key === 'maxpause') && !/^-1$/.test(o.value.value)) spans[key] = c.timeSpan(o.value);
        if (key === 'maxevents' && !/^-?\d+$/.test(o.value.value)) c.fail('SPL009', `transaction maxevents must be a whole number, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (t.kind !== 'word' && t.kind !== 'string') throw c.unexpected(t, 'a field name or an option');
      fields.push(fieldName(c));
    }
    return {
      command: 'transaction',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      fields,
      options,
      ...(spans.maxspan ? { maxspan: spans.maxspan } : {}),
      ...(spans.maxpause ? { maxpause: spans.maxpause } : {}),
      ...(filters.startswith ? { startswith: filters.startswith } : {}),
      ...(filters.endswith ? { endswith: filters.endswith } : {}),
    };
  }),
};

/** The value of `startswith=`/`endswith=` (`key` is the option name, `=` consumed). */
function filterValue(c: StageCursor, key: Token): TransactionFilter {
  const t = c.peek();
  if (t.spaceBefore || t.kind === 'eof') c.fail('SPL012', `missing a filter after '${key.text}='`, key.span);
  if (t.kind === 'lparen') {
    const open = c.next();
    const expr = parseSearchExpr(c);
    const close = c.next();
    if (close.kind !== 'rparen') c.fail('SPL003', "unbalanced parentheses: '(' is never closed", open.span);
    return { kind: 'search', ...(expr ? { expr } : {}), span: cover(open.span, close.span) };
  }
  const paren = c.peekAt(1);
  if (t.kind === 'word' && t.value.toLowerCase() === 'eval' && paren.kind === 'lparen' && !paren.spaceBefore) {
    c.next();
    const open = c.next();
    const expr = parseExpr(c);
    const close = c.next('expr');
    if (close.kind !== 'rparen') c.fail('SPL003', "unbalanced parentheses: 'eval(' is never closed", open.span);
    return { kind: 'eval', expr, span: cover(t.span, close.span) };
  }
  if (t.kind === 'string') {
    c.next();
    const inner = c.scanner.text.slice(t.start + 1, t.end - 1);
    if (inner !== t.value) c.fail('SPL001', `a ${key.text} filter with escaped characters inside quotes is not supported`, t.span);
    return searchRange(c, t.start + 1, t.end - 1, t.span, key);
  }
  if (t.kind !== 'word') throw c.unexpected(t, `a filter after '${key.text}='`);
  // A bare search expression: the tokens glued to one another (`startswith=EventCode=4624`).
  let last = c.next();
  for (;;) {
    const n = c.peek();
    if (n.spaceBefore || n.kind === 'eof' || n.kind === 'comma') break;
    last = c.next();
  }
  return searchRange(c, t.start, last.end, cover(t.span, last.span), key);
}

function searchRange(c: StageCursor, start: number, end: number, span: TransactionFilter['span'], key: Token): TransactionFilter {
  const p = c.parseSubPipeline(start, end);
  const s = p.stages[0];
  if (p.stages.length !== 1 || s?.command !== 'search') c.fail('SPL001', `the ${key.text} filter must be a search expression`, span);
  return { kind: 'search', ...(s.expr ? { expr: s.expr } : {}), span };
}
