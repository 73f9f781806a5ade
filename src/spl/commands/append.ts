import type { Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { parseSubsearch } from '../subsearch.js';
import { macroTolerant } from './table.js';

const KNOWN = new Set(['extendtimerange', 'maxtime', 'maxout', 'timeout']);

/** `append [extendtimerange=<bool>] [maxtime=<int>] [maxout=<int>] [timeout=<int>] [ <subsearch> ]`. */
export const append: CommandSpec = {
  names: ['append'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    while (c.atOption()) {
      const o = c.option();
      if (!KNOWN.has(o.key.toLowerCase())) c.warn('SPL023', `option '${o.key}' is not recognised for append; it is kept but not interpreted`, o.span);
      options.push(o);
    }
    const t = c.peek();
    if (t.kind === 'eof') c.fail('SPL012', 'append needs a subsearch in [ … ]', head.span);
    if (t.kind !== 'lbracket') throw c.unexpected(t, "an option or a subsearch '['");
    const { pipeline } = parseSubsearch(c);
    return { command: 'append', name: head.name, nameSpan: head.nameSpan, span: head.span, options, subsearch: pipeline };
  }),
};
