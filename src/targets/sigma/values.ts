/**
 * Sigma values: case-insensitive strings where `*` matches any run of characters and `?` exactly one, with `\`
 * escaping (sigma-rules-specification, "Escaping"; pySigma `SigmaString`):
 *
 * - `\*`, `\?` are a literal `*`, `?`; `\\` is one literal backslash;
 * - a backslash before any other character (or at the end) is itself literal: `C:\Windows` is `C:\Windows`.
 *
 * So a literal backslash must be doubled exactly when the character after it would otherwise be read as an escape
 * target: `*`, `?` (a wildcard, or the `\` that starts an escaped literal `*`/`?`), another `\`, and — not required
 * by the spec, but so that no tool that appends a wildcard (`|contains`) can turn it into `\*` — the end of the
 * value. Everywhere else a single backslash is written, as Sigma rules usually do (`\Temp\` stays `\Temp\`).
 */
import type { PatternPart, ValuePattern } from '../../values/pattern.js';

/** Print pattern parts as a Sigma string value (wildcards as `*`/`?`, literal text escaped). */
export function sigmaString(parts: readonly PatternPart[]): string {
  // Flatten to a sequence of items: a literal character or a wildcard.
  const items: ({ lit: string } | { wild: '*' | '?' })[] = [];
  for (const p of parts) {
    if (p.kind === 'any') items.push({ wild: '*' });
    else if (p.kind === 'one') items.push({ wild: '?' });
    else for (const ch of p.text) items.push({ lit: ch });
  }
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if ('wild' in it) {
      out += it.wild;
      continue;
    }
    const ch = it.lit;
    if (ch === '*' || ch === '?') out += `\\${ch}`;
    else if (ch === '\\') {
      const next = items[i + 1];
      const escapeNeeded = next === undefined || 'wild' in next || next.lit === '*' || next.lit === '?' || next.lit === '\\';
      out += escapeNeeded ? '\\\\' : '\\';
    } else out += ch;
  }
  return out;
}

/** Parse a Sigma string value back into pattern parts (the reading pySigma applies): for tests and round trips. */
export function parseSigmaString(s: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push({ kind: 'lit', text: lit });
    lit = '';
  };
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const n = chars[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += '\\';
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ kind: c === '*' ? 'any' : 'one' });
    } else lit += c;
  }
  flush();
  return parts;
}

/** A canonical non-negative decimal integer that YAML may carry as a number without changing its string form. */
export function asInteger(text: string): number | undefined {
  return /^(0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : undefined;
}

/** A number for an ordering modifier (`|lt` …), or undefined when the text is not a plain decimal number. */
export function asNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export type SigmaScalar = string | number | boolean | null;

/** How a value pattern is written in Sigma: modifiers (`contains`, `startswith`, `endswith`) and the value. */
export interface SigmaMatch {
  readonly modifiers: readonly string[];
  readonly value: SigmaScalar;
}

/**
 * A pattern matched against a whole field value. `*x*`, `x*`, `*x` use `contains`/`startswith`/`endswith` (the
 * Sigma idiom); any other pattern is a wildcard value. `*` alone means "has a value": `exists: true`.
 * `numbers`: a canonical integer without modifiers becomes a YAML number (`EventID: 7045`).
 */
export function matchPattern(p: ValuePattern, opts: { cased: boolean; numbers: boolean }): SigmaMatch {
  const parts = p.parts;
  if (parts.length === 1 && parts[0]!.kind === 'any') return { modifiers: ['exists'], value: true };
  let start = 0;
  let end = parts.length;
  const lead = parts[0]?.kind === 'any';
  const trail = parts.length > 1 && parts[parts.length - 1]?.kind === 'any';
  if (lead) start++;
  if (trail) end--;
  const inner = parts.slice(start, end);
  const mods: string[] = [];
  let body: readonly PatternPart[] = parts;
  if (inner.length > 0 && (lead || trail)) {
    mods.push(lead && trail ? 'contains' : lead ? 'endswith' : 'startswith');
    body = inner;
  }
  if (opts.cased) mods.push('cased');
  if (mods.length === 0 && opts.numbers && body.every((x) => x.kind === 'lit')) {
    const n = asInteger(body.map((x) => (x.kind === 'lit' ? x.text : '')).join(''));
    if (n !== undefined) return { modifiers: mods, value: n };
  }
  return { modifiers: mods, value: sigmaString(body) };
}
