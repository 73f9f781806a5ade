import type { CommandSpec } from '../command-spec.js';
import { parseSearchExpr } from '../search-expr.js';

/** `search <expr>` (also the implicit first stage). */
export const search: CommandSpec = {
  names: ['search'],
  parse(c, head) {
    const expr = parseSearchExpr(c);
    const t = c.peek();
    if (t.kind === 'rparen') c.fail('SPL003', "unbalanced parentheses: ')' has no matching '('", t.span);
    c.end();
    return { command: 'search', name: head.name, nameSpan: head.nameSpan, span: head.span, explicit: true, ...(expr ? { expr } : {}) };
  },
};
