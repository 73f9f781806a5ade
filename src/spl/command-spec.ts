import type { Span } from '../diagnostics/span.js';
import type { Command } from './ast.js';
import type { StageCursor } from './cursor.js';

/** The command name and the whole stage's span, handed to a command parser. */
export interface CommandHead {
  /** As written, e.g. `bucket`. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
}

/**
 * One SPL command's argument grammar. `parse` is called with the cursor placed after the command name and must
 * consume the whole stage (the pipeline parser reports leftover tokens). Adding a command = one file exporting a
 * `CommandSpec` + one line in `commands/index.ts` (+ one lowering file).
 */
export interface CommandSpec {
  /** Names (and aliases) this spec parses, lower case. */
  readonly names: readonly string[];
  parse(c: StageCursor, head: CommandHead): Command;
}
