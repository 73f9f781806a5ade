import { codeFrameColumns } from '@babel/code-frame';
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
    return safeCodeFrame(text, { start: a, end: b.line === a.line && b.column === a.column ? { line: b.line, column: b.column + 1 } : b }, 1);
  }

  /** The SPL text of a span. */
  slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }
}

/**
 * A code frame that never throws. Lines end at `\n` only here, while @babel/code-frame also breaks lines at a lone
 * `\r`, U+2028 and U+2029: those are shown as spaces (same length) so that both count the same lines and columns.
 */
export function safeCodeFrame(text: string, loc: { start: Position; end?: Position }, linesAround: number): string {
  try {
    return codeFrameColumns(text.replace(/\r(?!\n)|[\u2028\u2029]/g, ' '), loc, { linesAbove: linesAround, linesBelow: 1 });
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
