/**
 * A value pattern: literal text with wildcards, as SPL writes them (`*` in search, `%`/`_` in `like`).
 * Targets print patterns with their own escaping (one place per target); this module only models them.
 */
export type PatternPart =
  | { readonly kind: 'lit'; readonly text: string }
  /** Any run of characters, including none (SPL `*`, like `%`). */
  | { readonly kind: 'any' }
  /** Exactly one character (like `_`). */
  | { readonly kind: 'one' };

export interface ValuePattern {
  readonly parts: readonly PatternPart[];
}

/** The pattern of a literal string (no wildcards). */
export function literal(text: string): ValuePattern {
  return { parts: text === '' ? [] : [{ kind: 'lit', text }] };
}

/** Parse an SPL search value: `*` is a wildcard; escapes were already resolved by the lexer, except `\*`. */
export function fromSearchValue(text: string): ValuePattern {
  const parts: PatternPart[] = [];
  let lit = '';
  for (const ch of text) {
    if (ch === '*') {
      if (lit) parts.push({ kind: 'lit', text: lit });
      lit = '';
      if (parts[parts.length - 1]?.kind !== 'any') parts.push({ kind: 'any' });
    } else lit += ch;
  }
  if (lit) parts.push({ kind: 'lit', text: lit });
  return { parts };
}

/** Parse an eval `like()` pattern: `%` any run, `_` one character (no escape syntax in SPL's like). */
export function fromLikePattern(text: string): ValuePattern {
  const parts: PatternPart[] = [];
  let lit = '';
  for (const ch of text) {
    if (ch === '%' || ch === '_') {
      if (lit) parts.push({ kind: 'lit', text: lit });
      lit = '';
      if (ch === '_') parts.push({ kind: 'one' });
      else if (parts[parts.length - 1]?.kind !== 'any') parts.push({ kind: 'any' });
    } else lit += ch;
  }
  if (lit) parts.push({ kind: 'lit', text: lit });
  return { parts };
}

export function isLiteral(p: ValuePattern): boolean {
  return p.parts.every((x) => x.kind === 'lit');
}

/** The literal text of a wildcard-free pattern (or the literal parts joined, for display). */
export function literalText(p: ValuePattern): string {
  return p.parts.map((x) => (x.kind === 'lit' ? x.text : '')).join('');
}

/** Display form in SPL search syntax (`*` for any, `?` shown for one). */
export function patternToString(p: ValuePattern): string {
  return p.parts.map((x) => (x.kind === 'lit' ? x.text : x.kind === 'any' ? '*' : '_')).join('');
}

/** `*` alone: matches any value (so `f=*` means "f exists"). */
export function isMatchAll(p: ValuePattern): boolean {
  return p.parts.length === 1 && p.parts[0]!.kind === 'any';
}
