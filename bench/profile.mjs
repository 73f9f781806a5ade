// Summaries of V8 CPU profiles (`node --cpu-prof`): the top frames by self and by inclusive time, self time by
// source file, optionally only inside the calls of some frames (`--within REGEX`, tested on "name file:line", e.g.
// '^filter generated module' for the generated module's `filter`).
//
//   node bench/profile.mjs FILE.cpuprofile [--within REGEX] [--top 15]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { args, ROOT } from './lib.mjs';

function shortUrl(url) {
  if (!url) return '';
  if (url.startsWith('data:')) return 'generated module';
  return url.replace(pathToFileURL(ROOT).href + '/', '').replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}
const key = (cf) => `${cf.functionName || '(anonymous)'}${cf.url ? ` ${shortUrl(cf.url)}:${cf.lineNumber + 1}` : ''}`;

/** { total, self: [[key, ms]], inclusive: [[key, ms]], files: [[file, ms]] } in ms, descending. */
export function summarizeProfile(profile, { within } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const selfBy = new Map();
  const inclBy = new Map();
  const fileBy = new Map();
  let total = 0;
  const active = new Map();
  const withinRe = within === undefined ? undefined : new RegExp(within);
  // Iterative DFS computing inclusive times; a key counts once per stack (recursion is not double-counted).
  const walk = (rootId, inside) => {
    const stack = [{ id: rootId, inside, phase: 0, incl: 0 }];
    while (stack.length) {
      const fr = stack[stack.length - 1];
      const n = byId.get(fr.id);
      if (fr.phase === 0) {
        fr.phase = 1;
        fr.key = key(n.callFrame);
        fr.inside = fr.inside || (withinRe !== undefined && withinRe.test(fr.key));
        active.set(fr.key, (active.get(fr.key) ?? 0) + 1);
        for (const c of n.children ?? []) stack.push({ id: c, inside: fr.inside, phase: 0, parent: fr });
        continue;
      }
      stack.pop();
      const s = self.get(fr.id) ?? 0;
      const incl = s + (fr.childIncl ?? 0);
      if (fr.parent) fr.parent.childIncl = (fr.parent.childIncl ?? 0) + incl;
      active.set(fr.key, active.get(fr.key) - 1);
      const counted = within === undefined || fr.inside;
      if (counted) {
        total += s;
        selfBy.set(fr.key, (selfBy.get(fr.key) ?? 0) + s);
        const file = n.callFrame.url ? shortUrl(n.callFrame.url).replace(/^node_modules\/([^/]+).*/, 'node_modules/$1') : `(${n.callFrame.functionName || 'native'})`;
        fileBy.set(file, (fileBy.get(file) ?? 0) + s);
        if (active.get(fr.key) === 0) inclBy.set(fr.key, (inclBy.get(fr.key) ?? 0) + incl);
      }
    }
  };
  const root = profile.nodes[0].id;
  walk(root, within === undefined);
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, self: sorted(selfBy), inclusive: sorted(inclBy).filter(([k]) => !/^\((root|program|idle)\)/.test(k)), files: sorted(fileBy) };
}

/** A markdown table of the top frames. */
export function profileTable(sum, top = 12) {
  const pct = (ms) => `${((ms / sum.total) * 100).toFixed(1)}%`;
  const lines = [`Sampled ${Math.round(sum.total)} ms.`, '', '| top self frames | self | | top inclusive frames | incl. |', '|---|---:|---|---|---:|'];
  for (let i = 0; i < top; i++) {
    const s = sum.self[i];
    const c = sum.inclusive[i];
    lines.push(`| ${s ? `\`${s[0]}\`` : ''} | ${s ? pct(s[1]) : ''} | | ${c ? `\`${c[0]}\`` : ''} | ${c ? pct(c[1]) : ''} |`);
  }
  lines.push('', `Self time by file: ${sum.files.slice(0, 10).map(([f, ms]) => `\`${f}\` ${pct(ms)}`).join(', ')}.`);
  return lines.join('\n');
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const a = args();
  const p = JSON.parse(readFileSync(a._[0], 'utf8'));
  console.log(profileTable(summarizeProfile(p, { within: a.within }), Number(a.top ?? 15)));
}
