// Item 2 — the JS matcher on 1,000,000 synthetic Windows events (bench/gen-events.mjs) with the seed rule
// examples/psexec_service_creation.yml, all in one process:
//
//   floor     JSON.parse of every line alone (the line decoded from the file bytes, result dropped)
//   filter    parse + filter(event) on every line
//   stream    parse + runner().push(event) on every line, then end(): the whole pipeline as `spl2x run` runs it
//             (the ≤ 1.25× goal: only matching events are kept)
//   run       (information) parse every line into an array + run(events) on the array: holding every parsed event
//             costs more than parsing them (the old generation fills up), whatever run() does
//   run-m     (information) parse + filter, then run() on the matched events only
//   filter-p  filter(event) on events already parsed (the ≥ 2,000,000 events/s goal)
//
// The file is read into one Buffer first (disk I/O is not timed). Each round runs every measurement once, after a
// full GC; rounds are repeated (--rounds, default 3) and the spread reported.
//
//   node bench/matcher.mjs [--count 1000000] [--rounds 3]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureEvents } from './gen-events.mjs';
import { args, fmtNum, lastJson, loadavg, median, ROOT, runNode, spread } from './lib.mjs';

export const SEED_RULE = join(ROOT, 'examples', 'psexec_service_creation.yml');
const NOW = 1_800_000_000; // fixed "now" for run(): relative time functions give the same result every run

/** The seed rule as a JS matcher module (text), through the compiled dist/ modules. */
export async function seedModuleText(rulePath = SEED_RULE) {
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
  const [load, lower, registry, convert] = await Promise.all([dist('load/index.js'), dist('ir/lower/index.js'), dist('targets/registry.js'), dist('targets/convert.js')]);
  const r = await load.loadRuleFile(rulePath);
  if (!r.ok) throw new Error(`cannot load ${rulePath}`);
  const js = registry.TARGETS.find((t) => t.name === 'js');
  const { rule } = lower.runFrontend(r.value[0]);
  const c = convert.convertWith(js, rule, new convert.ProfileCache(convert.parseProfileChoice([])).for(js), false);
  if (!c.ok || c.value.output === null) throw new Error('the seed rule did not convert to js');
  return c.value.output;
}

/** Call fn(line) for each non-empty line of an NDJSON buffer. */
function forEachLine(buf, fn) {
  let s = 0;
  const n = buf.length;
  while (s < n) {
    let e = buf.indexOf(10, s);
    if (e < 0) e = n;
    if (e > s) fn(buf.toString('utf8', s, e));
    s = e + 1;
  }
}

