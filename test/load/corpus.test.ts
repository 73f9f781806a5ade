/**
 * The real corpora (test data under ../shared/corpus, when present): every file loads, and every mapped SPL
 * source maps offsets to the same characters in the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listRuleFiles, loadRuleFile, loadRuleText, type RuleDoc } from '../../src/load/index.js';
import { lineStarts } from '../../src/diagnostics/source.js';
import { CORPUS, hasShared, SHARED } from '../helpers/corpus.js';


const SETS = [
  { name: 'armory', dir: `${CORPUS}/armory`, expected: 750, format: 'catalog' },
  { name: 'escu', dir: `${CORPUS}/escu/detections`, expected: 850, format: 'escu' },
] as const;

/**
 * Offsets whose character in the file differs from the SPL's, unless the SPL character is a folded line break (a
 * space or `\n` standing for a break in the file). Every offset is checked (cheap enough).
 */
function mapProblems(rule: RuleDoc, fileText: string): string[] {
  const { spl } = rule;
  const starts = lineStarts(fileText);
  const problems: string[] = [];
  for (let i = 0; i < spl.text.length; i++) {
    const c = spl.text[i]!;
    const pos = spl.position(i);
    const offset = starts[pos.line - 1]! + pos.column - 1;
    const f = fileText[offset];
    const folded = (c === ' ' || c === '\n') && (f === '\n' || f === '\r' || offset === fileText.length);
    if (f !== c && !folded) problems.push(`${rule.file}: spl[${i}]=${JSON.stringify(c)} but file ${pos.line}:${pos.column}=${JSON.stringify(f)}`);
  }
  return problems;
}

describe.runIf(hasShared(CORPUS))('corpus', () => {
  it('the seed page maps every SPL character into the page', async () => {
    const file = SHARED + '/seed/psexec-service-creation.catalog.txt';
    const r = await loadRuleFile(file);
    expect(r.ok).toBe(true);
    if (r.ok) expect(mapProblems(r.value[0]!, readFileSync(file, 'utf8'))).toEqual([]);
  });

  describe.each(SETS)('$name', ({ name, dir, expected, format }) => {
    it(`loads all ${expected} files, with positions mapped into the file`, async () => {
      const files = await listRuleFiles([dir]);
      const failures: string[] = [];
      const unmapped: string[] = [];
      const problems: string[] = [];
      let loaded = 0;
      for (const file of files) {
        const r = await loadRuleFile(file);
        if (!r.ok) {
          failures.push(...r.diagnostics.map((d) => `${file}: ${d.code} ${d.message}`));
          continue;
        }
        loaded += r.value.length;
        for (const rule of r.value) {
          expect(rule.format).toBe(format);
          if (!rule.spl.isMapped()) unmapped.push(file);
          else problems.push(...mapProblems(rule, readFileSync(file, 'utf8')));
        }
      }
      console.log(`${name}: ${files.length} files, ${loaded} rules loaded, ${failures.length} failures, ${unmapped.length} unmapped`);
      expect(failures).toEqual([]);
      expect(files.length).toBe(expected);
      expect(loaded).toBe(expected);
      expect(unmapped).toEqual([]);
      expect(problems.slice(0, 20)).toEqual([]);
    }, 120_000);
  });

  it('every armory rule, exported like the catalog page (indentation lost), loads as its YAML does', async () => {
    const files = await listRuleFiles([SETS[0].dir]);
    const problems: string[] = [];
    for (const file of files) {
      const yamlText = readFileSync(file, 'utf8');
      const page = ['Detection rules › Splunk', 'A rule', 'Rule body yaml', ...yamlText.split('\n').map((l) => l.trimStart()), 'Stages and Predicates', 'Stage 1: search'].join('\n');
      const fromYaml = await loadRuleFile(file);
      const fromPage = loadRuleText(`${file}.page.txt`, page);
      if (!fromYaml.ok || !fromPage.ok) {
        problems.push(`${file}: ${[...fromPage.diagnostics].map((d) => d.message).join('; ')}`);
        continue;
      }
      const [y, p] = [fromYaml.value[0]!, fromPage.value[0]!];
      if (p.spl.text !== y.spl.text) problems.push(`${file}: SPL differs`);
      if (JSON.stringify(p.meta) !== JSON.stringify(y.meta)) problems.push(`${file}: meta differs`);
      if (!p.spl.isMapped()) problems.push(`${file}: page SPL not mapped`);
      else problems.push(...mapProblems(p, page));
    }
    console.log(`armory as pages: ${files.length} files, ${problems.length} problems`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 120_000);
});
