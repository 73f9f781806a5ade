import { readFileSync } from 'node:fs';
import { lowerRule } from '../../../src/ir/lower/index.js';
import type { Rule } from '../../../src/ir/types.js';
import { loadRuleText } from '../../../src/load/index.js';
import { js } from '../../../src/targets/js/index.js';
import { loadModule, type MatcherModule, type Row } from '../../../src/targets/js/run.js';
import { loadProfile, type Profile } from '../../../src/targets/profile.js';
import type { TargetResult } from '../../../src/targets/types.js';
import { lowerSpl } from '../../helpers/spl.js';

const profiles = new Map<string, Profile>();

export function profile(name = 'splunk'): Profile {
  let p = profiles.get(name);
  if (!p) {
    const r = loadProfile(name);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    p = r.value;
    profiles.set(name, p);
  }
  return p;
}

/** Convert SPL text (or a lowered rule) with the js target. */
export function convert(spl: string | Rule, profileName = 'splunk', strict = false): TargetResult<string> {
  const rule = typeof spl === 'string' ? lowerSpl(spl) : spl;
  return js.convert(rule, { profile: profile(profileName), strict });
}

/** Convert and load the module. */
export async function compile(spl: string | Rule, profileName = 'splunk'): Promise<{ mod: MatcherModule; result: TargetResult<string> }> {
  const result = convert(spl, profileName);
  return { mod: await loadModule(result.output), result };
}

/** A fixed "now" for tests (2024-01-01T00:00:00Z). */
export const NOW = 1704067200;

/** Run SPL on events. */
export async function runSpl(spl: string, events: readonly unknown[]): Promise<Row[]> {
  const { mod } = await compile(spl);
  return JSON.parse(JSON.stringify(mod.run(events, { now: NOW }))) as Row[];
}

/** Lower a rule file. */
export function lowerFile(path: string): Rule {
  const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return lowerRule(loaded.value[0]!, {});
}

const modules = new Map<string, Promise<MatcherModule>>();

/** The module of SPL text, compiled once per text. */
export function moduleOf(spl: string): Promise<MatcherModule> {
  let m = modules.get(spl);
  if (!m) {
    m = loadModule(convert(spl).output);
    modules.set(spl, m);
  }
  return m;
}
