import { cover } from '../../diagnostics/span.js';
import type { Aggregation, Arg, FieldRef, Option, SearchNode, TimeSpan } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { parseSearchExpr } from '../search-expr.js';
import { byClause, parseAggregation, takeOption } from './stats.js';
import { macroTolerant } from './table.js';

const TSTATS_OPTIONS = [
  'summariesonly',
  'prestats',
  'local',
  'append',
  'allow_old_summaries',
  'fillnull_value',
  'chunk_size',
  'include_reduced_buckets',
  'span',
];

/**
 * `tstats [options] <aggregation>… [FROM datamodel=<dm>[.<dataset>] [WHERE nodename=<node>]] [WHERE <search>]
 *  [BY <field>… [span=<time>]]` [S20].
 *
 * - Options come before the functions (`summariesonly=false allow_old_summaries=true fillnull_value=null`, as the
 *   ESCU macro `security_content_summariesonly` expands to); `span=` may also appear in or after the BY clause
 *   (`by _time span=1h host`). Every option is kept in `options` in text order; `span` is also parsed into
 *   `timeSpan`.
 * - `FROM datamodel=X.Y`, `FROM datamodel X.Y` and `FROM datamodel:X.Y` give `datamodel`; `FROM <namespace>` (a
 *   tscollect namespace, rare) is kept as the option `from` with an SPL023 warning.
 * - The WHERE clause is in the SEARCH language (uppercase AND/OR/NOT, implicit AND, wildcards). A top-level
 *   `nodename=<node>` in it (also written `(nodename = <node>)`) is taken out into `nodename`.
 * - FROM, WHERE and BY are case-insensitive and accepted in any order.
 * - An undefined macro among the leading options (e.g. `` `security_content_summariesonly` `` when no macro table
 *   is loaded) is kept in `macros` with an info diagnostic (SPL021).
 */
export const tstats: CommandSpec = {
  names: ['tstats'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    const macros: Arg[] = [];
    const aggregations: Aggregation[] = [];
    let datamodel: Arg | undefined;
    let nodename: Arg | undefined;
    let where: SearchNode | undefined;
    let by: FieldRef[] = [];
    let timeSpan: TimeSpan | undefined;

    const addOption = (o: Option): void => {
      options.push(takeOption(c, TSTATS_OPTIONS, 'tstats', o));
      if (o.key.toLowerCase() === 'span') timeSpan = c.timeSpan(o.value);
    };

    // Options and undefined macros before the aggregations.
    for (;;) {
      const t = c.peek();
      if (t.kind === 'macro') {
        c.next();
        c.info('SPL021', `macro \`${t.value}\` among the tstats options is not defined; its options are unknown`, t.span);
        macros.push({ value: t.value, quoted: false, span: t.span });
        continue;
      }
      if (!c.atOption()) break;
      addOption(c.option());
    }

    // Aggregations.
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof' || isClause(c)) break;
      if (t.kind === 'comma' && aggregations.length > 0) {
        c.next();
        continue;
      }
      if (c.atOption()) {
        addOption(c.option());
        continue;
      }
      aggregations.push(parseAggregation(c));
    }
    if (aggregations.length === 0) c.fail('SPL012', 'tstats needs at least one aggregation (e.g. count)', head.span);

    // Clauses.
    let sawBy = false;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (c.atOption()) {
        addOption(c.option());
        continue;
      }
      const kw = t.kind === 'word' ? t.value.toLowerCase() : '';
      if (kw === 'from' && datamodel === undefined) {
        c.next();
        const from = fromClause(c, t.span);
        if ('datamodel' in from) datamodel = from.datamodel;
        else {
          c.warn('SPL023', `FROM '${from.option.value.value}' is not a data model; kept as the option 'from'`, from.option.span);
          options.push(from.option);
        }
        continue;
      }
      if (kw === 'where') {
        c.next();
        const stop = ['by', ...(datamodel === undefined ? ['from'] : [])];
        const node = parseSearchExpr(c, stop);
        if (!node) return c.fail('SPL012', 'WHERE needs a search expression', t.span);
        const split = takeNodename(node);
        if (split.nodename) {
          if (nodename) c.fail('SPL001', 'nodename is given twice', split.nodename.span);
          nodename = split.nodename;
        }
        if (split.rest) where = where ? { kind: 'and', items: [where, split.rest], span: cover(where.span, split.rest.span) } : split.rest;
        continue;
      }
      if (kw === 'by' && !sawBy) {
        c.next();
        sawBy = true;
        by = byClause(c, t, addOption, ['from', 'where']);
        continue;
      }
      if (t.kind === 'rparen') c.fail('SPL003', "unbalanced parentheses: ')' has no matching '('", t.span);
      throw c.unexpected(t, sawBy ? 'end of tstats stage' : 'FROM, WHERE or BY');
    }

    return {
      command: 'tstats',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      aggregations,
      ...(datamodel ? { datamodel } : {}),
      ...(nodename ? { nodename } : {}),
      ...(where ? { where } : {}),
      by,
      ...(timeSpan ? { timeSpan } : {}),
      ...(macros.length ? { macros } : {}),
    };
  }),
};

