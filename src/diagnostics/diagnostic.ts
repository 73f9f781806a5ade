import type { Span } from './span.js';
import type { SplSource } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Errors are values. Every diagnostic has a stable code (e.g. `SPL012`), a message, and — when it concerns
 * rule text — a span, resolved to a file, line, column and code frame by `locate`.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Span in the rule's SPL text, when the diagnostic is about SPL. */
  readonly span?: Span;
  /** 0-based pipeline stage index, when known. */
  readonly stage?: number;
  /** Resolved location (filled in by `locate`). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

export function diag(
  code: string,
  severity: Severity,
  message: string,
  extra: { span?: Span; stage?: number; file?: string; line?: number; column?: number } = {},
): Diagnostic {
  return { code, severity, message, ...extra };
}

/** Resolve a diagnostic's span to file, line, column and code frame. */
export function locate(d: Diagnostic, source: SplSource): Diagnostic {
  if (!d.span || d.line !== undefined) return d;
  const span = d.span;
  const pos = source.position(span.start);
  const located = { ...d, file: source.displayName, line: pos.line, column: pos.column };
  // The frame is made when first read (most diagnostics are never shown with one); it is an ordinary enumerable
  // property for JSON, spreads and comparisons.
  let frame: string | undefined;
  return Object.defineProperty(located, 'frame', {
    enumerable: true,
    configurable: true,
    get: () => (frame ??= source.frame(span)),
  });
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** One-line human form: `file:line:col: error SPL012: message`, followed by the frame. */
export function formatDiagnostic(d: Diagnostic, withFrame = true): string {
  const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}:${d.column ?? 1}` : ''}: ` : '';
  const head = `${where}${d.severity} ${d.code}: ${d.message}`;
  return withFrame && d.frame ? `${head}\n${d.frame}` : head;
}

/** A result that is either a value or diagnostics explaining why there is none. */
export type Result<T> = { ok: true; value: T; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function ok<T>(value: T, diagnostics: Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T>(...diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}
