/**
 * Field profiles: how the rule's SPL field names and data sources map onto a target's schema. Declarative data in
 * `targets/profiles/<name>.yml` (or a user file via `--profile FILE`); this module loads and applies them.
 *
 * ```yaml
 * name: ecs
 * description: Elastic Common Schema / Winlogbeat
 * raw: event.original          # where raw-text search (_raw) goes; null = not expressible
 * time: "@timestamp"           # the event time field (_time)
 * fields:                      # SPL name → target name (exact names; `Processes.*: process.*` style prefixes too)
 *   EventCode: event.code
 * liftTerms: true              # TERM(f=v) may be searched as the field test f=v (and the notes say so)
 * sources:                     # data-source selectors → index pattern (ES) and logsource (Sigma)
 *   macro:
 *     get_endpoint_data_winevent: { index: "winlogbeat-*", logsource: { product: windows } }
 *   sourcetype: { ... }
 *   index: { ... }
 *   eventtype: { ... }
 *   datamodel: { ... }
 *   default: { index: "*" }
 * ```
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { diag, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import type { Selector } from '../ir/types.js';
import { patternToString } from '../values/pattern.js';

export interface Logsource {
  readonly product?: string;
  readonly service?: string;
  readonly category?: string;
}

/** What a data-source selector maps to. */
export interface SourceMapping {
  readonly index?: string;
  readonly logsource?: Logsource;
}

export interface ProfileData {
  readonly name: string;
  readonly description: string;
  readonly raw: string | null;
  readonly time: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly liftTerms: boolean;
  readonly sources: {
    readonly macro?: Readonly<Record<string, SourceMapping>>;
    readonly sourcetype?: Readonly<Record<string, SourceMapping>>;
    readonly source?: Readonly<Record<string, SourceMapping>>;
    readonly index?: Readonly<Record<string, SourceMapping>>;
    readonly eventtype?: Readonly<Record<string, SourceMapping>>;
    readonly datamodel?: Readonly<Record<string, SourceMapping>>;
    readonly default?: SourceMapping;
  };
  /** Where it was loaded from. */
  readonly origin: string;
}

/** A field name in the target's schema, or why there is none. */
export type FieldMapping = { readonly mapped: true; readonly name: string } | { readonly mapped: false; readonly name: string };

/** A loaded profile with its lookups. */
export class Profile {
  /** `splunk` maps every field to itself. */
  readonly identity: boolean;

  constructor(readonly data: ProfileData) {
    this.identity = Object.keys(data.fields).length === 0 && data.name === 'splunk';
  }

  get name(): string {
    return this.data.name;
  }

  /**
   * The target name of an SPL field: an exact entry, else the longest `prefix.*` entry, else (unmapped) the SPL
   * name itself. `_raw` and `_time` map to the profile's raw and time fields.
   */
  field(spl: string): FieldMapping {
    let m = this.fieldCache.get(spl);
    if (m === undefined) {
      m = this.lookupField(spl);
      this.fieldCache.set(spl, m);
    }
    return m;
  }

  /** Answers of `field` (every target asks for the same few names many times). */
  private readonly fieldCache = new Map<string, FieldMapping>();
  /** The `prefix.*` entries of `fields`, as [prefix, target], in the order of `fields`. */
  private prefixEntries: readonly (readonly [string, string])[] | undefined;

  private lookupField(spl: string): FieldMapping {
    if (this.identity) return { mapped: true, name: spl };
    if (spl === '_time') return { mapped: true, name: this.data.time };
    if (spl === '_raw' && this.data.raw) return { mapped: true, name: this.data.raw };
    const exact = this.data.fields[spl];
    if (exact !== undefined) return { mapped: true, name: exact };
    this.prefixEntries ??= Object.entries(this.data.fields)
      .filter(([k]) => k.endsWith('*'))
      .map(([k, v]) => [k.slice(0, -1), v] as const);
    let best: readonly [string, string] | undefined;
    for (const entry of this.prefixEntries) {
      const prefix = entry[0];
      if (spl.startsWith(prefix) && (!best || prefix.length > best[0].length)) best = entry;
    }
    if (best) return { mapped: true, name: best[1].replace(/\*$/, '') + spl.slice(best[0].length) };
    return { mapped: false, name: spl };
  }

  /** The raw-text field, or null when this profile has none. */
  get rawField(): string | null {
    return this.identity ? '_raw' : this.data.raw;
  }

  get timeField(): string {
    return this.identity ? '_time' : this.data.time;
  }

  /** The mapping of a data-source selector, or undefined when the profile does not know it. */
  source(s: Selector): SourceMapping | undefined {
    const src = this.data.sources;
    switch (s.kind) {
      case 'macro':
        return src.macro?.[s.name];
      case 'datamodel':
        return src.datamodel?.[s.dataset ? `${s.model}.${s.dataset}` : s.model] ?? src.datamodel?.[s.model];
      case 'generator':
        return undefined;
      default:
        return src[s.kind]?.[patternToString(s.value)];
    }
  }

  get defaultSource(): SourceMapping | undefined {
    return this.data.sources.default;
  }
}

const PROFILE_DIR = fileURLToPath(new URL('../../targets/profiles/', import.meta.url));

/** The names of the built-in profiles. */
export const BUILTIN_PROFILES = ['splunk', 'ecs', 'sigma'] as const;

/** Load a built-in profile by name, or a user profile from a YAML file path. */
export function loadProfile(nameOrFile: string): Result<Profile> {
  const builtin = (BUILTIN_PROFILES as readonly string[]).includes(nameOrFile);
  const path = builtin ? `${PROFILE_DIR}${nameOrFile}.yml` : nameOrFile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(diag('PROF001', 'error', `cannot read profile ${nameOrFile}: ${(e as Error).message}`, { file: path }));
  }
  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    return fail(diag('PROF002', 'error', `malformed profile YAML: ${(e as Error).message.split('\n')[0]}`, { file: path, ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}) }));
  }
  const checked = checkProfile(raw, path);
  return checked.ok ? ok(new Profile(checked.value)) : checked;
}

function checkProfile(raw: unknown, origin: string): Result<ProfileData> {
  const bad = (why: string) => fail<ProfileData>(diag('PROF003', 'error', `invalid profile: ${why}`, { file: origin }));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('expected a mapping');
  const r = raw as Record<string, unknown>;
  if (typeof r['name'] !== 'string' || !r['name']) return bad('`name` must be a non-empty string');
  const fields = r['fields'] ?? {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return bad('`fields` must be a mapping');
  for (const [k, v] of Object.entries(fields)) if (typeof v !== 'string') return bad(`field \`${k}\` must map to a string`);
  if (r['raw'] !== undefined && r['raw'] !== null && typeof r['raw'] !== 'string') return bad('`raw` must be a string or null');
  const sources = r['sources'] ?? {};
  if (typeof sources !== 'object' || sources === null || Array.isArray(sources)) return bad('`sources` must be a mapping');
  return ok({
    name: r['name'],
    description: typeof r['description'] === 'string' ? r['description'] : '',
    raw: typeof r['raw'] === 'string' ? r['raw'] : null,
    time: typeof r['time'] === 'string' ? r['time'] : '_time',
    fields: Object.assign(Object.create(null) as Record<string, string>, fields),
    liftTerms: r['liftTerms'] === true,
    sources: sources as ProfileData['sources'],
    origin,
  });
}
