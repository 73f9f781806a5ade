import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import type { Argv } from 'yargs';
import { enableV8RegexFallback } from '../../regex/safety-v8.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseProfileChoice, ProfileCache } from '../../targets/convert.js';
import { parseEvents } from '../../targets/js/run.js';
import { TARGET_NAMES, target as targetByName } from '../../targets/registry.js';
import type { TargetName } from '../../targets/types.js';
import { eventFile } from '../../verify/documents.js';
import { defaultEsUrl, ES_START_HINT, esClient, localEsUrl } from '../../verify/elasticsearch.js';
import {
  describeFailure, failing, mismatchCount, ParitySession, unexplained, verifyRules, type Check, type IndexReport, type RuleInput, type RuleParity, type TargetParity,
} from '../../verify/parity.js';
import { pysigmaPaths, SETUP_HINT } from '../../verify/pysigma.js';
import { writeAtomic } from '../atomic.js';
import { MACRO_OPTIONS, frontendAll, macroTable, printDiagnostics, semanticsFrom, toJson } from '../rules.js';
import { render } from '../templates.js';

export interface VerifyArgs {
  rules: string[];
  events: string;
  targets?: string[];
  'es-url'?: string;
  profile?: string[];
  macros?: string;
  'assumed-macros'?: boolean;
  junit?: string;
  format: 'text' | 'json';
  verbose: boolean;
  semantics?: string[];
}

