/**
 * pySigma as an oracle for the Sigma target: runs `test/oracles/pysigma/oracle.py` with the pinned Python
 * environment `.venv/` (created by `npm run oracles:setup`) and returns what pySigma says about each Sigma text:
 * whether it loads, what its validators find, the Lucene query its Elasticsearch backend writes, what it does with
 * correlations, and which events a matcher built on pySigma's condition tree selects (pySigma itself has no event
 * matcher; see the oracle's `matcher.semantics`).
 *
 * Never throws: a missing environment, a crash or unreadable output is an `{ ok: false }` value with a message.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/verify/pysigma.ts, or dist/verify/pysigma.js once built). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export const SETUP_HINT = 'run `npm run oracles:setup` (creates .venv with test/oracles/requirements.txt)';

export type PysigmaEvent = Readonly<Record<string, unknown>>;

export interface PysigmaInput {
  /** Sigma YAML texts, one per converted rule (a text may hold a detection rule and its correlation rule). */
  readonly rules: readonly string[];
  /** Events with Sigma field names; when given, `matches` are computed. */
  readonly events?: readonly PysigmaEvent[];
  /** Convert with pySigma's Lucene backend (default true). */
  readonly backend?: boolean;
  /** The field Sigma keywords are searched in by the matcher (default `_raw`). */
  readonly keywordField?: string;
  /** Run pySigma's validators (default true); without them a large batch converts several times faster. */
  readonly validate?: boolean;
  /** Report pySigma's reading of every detection value (`values`; default false). */
  readonly values?: boolean;
}

/** A value part as pySigma reads it: literal text, `*` (any run) or `?` (one character). */
export type PysigmaPart = { readonly lit: string } | { readonly any: true } | { readonly one: true };

/** How pySigma read one value of a detection item (after its modifiers: `|startswith` adds a trailing `*`). */
export interface PysigmaValue {
  readonly field: string | null;
  /** A string value's parts; null for other types. */
  readonly parts: readonly PysigmaPart[] | null;
  /** A `|re` value's regular expression. */
  readonly re: string | null;
  /** Any other value (a number, a boolean) as pySigma prints it. */
  readonly text: string | null;
  /** pySigma's type name (`SigmaString`, `SigmaCasedString`, `SigmaRegularExpression`, …). */
  readonly type: string;
}

export interface PysigmaFinding {
  readonly validator: string;
  readonly issue: string;
  readonly severity: string;
  readonly description: string;
  /** Rule ids (or titles) the finding is about. */
  readonly rules: readonly string[];
  readonly detail: string;
}

export interface PysigmaCorrelation {
  readonly id: string | null;
  readonly type: string;
  /** What the Lucene backend wrote for the whole text, or why it could not (it has no correlation support). */
  readonly lucene: readonly string[] | null;
  readonly luceneError: string | null;
  /** The ES|QL backend's conversion of the whole text (for information). */
  readonly esql: readonly string[] | null;
  readonly esqlError: string | null;
}

export interface PysigmaRuleResult {
  readonly loaded: boolean;
  /** Load and parse errors (pySigma exceptions, as `Type: message`). */
  readonly errors: readonly string[];
  readonly documents: readonly { readonly kind: 'rule' | 'correlation'; readonly id: string | null; readonly title: string }[];
  readonly validators: { readonly ran: readonly string[]; readonly findings: readonly PysigmaFinding[] };
  /** Lucene queries of the detection rules (each converted on its own); null when not requested or not loaded. */
  readonly lucene: readonly string[] | null;
  /** Detection rules the Lucene backend could not convert (`title: Type: message`). */
  readonly backendErrors: readonly string[];
  readonly correlations: readonly PysigmaCorrelation[];
  /** Indexes into `events` of the events the detection rules match; null when no events or not evaluable. */
  readonly matches: readonly number[] | null;
  readonly matcherErrors: readonly string[];
  /** pySigma's reading of each value, when asked for (`values: true`). */
  readonly values: readonly PysigmaValue[] | null;
}

export interface PysigmaReport {
  readonly versions: Readonly<Record<string, string>>;
  readonly validators: {
    readonly ran: readonly string[];
    /** Validator name → why it is left out. */
    readonly excluded: Readonly<Record<string, string>>;
    readonly notes: Readonly<Record<string, string>>;
  };
  readonly matcher: { readonly name: string; readonly semantics: readonly string[]; readonly multivalueEvents: readonly number[] };
  /** One per input rule text, in order. */
  readonly results: readonly PysigmaRuleResult[];
}

export type PysigmaResult =
  | { readonly ok: true; readonly report: PysigmaReport }
  | { readonly ok: false; readonly reason: 'no-venv' | 'failed'; readonly message: string };

export interface PysigmaOptions {
  /** Repository root (default: this checkout). */
  readonly root?: string;
  /** Milliseconds before the oracle is killed (default 300 000). */
  readonly timeoutMs?: number;
}

/** Paths of the oracle's interpreter and script under `root`. */
export function pysigmaPaths(root: string = REPO_ROOT): { python: string; oracle: string } {
  return { python: join(root, '.venv', 'bin', 'python'), oracle: join(root, 'test', 'oracles', 'pysigma', 'oracle.py') };
}

