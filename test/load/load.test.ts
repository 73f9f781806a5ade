/** Loading rule files: formats by content, metadata, and errors as positioned diagnostics. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listRuleFiles, loadRuleFile, loadRuleText, type RuleDoc } from '../../src/load/index.js';
import { formatDiagnostic, type Result } from '../../src/diagnostics/diagnostic.js';
import { CORPUS, hasShared, SHARED } from '../helpers/corpus.js';

const SEED_YAML = SHARED + '/rules/psexec_service_creation.yml';
const SEED_PAGE = SHARED + '/seed/psexec-service-creation.catalog.txt';
const FIX = new URL('../fixtures/load/', import.meta.url).pathname;

/** 1-based line and column of `offset` in `text`. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function only(r: Result<RuleDoc[]>): RuleDoc {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  expect(r.value).toHaveLength(1);
  return r.value[0]!;
}

function errorOf(r: Result<RuleDoc[]>) {
  expect(r.ok).toBe(false);
  expect(r.diagnostics.length).toBeGreaterThan(0);
  return r.diagnostics[0]!;
}

describe('the seed rule, as YAML and as catalog page text', () => {
  it('loads both to the same SPL and metadata', async () => {
    const yml = only(await loadRuleFile(SEED_YAML));
    const page = only(await loadRuleFile(SEED_PAGE));
    expect(yml.format).toBe('catalog');
    expect(page.format).toBe('catalog-page');
    expect(page.spl.text).toBe(yml.spl.text);
    expect(yml.spl.text.startsWith('`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=7045) OR "<EventID>7045<")|')).toBe(true);
    expect(yml.spl.text.endsWith('| stats values(*) as * by _time, host ')).toBe(true);
    for (const r of [yml, page]) {
      expect(r.meta.id).toBe('5399.5499');
      expect(r.meta.title).toBe('PSexec Service Creation');
      expect(r.meta.description).toMatch(/^Detect creation of service for PSexec, as seen with Impackets PSexec\.py or PSexec execution\./);
      expect(r.meta.dataCategories).toEqual(['Windows event logs']);
      expect(r.meta.references).toHaveLength(4);
      expect(r.meta.techniques.map((t) => t.id)).toEqual(['T1543.003', 'T1569.002']);
    }
    expect(yml.meta.techniques).toEqual([
      { id: 'T1543.003', name: 'Create or Modify System Process: Windows Service', tactics: ['persistence'] },
      { id: 'T1569.002', name: 'System Services: Service Execution', tactics: ['execution'] },
    ]);
    // The page's MITRE table names the techniques and adds Privilege Escalation to T1543.003.
    expect(page.meta.techniques).toEqual([
      { id: 'T1543.003', name: 'Create or Modify System Process: Windows Service', tactics: ['persistence', 'privilege-escalation'] },
      { id: 'T1569.002', name: 'System Services: Service Execution', tactics: ['execution'] },
    ]);
    expect(page.notes).toContain("repaired the indentation of 9 continuation line(s) in the page's rule body YAML");
  });

  it.each([
    ['YAML', SEED_YAML],
    ['page', SEED_PAGE],
  ])('maps SPL offsets into the %s file', async (_, file) => {
    const rule = only(await loadRuleFile(file));
    const fileText = readFileSync(file, 'utf8');
    expect(rule.spl.isMapped()).toBe(true);
    expect(rule.spl.displayName).toBe(file);
    for (const needle of ['regex Service_Name', 'regex Service_File_Name', '| eval service_name', 'stats values(*)']) {
      const at = rule.spl.text.indexOf(needle);
      expect(rule.spl.position(at)).toEqual(lineCol(fileText, fileText.indexOf(needle)));
    }
    const at = rule.spl.text.indexOf('regex Service_Name');
    expect(rule.spl.frame({ start: at, end: at + 18 })).toContain('^^^^^^^^^^^^^^^^^^');
  });

  it('puts "regex Service_Name" of the seed YAML at line 9, column 62', async () => {
    const rule = only(await loadRuleFile(SEED_YAML));
    expect(rule.spl.position(rule.spl.text.indexOf('regex Service_Name'))).toEqual({ line: 9, column: 62 });
  });
});

describe('formats by content', () => {
  it.each([
    ['a .yml file holding raw SPL', 'x.yml', 'index=main foo'],
    ['a plain YAML string is SPL', 'x.spl', 'index=main sourcetype=linux_secure "Failed password"'],
    ['a leading pipe', 'x.spl', '| tstats count from datamodel=Endpoint.Processes by Processes.dest'],
    ['a leading macro', 'x.txt', '`get_endpoint_data` EventCode=4688 | table host'],
    ['a subsearch', 'x.spl', '[search index=main | head 1] | stats count'],
    ['a colon-space that YAML reads as a mapping key', 'x.spl', 'search index=main "a: b" | head 1'],
    ['several lines', '-', 'index=main\n| eval x="y: z"\n| where a > 1'],
    ['a YAML comment sign', '-', 'index=main foo #bar'],
  ])('%s → raw SPL', (_, file, spl) => {
    const rule = only(loadRuleText(file, `${spl}\n`));
    expect(rule.format).toBe('spl');
    expect(rule.spl.text).toBe(spl);
    expect(rule.meta).toEqual({ id: undefined, title: undefined, techniques: [], references: [], dataCategories: [] });
    expect(rule.spl.position(spl.length - 1)).toEqual(lineCol(spl, spl.length - 1));
  });

  it('raw SPL from stdin keeps positions in the text (after leading blank lines)', () => {
    const rule = only(loadRuleText('-', '\n\n  index=main | stats count\n'));
    expect(rule.file).toBe('-');
    expect(rule.spl.text).toBe('index=main | stats count');
    expect(rule.spl.position(rule.spl.text.indexOf('stats'))).toEqual({ line: 3, column: 16 });
  });

  it('`-` reads stdin', async () => {
    const saved = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from('index=main '), Buffer.from('| head 1\n')]), configurable: true });
    try {
      const rule = only(await loadRuleFile('-'));
      expect([rule.file, rule.format, rule.spl.text]).toEqual(['-', 'spl', 'index=main | head 1']);
    } finally {
      Object.defineProperty(process, 'stdin', saved);
    }
  });

  it('a .spl file loads', async () => {
    const rule = only(await loadRuleFile(join(FIX, 'query.spl')));
    expect(rule.format).toBe('spl');
    expect(rule.spl.position(rule.spl.text.indexOf('stats'))).toEqual({ line: 2, column: 3 });
  });

  it('security content YAML', () => {
    const text = [
      'name: Detect Thing',
      'id: 0f8e2a3c-0000-4000-8000-000000000001',
      'description: Finds a thing.',
      'data_source:',
      '- Sysmon EventID 1',
      "search: '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=\"x.exe\"",
      "  by Processes.dest | `drop_dm_object_name(Processes)`'",
      'references:',
      '- https://example.org/a',
      'tags:',
      '  mitre_attack_id:',
      '  - T1059.001',
      '  - t1059',
      '  - T1059.001',
      '',
    ].join('\n');
    const rule = only(loadRuleText('thing.yml', text));
    expect(rule.format).toBe('escu');
    expect(rule.meta).toEqual({
      id: '0f8e2a3c-0000-4000-8000-000000000001',
      title: 'Detect Thing',
      description: 'Finds a thing.',
      techniques: [
        { id: 'T1059.001', tactics: [] },
        { id: 'T1059', tactics: [] },
      ],
      references: ['https://example.org/a'],
      dataCategories: ['Sysmon EventID 1'],
    });
    expect(rule.spl.text).toBe(
      '| tstats count from datamodel=Endpoint.Processes where Processes.process_name="x.exe" by Processes.dest | `drop_dm_object_name(Processes)`',
    );
    expect(rule.spl.position(rule.spl.text.indexOf('by Processes'))).toEqual({ line: 7, column: 3 });
  });

  it('several documents in one stream, each mapped to its own lines', () => {
    const text = 'name: A\nid: a\nsearch: index=a\n---\nname: B\nid: b\nsearch: index=b | head 1\n';
    const r = loadRuleText('two.yml', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((x) => [x.meta.title, x.spl.text])).toEqual([
      ['A', 'index=a'],
      ['B', 'index=b | head 1'],
    ]);
    expect(r.value[1]!.spl.position(8)).toEqual({ line: 7, column: 17 });
  });

  it('a byte-order mark is not a column', () => {
    const d = errorOf(loadRuleText('bom.yml', "\uFEFFid: '1'\nlogic: index=main\nlogic: x\n"));
    expect([d.line, d.column]).toEqual([3, 1]);
    const rule = only(loadRuleText('bom.yml', "\uFEFFlogic: 'index=main\n  | head 1'\n"));
    expect(rule.spl.position(rule.spl.text.indexOf('head'))).toEqual({ line: 2, column: 5 });
  });

  it('an unquoted numeric id keeps its spelling', () => {
    const rule = only(loadRuleText('n.yml', 'id: 5399.5490\ntitle: N\nlogic_format: SPLUNK\nlogic: index=main\n'));
    expect(rule.meta.id).toBe('5399.5490');
  });

  it('a block scalar `logic` is mapped', () => {
    const text = 'id: b\nlogic: |\n  index=main\n  | stats count by host\n';
    const rule = only(loadRuleText('block.yml', text));
    expect(rule.spl.text).toBe('index=main\n| stats count by host\n');
    expect(rule.spl.position(rule.spl.text.indexOf('count'))).toEqual({ line: 4, column: 11 });
    expect(rule.notes).toContain('no `logic_format`: assumed Splunk');
  });

  it('a scalar the map cannot rebuild falls back to SPL-relative positions, with a note', () => {
    const rule = only(loadRuleText('anchor.yml', "logic_format: Splunk\nlogic: &spl 'index=main\n  | head 1'\n"));
    expect(rule.spl.text).toBe('index=main | head 1');
    expect(rule.spl.isMapped()).toBe(false);
    expect(rule.spl.displayName).toBe('anchor.yml#logic');
    expect(rule.spl.position(13)).toEqual({ line: 1, column: 14 });
    expect(rule.notes.join('\n')).toMatch(/relative to the SPL text/);
  });
});

describe('errors are diagnostics', () => {
  it('refuses a snowflake rule, naming the format', async () => {
    const d = errorOf(await loadRuleFile(join(FIX, 'snowflake.yml')));
    expect(d.code).toBe('LOAD006');
    expect(d.message).toMatch(/`snowflake`/);
    expect(d.message).toMatch(/only Splunk rules can be converted/);
    expect([d.line, d.column]).toEqual([4, 1]);
  });

  it.each([
    {
      what: 'bad indentation',
      text: "id: '1'\ntitle: Bad\nlogic_format: Splunk\nlogic: index=main\n  - x: y\n",
      line: 5,
      column: 6,
    },
    {
      what: 'an unclosed quote',
      text: "id: '1'\ntitle: 'Bad\nlogic: index=main\n",
      line: 4,
      column: 1,
    },
    {
      what: 'a duplicate key',
      text: "id: '1'\nlogic: index=main\nlogic: index=other\n",
      line: 3,
      column: 1,
    },
  ])('malformed YAML ($what) → LOAD004 with line, column and frame', ({ text, line, column }) => {
    const d = errorOf(loadRuleText('bad.yml', text));
    expect(d.code).toBe('LOAD004');
    expect(d.severity).toBe('error');
    expect(d.file).toBe('bad.yml');
    expect([d.line, d.column]).toEqual([line, column]);
    expect(d.message).toMatch(/^malformed YAML: /);
    expect(d.frame).toMatch(new RegExp(`> +${line} \\|`));
    expect(formatDiagnostic(d, false)).toMatch(new RegExp(`^bad\\.yml:${line}:${column}: error LOAD004: malformed YAML: `));
  });

  it.each([
    ['binary junk (NUL bytes)', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /binary content/],
    ['invalid UTF-8', Uint8Array.from([0x69, 0x6e, 0x64, 0x65, 0x78, 0x3d, 0xff, 0xfe, 0x41]), /not valid UTF-8/],
  ])('%s → LOAD002', async (_, bytes, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'spl2x-load-')), 'junk.spl');
    writeFileSync(file, bytes);
    const d = errorOf(await loadRuleFile(file));
    expect(d.code).toBe('LOAD002');
    expect(d.message).toMatch(message);
    expect(d.file).toBe(file);
  });

  it.each([
    ['a missing file', '/nonexistent/rule.yml', 'LOAD001', /no such file/],
    ['a directory', FIX, 'LOAD001', /is a directory/],
    ['a YAML mapping without logic/search', join(FIX, 'not-a-rule.yml'), 'LOAD005', /not a rule: expected a `logic` \(catalog\) or `search` \(security content\) field/],
  ])('%s → %s', async (_, file, code, message) => {
    const d = errorOf(await loadRuleFile(file));
    expect(d.code).toBe(code);
    expect(d.message).toMatch(message);
  });

  it.each([
    ['empty text', '  \n\n', 'LOAD003'],
    ['a NUL character in text', 'index=main\0', 'LOAD002'],
    ['catalog rule without logic', "id: '1'\ntitle: T\nlogic_format: Splunk\n", 'LOAD007'],
    ['logic that is a list', 'logic_format: Splunk\nlogic:\n- index=main\n', 'LOAD008'],
    ['search that is empty', "name: X\nsearch: ''\n", 'LOAD008'],
    ['a page without a rule body', 'MITRE ATT&CK coverage\n| Tactic | Techniques |\n|---|---|\n', 'LOAD010'],
    ['a second document that is not a rule', 'name: A\nsearch: index=a\n---\njust text\n', 'LOAD005'],
    ['a YAML list of rules', '- name: A\n  search: index=a\n- name: B\n  search: index=b\n', 'LOAD005'],
  ])('%s → %s', (_, text, code) => {
    expect(errorOf(loadRuleText('t.yml', text)).code).toBe(code);
  });

  it('a page whose rule body stays invalid after repair → LOAD009 at the page line', () => {
    const page = [
      'Detection rules › Splunk',
      'Some Rule',
      'Rule body yaml',
      "id: '1'",
      'title: Some Rule',
      'logic_format: Splunk',
      "logic: 'index=main",
      "| head 1'",
      'techniques: [unclosed',
      'Stages and Predicates',
      'Stage 1: search',
    ].join('\n');
    const d = errorOf(loadRuleText('page.txt', page));
    expect(d.code).toBe('LOAD009');
    expect(d.message).toMatch(/even after re-indenting 1 continuation line\(s\)/);
    expect(d.line).toBe(10);
    expect(d.frame).toContain('Stages and Predicates');
  });

  it('never throws on odd input', () => {
    for (const text of ['---', '- a\n- b', '{', '"', "'", '? x', '&a', '*a', '!!binary x', '%YAML 1.2\n---\nx', ':', '|', '>\n  a']) {
      expect(() => loadRuleText('odd', text)).not.toThrow();
    }
  });
});

describe('listRuleFiles', () => {
  it('expands directories to sorted rule files and keeps explicit paths', async () => {
    const tree = join(FIX, 'tree');
    const files = await listRuleFiles([join(FIX, 'snowflake.yml'), tree, join(tree, 'sub', 'e.json'), '-', '/nonexistent.yml']);
    expect(files).toEqual([
      join(FIX, 'snowflake.yml'),
      join(tree, 'a.spl'),
      join(tree, 'b.yml'),
      join(tree, 'sub', 'c.YAML'),
      join(tree, 'sub', 'd.txt'),
      join(tree, 'sub', 'e.json'),
      '-',
      '/nonexistent.yml',
    ]);
  });
});
