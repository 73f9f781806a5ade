import type { Origin } from '../ir/types.js';
import type { Fidelity, Note } from './types.js';

const RANK: Record<Fidelity, number> = { exact: 0, superset: 1, partial: 2, unsupported: 3 };

/** The weaker of two verdicts (exact < superset < partial < unsupported). */
export function weakest(a: Fidelity, b: Fidelity): Fidelity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Collects a target's verdict and notes while it converts a rule: each unexpressed or approximated construct
 * lowers the verdict and leaves a note pointing at its stage and span.
 */
export class Verdict {
  private value: Fidelity = 'exact';
  readonly notes: Note[] = [];

  get fidelity(): Fidelity {
    return this.value;
  }

  /** Lower the verdict to at most `f`, with a note on why. */
  degrade(f: Fidelity, message: string, origin?: Origin, level: Note['level'] = 'warning'): void {
    this.value = weakest(this.value, f);
    this.note(level, message, origin);
  }

  /** Lower the verdict to `partial` for an approximation that may MISS results (the note says so, `mayMiss`). */
  mayMiss(message: string, origin?: Origin): void {
    this.value = weakest(this.value, 'partial');
    this.notes.push({ ...this.make('warning', message, origin), mayMiss: true });
  }

  note(level: Note['level'], message: string, origin?: Origin): void {
    this.notes.push(this.make(level, message, origin));
  }

  private make(level: Note['level'], message: string, origin?: Origin): Note {
    return origin ? { level, stage: origin.stage, span: origin.span, message } : { level, stage: null, message };
  }
}