/** Whether the next word starts a FROM/WHERE/BY clause. */
function isClause(c: StageCursor): boolean {
  return c.isKeyword('from') || c.isKeyword('where') || c.isKeyword('by');
}

/** After `FROM`: `datamodel=X.Y`, `datamodel X.Y`, `datamodel:X.Y`, or a namespace. */
function fromClause(c: StageCursor, fromSpan: { start: number; end: number }): { datamodel: Arg } | { option: Option } {
  const t = c.peek();
  if (t.kind === 'word' && t.value.toLowerCase() === 'datamodel') {
    c.next();
    const eq = c.peek();
    if (eq.kind === 'op' && eq.value === '=') c.next();
    else if (eq.kind === 'op') throw c.unexpected(eq, "'=' after datamodel");
    return { datamodel: c.gluedValue('a data model name') };
  }
  if (t.kind === 'word' && /^datamodel:/i.test(t.value)) {
    const v = c.gluedValue('a data model name');
    const value = v.value.slice('datamodel:'.length).replace(/^"(.*)"$/, '$1');
    if (value === '') c.fail('SPL012', 'expected a data model name after datamodel:', v.span);
    return { datamodel: { value, quoted: false, span: v.span } };
  }
  if (t.kind !== 'word' && t.kind !== 'string') throw c.unexpected(t, "'datamodel=<name>' after FROM");
  const value = c.gluedValue('a namespace after FROM');
  const option: Option = { key: 'from', value, span: cover(fromSpan, value.span) };
  return { option };
}

/** Take a top-level `nodename=<node>` term out of a WHERE clause. */
function takeNodename(node: SearchNode): { nodename?: Arg; rest?: SearchNode } {
  const asNodename = (n: SearchNode): Arg | undefined =>
    n.kind === 'compare' && n.op === '=' && n.field.name.toLowerCase() === 'nodename'
      ? { value: n.value.text, quoted: n.value.quoted, span: n.value.span }
      : undefined;
  const single = asNodename(node);
  if (single) return { nodename: single };
  if (node.kind !== 'and') return { rest: node };
  const i = node.items.findIndex((n) => asNodename(n) !== undefined);
  if (i < 0) return { rest: node };
  const items = node.items.filter((_, j) => j !== i);
  const nodename = asNodename(node.items[i]!);
  const rest: SearchNode | undefined =
    items.length === 0 ? undefined : items.length === 1 ? items[0]! : { kind: 'and', items, span: cover(items[0]!.span, items[items.length - 1]!.span) };
  return { ...(nodename ? { nodename } : {}), ...(rest ? { rest } : {}) };
}
