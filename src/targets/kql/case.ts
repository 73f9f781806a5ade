/**
 * Letter case for the `kql` target. KQL on keyword fields compares exactly, case included; SPL search values compare
 * case-insensitively. Whether that matters for a value depends on whether it has any character case folding could
 * change: `7045`, `C:\`, `-` do not; `cmd.exe` does.
 */
import type { KqlValuePart } from './escape.js';

/** Non-ASCII characters that can be caseless: other letters (CJK, …), numbers, punctuation, symbols, separators. */
const MAYBE_CASELESS = /^[\p{Lo}\p{N}\p{P}\p{S}\p{Z}]$/u;

/**
 * True when no case folding can turn `ch` into another character or another character into `ch`: ASCII
 * non-letters, and non-ASCII characters of the categories above whose lower and upper case are themselves.
 * Modifier letters and combining marks count as cased (U+0307 is part of the lower case of `İ`, U+02BC of `ŉ`'s
 * upper case), so do all ASCII letters: a value is only called caseless when no folding can matter.
 */
export function isCaseless(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return !/[A-Za-z]/.test(ch);
  return MAYBE_CASELESS.test(ch) && ch.toLowerCase() === ch && ch.toUpperCase() === ch;
}

/** Whether a case-insensitive match of these parts can differ from a case-sensitive one. */
export function hasCasedText(parts: readonly KqlValuePart[]): boolean {
  return parts.some((p) => p.kind === 'lit' && [...p.text].some((ch) => !isCaseless(ch)));
}

/**
 * The tightest case-sensitive wildcard pattern that matches every case variant of `parts`: each run of cased
 * characters becomes `*` (any length, since folding can change length: `ß` ↔ `SS`), caseless text stays.
 */
export function foldToWildcards(parts: readonly KqlValuePart[]): KqlValuePart[] {
  const out: KqlValuePart[] = [];
  let lit = '';
  const any = () => {
    if (lit) out.push({ kind: 'lit', text: lit });
    lit = '';
    if (out[out.length - 1]?.kind !== 'any') out.push({ kind: 'any' });
  };
  for (const p of parts) {
    if (p.kind === 'any') any();
    else for (const ch of p.text) if (isCaseless(ch)) lit += ch; else any();
  }
  if (lit) out.push({ kind: 'lit', text: lit });
  return out;
}
