/**
 * Data-source selectors → the index pattern to search, through the profile's `sources`.
 *
 * Selectors are ANDed, index patterns are unions: the pattern searched is the intersection of the selectors'
 * patterns where one contains the other (`winlogbeat-*` ∩ `winlogbeat-*,logs-system.*` = `winlogbeat-*`). When
 * two patterns overlap in an unknown way the first selector's pattern is kept (a superset of the intersection).
 * A selector that a macro's body produced (`wineventlog_system` → `index=… sourcetype=…`) reads as the profile's
 * mapping of that macro when the profile maps the macro (the first of the macro chain, outermost first, that it
 * maps), before its own mapping. A selector the profile does not know (an undefined macro, an unknown index or
 * sourcetype) uses the profile's default index: a superset, noted. A generating command (`inputlookup`, `rest`, …) reads no index: unsupported.
 */
import type { Selector } from '../../ir/types.js';
import { patternToString } from '../../values/pattern.js';
import type { EsContext } from './context.js';

export function indexPattern(selectors: readonly Selector[], ctx: EsContext): string {
  const fallback = ctx.profile.defaultSource?.index ?? '*';
  let current: string[] | undefined;
  const macroMaps = ctx.profile.data.sources.macro ?? {};
  const viaMacros = new Set<string>();
  for (const s of selectors) {
    const via = s.origin.macros?.find((m) => macroMaps[m]?.index);
    if (via && viaMacros.has(via)) continue;
    const mapped = via ? macroMaps[via]?.index : ctx.profile.source(s)?.index;
    let patterns: string[];
    if (via) {
      viaMacros.add(via);
      ctx.verdict.note('info', `the selectors macro \`${via}\` expands to read as its profile mapping ${mapped}`, s.origin);
      patterns = split(mapped!);
    } else if (mapped) {
      patterns = split(mapped);
      if (s.kind === 'datamodel' && s.nodename)
        ctx.verdict.note('info', `data model node ${s.nodename} is read as its dataset ${s.model}${s.dataset ? `.${s.dataset}` : ''}`, s.origin);
    } else if (s.kind === 'generator') {
      ctx.verdict.degrade('unsupported', `generating command ${s.command} reads no index: not expressible as a search`, s.origin, 'error');
      continue;
    } else {
      ctx.verdict.degrade('superset', `${describe(s)} is not in profile ${ctx.profile.name}'s sources: searching the default index ${fallback} (superset)`, s.origin);
      patterns = split(fallback);
    }
    if (!current) {
      current = patterns;
      continue;
    }
    const next = intersect(current, patterns);
    if (next?.length) current = next;
    else ctx.verdict.note('info', `${describe(s)} (${patterns.join(',')}) only narrows ${current.join(',')} in a way index patterns cannot express: searching ${current.join(',')}`, s.origin);
  }
  return (current ?? split(fallback)).join(',');
}

function describe(s: Selector): string {
  switch (s.kind) {
    case 'macro':
      return `macro \`${s.name}${s.args.length ? `(${s.args.join(',')})` : ''}\``;
    case 'datamodel':
      return `datamodel ${s.model}${s.dataset ? `.${s.dataset}` : ''}`;
    case 'generator':
      return `command ${s.command}`;
    default:
      return `${s.kind}=${patternToString(s.value)}`;
  }
}

function split(index: string): string[] {
  return index.split(',').map((x) => x.trim()).filter(Boolean);
}

/** `b ⊆ a` for index patterns with `*`: a's glob matches b's text (b's `*` covered by a's). */
function covers(a: string, b: string): boolean {
  const re = new RegExp('^' + a.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
  return re.test(b);
}

/** The intersection of two unions of patterns, or undefined when some pair overlaps in an unknown way. */
function intersect(a: readonly string[], b: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const x of a)
    for (const y of b) {
      if (covers(x, y)) out.push(y);
      else if (covers(y, x)) out.push(x);
      else if (mayOverlap(x, y)) return undefined;
    }
  return [...new Set(out)];
}

/** Whether two patterns can both match one name (literal prefixes and suffixes compatible). */
function mayOverlap(x: string, y: string): boolean {
  const pre = (s: string) => s.split('*')[0]!;
  const suf = (s: string) => (s.includes('*') ? s.split('*').pop()! : s);
  const px = pre(x);
  const py = pre(y);
  const sx = suf(x);
  const sy = suf(y);
  const prefixOk = px.startsWith(py) || py.startsWith(px);
  const suffixOk = sx.endsWith(sy) || sy.endsWith(sx);
  return prefixOk && suffixOk;
}
