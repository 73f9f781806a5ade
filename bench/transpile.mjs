// Item 1 — transpile throughput on the security-content corpus (../shared/corpus/escu, macros expanded).
//
//   node bench/transpile.mjs [--repeat 3] [--repeat-all 5] [--seconds 2]   every configuration, markdown table
//   node bench/transpile.mjs --worker --to all [--seconds 3]      one fresh process: cold pass, then steady state
//   node bench/transpile.mjs --worker --to all --cold-only         the cold pass alone (for --cpu-prof)
//
// A "search" is one rule document. Its work: load (YAML → RuleDoc), frontend (macro expansion, parse, lower), then
// for each target convert + serialize (the text a user gets). `--to frontend` is the frontend alone (the shared
// part), `--to all` the frontend once and the four targets.
//
// Cold = the first pass in a fresh process, timed from the start of this script: importing the dist/ modules,
// loading the macro directory, listing and reading the rule files, and every rule. The node bootstrap before the
// script is reported apart (`performance.now()` counts from process start).
// Steady = later passes over the same rule texts already in memory (no file I/O), after 2 warm-up passes, for
// --seconds (at least 3 passes); the rate is the median pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, fmtNum, fmtUs, lastJson, loadavg, median, quantile, ROOT, runNode, spread } from './lib.mjs';

const T_SCRIPT = performance.now();

export const CORPUS_DIR = join(ROOT, '..', 'shared', 'corpus', 'escu');
export const CONFIGS = ['frontend', 'esdsl', 'kql', 'sigma', 'js', 'all'];
const REFERENCE = { cold: 7600, steady: 15000 };

