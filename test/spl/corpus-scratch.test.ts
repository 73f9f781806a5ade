import { test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseSpl } from '../../src/spl/parser.js';
import { splitMacro } from '../../src/spl/search-expr.js';
import type { Command, Pipeline } from '../../src/spl/ast.js';
function walk(d: string, out: string[] = []): string[] { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p, out); else if (p.endsWith('.yml')) out.push(p); } return out; }
const macros = new Map<string, { args: string[]; def: string }>();
for (const f of walk('/work/shared/corpus/escu/macros')) { const d = yaml.load(readFileSync(f, 'utf8')) as any; macros.set(`${d.name}/${(d.arguments ?? []).length}`, { args: d.arguments ?? [], def: String(d.definition ?? '') }); }
function expand(s: string): string { for (let i = 0; i < 10; i++) { const n = s.replace(/"(?:[^"\\]|\\.)*"|`([^`]+)`/g, (m, body: string | undefined) => { if (body === undefined) return m; { const { name, args } = splitMacro(body); const d = macros.get(`${name}/${args.length}`); if (!d) return m; let t = d.def; d.args.forEach((a, j) => { t = t.split(`$${a}$`).join(args[j] ?? ''); }); return t; } }); if (n === s) break; s = n; } return s; }
const CMDS = new Set(['tstats', 'stats', 'eventstats', 'streamstats', 'where', 'eval', 'bin', 'bucket', 'head']);
function stages(p: Pipeline, out: Command[] = []): Command[] { for (const s of p.stages) { out.push(s); if (s.command === 'opaque') s.subsearches.forEach((x) => stages(x, out)); } return out; }
test('corpus', () => {
  for (const mode of ['raw', 'expanded']) {
    const fails = new Map<string, string[]>(); let total = 0; let failed = 0;
    for (const root of ['/work/shared/corpus/escu/detections', '/work/shared/corpus/armory/detections']) for (const f of walk(root)) {
      const d = yaml.load(readFileSync(f, 'utf8')) as any; let s = d?.search ?? d?.logic; if (typeof s !== 'string') continue;
      if (mode === 'expanded') s = expand(s);
      const r = parseSpl(s);
      for (const st of stages(r.pipeline)) { if (!CMDS.has(st.name.toLowerCase())) continue; total++; if (st.command !== 'opaque') continue;
        const ds = r.diagnostics.filter((x) => x.severity === 'error' && x.message.startsWith(st.name + ':') && x.span && x.span.start >= st.span.start && x.span.end <= st.span.end);
        if (!ds.length) continue; failed++; const m = ds[0]!.message.replace(/'[^']*'/g, "'…'"); (fails.get(m) ?? fails.set(m, []).get(m)!).push(`${f.replace(/.*detections\//, '')} :: ${s.slice(st.span.start, st.span.end).slice(0, 300)} :: ${ds[0]!.message} @ ${JSON.stringify(s.slice(ds[0]!.span!.start, ds[0]!.span!.end))}`); }
    }
    console.log(mode, 'total', total, 'failed', failed);
    for (const [m, xs] of [...fails].sort((a, b) => b[1].length - a[1].length)) { console.log(xs.length, m); for (const x of xs.slice(0, 4)) console.log('    ', x); }
  }
});