/** Run pySigma on Sigma texts (and events). */
export async function runPysigma(input: PysigmaInput, opts: PysigmaOptions = {}): Promise<PysigmaResult> {
  const root = opts.root ?? REPO_ROOT;
  const { python, oracle } = pysigmaPaths(root);
  if (!existsSync(python)) return { ok: false, reason: 'no-venv', message: `pySigma oracle unavailable: ${python} is missing; ${SETUP_HINT}` };
  if (!existsSync(oracle)) return { ok: false, reason: 'failed', message: `pySigma oracle script missing: ${oracle}` };

  const request = JSON.stringify({
    rules: input.rules,
    ...(input.events ? { events: input.events } : {}),
    backend: input.backend ?? true,
    keyword_field: input.keywordField ?? '_raw',
    validate: input.validate ?? true,
    values: input.values ?? false,
  });
  const run = await spawnCollect(python, [oracle], request, root, opts.timeoutMs ?? 300_000);
  if ('error' in run) return { ok: false, reason: 'failed', message: `pySigma oracle did not run: ${run.error}; ${SETUP_HINT}` };
  if (run.code !== 0) {
    const tail = run.stderr.trim().split('\n').slice(-20).join('\n');
    const hint = /ModuleNotFoundError|No module named/.test(run.stderr) ? `; ${SETUP_HINT}` : '';
    return { ok: false, reason: 'failed', message: `pySigma oracle exited with ${run.code}${hint}\n${tail}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(run.stdout);
  } catch (e) {
    return { ok: false, reason: 'failed', message: `pySigma oracle wrote no JSON: ${(e as Error).message}\n${run.stdout.slice(0, 500)}` };
  }
  const report = toReport(raw);
  if (typeof report === 'string') return { ok: false, reason: 'failed', message: `pySigma oracle output: ${report}` };
  if (report.results.length !== input.rules.length)
    return { ok: false, reason: 'failed', message: `pySigma oracle returned ${report.results.length} results for ${input.rules.length} rules` };
  return { ok: true, report };
}

type Spawned = { code: number | null; stdout: string; stderr: string } | { error: string };

function spawnCollect(cmd: string, args: string[], stdin: string, cwd: string, timeoutMs: number): Promise<Spawned> {
  return new Promise((done) => {
    let child;
    try {
      child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      done({ error: (e as Error).message });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (r: Spawned) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish({ error: e.message }));
    child.on('close', (code) => finish({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined); // the oracle may exit before reading everything; 'close' reports it
    child.stdin.end(stdin);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle's JSON (snake_case) → the types above

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strsOrNull = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const record = (v: unknown): Record<string, string> => (isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {});

function toReport(raw: unknown): PysigmaReport | string {
  if (!isObj(raw) || !Array.isArray(raw['results'])) return 'expected an object with `results`';
  const validators = isObj(raw['validators']) ? raw['validators'] : {};
  const matcher = isObj(raw['matcher']) ? raw['matcher'] : {};
  return {
    versions: record(raw['versions']),
    validators: { ran: strs(validators['ran']), excluded: record(validators['excluded']), notes: record(validators['notes']) },
    matcher: {
      name: String(matcher['name'] ?? ''),
      semantics: strs(matcher['semantics']),
      multivalueEvents: Array.isArray(matcher['multivalue_events']) ? matcher['multivalue_events'].map(Number) : [],
    },
    results: raw['results'].map(toRuleResult),
  };
}

function toValue(v: Json): PysigmaValue {
  const parts = Array.isArray(v['parts'])
    ? v['parts'].filter(isObj).map((p): PysigmaPart => (typeof p['lit'] === 'string' ? { lit: p['lit'] } : p['any'] === true ? { any: true } : { one: true }))
    : null;
  return { field: strOrNull(v['field']), parts, re: strOrNull(v['re']), text: strOrNull(v['text']), type: String(v['type'] ?? '') };
}

function toRuleResult(r: unknown): PysigmaRuleResult {
  const o = isObj(r) ? r : {};
  const v = isObj(o['validators']) ? o['validators'] : {};
  return {
    loaded: o['loaded'] === true,
    errors: strs(o['errors']),
    documents: (Array.isArray(o['documents']) ? o['documents'] : []).filter(isObj).map((d) => ({
      kind: d['kind'] === 'correlation' ? ('correlation' as const) : ('rule' as const),
      id: strOrNull(d['id']),
      title: String(d['title'] ?? ''),
    })),
    validators: {
      ran: strs(v['ran']),
      findings: (Array.isArray(v['findings']) ? v['findings'] : []).filter(isObj).map((f) => ({
        validator: String(f['validator'] ?? ''),
        issue: String(f['issue'] ?? ''),
        severity: String(f['severity'] ?? ''),
        description: String(f['description'] ?? ''),
        rules: strs(f['rules']),
        detail: String(f['detail'] ?? ''),
      })),
    },
    lucene: strsOrNull(o['lucene']),
    backendErrors: strs(o['backend_errors']),
    correlations: (Array.isArray(o['correlations']) ? o['correlations'] : []).filter(isObj).map((c) => ({
      id: strOrNull(c['id']),
      type: String(c['type'] ?? ''),
      lucene: strsOrNull(c['lucene']),
      luceneError: strOrNull(c['lucene_error']),
      esql: strsOrNull(c['esql']),
      esqlError: strOrNull(c['esql_error']),
    })),
    matches: Array.isArray(o['matches']) ? o['matches'].map(Number) : null,
    matcherErrors: strs(o['matcher_errors']),
    values: Array.isArray(o['values']) ? o['values'].filter(isObj).map(toValue) : null,
  };
}
