import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { expandMacros, loadMacros, MacroTable, parseMacrosConf, parseMacroYaml } from '../../src/macros/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/macros/', import.meta.url));
const fx = (p: string) => join(FIXTURES, p);

/** `code@line` for compact comparison. */
const brief = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code}@${d.line ?? '-'}`);

describe('MacroTable', () => {
  it('keys definitions by name and arity', () => {
    const t = new MacroTable();
    t.add({ name: 'm', args: [], definition: 'zero', iseval: false, origin: 'test' });
    t.add({ name: 'm', args: ['a', 'b'], definition: 'two', iseval: false, origin: 'test' });
    t.add({ name: 'n', args: ['x'], definition: 'one', iseval: false, origin: 'test' });
    expect(t.size).toBe(3);
    expect(t.names()).toEqual(['m', 'n']);
    expect(t.get('m', 0)?.definition).toBe('zero');
    expect(t.get('m', 2)?.definition).toBe('two');
    expect(t.get('m', 1)).toBeUndefined();
    expect(t.arities('m')).toEqual([0, 2]);
    expect(MacroTable.key('m', 0)).toBe('m');
    expect(MacroTable.key('m', 2)).toBe('m(2)');
    const replaced = t.add({ name: 'm', args: [], definition: 'zero again', iseval: false, origin: 'test2' });
    expect(replaced?.definition).toBe('zero');
    expect(t.size).toBe(3);
  });

  it('builtin: drop_dm_object_name(1) listed, *_filter a lookup fallback only, assumed catalog definitions unless turned off', () => {
    expect(MacroTable.builtin().names()).toEqual(['add_fields_eoi', 'drop_dm_object_name', 'group_events', 'hec_collect', 'ut_shannon']);
    expect(MacroTable.builtin().defs().filter((d) => d.origin === 'assumed').every((d) => (d.assumption ?? '').length > 0)).toBe(true);
    const t = MacroTable.builtin({ assumed: false });
    expect(t.size).toBe(1);
    expect(t.names()).toEqual(['drop_dm_object_name']);
    expect(t.get('drop_dm_object_name', 1)).toMatchObject({ args: ['object'], definition: 'rename $object$.* AS *', origin: 'builtin' });
    expect(t.get('x_filter', 0)).toEqual({ name: 'x_filter', args: [], definition: 'search *', iseval: false, origin: 'builtin:*_filter' });
    expect(t.get('x_filter', 1)).toBeUndefined();
    expect(t.get('_filter', 0)).toBeUndefined();
    expect(t.get('filterx', 0)).toBeUndefined();
    expect(t.has('x_filter', 0)).toBe(false);
    expect(new MacroTable().get('x_filter', 0)).toBeUndefined();
    // A real definition wins over the fallback.
    t.add({ name: 'x_filter', args: [], definition: 'search user!=svc', iseval: false, origin: 'test' });
    expect(t.get('x_filter', 0)?.definition).toBe('search user!=svc');
  });
});

describe('macros.conf', () => {
  it('parses stanzas, arity, args, continuations, iseval, merged stanzas', async () => {
    const res = await loadMacros(fx('macros.conf'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.diagnostics).toEqual([]);
    const t = res.value;
    expect(t.get('simple', 0)).toEqual({
      name: 'simple',
      args: [],
      definition: 'index=main sourcetype=foo',
      iseval: false,
      origin: 'macros.conf:5',
    });
    expect(t.get('ctime', 1)).toMatchObject({
      args: ['field'],
      definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
      origin: 'macros.conf:8',
    });
    // Backslash-newline: the backslash goes, the line break stays; `#` inside a continued value is text.
    expect(t.get('multi', 2)).toMatchObject({
      args: ['a', 'b'],
      definition: 'search $a$=1 \n| where $b$ > 2 \n# a hash on a continued line is part of the value',
      iseval: false,
    });
    expect(t.get('evalmacro', 1)).toMatchObject({ iseval: true, definition: 'if($x$ > 1, "search a", "search b")' });
    // [default] defines nothing; user definitions win over builtin ones.
    expect(t.get('default', 0)).toBeUndefined();
    expect(t.get('drop_dm_object_name', 1)?.definition).toBe('rename $object$.* AS my_*');
    expect(t.get('some_filter', 0)?.definition).toBe('search *');
    expect(t.names()).toEqual(['add_fields_eoi', 'ctime', 'drop_dm_object_name', 'evalmacro', 'group_events', 'hec_collect', 'multi', 'simple', 'ut_shannon']);
  });

  it('reports bad stanzas with file and line and keeps the good ones', () => {
    const text = [
      '[good]', //                       1
      'definition = ok', //              2
      'this line is not a setting', //   3
      '[arity(2)]', //                   4
      'args = a', //                     5
      'definition = $a$', //             6
      '[nodef]', //                      7
      'args =', //                       8
      '[badarg(1)]', //                  9
      'args = a b', //                   10
      'definition = x', //               11
      '[badeval]', //                    12
      'definition = x', //               13
      'iseval = maybe', //               14
      '[bad name]', //                   15
      'definition = x', //               16
    ].join('\n');
    const { defs, diagnostics } = parseMacrosConf(text, 'bad.conf');
    expect(defs.map((d) => d.name)).toEqual(['good']);
    expect(brief(diagnostics)).toEqual(['MAC005@3', 'MAC007@5', 'MAC006@7', 'MAC006@10', 'MAC006@14', 'MAC006@15']);
    expect(diagnostics.every((d) => d.file === 'bad.conf' && d.severity === 'error')).toBe(true);
    expect(diagnostics[1]?.message).toContain('arity 2 but declares 1 argument(s) (a)');
  });

  it('loading a bad file still succeeds with the good definitions', async () => {
    const res = await loadMacros(fx('bad.conf'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.get('good', 0)?.definition).toBe('ok');
    expect(res.diagnostics.map((d) => d.code)).toEqual(['MAC005', 'MAC007', 'MAC006', 'MAC006', 'MAC006', 'MAC006']);
    expect(res.diagnostics[0]?.file).toBe(fx('bad.conf'));
  });

  it('handles CRLF line ends and a BOM', () => {
    const { defs, diagnostics } = parseMacrosConf('\uFEFF[a]\r\ndefinition = x \\\r\ny\r\n', 'crlf.conf');
    expect(diagnostics).toEqual([]);
    expect(defs[0]?.definition).toBe('x \ny');
  });

  it('a Splunk app folder: default/ then local/ (local wins, no duplicate warning)', async () => {
    const res = await loadMacros(fx('app'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.diagnostics).toEqual([]);
    expect(res.value.get('sel', 0)).toMatchObject({ definition: 'index=local_index', origin: 'local/macros.conf:1' });
    expect(res.value.get('only_default', 0)?.origin).toBe('default/macros.conf:4');
  });
});

