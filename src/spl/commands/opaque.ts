import { cover } from '../../diagnostics/span.js';
import type { OpaqueCommand, Pipeline } from '../ast.js';
import type { CommandHead } from '../command-spec.js';
import type { StageCursor } from '../cursor.js';
import { MAX_SUBSEARCH_DEPTH } from '../subsearch.js';

/**
 * Keep a stage verbatim (unknown command, or a known one whose arguments failed to parse). Subsearches inside
 * it are still parsed so their data sources and diagnostics are not lost.
 */
const TEMPLATE_COMMANDS = new Set(['foreach']);

export function opaqueStage(c: StageCursor, head: CommandHead): OpaqueCommand {
  const subsearches: Pipeline[] = [];
  const first = c.peek();
  const start = first.kind === 'eof' ? c.scanner.end : first.start;
  let depth = 0;
  let open = -1;
  for (;;) {
    const t = c.scanner.next('search');
    if (t.kind === 'eof') break;
    if (t.kind === 'lbracket' && depth++ === 0) open = t.end;
    // `foreach … [ template ]` holds a per-field template with <<FIELD>> placeholders, not a search.
    // Past the nesting limit (already reported as SPL013) subsearches stay text: no unbounded recursion.
    if (t.kind === 'rbracket' && depth > 0 && --depth === 0 && !TEMPLATE_COMMANDS.has(head.name.toLowerCase()) && c.depth < MAX_SUBSEARCH_DEPTH)
      subsearches.push(c.parseSubPipeline(open, t.start));
  }
  const argsText = c.scanner.slice(start, c.scanner.end).trim();
  return {
    command: 'opaque',
    name: head.name,
    nameSpan: head.nameSpan,
    span: argsText ? cover(head.span, c.scanner.span(start, start + argsText.length)) : head.span,
    argsText,
    subsearches,
  };
}
