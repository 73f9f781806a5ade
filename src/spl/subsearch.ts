import { cover, type Span } from '../diagnostics/span.js';
import type { Pipeline } from './ast.js';
import type { StageCursor } from './cursor.js';
import type { Token } from './token.js';

/** Subsearches nest at most this deep (a guard against hostile input). */
export const MAX_SUBSEARCH_DEPTH = 20;

/**
 * Consume a `[ … ]` subsearch (the next token must be `[`) and parse its inside as a pipeline. Used by the search
 * language, `join`, `append` and (with `commands`: a sub-pipeline of commands) `appendpipe`.
 */
export function parseSubsearch(c: StageCursor, commands = false): { pipeline: Pipeline; span: Span } {
  const open = c.next();
  if (open.kind !== 'lbracket') throw c.unexpected(open, "a subsearch '['");
  if (c.depth > MAX_SUBSEARCH_DEPTH) c.fail('SPL013', 'subsearches nested too deeply', open.span);
  let depth = 1;
  let close: Token | undefined;
  for (;;) {
    const t = c.scanner.next('search');
    if (t.kind === 'eof') break;
    if (t.kind === 'lbracket') depth++;
    if (t.kind === 'rbracket' && --depth === 0) {
      close = t;
      break;
    }
  }
  if (!close) c.fail('SPL004', "unbalanced brackets: subsearch '[' is never closed", open.span);
  const pipeline = c.parseSubPipeline(open.end, close.start, commands);
  return { pipeline, span: cover(open.span, close.span) };
}
