import { diag, type Diagnostic, type Severity } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { Origin, Query, Stage } from '../types.js';
import type { Pipeline } from '../../spl/ast.js';
import { DEFAULT_SEMANTICS, type SemanticsOptions } from '../semantics.js';

/** State shared while lowering one rule: diagnostics, the current stage, and macro provenance. */
export class LowerContext {
  stage = 0;

  constructor(
    readonly diagnostics: Diagnostic[],
    /** Macro chain for an original-text offset (from the expansion), for provenance. */
    private readonly macrosFor: (span: Span) => readonly string[],
    /** Lowers a nested pipeline (subsearch) into a query. */
    readonly lowerSub: (p: Pipeline) => Query,
    readonly semantics: SemanticsOptions = DEFAULT_SEMANTICS,
    /** Lowers a sub-pipeline of commands run on the current rows (`appendpipe [ … ]`) into stages. */
    readonly lowerSubStages: (p: Pipeline) => Stage[] = () => {
      throw new Error('LowerContext: no sub-pipeline lowering given');
    },
  ) {}

  origin(span: Span): Origin {
    const macros = this.macrosFor(span);
    return macros.length ? { stage: this.stage, span, macros } : { stage: this.stage, span };
  }

  report(code: string, severity: Severity, message: string, span: Span): void {
    this.diagnostics.push(diag(code, severity, message, { span, stage: this.stage }));
  }
}
