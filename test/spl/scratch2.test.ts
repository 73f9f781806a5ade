import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseSpl } from '../../src/spl/parser.js';
test('warnings', () => {
  const rows = JSON.parse(readFileSync('/tmp/spx/searches.json', 'utf8')) as { f: string; s: string }[];
  const w = new Map<string, number>();
  for (const r of rows) { const p = parseSpl(r.s); for (const d of p.diagnostics) if (d.severity !== 'error' && /^(SPL023|SPL010|SPL021|SPL009)/.test(d.code)) { const k = `${d.code} ${d.message}`.slice(0, 150); w.set(k, (w.get(k) ?? 0) + 1); } }
  console.log([...w].sort((a, b) => b[1] - a[1]).slice(0, 40));
});