async function worker({ count, rounds }) {
  const meta = await ensureEvents({ count });
  const buf = readFileSync(meta.file);
  const { loadModule } = await import(pathToFileURL(join(ROOT, 'dist', 'targets', 'js', 'run.js')).href);
  const mod = await loadModule(await seedModuleText());
  const gc = globalThis.gc ?? (() => {});
  // A full GC before each measurement, then a pause: V8 sweeps the collected pages concurrently after the GC, and
  // on a 2-core machine that sweeping would otherwise run during (and be counted in) the measurement that follows.
  const settle = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 300));
  };
  const timed = async (fn) => {
    await settle();
    const s = performance.now();
    const out = fn();
    return { ms: performance.now() - s, out };
  };
  const res = { floor: [], filter: [], stream: [], run: [], runParse: [], runPipeline: [], runMatched: [], filterParsed: [] };
  let check;
  for (let round = 0; round < rounds; round++) {
    // floor: parse alone
    res.floor.push(
      (await timed(() => {
        let n = 0;
        forEachLine(buf, (l) => {
          JSON.parse(l);
          n++;
        });
        return n;
      })).ms,
    );
    // parse + filter
    const f = await timed(() => {
      let m = 0;
      forEachLine(buf, (l) => {
        if (mod.filter(JSON.parse(l))) m++;
      });
      return m;
    });
    res.filter.push(f.ms);
    // parse + runner: the whole pipeline fed line by line (what `spl2x run` does)
    const st = await timed(() => {
      const r = mod.runner({ now: NOW });
      forEachLine(buf, (l) => r.push(JSON.parse(l)));
      return r.end().length;
    });
    res.stream.push(st.ms);
    // parse + filter, then run() on the matches (information: a streaming run's cost)
    const rm = await timed(() => {
      const kept = [];
      forEachLine(buf, (l) => {
        const e = JSON.parse(l);
        if (mod.filter(e)) kept.push(e);
      });
      return mod.run(kept, { now: NOW }).length;
    });
    res.runMatched.push(rm.ms);
    // parse into an array + run() (information: the whole pipeline on an array of every event)
    let events = [];
    await settle();
    const s0 = performance.now();
    forEachLine(buf, (l) => events.push(JSON.parse(l)));
    const s1 = performance.now();
    const rows = mod.run(events, { now: NOW });
    const s2 = performance.now();
    res.run.push(s2 - s0);
    res.runParse.push(s1 - s0);
    res.runPipeline.push(s2 - s1);
    // filter on parsed events
    const fp = await timed(() => {
      let m = 0;
      for (let i = 0; i < events.length; i++) if (mod.filter(events[i])) m++;
      return m;
    });
    res.filterParsed.push(fp.ms);
    check = { events: events.length, matchesFilter: f.out, matchesParsed: fp.out, rows: rows.length, rowsMatched: rm.out, rowsStream: st.out, expectedMatches: meta.matches };
    events = null;
    console.error(`  matcher round ${round + 1}: floor ${fmtNum(res.floor.at(-1))} ms, filter ${fmtNum(f.ms)} ms, stream ${fmtNum(st.ms)} ms, run ${fmtNum(s2 - s0)} ms, filter on parsed ${fmtNum(fp.ms)} ms (load ${loadavg()})`);
  }
  if (check.matchesFilter !== meta.matches || check.matchesParsed !== meta.matches) throw new Error(`filter found ${check.matchesFilter}/${check.matchesParsed} matches, the generator planted ${meta.matches}`);
  if (check.rowsStream !== check.rows || check.rowsMatched !== check.rows) throw new Error(`runner gave ${check.rowsStream} rows, run() on the matches ${check.rowsMatched}, run() on every event ${check.rows}`);
  return { meta, check, res, heapLimitMB: (await import('node:v8')).getHeapStatistics().heap_size_limit / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

/** Run the worker in a fresh process (large heap: run() keeps every event and a row copy of each). */
export async function runMatcher({ count = 1_000_000, rounds = 3, log = console.error } = {}) {
  await ensureEvents({ count, log }); // generate outside the timed worker
  const r = await runNode(['--expose-gc', '--max-old-space-size=16384', join('bench', 'matcher.mjs'), '--worker', '--count', String(count), '--rounds', String(rounds)]);
  if (r.code !== 0) throw new Error(`matcher worker failed (${r.code}):\n${r.stderr.slice(-3000)}`);
  log(r.stderr.trimEnd());
  return summarize(lastJson(r.stdout));
}

function summarize(w) {
  const n = w.check.events;
  const rate = (ms) => ms.map((x) => n / (x / 1000));
  const floor = median(w.res.floor);
  const ratio = (xs) => xs.map((x, i) => x / w.res.floor[i]);
  const filterRate = median(rate(w.res.filterParsed));
  const runRatio = median(ratio(w.res.stream));
  const arrayRatio = median(ratio(w.res.run));
  return {
    ...w,
    rows: [
      { what: '`JSON.parse` of every line (floor)', ms: w.res.floor, rate: rate(w.res.floor), ratio: ratio(w.res.floor) },
      { what: 'parse + `filter(event)`', ms: w.res.filter, rate: rate(w.res.filter), ratio: ratio(w.res.filter) },
      { what: 'parse + `runner().push(event)`, then `end()` (whole seed pipeline, as `spl2x run` runs it)', ms: w.res.stream, rate: rate(w.res.stream), ratio: ratio(w.res.stream) },
      { what: '(information) parse into an array + `run(events)` (whole seed pipeline on an array of every event)', ms: w.res.run, rate: rate(w.res.run), ratio: ratio(w.res.run) },
      { what: '… of which parse into the array', ms: w.res.runParse, rate: rate(w.res.runParse), ratio: ratio(w.res.runParse) },
      { what: '… of which `run(events)`', ms: w.res.runPipeline, rate: rate(w.res.runPipeline), ratio: ratio(w.res.runPipeline) },
      { what: '(information) parse + `filter`, then `run()` on the matches only', ms: w.res.runMatched, rate: rate(w.res.runMatched), ratio: ratio(w.res.runMatched) },
      { what: '`filter(event)` on already-parsed events', ms: w.res.filterParsed, rate: rate(w.res.filterParsed), ratio: null },
    ],
    goals: [
      {
        goal: '2a. Matcher: seed filter ≥ 2,000,000 events/s on parsed events',
        measured: `${fmtNum(filterRate)} events/s`,
        met: filterRate >= 2e6,
        gap: filterRate >= 2e6 ? `${fmtNum(filterRate / 2e6)}× the goal` : `${fmtNum(2e6 / filterRate)}× too slow`,
      },
      {
        goal: '2b. Matcher: parse + whole pipeline ≤ 1.25× parse alone',
        measured: `${fmtNum(runRatio)}× streamed (floor ${fmtNum(floor)} ms); on an array of every event ${fmtNum(arrayRatio)}×`,
        met: runRatio <= 1.25,
        gap: runRatio <= 1.25 ? 'within' : `${fmtNum(runRatio / 1.25)}× over the bound (pipeline adds ${fmtNum((runRatio - 1) * 100)}% to parsing, goal ≤ 25%)`,
      },
    ],
  };
}

export function matcherTable(s) {
  const m = s.meta;
  const lines = [
    `${m.count.toLocaleString('en-US')} events, ${fmtNum(m.bytes / 2 ** 20)} MB (${fmtNum(m.bytes / m.count)} bytes/event), ${m.matches.toLocaleString('en-US')} planted matches (${((m.matches / m.count) * 100).toFixed(2)}%); seed ${m.seed}. Checked: filter found ${s.check.matchesFilter.toLocaleString('en-US')} matches, run() and the runner gave ${s.check.rows.toLocaleString('en-US')} rows. Peak RSS of the process ${fmtNum(s.maxRssMB)} MB (heap limit ${fmtNum(s.heapLimitMB)} MB).`,
    '',
    '| measurement | ms | events/s | × floor |',
    '|---|---:|---:|---:|',
  ];
  for (const r of s.rows) lines.push(`| ${r.what} | ${spread(r.ms)} | ${spread(r.rate)} | ${r.ratio ? spread(r.ratio) : '—'} |`);
  return lines.join('\n');
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const a = args();
  const count = Number(a.count ?? 1_000_000);
  const rounds = Number(a.rounds ?? 3);
  if (a.worker) process.stdout.write(JSON.stringify(await worker({ count, rounds })) + '\n');
  else {
    const s = await runMatcher({ count, rounds });
    console.log(matcherTable(s));
    for (const g of s.goals) console.log(`- ${g.goal}: ${g.measured} → ${g.met ? 'met' : 'NOT met'} (${g.gap})`);
  }
}
