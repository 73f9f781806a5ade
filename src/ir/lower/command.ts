import type { Command } from '../../spl/ast.js';
import { assertNever } from '../types.js';
import { lowerAppendpipe } from './commands/appendpipe.js';
import { lowerBin } from './commands/bin.js';
import { lowerConvert } from './commands/convert.js';
import { lowerDedup } from './commands/dedup.js';
import { lowerEval } from './commands/eval.js';
import { lowerFields, lowerTable } from './commands/fields.js';
import { lowerFillnull } from './commands/fillnull.js';
import { lowerFromjson } from './commands/fromjson.js';
import { lowerHead } from './commands/head.js';
import { lowerIplocation } from './commands/iplocation.js';
import { lowerAppend, lowerJoin } from './commands/join.js';
import { lowerLookup } from './commands/lookup.js';
import { lowerMakemv } from './commands/makemv.js';
import { lowerMvexpand } from './commands/mvexpand.js';
import { lowerRegex } from './commands/regex.js';
import { lowerRename } from './commands/rename.js';
import { lowerReplace } from './commands/replace.js';
import { lowerRex } from './commands/rex.js';
import { lowerSearchCommand } from './commands/search.js';
import { lowerSort } from './commands/sort.js';
import { lowerSpath } from './commands/spath.js';
import { lowerStats } from './commands/stats.js';
import { lowerTop } from './commands/top.js';
import { lowerTransaction } from './commands/transaction.js';
import { stage, type Lowered } from './commands/types.js';
import { lowerWhere } from './commands/where.js';
import type { LowerContext } from './context.js';

/** Lower one stage that is not the pipeline's first (the first selects data: see pipeline.ts). */
export function lowerCommand(c: Command, ctx: LowerContext, text: string): Lowered {
  switch (c.command) {
    case 'search':
      return lowerSearchCommand(c, ctx);
    case 'where':
      return lowerWhere(c, ctx);
    case 'regex':
      return lowerRegex(c, ctx);
    case 'eval':
      return lowerEval(c, ctx);
    case 'table':
      return lowerTable(c, ctx);
    case 'fields':
      return lowerFields(c, ctx);
    case 'rename':
      return lowerRename(c, ctx);
    case 'bin':
      return lowerBin(c, ctx);
    case 'stats':
      return lowerStats(c, ctx);
    case 'dedup':
      return lowerDedup(c, ctx);
    case 'sort':
      return lowerSort(c, ctx);
    case 'head':
      return lowerHead(c, ctx, text);
    case 'rex':
      return lowerRex(c, ctx);
    case 'lookup':
      return lowerLookup(c, ctx);
    case 'convert':
      return lowerConvert(c, ctx);
    case 'fillnull':
      return lowerFillnull(c, ctx);
    case 'spath':
      return lowerSpath(c, ctx);
    case 'mvexpand':
      return lowerMvexpand(c, ctx);
    case 'join':
      return lowerJoin(c, ctx);
    case 'append':
      return lowerAppend(c, ctx);
    case 'iplocation':
      return lowerIplocation(c, ctx);
    case 'makemv':
      return lowerMakemv(c, ctx);
    case 'replace':
      return lowerReplace(c, ctx);
    case 'fromjson':
      return lowerFromjson(c, ctx);
    case 'appendpipe':
      return lowerAppendpipe(c, ctx);
    case 'top':
      return lowerTop(c, ctx, text);
    case 'transaction':
      return lowerTransaction(c, ctx);
    case 'tstats':
      return stage({ kind: 'opaque', command: 'tstats', text, reason: 'tstats after the first stage (append/prestats mode) is not modelled', origin: ctx.origin(c.span) });
    case 'macro':
      return stage({ kind: 'opaque', command: c.name, text, reason: `macro \`${c.macro}\` is not defined`, macro: c.macro, origin: ctx.origin(c.span) });
    case 'opaque':
      if (c.macro !== undefined)
        return stage({ kind: 'opaque', command: c.name, text, reason: `macro \`${c.macro}\` in its arguments is not defined, so the stage cannot be read`, macro: c.macro, origin: ctx.origin(c.span) });
      return stage({ kind: 'opaque', command: c.name, text, reason: `'${c.name}' is not modelled`, origin: ctx.origin(c.span) });
    default:
      return assertNever(c, 'command');
  }
}
