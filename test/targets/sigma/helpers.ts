import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { expect } from 'vitest';
import { lowerRule } from '../../../src/ir/lower/index.js';
import type { Rule } from '../../../src/ir/types.js';
import { loadRuleText } from '../../../src/load/index.js';
import { loadProfile, type Profile } from '../../../src/targets/profile.js';
import { sigma } from '../../../src/targets/sigma/index.js';
import type { TargetResult } from '../../../src/targets/types.js';
import { lowerSpl } from '../../helpers/spl.js';

const profiles = new Map<string, Profile>();

export function profile(name = 'sigma'): Profile {
  let p = profiles.get(name);
  if (!p) {
    const r = loadProfile(name);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    profiles.set(name, (p = r.value));
  }
  return p;
}

export type Doc = Record<string, unknown>;

export interface Converted {
  readonly result: TargetResult<string>;
  readonly text: string;
  /** Every YAML document, parsed back. */
  readonly docs: readonly Doc[];
  /** The detection rule (first document). */
  readonly rule: Doc;
  readonly detection: Record<string, unknown>;
  readonly condition: string;
  /** The correlation rule, if any. */
  readonly correlation?: Doc;
  readonly messages: readonly string[];
}

export function convertRule(rule: Rule, opts: { profile?: string; strict?: boolean } = {}): Converted {
  const result = sigma.convert(rule, { profile: profile(opts.profile), strict: opts.strict ?? false });
  const text = sigma.serialize(result.output);
  const docs = yaml.loadAll(text) as Doc[];
  for (const d of docs) checkSpec(d);
  const first = docs[0]!;
  const detection = first['detection'] as Record<string, unknown>;
  return {
    result,
    text,
    docs,
    rule: first,
    detection,
    condition: detection['condition'] as string,
    ...(docs[1] ? { correlation: docs[1] } : {}),
    messages: result.notes.map((n) => n.message),
  };
}

export function convert(spl: string, opts: { profile?: string; strict?: boolean } = {}): Converted {
  return convertRule(lowerSpl(spl), opts);
}

export function convertFile(file: string, opts: { profile?: string; strict?: boolean } = {}): Converted {
  const loaded = loadRuleText(file, readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return convertRule(lowerRule(loaded.value[0]!), opts);
}

/** The detection without its condition: the search identifiers. */
export function identifiers(c: Converted): Record<string, unknown> {
  const { condition: _c, ...rest } = c.detection;
  return rest;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];

/**
 * The spec's required keys and value shapes (json-schema/sigma-detection-rule-schema.json and
 * sigma-correlation-rules-schema.json): a rule has title, logsource, detection with a condition; a correlation
 * has title and correlation {type, rules, timespan, condition} (+ group-by, and field for value_count).
 */
export function checkSpec(d: Doc): void {
  expect(typeof d['title']).toBe('string');
  expect((d['title'] as string).length).toBeLessThanOrEqual(256);
  if ('id' in d) expect(d['id']).toMatch(UUID);
  if ('status' in d) expect(STATUSES).toContain(d['status']);
  if ('level' in d) expect(LEVELS).toContain(d['level']);
  if ('tags' in d) for (const t of d['tags'] as string[]) expect(t).toMatch(TAG);
  if ('date' in d) expect(d['date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  if ('fields' in d) expect(Array.isArray(d['fields'])).toBe(true);
  if ('correlation' in d) {
    const c = d['correlation'] as Record<string, unknown>;
    for (const k of ['type', 'rules', 'timespan', 'condition', 'group-by']) expect(c).toHaveProperty([k]);
    expect(['event_count', 'value_count', 'temporal', 'temporal_ordered']).toContain(c['type']);
    expect(c['timespan']).toMatch(/^\d+[smhd]$/);
    const cond = c['condition'] as Record<string, unknown>;
    if (c['type'] === 'value_count') expect(typeof cond['field']).toBe('string');
    for (const [k, v] of Object.entries(cond)) if (k !== 'field') expect(['gt', 'gte', 'lt', 'lte', 'eq']).toContain(k), expect(Number.isInteger(v)).toBe(true);
    return;
  }
  expect(typeof d['logsource']).toBe('object');
  expect(d['logsource']).not.toBeNull();
  const det = d['detection'] as Record<string, unknown>;
  expect(typeof det).toBe('object');
  expect(typeof det['condition']).toBe('string');
  // Every identifier the condition names exists.
  const names = (det['condition'] as string).replace(/[()]/g, ' ').split(/\s+/).filter((w) => w && !['and', 'or', 'not', '1', 'all', 'of', 'them'].includes(w));
  for (const n of names) {
    if (n.endsWith('*')) expect(Object.keys(det).some((k) => k.startsWith(n.slice(0, -1)))).toBe(true);
    else expect(det).toHaveProperty([n]);
  }
}
