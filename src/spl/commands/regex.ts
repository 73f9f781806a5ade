import { cover } from '../../diagnostics/span.js';
import type { FieldRef } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';

/**
 * `regex [<field>=|!=]<regex>`: keeps events whose field matches (`=`) or does not match (`!=`) the PCRE.
 * Without a field the regex applies to `_raw`. A quoted regex is SPL-unescaped (`\\` → `\`, `\"` → `"`); an
 * unquoted one is taken verbatim to the end of the stage.
 */
export const regex: CommandSpec = {
  names: ['regex'],
  parse(c, head) {
    let field: FieldRef = { name: '_raw', span: head.nameSpan };
    let negated = false;
    const a = c.peek();
    const b = c.peekAt(1);
    if (a.kind === 'word' && b.kind === 'op' && (b.value === '=' || b.value === '!=')) {
      c.next();
      c.next();
      field = { name: a.value, span: a.span };
      negated = b.value === '!=';
    }
    const t = c.peek();
    if (t.kind === 'eof') c.fail('SPL012', 'regex needs a regular expression', head.span);
    if (t.kind === 'string' && c.peekAt(1).kind === 'eof') {
      c.next();
      if (t.flag === false) c.fail('SPL002', 'unterminated quoted string', t.span);
      return { command: 'regex', name: head.name, nameSpan: head.nameSpan, span: head.span, field, negated, pattern: t.value, patternSpan: t.span };
    }
    const rest = c.rest();
    return {
      command: 'regex',
      name: head.name,
      nameSpan: head.nameSpan,
      span: cover(head.span, rest.span),
      field,
      negated,
      pattern: rest.text,
      patternSpan: rest.span,
    };
  },
};
