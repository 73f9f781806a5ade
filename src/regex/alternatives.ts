import { RegExpParser } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The top-level alternatives of a regex (`a|b(c|d)` → `a`, `b(c|d)`). For an unanchored search regex the union
 * of its alternatives matches exactly what the whole does, so each is an indicator value of its own.
 * Parsed with regexpp (PCRE's alternation syntax is the same); a pattern it cannot parse is returned whole.
 */
export function topLevelAlternatives(pcre: string): string[] {
  try {
    const ast = parser.parsePattern(pcre, 0, pcre.length, { unicode: false, unicodeSets: false });
    return ast.alternatives.map((a) => a.raw);
  } catch {
    return [pcre];
  }
}
