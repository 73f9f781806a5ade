import { realpathSync } from 'node:fs';
import { lowerRule, type LowerOptions } from '../ir/lower/index.js';
import { listRuleFiles, loadRuleFile } from '../load/index.js';
import { indicators } from './indicators.js';
import type { FieldTest } from './types.js';

/**
 * Indicator counts over a directory of rules: for each field + kind + value, the rules that test it.
 * Values compare case-insensitively (SPL search values are case-insensitive).
 */
export class IndicatorCatalog {
  private readonly index = new Map<string, Set<string>>();
  readonly ruleCount: number;
  readonly failed: readonly string[];

  private constructor(entries: readonly { key: string; tests: readonly FieldTest[] }[], failed: string[]) {
    for (const e of entries)
      for (const t of e.tests) for (const v of t.values.length ? t.values : ['']) {
        const k = keyOf(t.field, t.kind, v);
        const set = this.index.get(k) ?? new Set<string>();
        set.add(e.key);
        this.index.set(k, set);
      }
    this.ruleCount = entries.length;
    this.failed = failed;
  }

  static async build(dirs: readonly string[], opts: LowerOptions = {}): Promise<IndicatorCatalog> {
    const files = await listRuleFiles(dirs);
    const entries: { key: string; tests: FieldTest[] }[] = [];
    const failed: string[] = [];
    for (const f of files) {
      const loaded = await loadRuleFile(f);
      if (!loaded.ok) {
        failed.push(f);
        continue;
      }
      for (const doc of loaded.value) {
        const rule = lowerRule(doc, opts);
        entries.push({ key: ruleKey(f, doc.meta.id), tests: indicators(rule.query.filter) });
      }
    }
    return new IndicatorCatalog(entries, failed);
  }

  /** How many rules other than `self` test this field + kind + any of the values. */
  count(t: FieldTest, self: string): number {
    const rules = new Set<string>();
    for (const v of t.values.length ? t.values : ['']) for (const r of this.index.get(keyOf(t.field, t.kind, v)) ?? []) rules.add(r);
    rules.delete(self);
    return rules.size;
  }
}

function keyOf(field: string, kind: string, value: string): string {
  return `${field}\u0000${kind}\u0000${value.toLowerCase()}`;
}

/** A rule's identity in a catalog: its id when it has one, else its real path. */
export function ruleKey(file: string, id: string | undefined): string {
  if (id) return `id:${id}`;
  try {
    return `file:${realpathSync(file)}`;
  } catch {
    return `file:${file}`;
  }
}
