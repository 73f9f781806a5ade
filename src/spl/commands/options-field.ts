import type { FieldRef, Option } from '../ast.js';
import type { CommandHead } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { fieldName } from './table.js';

const BOOL = /^(true|false|t|f|1|0|yes|no)$/i;

/** The grammar of a command written `cmd [key=value]… <field> [key=value]…` (options before or after the field). */
export interface OptionsAndFieldGrammar {
  /** Command name, for messages. */
  readonly command: string;
  /** Option keys it interprets (lower case); others are kept with a warning (SPL023). */
  readonly known: ReadonlySet<string>;
  /** Option keys whose value must be a boolean (SPL009 otherwise). */
  readonly booleans?: ReadonlySet<string>;
  /** What the field is, for "expected …" messages (default `a field name`). */
  readonly fieldWhat?: string;
  /** Message when the field is missing (SPL012). */
  readonly missing: string;
}

/** Parses the options and the one field of such a command. */
export function optionsAndField(c: StageCursor, head: CommandHead, g: OptionsAndFieldGrammar): { options: Option[]; field: FieldRef } {
  const options: Option[] = [];
  let field: FieldRef | undefined;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof') break;
    if (c.atOption()) {
      const o = c.option();
      const key = o.key.toLowerCase();
      if (!g.known.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for ${g.command}; it is kept but not interpreted`, o.span);
      if (g.booleans?.has(key) && !BOOL.test(o.value.value))
        c.fail('SPL009', `${g.command} ${o.key} must be true or false, found '${o.value.value}'`, o.value.span);
      options.push(o);
      continue;
    }
    if (field) throw c.unexpected(t, `end of stage (${g.command} takes one field)`);
    field = g.fieldWhat === undefined ? fieldName(c) : fieldName(c, g.fieldWhat);
  }
  if (!field) return c.fail('SPL012', g.missing, head.span);
  return { options, field };
}

/** The last option given for `key` (later ones win). */
export function lastOption(options: readonly Option[], key: string): Option | undefined {
  return options.filter((o) => o.key.toLowerCase() === key).pop();
}

/** Whether a boolean option is set to a true value. */
export function isTrue(o: Option | undefined): boolean {
  return /^(true|t|1|yes)$/i.test(o?.value.value ?? '');
}
