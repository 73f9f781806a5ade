/**
 * What the esdsl target carries while converting one rule: the profile, `--strict`, the verdict, and the field
 * resolution (SPL name → Elasticsearch name and type) with its notes.
 */
import type { Origin } from '../../ir/types.js';
import type { Verdict } from '../fidelity.js';
import type { Profile } from '../profile.js';
import { fieldType, type EsFieldType } from './field-types.js';

export interface EsField {
  readonly name: string;
  readonly type: EsFieldType;
}

export class EsContext {
  private readonly unmapped = new Set<string>();
  private readonly once = new Set<string>();

  constructor(
    readonly profile: Profile,
    readonly strict: boolean,
    readonly verdict: Verdict,
  ) {}

  get timeField(): string {
    return this.profile.timeField;
  }

  /**
   * The Elasticsearch field of an SPL field. An unmapped field keeps its SPL name with a note, or (`--strict`)
   * makes the verdict `unsupported`. Returns undefined for `_raw` when the profile has no raw field.
   */
  field(spl: string, origin?: Origin): EsField | undefined {
    if (spl === '_raw' && !this.profile.rawField) return undefined;
    const m = this.profile.field(spl);
    if (!m.mapped && !this.unmapped.has(spl)) {
      this.unmapped.add(spl);
      if (this.strict)
        this.verdict.degrade('unsupported', `field ${spl} is not mapped by profile ${this.profile.name} (--strict)`, origin, 'error');
      else this.verdict.note('warning', `field ${spl} is not mapped by profile ${this.profile.name}: searched as ${spl}`, origin);
    }
    return { name: m.name, type: fieldType(m.name, this.timeField) };
  }

  /** The type of an Elasticsearch field (./field-types.ts). */
  typeOf(esName: string): EsFieldType {
    return fieldType(esName, this.timeField);
  }

  /** A note given once per rule (keyed by `key`). */
  noteOnce(key: string, level: 'info' | 'warning', message: string, origin?: Origin): void {
    if (this.once.has(key)) return;
    this.once.add(key);
    this.verdict.note(level, message, origin);
  }
}
