import type { CommandSpec } from '../command-spec.js';
import { append } from './append.js';
import { appendpipe } from './appendpipe.js';
import { bin } from './bin.js';
import { convert } from './convert.js';
import { dedup } from './dedup.js';
import { evalCommand } from './eval.js';
import { fields } from './fields.js';
import { fillnull } from './fillnull.js';
import { fromjson } from './fromjson.js';
import { head } from './head.js';
import { iplocation } from './iplocation.js';
import { join } from './join.js';
import { lookup } from './lookup.js';
import { makemv } from './makemv.js';
import { mvexpand } from './mvexpand.js';
import { regex } from './regex.js';
import { rename } from './rename.js';
import { replace } from './replace.js';
import { rex } from './rex.js';
import { search } from './search.js';
import { sort } from './sort.js';
import { spath } from './spath.js';
import { stats } from './stats.js';
import { table } from './table.js';
import { top } from './top.js';
import { transaction } from './transaction.js';
import { tstats } from './tstats.js';
import { where } from './where.js';

/** Every command with its own argument grammar. Unknown commands become opaque stages (SPL020). */
export const COMMANDS: readonly CommandSpec[] = [
  search, where, regex, evalCommand, table, fields, rename, bin, stats, tstats, dedup, sort, head, rex, lookup,
  convert, fillnull, spath, mvexpand, join, append, iplocation, makemv, replace, fromjson, appendpipe, top, transaction,
];

const byName = new Map<string, CommandSpec>();
for (const spec of COMMANDS) for (const n of spec.names) byName.set(n, spec);

export function commandSpec(name: string): CommandSpec | undefined {
  return byName.get(name.toLowerCase());
}
