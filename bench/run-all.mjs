// `npm run bench`: build, then every benchmark of the performance issue; prints a markdown report and writes the
// generated part of bench/RESULTS.md (between the bench:begin/bench:end markers; the hand-written analysis around
// them is kept). CPU profiles (node --cpu-prof) are taken for the goals that are missed.
//
//   node bench/run-all.mjs [--quick] [--no-build] [--no-profile] [--skip transpile,matcher,memory,parity]
//
// --quick: fewer repeats and 200,000 events (a smoke run, ~2 min; RESULTS.md is then not written unless --write).
// Item 4 runs only when test/parity/ exists: `npm run es:start` (idempotent, not timed), `npx vitest run test/parity`
// twice, and `npm run es:stop` afterwards only when Elasticsearch was not answering on 127.0.0.1:9250 before.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { args, DATA, fmtNum, loadavg, machine, ROOT, runNode } from './lib.mjs';
import { profileTable, summarizeProfile } from './profile.mjs';

const a = args();
const quick = Boolean(a.quick);
const skip = new Set(String(a.skip ?? '').split(',').filter(Boolean));
const log = (s) => console.error(s);
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const PROF = join(DATA, 'prof');
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const t0 = performance.now();
// The 1-minute load average, sampled through the run (the benchmark itself accounts for about 1 of it).
const loads = [];
const sampler = setInterval(() => loads.push(Number(loadavg().split(' ')[0])), 5000);
sampler.unref();

