import type { Span } from '../diagnostics/span.js';

/**
 * SPL diagnostic codes. Parse errors are raised inside one stage as a `StageError` and caught by the pipeline
 * parser, which turns them into diagnostic values and keeps the stage as an opaque one: a broken stage is never
 * dropped and never stops the other stages.
 *
 * | code   | meaning |
 * |--------|---------|
 * | SPL001 | unexpected token |
 * | SPL002 | unterminated quoted string |
 * | SPL003 | unbalanced parentheses |
 * | SPL004 | unbalanced brackets (subsearch) |
 * | SPL005 | missing value after a comparison operator |
 * | SPL006 | empty stage (`||` or a trailing `|`) |
 * | SPL007 | unterminated macro backtick |
 * | SPL008 | expected a field name |
 * | SPL009 | invalid number or time span |
 * | SPL010 | invalid eval expression |
 * | SPL011 | invalid `rex mode=sed` expression |
 * | SPL012 | missing required argument |
 * | SPL013 | nesting too deep |
 * | SPL020 | unknown command: kept as an opaque stage (warning) |
 * | SPL021 | undefined macro used as a command (info: kept as a named stage) or inside a command's arguments (warning: the stage is kept verbatim) |
 * | SPL022 | a `\*` in a search value: Splunk cannot escape `*`, it stays a wildcard (warning) |
 * | SPL023 | option not recognised for this command (warning) |
 * | SPL024 | `!` used as a prefix NOT in an eval expression: not documented by Splunk, read as NOT (warning) |
 */
export class StageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}
