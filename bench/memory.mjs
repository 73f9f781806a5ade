// Item 3 — peak RSS of `spl2x run` (the seed rule) over a 1 GiB NDJSON events file, measured with /usr/bin/time -v.
// The goal: under 200 MB (stream the input, keep only the aggregation state).
//
// Also measured, to show the cause and the size of the gap:
//   - the same command on 64, 128 and 256 MiB prefixes of the same event stream (RSS per MB of input: ~0 when the
//     run streams);
//   - a streaming reference written here (not in src/): read the file in chunks, parse + filter each line with the
//     generated module, keep only the matches, run() on them at the end; with V8's default heap sizing and with
//     --max-old-space-size=128. It shows what a streaming `run` could reach.
//
//   node bench/memory.mjs [--sizes 64,128,256] [--repeat 2]
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureEvents } from './gen-events.mjs';
import { seedModuleText, SEED_RULE } from './matcher.mjs';
import { args, fmtNum, lastJson, loadavg, median, ROOT, runNode, spread } from './lib.mjs';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const GOAL_MB = 200;
/** Node flags the streaming reference runs with: V8's defaults, and a capped old space. */
const STREAM_FLAGS = [[], ['--max-old-space-size=128']];

/** Run a command under /usr/bin/time -v; resolves with exit code, peak RSS (bytes), wall ms, stdout lines, stderr. */
function timeV(cmd, argv) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (d) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const status = /Exit status: (\d+)/.exec(stderr);
      const own = stderr.split('\n').filter((l) => !/^\t/.test(l) && !/^\s*Command (being timed|exited)/.test(l) && l.trim() !== '');
      resolve({ code: status ? Number(status[1]) : null, rss: rss ? Number(rss[1]) * 1024 : NaN, ms: performance.now() - t0, rows: lines, message: own.join('\n').slice(0, 600) });
    });
  });
}

const spl2xRun = (file) => timeV(process.execPath, [join(ROOT, 'bin', 'spl2x.js'), 'run', SEED_RULE, '--events', file, '--format', 'ndjson']);

/** The streaming reference (a child process of its own, so its RSS is its own). */
async function streamWorker(file) {
  const { loadModule } = await import(pathToFileURL(join(ROOT, 'dist', 'targets', 'js', 'run.js')).href);
  const mod = await loadModule(await seedModuleText());
  const kept = [];
  let rest = '';
  let n = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let s = 0;
    let e;
    while ((e = text.indexOf('\n', s)) >= 0) {
      if (e > s) {
        const ev = JSON.parse(text.slice(s, e));
        n++;
        if (mod.filter(ev)) kept.push(ev);
      }
      s = e + 1;
    }
    rest = text.slice(s);
  }
  if (rest.trim()) {
    const ev = JSON.parse(rest);
    n++;
    if (mod.filter(ev)) kept.push(ev);
  }
  const rows = mod.run(kept, { now: 1_800_000_000 });
  for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
  process.stderr.write(`streamed ${n} events, ${kept.length} matched\n`);
}

/**
 * Where `spl2x run`'s memory goes: its steps (the CLI's modules, the events streamed through the rule's runner, the
 * rows) replayed on one file with the RSS and heap after each (a child process, --expose-gc; the figures are after
 * the step, before any GC).
 */
