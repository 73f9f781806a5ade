/**
 * The catalog page's text export: a header, a MITRE coverage table (`| Tactic | Techniques |`), a "Rule body
 * yaml" section ending at "Stages and Predicates" (or the end), and more. The copy lost the indentation of the
 * continuation lines of multi-line scalars; we put two spaces back in front of each continuation line (a line that
 * is not a `key:` at column 0, nor a `- item` of a list, nor inside an open quoted scalar counts as one), parse the
 * result as catalog YAML, and map offsets back into the page through the repair.
 */
import { fail, type Result } from '../diagnostics/diagnostic.js';
import { LOAD, loadDiag } from './codes.js';
import { loadCatalogDoc, isCatalogDoc } from './catalog.js';
import { tacticSlug } from './mitre.js';
import type { KnownTechnique } from './techniques.js';
import type { RuleDoc } from './types.js';
import { isMapping, parseYaml, yamlErrorDiag, type YamlInput } from './yaml-doc.js';

const BODY_START = /^[ \t]*Rule body yaml[ \t]*$/i;
const BODY_END = /^[ \t]*Stages and Predicates[ \t]*$/i;

/** Does the text look like a catalog page with a rule body? */
export function isCatalogPage(text: string): boolean {
  // The heading's words first (a plain search): most texts are not pages, and splitting them into lines is not free.
  return /Rule body yaml/i.test(text) && splitLines(text).some((l) => BODY_START.test(l.text));
}

/** Other headings of the page: a page that has these but no rule body is reported as such, not read as SPL. */
export function looksLikeCatalogPage(text: string): boolean {
  return /Stages and Predicates|MITRE ATT&CK coverage/i.test(text) && /^[ \t]*(Stages and Predicates|MITRE ATT&CK coverage)[ \t]*\r?$/im.test(text);
}

interface Line {
  readonly start: number;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let m = re.exec(text); m && m.index < text.length; m = re.exec(text)) {
    lines.push({ start: m.index, text: m[1]! });
    if (m[2] === '') break;
  }
  return lines;
}

/** Index after the closing quote `q` in `s` from `from`, or -1 when the quoted scalar stays open. */
function closeQuote(s: string, from: number, q: string): number {
  for (let i = from; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

interface RepairedLine {
  readonly repStart: number;
  readonly pageStart: number;
  readonly inserted: number;
}

/** Re-indent continuation lines. Returns the YAML text, how each of its lines maps to the page, and the count. */
export function repairBody(lines: readonly Line[]): { yamlText: string; map: RepairedLine[]; repaired: number } {
  const out: string[] = [];
  const map: RepairedLine[] = [];
  let repStart = 0;
  let quote: string | undefined;
  let listMode = false;
  let repaired = 0;
  /** Does a value open a quoted scalar that does not close on this line? */
  const opens = (value: string): string | undefined => {
    const v = value.trimStart();
    const q = v[0];
    return (q === "'" || q === '"') && closeQuote(v, 1, q) < 0 ? q : undefined;
  };
  for (const line of lines) {
    const t = line.text;
    let continuation = false;
    if (quote !== undefined) {
      continuation = true;
      if (closeQuote(t, 0, quote) >= 0) quote = undefined;
    } else if (t.trim() === '' || /^[ \t#]/.test(t)) {
      // blank, a comment, or still indented: keep
    } else {
      const key = /^([A-Za-z_][\w.-]*|'[^']*'|"[^"]*")[ \t]*:(?:[ \t]+(.*))?$/.exec(t);
      const item = listMode ? /^-(?:[ \t]+(.*))?$/.exec(t) : null;
      if (key) {
        const value = key[2] ?? '';
        listMode = value.trim() === '';
        quote = opens(value);
      } else if (item) {
        quote = opens(item[1] ?? '');
      } else {
        continuation = true;
      }
    }
    const inserted = continuation && t.trim() !== '' ? 2 : 0;
    if (inserted) repaired++;
    const text = ' '.repeat(inserted) + t;
    out.push(text);
    map.push({ repStart, pageStart: line.start, inserted });
    repStart += text.length + 1;
  }
  return { yamlText: out.join('\n'), map, repaired };
}

/** Offset in the repaired YAML → offset in the page (inserted spaces map to the start of their line). */
function toPage(map: readonly RepairedLine[], offset: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map[mid]!.repStart <= offset) lo = mid;
    else hi = mid - 1;
  }
  const l = map[lo];
  if (!l) return 0;
  const rel = offset - l.repStart;
  return rel < l.inserted ? l.pageStart : l.pageStart + rel - l.inserted;
}

/** The `| Tactic | Techniques |` table: id → name and tactic slugs. */
export function parseMitreTable(lines: readonly Line[]): Map<string, KnownTechnique> {
  const known = new Map<string, { name?: string; tactics: string[] }>();
  const head = lines.findIndex((l) => /^\s*\|\s*Tactics?\s*\|\s*Techniques?\s*\|?\s*$/i.test(l.text));
  if (head < 0) return known;
  let tactic = '';
  for (const { text } of lines.slice(head + 1)) {
    if (!text.trimStart().startsWith('|')) break;
    if (/^\s*\|[\s:|-]*$/.test(text)) continue;
    const cells = text.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    tactic = cells[0] || tactic;
    for (const part of (cells[1] ?? '').split(/(?=\bT\d{4}(?:\.\d{3})?\b)/)) {
      const m = /^(T\d{4}(?:\.\d{3})?)\b\s*(.*)$/.exec(part.trim());
      if (!m) continue;
      const name = m[2]!.replace(/(\s*(<br\s*\/?>|[,;]))+\s*$/i, '').trim();
      const entry = known.get(m[1]!) ?? { tactics: [] };
      if (name && !entry.name) entry.name = name;
      if (tactic) entry.tactics.push(tacticSlug(tactic));
      known.set(m[1]!, entry);
    }
  }
  return known;
}

export function loadCatalogPage(file: string, text: string): Result<RuleDoc[]> {
  const lines = splitLines(text);
  const begin = lines.findIndex((l) => BODY_START.test(l.text));
  let end = lines.findIndex((l, i) => i > begin && BODY_END.test(l.text));
  if (end < 0) end = lines.length;
  const body = lines.slice(begin + 1, end);
  while (body.length > 0 && body[body.length - 1]!.text.trim() === '') body.pop();
  if (begin < 0 || body.length === 0) {
    return fail(loadDiag(LOAD.pageNoBody, 'catalog page without a "Rule body yaml" section: no rule to load', file));
  }
  const { yamlText, map, repaired } = repairBody(body);
  const input: YamlInput = { file, yamlText, fileText: text, toFile: (o) => toPage(map, o) };
  const parsed = parseYaml(yamlText);
  if ('error' in parsed) {
    const what = `the page's rule body YAML is invalid even after re-indenting ${repaired} continuation line(s)`;
    return fail(yamlErrorDiag(LOAD.pageUnrepairable, what, input, parsed.error));
  }
  const doc = parsed.docs.length === 1 ? parsed.docs[0] : undefined;
  if (!isMapping(doc) || !isCatalogDoc(doc)) {
    return fail(loadDiag(LOAD.notRule, 'the page\'s "Rule body yaml" section is not a catalog rule: expected a `logic` field', file));
  }
  const notes = [`repaired the indentation of ${repaired} continuation line(s) in the page's rule body YAML`];
  const rule = loadCatalogDoc(input, doc, { format: 'catalog-page', occurrence: () => 0, known: parseMitreTable(lines), notes });
  return rule.ok ? { ok: true, value: [rule.value], diagnostics: rule.diagnostics } : rule;
}