const sh = (cmd, argv) => {
  try {
    return execFileSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `(failed: ${(e.stderr || e.message).toString().trim().split('\n')[0]})`;
  }
};
const m = machine();
const git = { head: sh('git', ['rev-parse', '--short', 'HEAD']), dirtySrc: sh('git', ['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean).length };
const busy = sh('ps', ['-eo', 'pcpu,rss,comm', '--sort=-pcpu', '--no-headers']).split('\n').slice(0, 4).map((l) => l.trim().replace(/\s+/g, ' '));
log(`bench: ${m.cpu}, ${m.nproc} cores, node ${m.node}; HEAD ${git.head}${git.dirtySrc ? ` (+${git.dirtySrc} changed files under src/)` : ''}; load ${loadavg()}`);

// ── build (dist/ is what is measured)
let build = 'skipped (--no-build)';
if (!a['no-build']) {
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  build = b.status === 0 ? 'npm run build: ok' : `npm run build FAILED (measured the dist/ already there): ${(b.stdout + b.stderr).trim().split('\n').slice(-3).join(' ')}`;
  log(`bench: ${build}`);
}

const sections = [];
const goals = [];
const profiles = [];
mkdirSync(PROF, { recursive: true });

async function cpuProfile(name, nodeArgs, within) {
  const file = join(PROF, `${name}.cpuprofile`);
  rmSync(file, { force: true });
  const r = await runNode(['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', PROF, '--cpu-prof-name', `${name}.cpuprofile`, ...nodeArgs]);
  if (r.code !== 0 || !existsSync(file)) return `(profiling failed: ${r.stderr.slice(-300)})`;
  const p = JSON.parse(readFileSync(file, 'utf8'));
  return within.map(([title, w]) => `${title}\n\n${profileTable(summarizeProfile(p, { within: w }), 12)}`).join('\n\n');
}

// ── 1. transpile
if (!skip.has('transpile')) {
  log('bench: 1. transpile (security-content corpus)');
  const { runTranspile, transpileTable } = await import('./transpile.mjs');
  const s = await runTranspile({ repeat: quick ? 1 : 3, repeatAll: quick ? 2 : 5, seconds: quick ? 1 : 2, log });
  sections.push(`### 1. Transpile: ${s.rows[0].searches} security-content searches (${s.rows[0].files} files under ../shared/corpus/escu/detections, macros from ../shared/corpus/escu/macros)\n\nmedian (min–max) over fresh processes: ${s.rows.map((r) => `${r.to} ×${r.coldRate.length}`).join(', ')}. Per-rule p50/p99 are medians over those processes. All rules loaded (${s.rows[0].loadFailures} load failures); target internal errors: ${s.rows.map((r) => r.internalErrors).reduce((x, y) => x + y, 0)}.\n\n${transpileTable(s)}`);
  goals.push(...s.goals);
  if (!a['no-profile'] && s.goals[0].met === false) {
    log('bench: profiling the transpile first pass');
    profiles.push(`#### Transpile, all four targets, first pass (\`node --cpu-prof bench/transpile.mjs --worker --to all --cold-only\`)\n\n${await cpuProfile('transpile-cold-all', [join('bench', 'transpile.mjs'), '--worker', '--to', 'all', '--cold-only'], [['Whole process:', undefined]])}`);
  }
}

// ── 2. matcher
if (!skip.has('matcher')) {
  log('bench: 2. matcher');
  const { runMatcher, matcherTable } = await import('./matcher.mjs');
  const count = quick ? 200_000 : 1_000_000;
  const s = await runMatcher({ count, rounds: quick ? 2 : 3, log });
  sections.push(`### 2. Matcher: seed rule \`examples/psexec_service_creation.yml\`, one process, ${s.res.floor.length} rounds (median (min–max))\n\n${matcherTable(s)}`);
  goals.push(...s.goals);
  if (!a['no-profile'] && s.goals.some((g) => g.met === false)) {
    log('bench: profiling the matcher');
    profiles.push(
      `#### Matcher (\`node --cpu-prof bench/matcher.mjs --worker --count 200000 --rounds 1\`)\n\n${await cpuProfile('matcher', ['--expose-gc', '--max-old-space-size=16384', join('bench', 'matcher.mjs'), '--worker', '--count', '200000', '--rounds', '1'], [
        ['Inside the generated module\'s `filter(event)` (all calls):', '^filter generated module'],
        ['Inside the generated module\'s `run(events)`:', '^run generated module'],
      ])}`,
    );
  }
}

// ── 3. memory
if (!skip.has('memory')) {
  log('bench: 3. memory');
  const { runMemory, memoryTable } = await import('./memory.mjs');
  const s = await runMemory({ sizes: quick ? [64, 128] : [64, 128, 256], repeat: quick ? 1 : 2, log });
  sections.push(`### 3. Memory: \`/usr/bin/time -v node bin/spl2x.js run examples/psexec_service_creation.yml --events FILE --format ndjson\`\n\n${memoryTable(s)}`);
  goals.push(...s.goals);
}

// ── 4. parity suite wall time
if (!skip.has('parity')) {
  log('bench: 4. parity suite');
  if (!existsSync(join(ROOT, 'test', 'parity'))) {
    sections.push('### 4. Parity suite wall time\n\nPending: `test/parity/` does not exist yet in this tree.');
    goals.push({ goal: '4. Parity suite wall time against the real Elasticsearch', measured: 'pending (no test/parity/)', met: 'pending', gap: '—' });
  } else {
    const wasUp = await fetch('http://127.0.0.1:9250/').then(() => true, () => false);
    const st = spawnSync('npm', ['run', 'es:start'], { cwd: ROOT, encoding: 'utf8' });
    if (st.status !== 0) {
      sections.push(`### 4. Parity suite wall time\n\nPending: \`npm run es:start\` failed: ${(st.stdout + st.stderr).trim().split('\n').slice(-2).join(' ')}`);
      goals.push({ goal: '4. Parity suite wall time', measured: 'pending (es:start failed)', met: 'pending', gap: '—' });
    } else {
      const runs = [];
      for (let i = 0; i < (quick ? 1 : 2); i++) {
        const s0 = performance.now();
        const r = spawnSync('npx', ['vitest', 'run', 'test/parity'], { cwd: ROOT, encoding: 'utf8' });
        runs.push({ s: (performance.now() - s0) / 1000, code: r.status, summary: (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => /^\s*(Test Files|Tests|Duration)\s/.test(l)).map((l) => l.trim().replace(/\s+/g, ' ')).join(' / ') });
        log(`  parity #${i + 1}: ${fmtNum(runs.at(-1).s)} s, exit ${r.status}`);
      }
      if (!wasUp) spawnSync('npm', ['run', 'es:stop'], { cwd: ROOT });
      sections.push(`### 4. Parity suite wall time (\`npx vitest run test/parity\`, Elasticsearch ${wasUp ? 'already running' : 'started by es:start, not timed'})\n\n| run | wall s | exit | vitest |\n|---|---:|---:|---|\n${runs.map((r, i) => `| ${i + 1} | ${fmtNum(r.s)} | ${r.code} | ${r.summary} |`).join('\n')}`);
      goals.push({ goal: '4. Parity suite wall time (no numeric goal set)', measured: `${runs.map((r) => fmtNum(r.s)).join(', ')} s`, met: 'recorded', gap: '—' });
    }
  }
}

// ── report
const verdict = (g) => (g.met === true ? '**met**' : g.met === false ? '**not met**' : g.met);
const summary = ['| goal | measured | verdict | gap |', '|---|---|---|---|', ...goals.map((g) => `| ${g.goal} | ${g.measured} | ${verdict(g)} | ${g.gap} |`)].join('\n');
const total = (performance.now() - t0) / 1000;
const header = [
  `Generated by \`${command}\` (bench/run-all.mjs) on ${m.date} in ${fmtNum(total)} s.`,
  '',
  `- Machine: ${m.cpu}; \`nproc\` = ${m.nproc}; ${m.kernel}`,
  `- Node ${m.node} (V8 ${m.v8})`,
  `- Code: git ${git.head}${git.dirtySrc ? ` with ${git.dirtySrc} uncommitted file(s) under src/` : ''}; ${build}`,
  `- 1-minute load average during the run: ${loads.length ? `${Math.min(...loads)}–${Math.max(...loads)} (sampled every 5 s; the benchmark itself is about 1)` : loadavg()}; busiest processes at the start (%CPU RSS-KB command): ${busy.map((b) => `\`${b}\``).join(', ')}`,
  '',
  '```',
  '$ free -h',
  m.free,
  '```',
].join('\n');
const generated = [
  '<!-- bench:begin (generated by npm run bench; edits between these markers are overwritten) -->',
  '## Latest run',
  '',
  header,
  '',
  '### Goals',
  '',
  summary,
  '',
  ...sections.flatMap((s) => [s, '']),
  ...(profiles.length ? ['### CPU profiles of the missed goals (top frames)', '', 'Self = time in the frame itself; inclusive = with its callees (a frame counted once per stack). Raw profiles: bench/.data/prof/*.cpuprofile (open in Chrome DevTools).', '', ...profiles.flatMap((p) => [p, ''])] : []),
  '<!-- bench:end -->',
].join('\n');

console.log(generated);
if (!quick || a.write) {
  const intro = '# Benchmarks\n\n`npm run bench` runs bench/run-all.mjs: the transpile, matcher, memory and parity measurements of the performance issue. Event files are generated into bench/.data/ (git-ignored) once and reused.\n\n';
  let doc = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : `${intro}<!-- bench:begin -->\n<!-- bench:end -->\n`;
  const re = /<!-- bench:begin[\s\S]*?<!-- bench:end -->/;
  doc = re.test(doc) ? doc.replace(re, () => generated) : `${doc.trimEnd()}\n\n${generated}\n`;
  writeFileSync(RESULTS, doc);
  log(`bench: wrote ${RESULTS} (${fmtNum(total)} s)`);
}
