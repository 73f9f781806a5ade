import { cover } from '../../diagnostics/span.js';
import type { FieldRef, ReplacePair } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { fieldNames, macroTolerant } from './table.js';

/**
 * `replace <wc-string> WITH <wc-string> [, <wc-string> WITH <wc-string>]… [IN <field-list>]`: replaces whole field
 * values (`*` wildcards; the replacement's `*`s take what they matched), in the listed fields or, with no IN
 * clause, in every field. `WITH` and `IN` are case-insensitive; the pairs may be separated by commas or spaces.
 */
export const replace: CommandSpec = {
  names: ['replace'],
  parse: macroTolerant((c, head) => {
    const pairs: ReplacePair[] = [];
    let fields: FieldRef[] = [];
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'comma' && pairs.length > 0) {
        c.next();
        continue;
      }
      if (c.isKeyword('in') && pairs.length > 0 && !isWith(c, 1)) {
        const kw = c.next();
        fields = fieldNames(c);
        if (fields.length === 0) {
          const n = c.peek();
          if (n.kind === 'eof') c.fail('SPL012', "missing a field after 'IN'", kw.span);
          throw c.unexpected(n, "a field after 'IN'");
        }
        break;
      }
      if (t.kind !== 'word' && t.kind !== 'string') throw c.unexpected(t, pairs.length ? "a value to replace, ',' or 'IN'" : 'a value to replace');
      const from = c.gluedValue('a value to replace');
      const w = c.peek();
      if (!c.isKeyword('with')) {
        if (w.kind === 'eof') c.fail('SPL012', `missing 'WITH <replacement>' after '${from.value}'`, from.span);
        throw c.unexpected(w, "'WITH'");
      }
      c.next();
      const r = c.peek();
      if (r.kind !== 'word' && r.kind !== 'string') {
        if (r.kind === 'eof') c.fail('SPL012', "missing the replacement after 'WITH'", w.span);
        throw c.unexpected(r, "the replacement after 'WITH'");
      }
      const to = c.gluedValue('the replacement');
      const stars = (s: string) => (s.match(/\*/g) ?? []).length;
      if (stars(to.value) > 0 && stars(to.value) !== stars(from.value))
        c.fail('SPL009', `the replacement '${to.value}' must have as many wildcards as '${from.value}', or none`, to.span);
      pairs.push({ from, to, span: cover(from.span, to.span) });
    }
    if (pairs.length === 0) c.fail('SPL012', 'replace needs at least one <value> WITH <replacement>', head.span);
    return { command: 'replace', name: head.name, nameSpan: head.nameSpan, span: head.span, pairs, fields };
  }),
};

/** Whether the token `n` ahead is the keyword WITH (so a value named `in` is being replaced). */
function isWith(c: StageCursor, n: number): boolean {
  const t = c.peekAt(n);
  return t.kind === 'word' && t.value.toLowerCase() === 'with';
}
