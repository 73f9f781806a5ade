/**
 * The one place the JS target gets its regexes from: PCRE (as SPL's `regex`, `rex`, `match()`, `replace()` receive
 * it) → a JavaScript RegExp with the same matches, via the regex module. An untranslatable regex is never replaced
 * by a different one: the caller gets the reason and lowers its verdict.
 */
import { pcreToJs } from '../../regex/index.js';
import type { RegexNote } from '../../regex/types.js';

export type Translated =
  | { readonly ok: true; readonly source: string; readonly flags: string; readonly exact: boolean; readonly notes: readonly RegexNote[] }
  | { readonly ok: false; readonly reason: string };

const cache = new Map<string, Translated>();

/** Translate a PCRE for a JS search (flags without `g`; callers add it). */
export function translateRegex(pcre: string, caseInsensitive = false): Translated {
  const key = `${caseInsensitive ? 'i' : '-'}${pcre}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let out: Translated;
  try {
    const r = pcreToJs(pcre, caseInsensitive ? { caseInsensitive: true } : {});
    if ('error' in r) out = { ok: false, reason: `${r.error.message} (at offset ${r.error.offset})` };
    else if (r.fidelity === 'unsupported')
      out = { ok: false, reason: r.notes.map((n) => n.message).join('; ') || 'not expressible in JavaScript' };
    else {
      const flags = r.flags.replace(/[gy]/g, '');
      // The generated module compiles it at load: make sure this engine accepts it (with `g`, as rex uses it).
      new RegExp(r.source, `${flags}g`);
      out = { ok: true, source: r.source, flags, exact: r.fidelity === 'exact', notes: r.notes };
    }
  } catch (e) {
    out = { ok: false, reason: `regex translation failed: ${(e as Error).message}` };
  }
  if (cache.size < 10_000) cache.set(key, out);
  return out;
}