async function stepsWorker(file) {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  await dist('cli/main.js');
  const { forEachEvent, loadModule } = await dist('targets/js/run.js');
  const mod = await loadModule(await seedModuleText());
  const out = [];
  const mark = (step) => {
    const m = process.memoryUsage();
    out.push({ step, rss: m.rss, heapUsed: m.heapUsed });
  };
  mark('node + the CLI\'s dist modules + the seed module');
  const runner = mod.runner({ now: 1_800_000_000 });
  const r = await forEachEvent(createReadStream(file), file, (e) => runner.push(e));
  mark(`forEachEvent + runner.push in this thread (\`spl2x run\` does it in a worker thread): ${r.read} events streamed, the matching ones kept (fields the pipeline reads)`);
  const rows = runner.end();
  mark(`runner.end(): the pipeline on the kept events (${rows.length} rows)`);
  globalThis.gc?.();
  mark('after a full GC (the rows still referenced)');
  process.stdout.write(JSON.stringify({ steps: out, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

export async function runMemory({ sizes = [64, 128, 256], repeat = 2, streamRepeat = 1, log = console.error } = {}) {
  const big = await ensureEvents({ bytes: GIB, name: 'events-1gib.ndjson', log });
  const results = { big, prefixes: [], full: [], stream: [] };
  for (let i = 0; i < repeat; i++) {
    const r = await spl2xRun(big.file);
    results.full.push(r);
    log(`  memory: spl2x run on 1 GiB #${i + 1}: exit ${r.code}, peak RSS ${fmtNum(r.rss / MIB)} MB, ${fmtNum(r.ms / 1000)} s (load ${loadavg()})${r.message ? `: ${r.message.split('\n')[0]}` : ''}`);
  }
  for (const mb of sizes) {
    const m = await ensureEvents({ bytes: mb * MIB, name: `events-${mb}mib.ndjson`, log });
    const runs = [];
    for (let i = 0; i < repeat; i++) runs.push(await spl2xRun(m.file));
    results.prefixes.push({ mb, meta: m, runs });
    log(`  memory: spl2x run on ${mb} MiB: peak RSS ${runs.map((r) => fmtNum(r.rss / MIB)).join(', ')} MB, exit ${runs.map((r) => r.code).join(',')} (load ${loadavg()})`);
  }
  for (const flags of STREAM_FLAGS) {
    const runs = [];
    for (let i = 0; i < streamRepeat; i++) {
      const r = await timeV(process.execPath, [...flags, join('bench', 'memory.mjs'), '--stream-worker', big.file]);
      runs.push(r);
      log(`  memory: streaming reference ${flags.join(' ') || '(default flags)'} on 1 GiB #${i + 1}: exit ${r.code}, peak RSS ${fmtNum(r.rss / MIB)} MB, ${fmtNum(r.ms / 1000)} s, ${r.rows} rows`);
    }
    results.stream.push({ flags, runs });
  }
  const stepsFile = results.prefixes.at(-1)?.meta;
  if (stepsFile) {
    const r = await runNode(['--expose-gc', join('bench', 'memory.mjs'), '--steps-worker', stepsFile.file]);
    if (r.code === 0) results.steps = { file: stepsFile, ...lastJson(r.stdout) };
  }
  return summarize(results);
}

function summarize(res) {
  const fullRss = median(res.full.map((r) => r.rss)) / MIB;
  const fullOk = res.full.every((r) => r.code === 0);
  const slope = res.prefixes.length >= 2 ? (median(res.prefixes.at(-1).runs.map((r) => r.rss)) - median(res.prefixes[0].runs.map((r) => r.rss))) / (res.prefixes.at(-1).meta.bytes - res.prefixes[0].meta.bytes) : NaN;
  const base = res.prefixes.length ? median(res.prefixes[0].runs.map((r) => r.rss)) - slope * res.prefixes[0].meta.bytes : NaN;
  const projected = (base + slope * res.big.bytes) / MIB;
  const met = fullOk && fullRss < GOAL_MB;
  return {
    ...res,
    fullRssMB: fullRss,
    slope,
    projectedMB: projected,
    goals: [
      {
        goal: `3. Memory: \`spl2x run\` over a 1 GiB NDJSON file < ${GOAL_MB} MB RSS`,
        measured: fullOk ? `${fmtNum(fullRss)} MB` : `fails (exit ${res.full[0].code}) at ${fmtNum(fullRss)} MB peak RSS; by the prefix series a run that worked would need ≈ ${fmtNum(projected)} MB`,
        met,
        gap: met ? 'within' : `${fmtNum((fullOk ? fullRss : projected) / GOAL_MB)}× over (${fmtNum(slope)} bytes of RSS per byte of input)`,
      },
    ],
  };
}

export function memoryTable(s) {
  const lines = ['| input | events | `spl2x run` exit | peak RSS | RSS / input size | wall s | rows |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const p of s.prefixes) {
    const rss = p.runs.map((r) => r.rss / MIB);
    lines.push(`| ${p.mb} MiB prefix | ${p.meta.count.toLocaleString('en-US')} | ${p.runs.map((r) => r.code).join(', ')} | ${spread(rss)} MB | ${fmtNum(median(rss) / (p.meta.bytes / MIB))}× | ${spread(p.runs.map((r) => r.ms / 1000))} | ${p.runs[0].rows} |`);
  }
  const f = s.full;
  lines.push(`| **1 GiB** | ${s.big.count.toLocaleString('en-US')} | ${f.map((r) => r.code).join(', ')} | ${spread(f.map((r) => r.rss / MIB))} MB | ${fmtNum(median(f.map((r) => r.rss)) / s.big.bytes)}× | ${spread(f.map((r) => r.ms / 1000))} | ${f[0].rows} |`);
  for (const { flags, runs: st } of s.stream)
    lines.push(`| 1 GiB, streaming reference (bench only${flags.length ? `, \`node ${flags.join(' ')}\`` : ''}) | ${s.big.count.toLocaleString('en-US')} | ${st.map((r) => r.code).join(', ')} | ${spread(st.map((r) => r.rss / MIB))} MB | ${fmtNum(median(st.map((r) => r.rss)) / s.big.bytes)}× | ${spread(st.map((r) => r.ms / 1000))} | ${st[0].rows} |`);
  const msg = f.find((r) => r.message)?.message;
  if (msg) lines.push('', `\`spl2x run\` on the 1 GiB file says: \`${msg.split('\n')[0].slice(0, 300)}\``);
  if (s.steps) {
    lines.push('', `Where the memory goes — \`spl2x run\`'s steps replayed on the ${fmtNum(s.steps.file.bytes / MIB)} MiB prefix (bench/memory.mjs --steps-worker):`, '', '| after step | RSS | heap used |', '|---|---:|---:|');
    for (const st of s.steps.steps) lines.push(`| ${st.step} | ${fmtNum(st.rss / MIB)} MB | ${fmtNum(st.heapUsed / MIB)} MB |`);
  }
  lines.push('', `Growth across the prefixes: ${fmtNum(s.slope)} bytes of RSS per byte of input (projected to 1 GiB: ${fmtNum(s.projectedMB)} MB).`);
  return lines.join('\n');
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const a = args();
  if (a['stream-worker']) await streamWorker(a['stream-worker']);
  else if (a['steps-worker']) await stepsWorker(a['steps-worker']);
  else {
    const s = await runMemory({ sizes: String(a.sizes ?? '64,128,256').split(',').map(Number), repeat: Number(a.repeat ?? 2) });
    console.log(memoryTable(s));
    for (const g of s.goals) console.log(`- ${g.goal}: ${g.measured} → ${g.met ? 'met' : 'NOT met'} (${g.gap})`);
  }
}
