/**
 * Semantic choices users can switch where Splunk's behaviour is not settled by a source (docs/semantics.md marks
 * them UNCONFIRMED). They are decided once, in lowering, so every target follows the same choice.
 */
export interface SemanticsOptions {
  /**
   * `regex f!="re"` on an event WITHOUT f: `keep` (default: the event passes, as `NOT` does) or `drop` (the event
   * is filtered out, as if `!=` needed the field like search's `f!=v`).
   */
  readonly regexNeqMissing: 'keep' | 'drop';
}

export const DEFAULT_SEMANTICS: SemanticsOptions = { regexNeqMissing: 'keep' };

/** The `--semantics` switches, their values, and what each means (for `--help` and errors). */
export const SEMANTICS_SWITCHES: Readonly<Record<string, { key: keyof SemanticsOptions; values: readonly string[] }>> = {
  'regex-neq-missing': { key: 'regexNeqMissing', values: ['keep', 'drop'] },
};

/** Parse `name=value` switches; unknown names or values are reported, never ignored. */
export function parseSemantics(items: readonly string[]): { options: SemanticsOptions; errors: string[] } {
  const out: { -readonly [K in keyof SemanticsOptions]: SemanticsOptions[K] } = { ...DEFAULT_SEMANTICS };
  const errors: string[] = [];
  for (const item of items) {
    const [name, value] = item.split('=', 2) as [string, string | undefined];
    const sw = SEMANTICS_SWITCHES[name];
    if (!sw) {
      errors.push(`unknown semantics switch '${name}' (known: ${Object.keys(SEMANTICS_SWITCHES).join(', ')})`);
      continue;
    }
    if (value === undefined || !sw.values.includes(value)) {
      errors.push(`--semantics ${name} takes ${sw.values.join(' or ')}`);
      continue;
    }
    if (sw.key === 'regexNeqMissing') out.regexNeqMissing = value as SemanticsOptions['regexNeqMissing'];
  }
  return { options: out, errors };
}
