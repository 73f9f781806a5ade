import type { LookupField, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { fieldName, macroTolerant } from './table.js';

const KNOWN = new Set(['local', 'update', 'event_time_field']);
const OUTPUT_KEYWORDS = ['output', 'outputnew'];

/**
 * `lookup [local=<bool>] [update=<bool>] [event_time_field=<f>] <table> <field> [AS <event-field>]
 * [[,] <field> [AS <event-field>]]… [OUTPUT|OUTPUTNEW <field> [AS <event-field>] [[,] …]]`. Without an OUTPUT
 * clause every other column of the table is added to the events.
 */
export const lookup: CommandSpec = {
  names: ['lookup'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    while (c.atOption()) {
      const o = c.option();
      if (!KNOWN.has(o.key.toLowerCase())) c.warn('SPL023', `option '${o.key}' is not recognised for lookup; it is kept but not interpreted`, o.span);
      options.push(o);
    }
    const t = c.peek();
    if (t.kind === 'eof') c.fail('SPL012', 'lookup needs a lookup table name', head.span);
    const table = c.arg('a lookup table name');
    const inputs = lookupFields(c);
    if (inputs.length === 0) {
      const n = c.peek();
      if (n.kind === 'eof' || isOutputKeyword(c)) c.fail('SPL012', `lookup '${table.value}' needs at least one lookup field to match on`, table.span);
      throw c.unexpected(n, 'a lookup field');
    }
    let outputMode: 'OUTPUT' | 'OUTPUTNEW' | undefined;
    let outputs: LookupField[] = [];
    if (isOutputKeyword(c)) {
      const kw = c.next();
      outputMode = kw.text.toUpperCase() as 'OUTPUT' | 'OUTPUTNEW';
      outputs = lookupFields(c);
      if (outputs.length === 0) {
        const n = c.peek();
        if (n.kind === 'eof') c.fail('SPL012', `missing a field after '${kw.text}'`, kw.span);
        throw c.unexpected(n, `a field after '${kw.text}'`);
      }
    }
    return {
      command: 'lookup',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      table,
      inputs,
      ...(outputMode ? { outputMode } : {}),
      outputs,
    };
  }),
};

function isOutputKeyword(c: StageCursor): boolean {
  return OUTPUT_KEYWORDS.some((k) => c.isKeyword(k));
}

/** `<field> [AS <field>]` items, commas optional, until end of stage or OUTPUT/OUTPUTNEW. */
function lookupFields(c: StageCursor): LookupField[] {
  const out: LookupField[] = [];
  for (;;) {
    const t = c.peek();
    if (t.kind === 'comma') {
      c.next();
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'string') break;
    if (t.kind === 'word' && isOutputKeyword(c)) break;
    const field = fieldName(c);
    if (c.isKeyword('as')) {
      const as = c.next();
      const n = c.peek();
      if (n.kind === 'eof' || n.kind === 'comma' || (n.kind === 'word' && isOutputKeyword(c)))
        c.fail('SPL012', `missing the event field name after '${as.text}'`, as.span);
      out.push({ field, as: fieldName(c, 'an event field name') });
    } else out.push({ field });
  }
  return out;
}
