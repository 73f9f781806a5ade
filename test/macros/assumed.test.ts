import { describe, expect, it } from 'vitest';
import { expandMacros, MacroTable } from '../../src/macros/index.js';
import { loadProfile } from '../../src/targets/profile.js';
import { convertWith } from '../../src/targets/convert.js';
import { TARGETS } from '../../src/targets/registry.js';
import { lowerSpl } from '../helpers/spl.js';

/**
 * Catalog placeholder macros have no public definition. spl2x assumes one for each (src/macros/table.ts), reports
 * every use (MAC025), records it on the rule and makes every target note it; a loaded definition replaces it and
 * `MacroTable.builtin({ assumed: false })` (`--no-assumed-macros`) leaves them undefined.
 */
describe('assumed definitions of catalog placeholder macros', () => {
  it.each([
    // [written, expanded]
    ['x=1 `group_events("host", 1)`', 'x=1 | bin _time span=1 | stats values(*) as * by _time, host'],
    ['x=1 `group_events("host, process_name", 10)`', 'x=1 | bin _time span=10 | stats values(*) as * by _time, host, process_name'],
    ['x=1 `group_events(user, 900)`', 'x=1 | bin _time span=900 | stats values(*) as * by _time, user'],
    ['x=1 `group_events("src_ip",10min)`', 'x=1 | bin _time span=10min | stats values(*) as * by _time, src_ip'],
    ['x=1 | table a, b `hec_collect`', 'x=1 | table a, b '],
    ['x=1 | table `add_fields_eoi` a, b', 'x=1 | table  a, b'],
    ['x=1 |`ut_shannon(cmd)` | where ut_shannon > 4', 'x=1 |lookup ut_shannon_lookup word AS cmd | where ut_shannon > 4'],
  ])('%s expands to %s, with a MAC025 warning per use', (spl, expanded) => {
    const { expansion, diagnostics } = expandMacros(spl, MacroTable.builtin());
    expect(expansion.text).toBe(expanded);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['MAC025', 'warning']]);
    expect(diagnostics[0]!.message).toMatch(/has no definition here; spl2x assumes it is .* \(load the real definition with --macros to replace it\)$/);
    expect(expansion.uses.filter((u) => u.assumption !== undefined)).toHaveLength(1);
  });

  it('a loaded definition replaces the assumed one (no MAC025)', () => {
    const t = MacroTable.builtin();
    t.add({ name: 'hec_collect', args: [], definition: '| collect index=alerts', iseval: false, origin: 'macros.conf:1' });
    const { expansion, diagnostics } = expandMacros('x=1 `hec_collect`', t);
    expect(expansion.text).toBe('x=1 | collect index=alerts');
    expect(diagnostics).toEqual([]);
  });

  it('without assumed definitions the macros stay undefined (MAC020)', () => {
    const { expansion, diagnostics } = expandMacros('x=1 `group_events("host", 1)` `hec_collect`', MacroTable.builtin({ assumed: false }));
    expect(expansion.text).toBe('x=1 `group_events("host", 1)` `hec_collect`');
    expect(diagnostics.map((d) => d.code)).toEqual(['MAC020', 'MAC020']);
  });

  it.each([
    ['`group_events(host "a", 1)`', 'host "a"', ['MAC025']],
    ['`group_events("host", 1)`', 'host', ['MAC025']],
    // A loose quote (MAC024) is dropped: the catalog writes `group_events("host,1)`.
    ['`group_events("host,1)`', 'host', ['MAC024', 'MAC025']],
  ])('%s groups by %s: only a wholly quoted argument, or a lone opening quote, loses its quotes', (use, fields, codes) => {
    const { expansion, diagnostics } = expandMacros(`x=1 ${use}`, MacroTable.builtin());
    expect(expansion.text).toBe(`x=1 | bin _time span=1 | stats values(*) as * by _time, ${fields}`);
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
  });

  it('the rule records each assumed use, and it lowers to real stages', () => {
    const rule = lowerSpl('index=x `group_events("host", 5m)` `hec_collect`');
    expect(rule.assumptions?.map((a) => [a.macro, a.args])).toEqual([
      ['group_events(2)', ['"host"', '5m']],
      ['hec_collect', []],
    ]);
    expect(rule.stageMap.map((s) => [s.command, s.loweredTo])).toEqual([
      ['search', 'source+filter'],
      ['bin', 'stage'],
      ['stats', 'stage'],
    ]);
    expect(lowerSpl('index=x').assumptions).toBeUndefined();
  });

  it.each(TARGETS.map((t) => [t.name, t] as const))('target %s notes every assumed use as a warning', (_name, t) => {
    const rule = lowerSpl('index=x `group_events("host", 5m)` `hec_collect`');
    const r = convertWith(t, rule, loadProfile(t.defaultProfile), false);
    if (!r.ok) throw new Error('profile did not load');
    const notes = r.value.notes.filter((n) => /has no definition here; assumed to be/.test(n.message));
    expect(notes.map((n) => [n.level, n.message.slice(1, n.message.indexOf('`', 1))])).toEqual([
      ['warning', 'group_events(2)'],
      ['warning', 'hec_collect'],
    ]);
    expect(notes[0]!.stage).toBe(1);
  });
});
