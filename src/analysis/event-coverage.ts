import type { FieldTest, SearchTerm } from './types.js';

/**
 * Windows event IDs a rule selects, with their provider, for the "Event coverage" table of `explain`. Taken from
 * indicators on event-id fields and from raw `<EventID>N<` phrases. The provider table covers the event IDs
 * detection rules use most; an unknown ID is shown with provider "unknown".
 */
const PROVIDERS: Record<string, string> = {
  '7045': 'Service-Control-Manager', '7040': 'Service-Control-Manager', '7036': 'Service-Control-Manager', '7034': 'Service-Control-Manager',
  '4103': 'Microsoft-Windows-PowerShell', '4104': 'Microsoft-Windows-PowerShell', '400': 'PowerShell', '800': 'PowerShell',
  '104': 'Microsoft-Windows-Eventlog', '1102': 'Microsoft-Windows-Eventlog',
  '5145': 'Microsoft-Windows-Security-Auditing', '5140': 'Microsoft-Windows-Security-Auditing', '4697': 'Microsoft-Windows-Security-Auditing',
  '4698': 'Microsoft-Windows-Security-Auditing', '4699': 'Microsoft-Windows-Security-Auditing', '4702': 'Microsoft-Windows-Security-Auditing',
  '4624': 'Microsoft-Windows-Security-Auditing', '4625': 'Microsoft-Windows-Security-Auditing', '4648': 'Microsoft-Windows-Security-Auditing',
  '4662': 'Microsoft-Windows-Security-Auditing', '4663': 'Microsoft-Windows-Security-Auditing', '4688': 'Microsoft-Windows-Security-Auditing',
  '4720': 'Microsoft-Windows-Security-Auditing', '4726': 'Microsoft-Windows-Security-Auditing', '4728': 'Microsoft-Windows-Security-Auditing',
  '4732': 'Microsoft-Windows-Security-Auditing', '4738': 'Microsoft-Windows-Security-Auditing', '4740': 'Microsoft-Windows-Security-Auditing',
  '4768': 'Microsoft-Windows-Security-Auditing', '4769': 'Microsoft-Windows-Security-Auditing', '4771': 'Microsoft-Windows-Security-Auditing',
  '4776': 'Microsoft-Windows-Security-Auditing', '4657': 'Microsoft-Windows-Security-Auditing', '4670': 'Microsoft-Windows-Security-Auditing',
  '5136': 'Microsoft-Windows-Security-Auditing', '5156': 'Microsoft-Windows-Security-Auditing', '4673': 'Microsoft-Windows-Security-Auditing',
};
const EVENT_ID_FIELDS = new Set(['EventCode', 'EventID', 'event_id', 'signature_id', 'EventId']);

export interface EventCoverage {
  readonly provider: string;
  readonly eventId: string;
}

export function eventCoverage(indicators: readonly FieldTest[], terms: readonly SearchTerm[], sysmon: boolean): EventCoverage[] {
  const ids: string[] = [];
  for (const t of indicators) if (EVENT_ID_FIELDS.has(t.field) && (t.kind === 'eq' || t.kind === 'in')) ids.push(...t.values);
  for (const t of terms) {
    const m = /<EventID[^>]*>(\d+)</.exec(t.term);
    if (m) ids.push(m[1]!);
  }
  const seen = new Set<string>();
  return ids
    .filter((id) => /^\d+$/.test(id) && !seen.has(id) && seen.add(id))
    .map((id) => ({ eventId: id, provider: sysmon && Number(id) <= 29 ? 'Microsoft-Windows-Sysmon' : PROVIDERS[id] ?? 'unknown' }));
}
