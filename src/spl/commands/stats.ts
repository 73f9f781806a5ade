import { cover } from '../../diagnostics/span.js';
import type { Aggregation, Expr, FieldRef, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { parseExpr } from '../expr.js';
import { fieldName, macroTolerant } from './table.js';

const STATS_OPTIONS = ['allnum', 'delim', 'partitions', 'dedup_splitvals'];
const EVENTSTATS_OPTIONS = ['allnum'];
const STREAMSTATS_OPTIONS = [
  'allnum',
  'window',
  'current',
  'global',
  'reset_on_change',
  'reset_before',
  'reset_after',
  'time_window',
];

/** Aggregation functions that may be written without an argument (`sparkline` alone is `sparkline(count)`). */
const BARE_FUNCTIONS = new Set(['count', 'c', 'sparkline']);

/**
 * `stats | eventstats | streamstats [options] <aggregation> [[,] <aggregation>]… [BY <field> [[,] <field>]…]`
 *
 * An aggregation is `fn`, `fn(field)` or `fn(eval(<expr>))`, optionally followed by `AS <alias>`; fields and
 * aliases may be wildcard patterns (`values(*) as *`, `values(Processes.*)`) or quoted names. Function names are
 * lower-cased and `distinct_count` becomes `dc`; other aliases (`c`, `mean`, `p95`…) are kept as written so the
 * default output column name (`c(x)`) can still be derived. `AS` and `BY` are case-insensitive [S14].
 */
export const stats: CommandSpec = {
  names: ['stats', 'eventstats', 'streamstats'],
  parse: macroTolerant((c, head) => {
    const variant = head.name.toLowerCase() as 'stats' | 'eventstats' | 'streamstats';
    const known = variant === 'streamstats' ? STREAMSTATS_OPTIONS : variant === 'eventstats' ? EVENTSTATS_OPTIONS : STATS_OPTIONS;
    const options: Option[] = [];
    const aggregations: Aggregation[] = [];
    let by: FieldRef[] = [];
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma' && aggregations.length > 0) {
        c.next();
        continue;
      }
      if (c.atOption()) {
        options.push(takeOption(c, known, variant));
        continue;
      }
      if (c.isKeyword('by')) {
        const kw = c.next();
        by = byClause(c, kw, (o) => options.push(takeOption(c, known, variant, o)));
        break;
      }
      aggregations.push(parseAggregation(c));
    }
    if (aggregations.length === 0) c.fail('SPL012', `${variant} needs at least one aggregation (e.g. count, values(x))`, head.span);
    return { command: 'stats', name: head.name, nameSpan: head.nameSpan, span: head.span, variant, options, aggregations, by };
  }),
};

/**
 * One `key=value` option; a key not in `known` is kept and reported (SPL023). `parsed` is an option already read.
 */
export function takeOption(c: StageCursor, known: readonly string[], command: string, parsed?: Option): Option {
  const o = parsed ?? c.option();
  if (!known.includes(o.key.toLowerCase()))
    c.warn('SPL023', `option '${o.key}' is not recognised by ${command}; kept as written`, o.span);
  return o;
}

/**
 * The fields after `BY` (`kw`, already consumed), separated by spaces and/or commas. `key=value` options met among
 * them (`by _time span=1h host`) are handed to `onOption`. Stops at the end of the stage or at a word in `stop`.
 */
export function byClause(
  c: StageCursor,
  kw: { span: { start: number; end: number } },
  onOption: (o: Option) => void,
  stop: readonly string[] = [],
): FieldRef[] {
  const fields: FieldRef[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'comma') {
      c.next();
      continue;
    }
    if (c.atOption()) {
      onOption(c.option());
      continue;
    }
    if (t.kind === 'word' && stop.includes(t.value.toLowerCase())) break;
    if (t.kind !== 'word' && t.kind !== 'string') break;
    if (t.kind === 'word' && t.value.toLowerCase() === 'prefix' && c.peekAt(1).kind === 'lparen')
      c.fail('SPL008', "'PREFIX(…)' in a BY clause is not supported; expected a field name", t.span);
    fields.push(fieldName(c, 'a field name after BY'));
  }
  if (fields.length === 0) {
    const t = c.peek();
    c.fail('SPL008', `expected a field name after BY, found ${t.kind === 'eof' ? 'end of stage' : `'${t.text}'`}`, t.kind === 'eof' ? kw.span : t.span);
  }
  return fields;
}

/** One aggregation: `count`, `dc(user)`, `values(*) as *`, `count(eval(x>1)) AS n`. */
export function parseAggregation(c: StageCursor): Aggregation {
  const name = c.next();
  if (name.kind !== 'word') throw c.unexpected(name, 'an aggregation function (e.g. count, values(x))');
  const written = name.value.toLowerCase();
  const fn = written === 'distinct_count' ? 'dc' : written;
  if (!/^[a-z_][a-z0-9_]*(?:\.\d+)?$/.test(fn)) c.fail('SPL001', `expected an aggregation function, found '${name.text}'`, name.span);
  let span = name.span;
  let field: FieldRef | undefined;
  let evalArg: Expr | undefined;
  const open = c.peek();
  if (open.kind === 'lparen') {
    c.next();
    const a = c.peek();
    if (a.kind === 'word' && a.value.toLowerCase() === 'eval' && c.peekAt(1).kind === 'lparen') {
      c.next();
      const eopen = c.next();
      if (c.peek('expr').kind === 'rparen') c.fail('SPL010', 'eval() needs an expression', cover(eopen.span, c.peek('expr').span));
      evalArg = parseExpr(c);
      const eclose = c.next('expr');
      if (eclose.kind !== 'rparen') {
        if (eclose.kind === 'eof') c.fail('SPL003', "unbalanced parentheses: 'eval(' is never closed", eopen.span);
        c.fail('SPL010', `expected ')' to close 'eval(', found '${eclose.text}'`, eclose.span);
      }
    } else if (a.kind === 'word' || a.kind === 'string') {
      field = c.field();
    } else if (a.kind === 'rparen') {
      c.fail('SPL012', `${name.value}() needs a field`, cover(name.span, a.span));
    } else if (a.kind === 'eof') {
      c.fail('SPL003', `unbalanced parentheses: '${name.value}(' is never closed`, open.span);
    } else {
      throw c.unexpected(a, `a field in ${name.value}(…)`);
    }
    const close = c.next();
    if (close.kind !== 'rparen') {
      if (close.kind === 'eof') c.fail('SPL003', `unbalanced parentheses: '${name.value}(' is never closed`, open.span);
      throw c.unexpected(close, `')' to close '${name.value}('`);
    }
    span = cover(span, close.span);
  } else if (!BARE_FUNCTIONS.has(fn)) {
    c.fail('SPL012', `${name.value} needs a field: ${name.value}(<field>)`, name.span);
  }
  let as: FieldRef | undefined;
  if (c.isKeyword('as')) {
    c.next();
    as = fieldName(c, 'an alias after AS');
    span = cover(span, as.span);
  }
  return { fn, ...(field ? { field } : {}), ...(evalArg ? { evalArg } : {}), ...(as ? { as } : {}), span };
}

