/**
 * Rule metadata for Sigma: tags (sigma-appendix-tags v2.1.0), the log source (profile mapping of the rule's data
 * source selectors, or inferred from Windows event codes), names.
 */
import type { Predicate, Rule, Selector } from '../../ir/types.js';
import type { RuleMeta } from '../../load/types.js';
import { isLiteral, literalText, patternToString } from '../../values/pattern.js';
import type { Verdict } from '../fidelity.js';
import type { Logsource, Profile } from '../profile.js';

const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;

/**
 * ATT&CK tags: tactics first (`attack.persistence`, `attack.privilege-escalation`: v2 tags use the tactic's
 * hyphenated short name), then techniques (`attack.t1543.003`), each once, in the rule's order.
 */
export function attackTags(meta: RuleMeta): string[] {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const t of meta.techniques) {
    for (const tac of t.tactics) tactics.push(`attack.${tac.trim().toLowerCase().replace(/[\s_]+/g, '-')}`);
    techniques.push(`attack.${t.id.trim().toLowerCase()}`);
  }
  return [...new Set([...tactics, ...techniques])].filter((t) => TAG.test(t));
}

/** Windows event codes whose channel is known (Sigma `service`), for log sources the profile cannot tell. */
const EVENT_CODE_SERVICE: Readonly<Record<string, string>> = (() => {
  const table: Record<string, string> = {};
  const add = (service: string, codes: string) => {
    for (const c of codes.split(/\s+/)) table[c] = service;
  };
  add('system', '7045 7034 7035 7036 7040 104 6005 6006');
  add(
    'security',
    '1102 4624 4625 4634 4647 4648 4656 4657 4663 4672 4688 4689 4697 4698 4699 4700 4701 4702 4719 4720 4722 4723 ' +
      '4724 4725 4726 4728 4732 4738 4740 4756 4767 4768 4769 4771 4776 4781 4794 5136 5140 5145 5156',
  );
  add('powershell', '4103 4104 4105 4106');
  return table;
})();

const EVENT_CODE_FIELDS = new Set(['EventCode', 'EventID', 'event_id', 'signature_id']);

/** Event codes the filter tests positively (outside any NOT), including `TERM(EventCode=…)`. */
export function positiveEventCodes(p: Predicate, out: string[] = [], positive = true): string[] {
  switch (p.kind) {
    case 'and':
    case 'or':
      for (const x of p.items) positiveEventCodes(x, out, positive);
      break;
    case 'not':
      positiveEventCodes(p.item, out, !positive);
      break;
    case 'compare':
      if (positive && p.op === 'eq' && EVENT_CODE_FIELDS.has(p.field) && isLiteral(p.value)) out.push(literalText(p.value));
      break;
    case 'in':
      if (positive && EVENT_CODE_FIELDS.has(p.field)) for (const v of p.values) if (isLiteral(v)) out.push(literalText(v));
      break;
    case 'raw':
      if (positive && p.lift && EVENT_CODE_FIELDS.has(p.lift.field)) out.push(p.lift.value);
      break;
    default:
      break;
  }
  return out;
}

function selectorText(s: Selector): string {
  switch (s.kind) {
    case 'macro':
      return `\`${s.name}${s.args.length ? `(${s.args.join(',')})` : ''}\``;
    case 'datamodel':
      return `datamodel=${s.model}${s.dataset ? `.${s.dataset}` : ''}`;
    case 'generator':
      return `| ${s.command}`;
    default:
      return `${s.kind}=${patternToString(s.value)}`;
  }
}

const KEYS = ['category', 'product', 'service'] as const;

/** The product named when the rule's data sources are known but none maps to a log source. */
export const UNMAPPED_PRODUCT = 'splunk';

/**
 * The rule's log source: the profile's mapping of every data-source selector (merged), then — for what is still
 * open — the service implied by the Windows event codes the filter requires. A rule without data-source selectors
 * gets the profile's default; one whose selectors the profile does not know gets `product: splunk` (never a guess
 * that could exclude its events: pySigma rejects an empty logsource) and a `definition` naming the SPL sources.
 */
export function logsource(rule: Rule, profile: Profile, verdict: Verdict): Logsource & { readonly definition?: string } {
  const ls: { category?: string; product?: string; service?: string } = {};
  const unmapped: string[] = [];
  let mapped = 0;
  for (const s of rule.query.source.selectors) {
    if (s.kind === 'generator') {
      verdict.degrade('unsupported', `the rule reads ${selectorText(s)}, not events: Sigma rules only match log events`, s.origin, 'error');
      continue;
    }
    const m = profile.source(s)?.logsource;
    if (!m) {
      unmapped.push(selectorText(s));
      verdict.degrade('superset', `data source ${selectorText(s)} has no logsource in profile '${profile.name}'; not restricted (the rule matches more events)`, s.origin);
      continue;
    }
    mapped++;
    for (const k of KEYS) {
      const v = m[k];
      if (v === undefined) continue;
      if (ls[k] === undefined) ls[k] = v;
      else if (ls[k] !== v)
        verdict.degrade('superset', `data source ${selectorText(s)} maps to ${k} '${v}', but an earlier selector gave '${ls[k]}'; kept '${ls[k]}'`, s.origin);
    }
  }
  if (ls.service === undefined && (ls.product === undefined || ls.product === 'windows') && ls.category === undefined) {
    const codes = [...new Set(positiveEventCodes(rule.query.filter))];
    const services = [...new Set(codes.map((c) => EVENT_CODE_SERVICE[c]))];
    if (codes.length > 0 && services.length === 1 && services[0] !== undefined) {
      ls.product ??= 'windows';
      ls.service = services[0];
      verdict.note('info', `logsource service '${services[0]}' inferred from event code${codes.length > 1 ? 's' : ''} ${codes.join(', ')}`);
      mapped++;
    }
  }
  if (mapped === 0) {
    const d = profile.defaultSource?.logsource;
    if (unmapped.length === 0 && d && KEYS.some((k) => d[k])) {
      Object.assign(ls, d);
      verdict.note('info', `logsource is profile '${profile.name}''s default (${KEYS.filter((k) => d[k]).map((k) => `${k}: ${d[k]}`).join(', ')})`);
    } else {
      ls.product = UNMAPPED_PRODUCT;
      verdict.note('warning', `no logsource is known for the rule's data; written as product '${UNMAPPED_PRODUCT}' (map its data sources in the profile)`);
    }
  }
  const out: Record<string, string> = {};
  for (const k of KEYS) if (ls[k] !== undefined) out[k] = ls[k]!;
  if (unmapped.length) out['definition'] = `Splunk data source: ${unmapped.join(' ')}`;
  return out;
}

/** A lower-case identifier (`psexec_service_creation`) for the rule's `name`. */
export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'rule'
  );
}
