/**
 * Splunk security-content detection YAML: `search` holds the SPL; `name` → title, `id`, `description`,
 * `references`, `data_source` (or `data_sources`) → data categories, `tags.mitre_attack_id` → technique ids
 * (no names or tactics: the format carries none).
 */
import { ok, fail, type Result } from '../diagnostics/diagnostic.js';
import { LOAD } from './codes.js';
import { normaliseTechniqueId } from './mitre.js';
import type { RuleDoc, TechniqueRef } from './types.js';
import { isMapping, splField, str, strList, type YamlInput, type YamlMapping } from './yaml-doc.js';

/** Is this mapping a security-content detection? */
export function isEscuDoc(doc: YamlMapping): boolean {
  return 'search' in doc;
}

export function loadEscuDoc(input: YamlInput, doc: YamlMapping, occurrence: (key: string) => number): Result<RuleDoc> {
  const search = splField(input, doc, 'search', occurrence('search'), LOAD.badLogic);
  if (!search.ok) return fail(search.diagnostic);
  const notes = [...search.notes];
  const tags = isMapping(doc['tags']) ? doc['tags'] : {};
  const techniques: TechniqueRef[] = [];
  for (const raw of strList(tags['mitre_attack_id'])) {
    const id = normaliseTechniqueId(raw);
    if (!id) notes.push(`ignored mitre_attack_id ${JSON.stringify(raw)} (expected an id like T1543 or T1543.003)`);
    else if (!techniques.some((t) => t.id === id)) techniques.push({ id, tactics: [] });
  }
  return ok({
    file: input.file,
    format: 'escu',
    meta: {
      id: str(doc, 'id', input, occurrence('id')),
      title: str(doc, 'name'),
      description: str(doc, 'description'),
      techniques,
      references: strList(doc['references']),
      dataCategories: strList(doc['data_source'] ?? doc['data_sources']),
    },
    spl: search.spl,
    notes,
  });
}
