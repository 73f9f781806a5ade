import { cover, type Span } from '../../diagnostics/span.js';
import type { FieldRef, Option, Pipeline } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import type { Token } from '../token.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['type', 'usetime', 'earlier', 'overwrite', 'max']);
const TYPES = new Set(['inner', 'outer', 'left']);
/** Same guard as subsearches inside a search expression. */
const MAX_SUBSEARCH_DEPTH = 20;

/**
 * `join [type=inner|outer|left] [usetime=<bool>] [earlier=<bool>] [overwrite=<bool>] [max=<int>]
 * [<field> [, <field>]…] [ <subsearch> ]`: joins each event with the subsearch results sharing the fields' values.
 */
export const join: CommandSpec = {
  names: ['join'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    const fields: FieldRef[] = [];
    let subsearch: Pipeline | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma') {
        c.next();
        continue;
      }
      if (t.kind === 'lbracket') {
        subsearch = parseSubsearch(c).pipeline;
        break;
      }
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for join; it is kept but not interpreted`, o.span);
        if (key === 'type' && !TYPES.has(o.value.value.toLowerCase()))
          c.fail('SPL001', `join type must be inner, outer or left, found '${o.value.value}'`, o.value.span);
        if (key === 'max' && !/^\d+$/.test(o.value.value)) c.fail('SPL009', `join max must be a whole number, found '${o.value.value}'`, o.value.span);
        options.push(o);
        continue;
      }
      if (t.kind === 'word' || t.kind === 'string') {
        fields.push(fieldName(c));
        continue;
      }
      throw c.unexpected(t, 'a field name or a subsearch');
    }
    if (!subsearch) return c.fail('SPL012', 'join needs a subsearch in [ … ]', head.span);
    return { command: 'join', name: head.name, nameSpan: head.nameSpan, span: head.span, options, fields, subsearch };
  }),
};

/**
 * Consume a `[ … ]` subsearch (the next token must be `[`) and parse its inside as a pipeline. Shared by `join`
 * and `append`.
 */
export function parseSubsearch(c: StageCursor): { pipeline: Pipeline; span: Span } {
  const open = c.next();
  if (open.kind !== 'lbracket') throw c.unexpected(open, "a subsearch '['");
  if (c.depth > MAX_SUBSEARCH_DEPTH) c.fail('SPL013', 'subsearches nested too deeply', open.span);
  let depth = 1;
  let close: Token | undefined;
  for (;;) {
    const t = c.scanner.next('search');
    if (t.kind === 'eof') break;
    if (t.kind === 'lbracket') depth++;
    if (t.kind === 'rbracket' && --depth === 0) {
      close = t;
      break;
    }
  }
  if (!close) c.fail('SPL004', "unbalanced brackets: subsearch '[' is never closed", open.span);
  const pipeline = c.parseSubPipeline(open.end, close.start);
  return { pipeline, span: cover(open.span, close.span) };
}
