import type { Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { parseSubsearch } from '../subsearch.js';
import { macroTolerant } from './table.js';

/**
 * `appendpipe [run_in_preview=<bool>] [ <subpipeline> ]`: runs the sub-pipeline (commands, with or without a
 * leading `|`) on the current results and appends its output to them.
 */
export const appendpipe: CommandSpec = {
  names: ['appendpipe'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    while (c.atOption()) {
      const o = c.option();
      if (o.key.toLowerCase() !== 'run_in_preview') c.warn('SPL023', `option '${o.key}' is not recognised for appendpipe; it is kept but not interpreted`, o.span);
      options.push(o);
    }
    const t = c.peek();
    if (t.kind === 'eof') c.fail('SPL012', 'appendpipe needs a sub-pipeline in [ … ]', head.span);
    if (t.kind !== 'lbracket') throw c.unexpected(t, "an option or a sub-pipeline '['");
    const { pipeline, span } = parseSubsearch(c, true);
    if (pipeline.stages.length === 0) c.fail('SPL012', 'appendpipe needs at least one command in its sub-pipeline', span);
    return { command: 'appendpipe', name: head.name, nameSpan: head.nameSpan, span: head.span, options, subpipeline: pipeline };
  }),
};