async function worker(opts) {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  const [load, lower, macrosMod, registry, convert] = await Promise.all([
    dist('load/index.js'),
    dist('ir/lower/index.js'),
    dist('macros/index.js'),
    dist('targets/registry.js'),
    dist('targets/convert.js'),
  ]);
  const tImported = performance.now();
  const table = await macrosMod.loadMacros(join(CORPUS_DIR, 'macros'));
  if (!table.ok) throw new Error(`macros: ${JSON.stringify(table.diagnostics.slice(0, 3))}`);
  const macros = table.value;
  const tMacros = performance.now();
  const targets = opts.to === 'all' ? registry.TARGETS : opts.to === 'frontend' ? [] : registry.TARGETS.filter((t) => t.name === opts.to);
  if (opts.to !== 'frontend' && targets.length === 0) throw new Error(`unknown target ${opts.to}`);
  const profiles = new convert.ProfileCache(convert.parseProfileChoice([]));
  const files = await load.listRuleFiles([join(CORPUS_DIR, 'detections')]);

  const fidelity = {};
  let internalErrors = 0;
  let outBytes = 0;
  const phase = { load: 0, frontend: 0 };
  for (const t of targets) phase[t.name] = 0;
  const doRule = (doc, timed, count) => {
    let t = timed ? performance.now() : 0;
    const { rule } = lower.runFrontend(doc, { macros });
    if (timed) {
      const n = performance.now();
      phase.frontend += n - t;
      t = n;
    }
    for (const tg of targets) {
      const c = convert.convertWith(tg, rule, profiles.for(tg), false);
      if (c.ok && c.value.output !== null) {
        const text = tg.serialize(c.value.output);
        if (count) outBytes += text.length;
      }
      if (count) {
        const k = `${tg.name}:${c.ok ? c.value.fidelity : 'failed'}`;
        fidelity[k] = (fidelity[k] ?? 0) + 1;
        if (c.ok && c.value.notes.some((n) => n.level === 'error' && /internal error/.test(n.message))) internalErrors++;
      }
      if (timed) {
        const n = performance.now();
        phase[tg.name] += n - t;
        t = n;
      }
    }
  };

  // ── cold: the first pass, as the CLI does it (read each file, load, frontend, convert, serialize)
  const coldLat = [];
  let searches = 0;
  let loadFailures = 0;
  for (const f of files) {
    const s = performance.now();
    const r = await load.loadRuleFile(f);
    if (!r.ok) {
      loadFailures++;
      continue;
    }
    for (const doc of r.value) {
      doRule(doc, false, true);
      searches++;
    }
    coldLat.push(performance.now() - s);
  }
  const tCold = performance.now();
  // CPU time of the whole process (bootstrap included, every thread: JIT and GC helpers too) up to the end of the
  // first pass: less sensitive than wall time to other processes on a shared machine.
  const cpu = process.cpuUsage();
  const coldCpuMs = (cpu.user + cpu.system) / 1000;
  if (opts.coldOnly) return { to: opts.to, searches, coldTotalMs: tCold - T_SCRIPT, coldCpuMs };

  // ── steady: rule texts in memory, repeated passes
  const texts = files.map((f) => [f, readFileSync(f, 'utf8')]);
  const pass = (lat, timed) => {
    let n = 0;
    for (const [f, text] of texts) {
      const s = performance.now();
      const r = load.loadRuleText(f, text);
      if (timed) phase.load += performance.now() - s;
      if (!r.ok) {
        if (lat) lat.push(performance.now() - s);
        continue;
      }
      for (const doc of r.value) {
        doRule(doc, timed, false);
        n++;
      }
      if (lat) lat.push(performance.now() - s);
    }
    return n;
  };
  pass(null, false);
  pass(null, false);
  for (const k of Object.keys(phase)) phase[k] = 0;
  const steadyLat = [];
  const passRates = [];
  const until = performance.now() + opts.seconds * 1000;
  while (passRates.length < 3 || performance.now() < until) {
    const s = performance.now();
    const n = pass(steadyLat, true);
    passRates.push(n / ((performance.now() - s) / 1000));
  }
  const timedMs = Object.values(phase).reduce((a, b) => a + b, 0);
  // The slowest rules in the steady state (median over the passes): where the p99 comes from.
  const perFile = texts.map(() => []);
  steadyLat.forEach((ms, i) => perFile[i % texts.length].push(ms));
  const slowest = perFile
    .map((xs, i) => [texts[i][0].replace(`${join(CORPUS_DIR, 'detections')}/`, ''), median(xs)])
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5);
  return {
    to: opts.to,
    files: files.length,
    searches,
    loadFailures,
    internalErrors,
    fidelity,
    outBytes,
    bootstrapMs: T_SCRIPT,
    importMs: tImported - T_SCRIPT,
    macrosMs: tMacros - tImported,
    coldPassMs: tCold - tMacros,
    coldTotalMs: tCold - T_SCRIPT,
    coldRate: searches / ((tCold - T_SCRIPT) / 1000),
    coldCpuMs,
    coldRateFromProcessStart: searches / (tCold / 1000),
    coldP50: quantile(coldLat, 0.5),
    coldP99: quantile(coldLat, 0.99),
    steadyPasses: passRates.length,
    steadyRate: median(passRates),
    steadyRateMin: Math.min(...passRates),
    steadyRateMax: Math.max(...passRates),
    steadyP50: quantile(steadyLat, 0.5),
    steadyP99: quantile(steadyLat, 0.99),
    slowest,
    phaseShare: Object.fromEntries(Object.entries(phase).map(([k, v]) => [k, v / timedMs])),
  };
}

/** Every configuration `repeat` times in fresh processes (round-robin, so background load spreads evenly). */
export async function runTranspile({ repeat = 3, repeatAll = 5, seconds = 2, log = console.error } = {}) {
  const runs = Object.fromEntries(CONFIGS.map((c) => [c, []]));
  for (let i = 0; i < Math.max(repeat, repeatAll); i++) {
    for (const to of CONFIGS) {
      if (i >= (to === 'all' ? repeatAll : repeat)) continue;
      const r = await runNode([join('bench', 'transpile.mjs'), '--worker', '--to', to, '--seconds', String(seconds)]);
      if (r.code !== 0) throw new Error(`transpile worker ${to} failed (${r.code}):\n${r.stderr.slice(-3000)}`);
      const res = lastJson(r.stdout);
      res.processMs = r.ms;
      runs[to].push(res);
      log(`  transpile ${to} #${i + 1}: cold ${fmtNum(res.coldRate)}/s, steady ${fmtNum(res.steadyRate)}/s (load ${loadavg()})`);
    }
  }
  return summarize(runs);
}

