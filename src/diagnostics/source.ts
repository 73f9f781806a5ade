import { codeFrameColumns } from './code-frame.js';
import type { Span } from './span.js';

/** A 1-based line and column in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * The SPL text of one rule, with a way back to the file it came from.
 *
 * `text` is the SPL as Splunk would see it (YAML already decoded). When the loader can map SPL offsets to the
 * file (`fileText` + `toFileOffset`), positions and code frames point into the file itself; otherwise they point
 * into the SPL text, named `<file>#<field>`.
 */
export class SplSource {
  private readonly fileLineStarts: number[];
  private readonly splLineStarts: number[];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly fileText?: string,
    private readonly toFileOffset?: (splOffset: number) => number,
    readonly field?: string,
  ) {
    this.splLineStarts = lineStarts(text);
    this.fileLineStarts = fileText !== undefined ? lineStarts(fileText) : [];
  }

  /** Where diagnostics are reported: the file when mapped, else the SPL text. */
  get displayName(): string {
    return this.isMapped() || this.field === undefined ? this.file : `${this.file}#${this.field}`;
  }

  isMapped(): boolean {
    return this.fileText !== undefined && this.toFileOffset !== undefined;
  }

  position(offset: number): Position {
    if (this.isMapped()) return toPosition(this.fileLineStarts, this.toFileOffset!(offset));
    return toPosition(this.splLineStarts, offset);
  }

  /** A code frame (a few lines of context with a caret under the span). */
  frame(s: Span): string {
    const text = this.isMapped() ? this.fileText! : this.text;
    const startOff = this.isMapped() ? this.toFileOffset!(s.start) : s.start;
    const endOff = this.isMapped() ? this.toFileOffset!(Math.max(s.start, s.end)) : Math.max(s.start, s.end);
    const starts = this.isMapped() ? this.fileLineStarts : this.splLineStarts;
    const a = toPosition(starts, startOff);
    // A span whose end maps before its start (macro-expanded text) is framed at its start only.
    const b = toPosition(starts, Math.max(startOff, endOff));
    return safeCodeFrame(text, { start: a, end: b.line === a.line && b.column === a.column ? { line: b.line, column: b.column + 1 } : b }, 1, starts);
  }

  /** The SPL text of a span. */
  slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }
}

/** Lines longer than this are shown in a code frame as a window of this many characters around the column. */
export const FRAME_LINE_WINDOW = 160;

/**
 * A code frame that never throws, in time bounded by the lines it shows (not by the file: only those lines are
 * given to @babel/code-frame, with their numbers). A line longer than `FRAME_LINE_WINDOW` is cut to a window
 * around the start column, marked with `…`. Lines end at `\n` only here, while @babel/code-frame also breaks lines
 * at a lone `\r`, U+2028 and U+2029: those are shown as spaces so that both count the same lines and columns.
 */
export function safeCodeFrame(
  text: string,
  loc: { start: Position; end?: Position },
  linesAbove: number,
  starts: readonly number[] = lineStarts(text),
): string {
  try {
    const first = Math.max(1, loc.start.line - linesAbove);
    const last = Math.min(starts.length, (loc.end ?? loc.start).line + 1);
    const lines: string[] = [];
    for (let l = first; l <= last; l++) {
      const from = starts[l - 1]!;
      const to = l < starts.length ? starts[l]! - 1 : text.length;
      lines.push(text.slice(from, to).replace(/\r(?!\n)|[\u2028\u2029]/g, ' '));
    }
    const long = lines.some((x) => x.length > FRAME_LINE_WINDOW);
    const w0 = long ? Math.max(0, loc.start.column - 1 - FRAME_LINE_WINDOW / 2) : 0;
    const shown = long
      ? lines.map((x) => `${w0 > 0 ? '…' : ''}${x.slice(w0, w0 + FRAME_LINE_WINDOW)}${x.length > w0 + FRAME_LINE_WINDOW ? '…' : ''}`)
      : lines;
    const col = (p: Position): Position => {
      if (!long) return { line: p.line, column: p.column };
      const line = shown[p.line - first] ?? '';
      return { line: p.line, column: Math.min(Math.max(1, p.column - w0 + (w0 > 0 ? 1 : 0)), line.length + 1) };
    };
    const where = loc.end ? { start: col(loc.start), end: col(loc.end) } : { start: col(loc.start) };
    // `startLine` (the number of the first line given) is an option of @babel/code-frame its types do not list.
    const options: Parameters<typeof codeFrameColumns>[2] & { startLine: number } = { linesAbove, linesBelow: 1, startLine: first };
    return codeFrameColumns(shown.join('\n'), where, options);
  } catch {
    return '';
  }
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function toPosition(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