export const verifyCommand = {
  command: 'verify <rules..>',
  describe: 'Check each target on its real engine (Elasticsearch, pySigma) against the JS matcher over NDJSON events: a parity table, JUnit XML',
  builder: (y: Argv) =>
    y
      .positional('rules', { type: 'string', array: true, describe: 'rule files or directories' })
      .option('events', { type: 'string', demandOption: true, describe: 'NDJSON events file: flat objects with the SPL field names (an `id` field names them in reports)' })
      .option('targets', { type: 'string', array: true, describe: `targets, comma-separated or repeated: ${TARGET_NAMES.join(', ')} (default: all)` })
      .option('es-url', { type: 'string', describe: `Elasticsearch URL (default: ES_URL, else ${localEsUrl()}, the node of \`npm run es:start\`)` })
      .option('profile', { type: 'string', array: true, describe: 'field profile for every target, or TARGET=PROFILE for one (default: esdsl/kql ecs, sigma sigma); the reference always reads the SPL names' })
      .options(MACRO_OPTIONS)
      .option('junit', { type: 'string', describe: 'write JUnit XML here: one testsuite per rule, one testcase per target' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: the parity table and the differences; json: every check' }),
};

/**
 * junit-report-builder is CommonJS (`module.exports = builder`); its types describe an ES module whose default export
 * is the builder, which under NodeNext reads as `.default`. At run time the default import IS the builder.
 */
const junit = junitModule as unknown as Builder;

const ENGINE_TARGETS: readonly TargetName[] = ['esdsl', 'kql', 'sigma'];

/**
 * Run `verify`. Exit codes: 0 every check holds (or differs for an explained reason); 1 a mismatch, or an engine
 * refusing a target's output; 2 the check could not run: bad input (rules, events, targets, profiles, semantics)
 * or a missing engine (the message names it and how to get it).
 */
export async function runVerify(args: VerifyArgs, out: (s: string) => void): Promise<number> {
  enableV8RegexFallback(); // ReDoS: V8's linear-time fallback, before any regex of the run is compiled (docs/security.md)
  const err = (s: string) => process.stderr.write(`spl2x verify: ${s}\n`);
  const semantics = semanticsFrom(args.semantics);
  if (!semantics) return 2;

  // Targets
  const names = (args.targets ?? ['all']).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((n) => n !== 'all' && !TARGET_NAMES.includes(n as TargetName));
  if (unknown.length || names.length === 0) {
    err(`unknown target(s): ${unknown.join(', ') || '(none given)'} (known: ${TARGET_NAMES.join(', ')}, all)`);
    return 2;
  }
  const targets: TargetName[] = names.includes('all') ? [...TARGET_NAMES] : TARGET_NAMES.filter((t) => names.includes(t));

  // Profiles
  const choice = parseProfileChoice(args.profile ?? []);
  if (choice.perTarget['js']) err(`--profile js=${choice.perTarget['js']} is not used: the reference (spl2x run) reads the events' SPL names`);
  const profiles = new ProfileCache(choice);
  const profileErrors: Diagnostic[] = [];
  for (const t of targets) {
    if (t === 'js') continue;
    const p = profiles.for(targetByName(t)!);
    if (!p.ok) profileErrors.push(...p.diagnostics);
  }
  if (profileErrors.length) {
    printDiagnostics(profileErrors, true);
    return 2;
  }

  // Events
  let text: string;
  try {
    text = await readFile(args.events, 'utf8');
  } catch (e) {
    err(`cannot read events ${args.events}: ${(e as Error).message}`);
    return 2;
  }
  const parsed = parseEvents(text, args.events);
  printDiagnostics(parsed.diagnostics, true);
  if (hasErrors(parsed.diagnostics)) return 2;
  if (parsed.events.length === 0) {
    err(`${args.events} has no events`);
    return 2;
  }
  const file = eventFile(basename(args.events), parsed.events as Record<string, unknown>[]);

  // Rules: every one must load, or nothing is verified.
  const errors: Diagnostic[] = [];
  const table = await macroTable(args.macros, errors, args['assumed-macros']);
  printDiagnostics(errors, args.verbose);
  if (hasErrors(errors)) return 2;
  const inputs: RuleInput[] = [];
  let bad = false;
  const perFile = new Map<string, number>();
  for await (const r of frontendAll(args.rules, table, semantics)) {
    if (!r.ok) {
      printDiagnostics(r.diagnostics, true);
      bad = true;
      continue;
    }
    const ds = r.frontend.rule.diagnostics;
    printDiagnostics(ds, args.verbose);
    if (hasErrors(ds)) {
      bad = true;
      continue;
    }
    const n = (perFile.get(r.file) ?? 0) + 1;
    perFile.set(r.file, n);
    const name = basename(r.file).replace(/\.(ya?ml|spl|txt)$/i, '') + (n > 1 ? `#${n}` : '');
    inputs.push({ name, rule: r.frontend.rule, events: { files: [file] } });
  }
  if (bad) {
    err('a rule could not be loaded (see above): nothing verified');
    return 2;
  }
  if (inputs.length === 0) {
    err(`no rules found in ${args.rules.join(', ')}`);
    return 2;
  }

  // Engines: say exactly what is missing, all at once.
  const url = args['es-url'] || defaultEsUrl();
  const client = esClient(url);
  const session = new ParitySession(client);
  const missing: string[] = [];
  let esMissing = false;
  let sigmaMissing = false;
  const needsEs = targets.filter((t) => ENGINE_TARGETS.includes(t));
  let esLine = '';
  if (needsEs.length) {
    const info = await session.engine();
    if (info.ok) esLine = `Elasticsearch ${info.value.version} at ${info.value.url} (${info.value.status})`;
    else {
      esMissing = true;
      missing.push(`Elasticsearch (for ${needsEs.join(', ')}): ${info.error}${info.error.includes('npm run es:start') ? '' : `; ${ES_START_HINT}`}; or pass --es-url URL`);
    }
  }
  let sigmaLine = '';
  if (targets.includes('sigma')) {
    const { python } = pysigmaPaths();
    if (existsSync(python)) sigmaLine = `pySigma oracle (${python})`;
    else {
      sigmaMissing = true;
      missing.push(`pySigma (for sigma): ${python} is missing; ${SETUP_HINT}`);
    }
  }
  if (missing.length) {
    const left = targets.filter((t) => !(esMissing && ENGINE_TARGETS.includes(t)) && !(sigmaMissing && t === 'sigma'));
    err(`cannot verify: an engine is missing\n  - ${missing.join('\n  - ')}\n(or leave those targets out: --targets ${left.join(',') || 'js'})`);
    await client.close().catch(() => undefined);
    return 2;
  }

  // Verify
  let results: RuleParity[];
  let indices: IndexReport[] = [];
  try {
    results = await verifyRules(session, inputs, { targets, profiles });
    indices = await session.indexReports();
  } finally {
    await session.close();
    await client.close().catch(() => undefined);
  }
  const anyFailing = results.some((r) => r.targets.some((t) => failing(t.status)));

  const engines = [esLine, sigmaLine].filter(Boolean);
  if (args.format === 'json') out(toJson({ ...jsonReport(results, engines, file.name, parsed.events.length, targets), indices }));
  else out(render('verify.txt', { ...textView(results, engines, file.name, parsed.events.length, args.junit), indexNotes: indexNotes(indices) }));
  if (args.junit) {
    try {
      await writeAtomic(args.junit, junitXml(results));
    } catch (e) {
      err(`cannot write ${args.junit}: ${(e as Error).message}`);
      return 2;
    }
  }
  return anyFailing ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

const STATUS_TEXT: Record<TargetParity['status'], string> = {
  held: 'held',
  profile: 'held (profile)',
  'oracle-limit': 'held (oracle limit)',
  mismatch: 'MISMATCH',
  error: 'ERROR',
  unsupported: 'unsupported',
  reference: 'reference',
};

function checkCell(c: Check): string {
  const label = c.label.replace(/^pySigma /, '').replace(/^expectation: /, 'expected ');
  if (c.error !== undefined) return `${label}: error`;
  if (c.skipped !== undefined) return `${label}: not run`;
  const cmp = c.comparison!;
  const more = cmp.extra.length && c.verdict !== 'exact' && cmp.missing.length === 0 ? ` (+${cmp.extra.length})` : '';
  const flag = cmp.ok ? '' : c.explained ? ` (${c.explained.kind})` : ' ✗';
  return `${label} ${c.reference}→${c.actual}${more}${flag}`;
}

function matchesCell(r: RuleParity, t: TargetParity): string {
  if (t.status === 'reference') return `filter ${r.reference.filterMatches.length}, rows ${r.reference.rows.length}`;
  if (t.status === 'unsupported') return '—';
  return t.checks.map(checkCell).join('; ');
}

function textView(results: readonly RuleParity[], engines: readonly string[], events: string, count: number, junitFile?: string) {
  const header = ['rule', 'target', 'verdict', 'status', 'matches (reference→target)', 'mismatches'];
  const rows = results.flatMap((r) => r.targets.map((t) => [r.name, t.target, t.fidelity, STATUS_TEXT[t.status], matchesCell(r, t), String(mismatchCount(t))]));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const details: string[] = [];
  const explained: string[] = [];
  for (const r of results) {
    for (const t of r.targets) {
      for (const c of t.checks) {
        if (c.error !== undefined || unexplained(c)) details.push(describeFailure(r, t, c));
        else if (c.explained) explained.push(`${r.name} × ${t.target}, ${c.label}: ${c.explained.why}`);
        else if (c.skipped !== undefined) explained.push(`${r.name} × ${t.target}, ${c.label} not run: ${c.skipped}`);
      }
    }
  }
  const all = results.flatMap((r) => r.targets);
  const count_ = (pred: (t: TargetParity) => boolean) => all.filter(pred).length;
  return {
    rules: results.length,
    targets: all.length,
    events,
    count,
    engines,
    header: line(header),
    rule: widths.map((w) => '-'.repeat(w)).join('  '),
    rows: rows.map(line),
    details,
    explained,
    held: count_((t) => t.status === 'held' || t.status === 'reference'),
    explainedCount: count_((t) => t.status === 'profile' || t.status === 'oracle-limit'),
    failed: count_((t) => failing(t.status)),
    unsupported: count_((t) => t.status === 'unsupported'),
    junit: junitFile,
  };
}

/** What the indices could not take as given (one line each, deduplicated across schemas). */
function indexNotes(indices: readonly IndexReport[]): string[] {
  const notes = new Set<string>();
  for (const r of indices) {
    if (r.dropped.length) notes.add(`${r.file}: fields left out of the documents: ${r.dropped.join('; ')}`);
    if (r.untimed.length) notes.add(`${r.file}: ${r.untimed.length} event(s) with a _time that does not parse (no time field): ${r.untimed.slice(0, 5).join(', ')}`);
    for (const [f, n] of Object.entries(r.ignored)) notes.add(`${r.file}: ${n} document(s) with a value of ${f} its type cannot hold (not indexed)`);
  }
  return [...notes];
}

function plainCheck(c: Check) {
  const { documents: _documents, ...rest } = c;
  return rest;
}

function jsonReport(results: readonly RuleParity[], engines: readonly string[], events: string, count: number, targets: readonly TargetName[]) {
  return {
    events: { file: events, count },
    engines,
    targets,
    results: results.map((r) => ({
      rule: { name: r.name, file: r.file, id: r.id, title: r.title },
      reference: r.reference,
      targets: r.targets.map((t) => ({
        target: t.target,
        profile: t.profile,
        fidelity: t.fidelity,
        status: t.status,
        mismatches: mismatchCount(t),
        checks: t.checks.map(plainCheck),
        notes: t.notes,
        output: t.output,
      })),
    })),
    summary: {
      failed: results.reduce((n, r) => n + r.targets.filter((t) => failing(t.status)).length, 0),
      statuses: results.flatMap((r) => r.targets).reduce<Record<string, number>>((m, t) => ((m[t.status] = (m[t.status] ?? 0) + 1), m), {}),
    },
  };
}

/** JUnit XML (junit-report-builder): one testsuite per rule, one testcase per target. */
function junitXml(results: readonly RuleParity[]): string {
  const builder = junit.newBuilder().name('spl2x verify');
  for (const r of results) {
    const suite = builder.testSuite().name(r.name).property('file', r.file).property('rule.id', r.id ?? '').property('rule.title', r.title ?? '');
    for (const t of r.targets) {
      const tc = suite
        .testCase()
        .className(`spl2x.verify.${r.name}`)
        .name(t.target)
        .property('verdict', t.fidelity)
        .property('profile', t.profile)
        .property('status', t.status);
      for (const c of t.checks) tc.property(`check.${c.label}`, c.error !== undefined ? `error: ${c.error}` : c.skipped ?? c.comparison?.summary ?? '');
      const failures = t.checks.filter((c) => c.error !== undefined || unexplained(c));
      if (t.status === 'unsupported') tc.skipped();
      else if (t.status === 'error') {
        const c = failures.find((x) => x.error !== undefined)!;
        tc.error(c.error!, 'error').stacktrace(failures.map((x) => describeFailure(r, t, x)).join('\n\n'));
      } else if (failures.length) {
        tc.failure(failures.map((c) => `${c.label}: ${c.comparison!.summary}`).join(' | '), 'mismatch').stacktrace(failures.map((x) => describeFailure(r, t, x)).join('\n\n'));
      } else {
        const notes = t.checks.filter((c) => c.explained || c.skipped).map((c) => `${c.label}: ${c.explained ? `${c.explained.kind}: ${c.explained.why}` : `not run: ${c.skipped}`}`);
        if (notes.length) tc.standardOutput(notes.join('\n'));
      }
    }
  }
  return builder.build();
}
