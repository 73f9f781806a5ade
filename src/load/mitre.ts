/**
 * A little MITRE ATT&CK knowledge: the 14 enterprise tactics (slug, display name, id, in kill-chain order), the
 * parsing of catalog technique strings (`tactic:technique[:subtechnique]`) and the title-casing of their names.
 * Deliberately no technique table: names come from the rule itself or from the catalog page.
 */

export interface Tactic {
  readonly slug: string;
  readonly name: string;
  readonly id: string;
}

/** The enterprise tactics, in ATT&CK (kill-chain) order. */
export const TACTICS: readonly Tactic[] = [
  { slug: 'reconnaissance', name: 'Reconnaissance', id: 'TA0043' },
  { slug: 'resource-development', name: 'Resource Development', id: 'TA0042' },
  { slug: 'initial-access', name: 'Initial Access', id: 'TA0001' },
  { slug: 'execution', name: 'Execution', id: 'TA0002' },
  { slug: 'persistence', name: 'Persistence', id: 'TA0003' },
  { slug: 'privilege-escalation', name: 'Privilege Escalation', id: 'TA0004' },
  { slug: 'defense-evasion', name: 'Defense Evasion', id: 'TA0005' },
  { slug: 'credential-access', name: 'Credential Access', id: 'TA0006' },
  { slug: 'discovery', name: 'Discovery', id: 'TA0007' },
  { slug: 'lateral-movement', name: 'Lateral Movement', id: 'TA0008' },
  { slug: 'collection', name: 'Collection', id: 'TA0009' },
  { slug: 'command-and-control', name: 'Command and Control', id: 'TA0011' },
  { slug: 'exfiltration', name: 'Exfiltration', id: 'TA0010' },
  { slug: 'impact', name: 'Impact', id: 'TA0040' },
];

function slugify(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The slug of a tactic given by slug, display name or id (`Privilege Escalation` → `privilege-escalation`). */
export function tacticSlug(nameOrSlug: string): string {
  const s = slugify(nameOrSlug);
  const known = TACTICS.find((t) => t.slug === s || t.id.toLowerCase() === s);
  return known ? known.slug : s;
}

/** Tactic slugs, deduplicated, in ATT&CK order (unknown ones last, alphabetically). */
export function sortTactics(slugs: Iterable<string>): string[] {
  const rank = (s: string): number => {
    const i = TACTICS.findIndex((t) => t.slug === s);
    return i < 0 ? TACTICS.length : i;
  };
  return [...new Set(slugs)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Words kept in lower case inside a title (not first). */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'via', 'with']);

/** Words with a fixed spelling in ATT&CK names (acronyms and product names). */
const SPECIAL_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'API', 'BITS', 'C2', 'CMSTP', 'COM', 'DCSync', 'DLL', 'DNS', 'GUI', 'HTML', 'IIS', 'LLMNR', 'LSA', 'LSASS', 'MMC',
    'MSBuild', 'NBT', 'NS', 'NTDS', 'NTFS', 'OS', 'RDP', 'SID', 'SMB', 'SQL', 'SSH', 'VNC', 'WMI', 'JavaScript',
    'PowerShell', 'AppleScript', 'Mshta', 'Msiexec', 'Regsvr32', 'Rundll32', 'InstallUtil', 'Odbcconf', 'Regsvcs/Regasm',
  ].map((w) => [w.toLowerCase(), w]),
);

function titleWord(word: string, first: boolean): string {
  const lower = word.toLowerCase();
  if (!first && SMALL_WORDS.has(lower)) return lower;
  // Each part of `public-facing`, `smb/windows`, `(windows)` on its own.
  return lower
    .split(/([-/()])/)
    .map((part) => SPECIAL_WORDS[part] ?? part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Title-case an ATT&CK name as ATT&CK writes it: `create or modify system process` → `Create or Modify System Process`. */
export function titleCase(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((w, i) => titleWord(w, i === 0))
    .join(' ');
}

/** One catalog technique string, `persistence:create or modify system process:windows service`. */
export interface TechniqueString {
  readonly tactic: string;
  readonly technique: string;
  readonly subtechnique?: string;
}

/** Parse `tactic:technique[:subtechnique]`; `undefined` when there is no technique part. */
export function parseTechniqueString(s: string): TechniqueString | undefined {
  const parts = s.split(':').map((p) => p.trim());
  const [tactic, technique, ...rest] = parts;
  if (!tactic || !technique) return undefined;
  const sub = rest.join(':').trim();
  return sub ? { tactic: tacticSlug(tactic), technique, subtechnique: sub } : { tactic: tacticSlug(tactic), technique };
}

/** The display name of a technique string: `Create or Modify System Process: Windows Service`. */
export function techniqueDisplayName(t: { technique: string; subtechnique?: string }): string {
  return t.subtechnique ? `${titleCase(t.technique)}: ${titleCase(t.subtechnique)}` : titleCase(t.technique);
}

/** `T1543.003` style ids (case-insensitive); returns the upper-cased id or `undefined`. */
export function normaliseTechniqueId(id: string): string | undefined {
  const m = /^\s*(t\d{4}(?:\.\d{3})?)\s*$/i.exec(id);
  return m ? m[1]!.toUpperCase() : undefined;
}
