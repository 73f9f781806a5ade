/**
 * Minimal values the escaping property test (./escaping.test.ts) found wrong, one row each, checked without the
 * random generator. Each row says what the target wrote and what the reader (pySigma) must read back.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/targets/profile.js';
import { sigma } from '../../src/targets/sigma/index.js';
import { runPysigma, SETUP_HINT } from '../../src/verify/pysigma.js';
import { lowerSpl } from '../helpers/spl.js';
import { splString } from './values.js';

const SIGMA = (() => {
  const r = loadProfile('sigma');
  if (!r.ok) throw new Error('sigma profile');
  return r.value;
})();

function detectionLine(spl: string): string {
  const out = sigma.convert(lowerSpl(spl), { profile: SIGMA, strict: false }).output;
  const line = out.split('\n').find((l) => l.trimStart().startsWith('CommandLine'));
  if (!line) throw new Error(`no CommandLine item in\n${out}`);
  return line.trim();
}

/**
 * Sigma: strings YAML 1.2 reads as strings but YAML 1.1 (PyYAML, which pySigma loads rules with) reads as numbers,
 * booleans, null, timestamps or the `=` value. js-yaml wrote them plain; they are quoted now.
 * `spl` is the SPL value (a trailing `*` = startswith), `line` the detection item written.
 */
const YAML11: readonly { value: string; line: string; why: string }[] = [
  { value: '55_', line: "CommandLine: '55_'", why: 'YAML 1.1 int with an underscore: 55 (found by seed 20261128)' },
  { value: '585_*', line: "CommandLine|startswith: '585_'", why: 'the same under startswith: pySigma refused the rule (found by seed 20261128)' },
  { value: '1_000', line: "CommandLine: '1_000'", why: 'int 1000' },
  { value: '017', line: "CommandLine: '017'", why: 'octal int 15' },
  { value: '0b101', line: "CommandLine: '0b101'", why: 'binary int 5' },
  { value: '0x_1f', line: "CommandLine: '0x_1f'", why: 'hex int with an underscore' },
  { value: '1:20', line: "CommandLine: '1:20'", why: 'sexagesimal int 80' },
  { value: '1_0.5', line: "CommandLine: '1_0.5'", why: 'float 10.5' },
  { value: 'yes', line: "CommandLine: 'yes'", why: 'bool true' },
  { value: 'Off', line: "CommandLine: 'Off'", why: 'bool false' },
  { value: 'y', line: "CommandLine: 'y'", why: 'bool true (PyYAML does not resolve y/n, other YAML 1.1 readers do)' },
  { value: '=', line: "CommandLine: '='", why: 'the YAML 1.1 value key' },
  { value: '2026-1-2 3:04:05', line: "CommandLine: '2026-1-2 3:04:05'", why: 'timestamp' },
  { value: 'a_1', line: 'CommandLine: a_1', why: 'a plain string stays plain' },
];

describe('Sigma values that YAML 1.1 would not read as strings are quoted', () => {
  it.each(YAML11.map((r) => [r.value, r] as const))('%s', (_, r) => {
    expect(detectionLine(`CommandLine=${splString(r.value)}`), r.why).toBe(r.line);
  });

  it('pySigma reads every one back as the SPL value', async () => {
    const texts = YAML11.map((r) => sigma.convert(lowerSpl(`CommandLine=${splString(r.value)}`), { profile: SIGMA, strict: false }).output);
    const py = await runPysigma({ rules: texts, backend: false, validate: false, values: true });
    expect(py.ok, py.ok ? '' : `${py.message}\n${SETUP_HINT}`).toBe(true);
    if (!py.ok) return;
    const read = py.report.results.map((res) =>
      (res.values ?? []).map((v) => (v.parts ? v.parts.map((p) => ('lit' in p ? p.lit : 'any' in p ? '*' : '?')).join('') : `<${v.type} ${v.text}>`)).join(','),
    );
    expect(read).toEqual(YAML11.map((r) => r.value));
  });
});