function summarize(runs) {
  const rows = CONFIGS.map((to) => {
    const rs = runs[to];
    const pick = (k) => rs.map((r) => r[k]);
    return {
      to,
      searches: rs[0].searches,
      files: rs[0].files,
      loadFailures: rs[0].loadFailures,
      internalErrors: rs[0].internalErrors,
      fidelity: rs[0].fidelity,
      coldRate: pick('coldRate'),
      coldRateFromProcessStart: pick('coldRateFromProcessStart'),
      coldTotalMs: pick('coldTotalMs'),
      importMs: pick('importMs'),
      macrosMs: pick('macrosMs'),
      coldPassMs: pick('coldPassMs'),
      bootstrapMs: pick('bootstrapMs'),
      coldP50: pick('coldP50'),
      coldP99: pick('coldP99'),
      steadyRate: pick('steadyRate'),
      steadyP50: pick('steadyP50'),
      steadyP99: pick('steadyP99'),
      phaseShare: rs[rs.length - 1].phaseShare,
      slowest: rs[rs.length - 1].slowest,
    };
  });
  const all = rows.find((r) => r.to === 'all');
  const coldAll = median(all.coldRate);
  const steadyAll = median(all.steadyRate);
  return {
    rows,
    goals: [
      {
        goal: `1. Transpile: all four targets, first pass ≥ ${REFERENCE.cold.toLocaleString('en-US')} searches/s`,
        measured: `${fmtNum(coldAll)}/s`,
        met: coldAll >= REFERENCE.cold,
        gap: coldAll >= REFERENCE.cold ? `${fmtNum(coldAll / REFERENCE.cold)}× the reference` : `${fmtNum(REFERENCE.cold / coldAll)}× too slow`,
      },
      {
        goal: `(reference, not a goal) all four targets steady vs ${REFERENCE.steady.toLocaleString('en-US')}/s`,
        measured: `${fmtNum(steadyAll)}/s`,
        met: steadyAll >= REFERENCE.steady ? 'at or above' : 'below',
        gap: `${fmtNum(steadyAll / REFERENCE.steady)}× the reference's steady rate`,
      },
    ],
  };
}

export function transpileTable(s) {
  const lines = [
    '| target | searches | first pass searches/s | first pass ms (import + macros + pass) | first pass p50 / p99 per rule | steady searches/s | steady p50 / p99 per rule |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of s.rows) {
    const parts = `${fmtNum(median(r.importMs))} + ${fmtNum(median(r.macrosMs))} + ${fmtNum(median(r.coldPassMs))}`;
    lines.push(
      `| ${r.to === 'frontend' ? 'frontend only (load + expand + parse + lower)' : r.to === 'all' ? '**all four**' : r.to} | ${r.searches} | ${spread(r.coldRate)} | ${fmtNum(median(r.coldTotalMs))} (${parts}) | ${fmtUs(median(r.coldP50) * 1000)} / ${fmtUs(median(r.coldP99) * 1000)} | ${spread(r.steadyRate)} | ${fmtUs(median(r.steadyP50) * 1000)} / ${fmtUs(median(r.steadyP99) * 1000)} |`,
    );
  }
  const all = s.rows.find((r) => r.to === 'all');
  const share = Object.entries(all.phaseShare).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ');
  lines.push('', `Steady-state time split for \`all\` (share of per-rule time): ${share}.`);
  lines.push(`Slowest rules (all four, steady, median per rule): ${all.slowest.map(([f, ms]) => `\`${f}\` ${fmtNum(ms)} ms`).join(', ')}.`);
  lines.push(`Node bootstrap before the script (not in the figures above): ${fmtNum(median(all.bootstrapMs))} ms; counted from process start, all four first pass = ${spread(all.coldRateFromProcessStart)} searches/s.`);
  return lines.join('\n');
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const a = args();
  if (a.worker) {
    const res = await worker({ to: a.to ?? 'all', seconds: Number(a.seconds ?? 2), coldOnly: Boolean(a['cold-only']) });
    process.stdout.write(JSON.stringify(res) + '\n');
  } else {
    const s = await runTranspile({ repeat: Number(a.repeat ?? 3), repeatAll: Number(a['repeat-all'] ?? 5), seconds: Number(a.seconds ?? 2) });
    console.log(transpileTable(s));
    for (const g of s.goals) console.log(`- ${g.goal}: ${g.measured} → ${g.met === true ? 'met' : g.met === false ? 'NOT met' : g.met} (${g.gap})`);
  }
}