describe('security-content macro YAML', () => {
  it('loads a directory of YAML files (stanza-form names, non-string definitions)', async () => {
    const res = await loadMacros(fx('yaml'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.diagnostics).toEqual([]);
    expect(res.value.get('ctime', 1)).toEqual({
      name: 'ctime',
      args: ['field'],
      definition: 'convert ctime($field$)',
      iseval: false,
      origin: 'yaml/ctime.yml',
    });
    expect(res.value.get('pair', 2)).toMatchObject({ args: ['a', 'b'], definition: '$a$=$b$', origin: 'yaml/pair.yaml' });
    expect(res.value.get('flag_config', 0)?.definition).toBe('false');
    expect(res.value.size).toBe(3 + MacroTable.builtin().size);
  });

  it('reports bad files (MAC005–MAC008) with file and line and continues', async () => {
    const res = await loadMacros(fx('yaml-bad'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const got = res.diagnostics.map((d) => `${d.code}@${(d.file ?? '').split('/').pop()}:${d.line ?? '-'}`);
    expect(got).toEqual([
      'MAC005@b_syntax.yml:3',
      'MAC006@c_nodef.yml:1',
      'MAC007@d_arity.yml:1',
      'MAC006@e_args.yml:2',
      'MAC005@f_list.yml:1',
      'MAC008@yaml-bad:-',
    ]);
    expect(res.diagnostics.at(-1)?.severity).toBe('warning');
    expect(res.value.get('good', 0)).toMatchObject({ definition: 'index=good2', origin: 'yaml-bad/g_dup.yml' });
  });

  it('parses one YAML text', () => {
    const { defs, diagnostics } = parseMacroYaml('name: sysmon\ndefinition: sourcetype=Sysmon\n', 'sysmon.yml', 'macros/sysmon.yml');
    expect(diagnostics).toEqual([]);
    expect(defs).toEqual([{ name: 'sysmon', args: [], definition: 'sourcetype=Sysmon', iseval: false, origin: 'macros/sysmon.yml' }]);
  });

  it('loads a single YAML file', async () => {
    const res = await loadMacros(fx('yaml/pair.yaml'));
    expect(res.ok && res.value.get('pair', 2)?.origin).toBe('pair.yaml');
  });
});

describe('loadMacros failures', () => {
  it('a missing path fails with MAC001', async () => {
    const res = await loadMacros(fx('does-not-exist'));
    expect(res.ok).toBe(false);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['MAC001']);
  });

  it('a directory without macro files fails with MAC001', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spl2x-macros-'));
    try {
      const res = await loadMacros(dir);
      expect(res.ok).toBe(false);
      expect(res.diagnostics.map((d) => d.code)).toEqual(['MAC001']);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('layers over a given base table', async () => {
    const base = new MacroTable([{ name: 'simple', args: [], definition: 'base', iseval: false, origin: 'base' }]);
    base.add({ name: 'kept', args: [], definition: 'kept', iseval: false, origin: 'base' });
    const res = await loadMacros(fx('macros.conf'), { base });
    if (!res.ok) throw new Error('load failed');
    expect(res.value.get('simple', 0)?.definition).toBe('index=main sourcetype=foo');
    expect(res.value.get('kept', 0)?.definition).toBe('kept');
    expect(res.value.get('x_filter', 0)).toBeUndefined(); // no fallback on this base
    expect(base.get('ctime', 1)).toBeUndefined(); // the base is not modified
  });
});

describe('loaded definitions expand', () => {
  it('conf macros with continuation and iseval', async () => {
    const res = await loadMacros(fx('macros.conf'));
    if (!res.ok) throw new Error('load failed');
    const { expansion, diagnostics } = expandMacros('`multi(user, count)` | `evalmacro(3)`', res.value);
    expect(expansion.text).toBe('search user=1 \n| where count > 2 \n# a hash on a continued line is part of the value | `evalmacro(3)`');
    expect(diagnostics.map((d) => d.code)).toEqual(['MAC022']);
  });
});
