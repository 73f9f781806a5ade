/**
 * Format detection, by content (never by file extension):
 *
 * 1. A line `Rule body yaml` → the catalog page text export (`catalog-page`). A text with the page's other
 *    headings (`MITRE ATT&CK coverage`, `Stages and Predicates`) but no rule body → `page-without-body`.
 * 2. Otherwise the text is parsed as a YAML stream:
 *    - it does not parse: if it looks like rule YAML (a `logic:` / `search:` line at column 0, or two of the
 *      usual rule keys) → `bad-yaml` (report the YAML error); else → `spl` (e.g. `| tstats …`, `` `macro` …``);
 *    - a document is a YAML list of rules → `rule-list` (refused: one rule per document, `---` between them);
 *    - no document is a mapping (e.g. `index=main foo` is a plain YAML string) → `spl`;
 *    - a mapping has `logic` / `logic_format` (catalog) or `search` (security content) → `yaml`;
 *    - a mapping whose keys are not all plain identifiers (`index=main x: y` parses as a mapping too) → `spl`;
 *    - else → `not-rule`.
 */
import { isCatalogDoc } from './catalog.js';
import { isCatalogPage, looksLikeCatalogPage } from './catalog-page.js';
import { isEscuDoc } from './escu.js';
import { isMapping, parseYaml } from './yaml-doc.js';

export type Detection =
  | { readonly kind: 'catalog-page' }
  | { readonly kind: 'page-without-body' }
  | { readonly kind: 'yaml'; readonly docs: readonly unknown[] }
  | { readonly kind: 'bad-yaml'; readonly error: unknown }
  | { readonly kind: 'not-rule'; readonly keys: readonly string[] }
  | { readonly kind: 'rule-list' }
  | { readonly kind: 'spl' };

const RULE_KEYS = ['id', 'title', 'name', 'description', 'logic_format', 'techniques', 'technique_id', 'data_category', 'data_source', 'references', 'tags'];

/** A `logic:` or `search:` line at column 0, or at least two of the usual rule keys. */
export function looksLikeRuleYaml(text: string): boolean {
  if (/^(logic|search)[ \t]*:/m.test(text)) return true;
  const seen = RULE_KEYS.filter((k) => new RegExp(`^${k}[ \\t]*:(?:[ \\t]|\\r?$)`, 'm').test(text));
  return seen.length >= 2;
}

const IDENTIFIER = /^[A-Za-z_][\w.-]*$/;

export function detect(text: string): Detection {
  if (isCatalogPage(text)) return { kind: 'catalog-page' };
  if (looksLikeCatalogPage(text)) return { kind: 'page-without-body' };
  const parsed = parseYaml(text);
  if ('error' in parsed) return looksLikeRuleYaml(text) ? { kind: 'bad-yaml', error: parsed.error } : { kind: 'spl' };
  const maps = parsed.docs.filter(isMapping);
  const isRule = (d: unknown): boolean => isMapping(d) && (isCatalogDoc(d) || isEscuDoc(d));
  if (parsed.docs.some((d) => Array.isArray(d) && d.some(isRule))) return { kind: 'rule-list' };
  if (maps.length === 0) return { kind: 'spl' };
  if (maps.some(isRule)) return { kind: 'yaml', docs: parsed.docs };
  const keys = maps.flatMap((d) => Object.keys(d));
  if (!keys.every((k) => IDENTIFIER.test(k))) return { kind: 'spl' };
  return { kind: 'not-rule', keys };
}
