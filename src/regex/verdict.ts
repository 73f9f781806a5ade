/** Fidelity bookkeeping shared by the printers: the weakest verdict so far and one note per approximation. */
import type { Span } from './ast.js';
import type { RegexFidelity, RegexNote } from './types.js';

const RANK: Record<RegexFidelity, number> = { exact: 0, superset: 1, unsupported: 2 };

export function weaker(a: RegexFidelity, b: RegexFidelity): RegexFidelity {
  return RANK[a] >= RANK[b] ? a : b;
}

export class RegexVerdict {
  fidelity: RegexFidelity = 'exact';
  readonly notes: RegexNote[] = [];

  /** Lower the verdict to at most `f`, with a note on why (about the construct at `span`, when given). */
  degrade(f: RegexFidelity, message: string, span?: Span): void {
    this.fidelity = weaker(this.fidelity, f);
    this.note(message, span);
  }

  /** A note that does not change the verdict. */
  note(message: string, span?: Span): void {
    if (this.notes.some((n) => n.message === message && n.start === span?.start)) return;
    this.notes.push(span ? { message, start: span.start, end: span.end } : { message });
  }

  absorb(other: { readonly fidelity: RegexFidelity; readonly notes: readonly RegexNote[] }): void {
    this.fidelity = weaker(this.fidelity, other.fidelity);
    for (const n of other.notes) this.notes.push(n);
  }
}
