/**
 * Catalog rule YAML (`id`, `title`, `description`, `logic_format`, `logic`, `techniques`, `technique_id`,
 * `data_category`, `references`). Only `logic_format: Splunk` (any case; assumed when absent) is accepted.
 * Also used by the catalog page loader, which passes the page's MITRE table and its own notes.
 */
import { fail, ok, type Result } from '../diagnostics/diagnostic.js';
import { LOAD, loadDiag } from './codes.js';
import { matchTechniques, type KnownTechnique } from './techniques.js';
import type { RuleDoc, RuleFormat } from './types.js';
import { diagAt, findKeyLine, splField, str, strList, type YamlInput, type YamlMapping } from './yaml-doc.js';

export interface CatalogOptions {
  readonly format: RuleFormat;
  /** How many earlier documents of the stream have a given top-level key. */
  readonly occurrence: (key: string) => number;
  /** The catalog page's MITRE table, by technique id. */
  readonly known?: ReadonlyMap<string, KnownTechnique>;
  readonly notes?: readonly string[];
}

/** Is this mapping a catalog rule (as opposed to security content or something else)? */
export function isCatalogDoc(doc: YamlMapping): boolean {
  return 'logic' in doc || 'logic_format' in doc;
}

export function loadCatalogDoc(input: YamlInput, doc: YamlMapping, opts: CatalogOptions): Result<RuleDoc> {
  const notes = [...(opts.notes ?? [])];
  const format = str(doc, 'logic_format');
  if (format === undefined) notes.push('no `logic_format`: assumed Splunk');
  else if (format.trim().toLowerCase() !== 'splunk') {
    const message = `unsupported logic_format \`${format.trim()}\`: only Splunk rules can be converted`;
    const at = findKeyLine(input, 'logic_format', opts.occurrence('logic_format'));
    return fail(at === undefined ? loadDiag(LOAD.notSplunk, message, input.file) : diagAt(LOAD.notSplunk, message, input.file, input.fileText, at));
  }
  if (!('logic' in doc)) {
    return fail(loadDiag(LOAD.missingLogic, 'catalog rule has no `logic` field (the SPL to convert)', input.file));
  }
  const logic = splField(input, doc, 'logic', opts.occurrence('logic'), LOAD.badLogic);
  if (!logic.ok) return fail(logic.diagnostic);
  const techniques = matchTechniques(strList(doc['techniques']), strList(doc['technique_id']), opts.known);
  return ok({
    file: input.file,
    format: opts.format,
    meta: {
      id: str(doc, 'id', input, opts.occurrence('id')),
      title: str(doc, 'title'),
      description: str(doc, 'description'),
      techniques: techniques.techniques,
      references: strList(doc['references']),
      dataCategories: strList(doc['data_category']),
    },
    spl: logic.spl,
    notes: [...notes, ...logic.notes, ...techniques.notes],
  });
}
