import type { Span } from '../diagnostics/span.js';

/**
 * Map from offsets in macro-expanded text back to the original SPL.
 *
 * The expanded text is a sequence of segments, each either a run of original characters (mapping one to one,
 * shifted) or a run of characters produced by a macro body (all mapping to the span of the outermost invocation,
 * with the chain of macro names that produced them). Segments are kept sorted by start offset, so a look-up is a
 * binary search: O(log n) in the number of segments, whatever the size of the text.
 */
export class OffsetMap {
  constructor(
    /** Start offset (in the expanded text) of each segment, ascending; segment i ends where i+1 starts. */
    private readonly starts: readonly number[],
    /** Original offset of each segment's first character, or -1 for a macro-body segment. */
    private readonly origStarts: readonly number[],
    /** Outermost invocation span of each macro-body segment (undefined for original segments). */
    private readonly spans: readonly (Span | undefined)[],
    /** Macro names, outermost first, of each segment ([] for original segments). */
    private readonly chains: readonly (readonly string[])[],
    /** Length of the expanded text. */
    readonly length: number,
    /** Length of the original text. */
    readonly originalLength: number,
  ) {}

  /** Number of segments (for tests and diagnostics of the map itself). */
  get segmentCount(): number {
    return this.starts.length;
  }

  /** Index of the segment holding the character at `offset` (0 ≤ offset < length). */
  private segmentAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Original offset of an expanded offset.
   *
   * `'start'` reads `offset` as the start of a range: it maps the character AT `offset` (a body character → the
   * invocation's `span.start`). `'end'` reads `offset` as an exclusive range end: it maps the character BEFORE it
   * and returns the position just after that character's origin (a body character → the invocation's `span.end`).
   * So `[toOriginal(s, 'start'), toOriginal(e, 'end'))` is the original range of the expanded range `[s, e)`, and
   * a token ending right before an expansion does not swallow the macro. Out-of-range offsets are clamped; the end
   * of the text maps to the end of the original.
   */
  toOriginal(offset: number, side: 'start' | 'end'): number {
    if (side === 'start') {
      if (offset >= this.length) return this.originalLength;
      const i = this.segmentAt(Math.max(0, offset));
      const orig = this.origStarts[i] ?? -1;
      return orig >= 0 ? orig + (Math.max(0, offset) - (this.starts[i] ?? 0)) : (this.spans[i]?.start ?? 0);
    }
    if (offset <= 0) return 0;
    const at = Math.min(offset, this.length) - 1;
    if (at < 0) return 0;
    const i = this.segmentAt(at);
    const orig = this.origStarts[i] ?? -1;
    return orig >= 0 ? orig + (at - (this.starts[i] ?? 0)) + 1 : (this.spans[i]?.end ?? 0);
  }

  /** Macro names (outermost first) whose body produced the character at `offset`; [] if original or out of range. */
  macrosAt(offset: number): readonly string[] {
    if (offset < 0 || offset >= this.length) return [];
    return this.chains[this.segmentAt(offset)] ?? [];
  }

  /** The identity map of a text that was not changed. */
  static identity(length: number): OffsetMap {
    return length === 0 ? new OffsetMap([], [], [], [], 0, 0) : new OffsetMap([0], [0], [undefined], [[]], length, length);
  }
}

const NO_MACROS: readonly string[] = [];

/** Builds the expanded text and its `OffsetMap` together, merging adjacent segments of the same origin. */
export class OffsetMapBuilder {
  private readonly parts: string[] = [];
  private readonly starts: number[] = [];
  private readonly origStarts: number[] = [];
  private readonly spans: (Span | undefined)[] = [];
  private readonly chains: (readonly string[])[] = [];
  private len = 0;

  /** Current length of the expanded text. */
  get length(): number {
    return this.len;
  }

  /** Appends original text that starts at `origStart` in the original. */
  original(text: string, origStart: number): void {
    if (text.length === 0) return;
    const last = this.starts.length - 1;
    const lastOrig = this.origStarts[last] ?? -1;
    const contiguous = last >= 0 && lastOrig >= 0 && lastOrig + (this.len - (this.starts[last] ?? 0)) === origStart;
    if (!contiguous) this.push(origStart, undefined, NO_MACROS);
    this.parts.push(text);
    this.len += text.length;
  }

  /** Appends text produced by a macro body; `chain` (outermost first) should be one shared array per body. */
  macro(text: string, span: Span, chain: readonly string[]): void {
    if (text.length === 0) return;
    const last = this.starts.length - 1;
    const same = last >= 0 && this.spans[last] === span && this.chains[last] === chain;
    if (!same) this.push(-1, span, chain);
    this.parts.push(text);
    this.len += text.length;
  }

  private push(origStart: number, span: Span | undefined, chain: readonly string[]): void {
    this.starts.push(this.len);
    this.origStarts.push(origStart);
    this.spans.push(span);
    this.chains.push(chain);
  }

  /** The expanded text. */
  text(): string {
    return this.parts.join('');
  }

  build(originalLength: number): OffsetMap {
    return new OffsetMap(this.starts, this.origStarts, this.spans, this.chains, this.len, originalLength);
  }
}
