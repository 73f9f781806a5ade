import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { expandMacros, loadMacros, MacroTable } from '../../src/macros/index.js';
import { CORPUS, hasShared, SHARED } from '../helpers/corpus.js';

/** Real Splunk rule corpora: test data, read in place (never copied into the repo). */

const ESCU = join(CORPUS, 'escu');

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe.runIf(hasShared(CORPUS))('real corpus', () => {
  it('loads the 189 security-content macro files without diagnostics', async () => {
    const res = await loadMacros(join(ESCU, 'macros'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.diagnostics).toEqual([]);
    const builtin = MacroTable.builtin().size;
    expect(res.value.size).toBe(189 + builtin);
    const ctime = res.value.get('security_content_ctime', 1);
    expect(ctime?.args).toEqual(['field']);
    expect(ctime?.origin).toBe('macros/security_content_ctime.yml');
    expect(res.value.get('drop_dm_object_name', 1)?.origin).toBe('builtin');
    expect(res.value.get('anything_filter', 0)?.origin).toBe('builtin:*_filter');
  });

  it('expands every escu detection search with no error diagnostics', async () => {
    const res = await loadMacros(join(ESCU, 'macros'));
    if (!res.ok) throw new Error('macros did not load');
    const table = res.value;
    const files = await yamlFiles(join(ESCU, 'detections'));
    expect(files.length).toBeGreaterThan(800);
    const undefinedUses = new Map<string, number>();
    const byCode = new Map<string, number>();
    let searches = 0;
    let uses = 0;
    const errors: string[] = [];
    for (const file of files) {
      const doc = yaml.load(await readFile(file, 'utf8')) as { search?: unknown };
      if (typeof doc?.search !== 'string') continue;
      searches++;
      const { expansion, diagnostics } = expandMacros(doc.search, table);
      uses += expansion.uses.length;
      for (const d of diagnostics) {
        byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
        if (d.severity === 'error') errors.push(`${file}: ${d.code} ${d.message}`);
      }
      for (const u of expansion.uses) {
        if (!u.defined) undefinedUses.set(MacroTable.key(u.name, u.args.length), (undefinedUses.get(MacroTable.key(u.name, u.args.length)) ?? 0) + 1);
      }
      // Offset map: original characters map to themselves, body characters into a top-level use's span.
      const spl = doc.search;
      const topSpans = new Set(expansion.uses.filter((u) => u.via?.length === 0).map((u) => `${u.span.start}:${u.span.end}`));
      for (let i = 0; i < expansion.text.length; i++) {
        const s = expansion.toOriginal(i, 'start');
        if (expansion.macrosAt(i).length === 0) {
          if (spl[s] !== expansion.text[i]) throw new Error(`${file}: offset ${i} maps to ${s}`);
        } else if (!topSpans.has(`${s}:${expansion.toOriginal(i + 1, 'end')}`)) {
          throw new Error(`${file}: body offset ${i} maps outside a use`);
        }
      }
    }
    const undefinedList = [...undefinedUses].sort((a, b) => b[1] - a[1]);
    console.log(
      `escu: ${searches} searches, ${uses} macro uses; diagnostics by code ${JSON.stringify(Object.fromEntries(byCode))}; ` +
        `undefined uses: ${undefinedList.reduce((n, [, c]) => n + c, 0)} ${JSON.stringify(undefinedList)}`,
    );
    expect(errors).toEqual([]);
    expect(searches).toBeGreaterThan(800);
    // With the builtins (`*_filter`, drop_dm_object_name) only `get_asset(1)` stays undefined: its definition is in
    // the half of security_content's macros that this corpus leaves out.
    expect(undefinedList.map(([k]) => k)).toEqual(['get_asset(1)']);
  });

  it('expands every armory catalog rule: no errors; the catalog macros stay undefined selectors', async () => {
    const res = await loadMacros(join(ESCU, 'macros'));
    if (!res.ok) throw new Error('macros did not load');
    const files = await yamlFiles(join(CORPUS, 'armory', 'detections'));
    const undefinedUses = new Map<string, number>();
    const byCode = new Map<string, number>();
    const errors: string[] = [];
    let rules = 0;
    for (const file of files) {
      const doc = yaml.load(await readFile(file, 'utf8')) as { logic?: unknown; logic_format?: unknown };
      if (typeof doc?.logic !== 'string' || doc.logic_format !== 'Splunk') continue;
      rules++;
      const { expansion, diagnostics } = expandMacros(doc.logic, res.value);
      for (const d of diagnostics) {
        byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
        if (d.severity === 'error') errors.push(`${file.split('/').pop()}: ${d.code}`);
      }
      for (const u of expansion.uses) {
        if (u.defined) continue;
        const key = MacroTable.key(u.name, u.args.length);
        undefinedUses.set(key, (undefinedUses.get(key) ?? 0) + 1);
      }
    }
    const undefinedList = [...undefinedUses].sort((a, b) => b[1] - a[1]);
    console.log(
      `armory: ${rules} rules; diagnostics by code ${JSON.stringify(Object.fromEntries(byCode))}; ` +
        `undefined macros: ${JSON.stringify(undefinedList)}`,
    );
    expect(rules).toBeGreaterThan(100);
    // The one error is a rule broken at the source: `` search `apply_al(AVL_R76907`| bin … `` (no closing parenthesis).
    expect(errors).toEqual(['suspicious_recaptcha_command_line-splunk-sysmon.yml: MAC013']);
    expect(undefinedUses.get('get_endpoint_data')).toBeGreaterThan(0);
  });
});
