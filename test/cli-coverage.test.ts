import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/** Run the CLI in-process; capture stdout and the exit code. */
async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, (s) => (out += s));
  return { code, out };
}

/** A small rule directory: lowered rules, an unlowered one, an undefined macro, broken SPL and a non-Splunk rule. */
function ruleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spl2x-coverage-'));
  const files: Record<string, string> = {
    'a_geo.spl': 'index=main EventCode=4624 | iplocation src | stats count by Country',
    'b_top.spl': 'index=main sourcetype=auth | top user',
    'c_hec.spl': 'index=main EventCode=4688 | table host, user `my_output_step`',
    'd_foreach.spl': 'index=main | stats avg(x) as avg_x | foreach avg_* [eval <<FIELD>>=round(<<FIELD>>, 2)]',
    'e_broken.spl': 'index=main (EventCode=4624 OR x=1 | stats count',
    'f_snowflake.yml': 'id: x\ntitle: Snowflake rule\nlogic_format: snowflake\nlogic: select 1\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('spl2x coverage', () => {
  it('gives exactly the documented JSON: totals, verdicts per target, unsupported commands, errors', async () => {
    const dir = ruleDir();
    const { code, out } = await run('coverage', dir, '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['version', 'total', 'parsed', 'lowered', 'targets', 'unsupportedCommands', 'errors']);
    expect(doc).toEqual({
      version: 1,
      // six files; the snowflake rule does not load but counts
      total: 6,
      // the broken SPL and the snowflake rule do not parse
      parsed: 4,
      // a_geo and b_top: every stage reached the IR (iplocation and top are modelled)
      lowered: 2,
      targets: {
        esdsl: { exact: expect.any(Number), superset: expect.any(Number), partial: expect.any(Number), unsupported: expect.any(Number) },
        kql: { exact: expect.any(Number), superset: expect.any(Number), partial: expect.any(Number), unsupported: expect.any(Number) },
        sigma: { exact: expect.any(Number), superset: expect.any(Number), partial: expect.any(Number), unsupported: expect.any(Number) },
        js: { exact: expect.any(Number), superset: expect.any(Number), partial: expect.any(Number), unsupported: expect.any(Number) },
      },
      unsupportedCommands: { '`my_output_step`': 1, foreach: 1 },
      errors: [
        { file: join(dir, 'e_broken.spl'), code: 'SPL003', message: expect.stringMatching(/^1:\d+: search: unbalanced parentheses/) },
        { file: join(dir, 'f_snowflake.yml'), code: 'LOAD006', message: expect.stringContaining('snowflake') },
      ],
    });
    // Every rule that loaded (5) got a verdict from every target; none crashed.
    for (const counts of Object.values(doc.targets) as Record<string, number>[]) expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5);
    // The JS matcher runs top exactly; iplocation has no GeoIP database: partial.
    expect(doc.targets.js.exact).toBeGreaterThanOrEqual(1);
    expect(doc.targets.js.partial).toBeGreaterThanOrEqual(1);
  });

  it('prints a readable summary by default', async () => {
    const dir = ruleDir();
    const { code, out } = await run('coverage', dir, '--macros', 'examples/macros.conf');
    expect(code).toBe(0);
    expect(out).toContain(`Coverage of ${dir}: 6 rule(s)`);
    expect(out).toMatch(/parsed \(no error\)\s+4 \/ 6\s+66\.7%/);
    expect(out).toMatch(/lowered \(no opaque stage\)\s+2 \/ 6\s+33\.3%/);
    expect(out).toMatch(/lowered, undefined macros aside\s+3 \/ 6\s+50\.0%/);
    expect(out).toMatch(/^ {2}js {5}exact \d+ \(\d+\.\d%\) {2}superset/m);
    expect(out).toMatch(/`my_output_step`\s+1 stage\(s\)\s+1 rule\(s\)/);
    expect(out).toContain('Errors (2, no crash):');
    expect(out).toContain('LOAD006');
  });
});

describe('spl2x coverage with catalog placeholder macros', () => {
  it.each([
    // [flags, lowered, unsupported commands]
    [[], 1, {}],
    [['--no-assumed-macros'], 0, { '`group_events`': 1 }],
  ] as const)('%j: the assumed definition of group_events(2) lowers the rule; without it the macro is an opaque stage', async (flags, lowered, unsupported) => {
    const dir = mkdtempSync(join(tmpdir(), 'spl2x-coverage-assumed-'));
    writeFileSync(join(dir, 'g.spl'), 'index=main EventCode=4688 | table host, user `group_events("host", 1)`');
    const { code, out } = await run('coverage', dir, '--format', 'json', ...flags);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect([doc.parsed, doc.lowered, doc.unsupportedCommands]).toEqual([1, lowered, unsupported]);
  });
});
