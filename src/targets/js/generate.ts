/**
 * IR → the source of a self-contained ES module (the JS matcher). The filter becomes straight-line JS over runtime
 * leaf functions; patterns, regexes and CIDR ranges are compiled once, at module load; stages become runtime stage
 * functions built at load. Every string taken from the rule (field names, values, regexes, texts in comments) is
 * written with `lit` (JSON with `<`, `>`, U+2028, U+2029 escaped): rule text is data, never code.
 */
import { assertNever, type Aggregation, type Expr, type ExprBinaryOp, type Origin, type Predicate, type Query, type Rule, type Selector, type Stage } from '../../ir/types.js';
import { printSelector } from '../../ir/print-predicate.js';
import { patternToString, type ValuePattern } from '../../values/pattern.js';
import type { Verdict } from '../fidelity.js';
import type { Profile } from '../profile.js';
import { runtimeSource } from './bundle.js';
import { pipelineFields } from './projection.js';
import { translateRegex } from './regex.js';
import { extractionSafety, regexSafety, safetyNote, type RegexSafety } from '../../regex/safety.js';
import { parseCidr } from './runtime/cidr.js';
import { EVAL_ARITY, likeSpec } from './runtime/evalfn.js';
import type { PatternSpec } from './runtime/match.js';
import { STATS_FUNCTIONS } from './runtime/stats.js';

/** A JS literal for any JSON value, safe inside a string, a comment or an HTML `<script>`. */
export function lit(v: unknown): string {
  const json = JSON.stringify(v) ?? 'null';
  return json.replace(/[<>\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value pattern as the runtime's pattern spec (literal text, `0` = `*`, `1` = one character). */
export function patternSpec(p: ValuePattern): PatternSpec {
  return p.parts.map((x) => (x.kind === 'lit' ? x.text : x.kind === 'any' ? 0 : 1));
}

/** The runtime function of each eval operator (`like` has its own: `evLike`). */
export const BINARY: Readonly<Record<Exclude<ExprBinaryOp, 'like'>, string>> = {
  or: 'evOr', xor: 'evXor', and: 'evAnd', eq: 'evEq', neq: 'evNeq', lt: 'evLt', le: 'evLe', gt: 'evGt', ge: 'evGe',
  add: 'evAdd', sub: 'evSub', mul: 'evMul', div: 'evDiv', mod: 'evMod', concat: 'evConcat',
};

/**
 * Placeholders for how the filter reads a field (`READ(e, name)`) and the raw text (`RAW(e)`): predicate code is
 * written once and used twice, on rows (`readField`, `rawText`) and, for the main query's filter, on input events as
 * given (`$evf`, `$evt`: `eventField`, `eventRaw`). A NUL character never occurs in generated code otherwise: rule
 * text reaches the code only through `lit` (JSON, which escapes control characters).
 */
const READ = '\u0000F';
/** `READ` for a name without a dot, other than `_time` and `_raw` (`$evf1`: one property read without aliases). */
const READ1 = '\u0000G';
const RAW = '\u0000T';

/** The reader placeholder for a field name. */
function reader(name: string): string {
  return name.includes('.') || name === '_time' || name === '_raw' ? READ : READ1;
}

/** Code with the placeholders replaced by the row readers. */
function onRows(code: string): string {
  return code.replaceAll(READ, 'readField').replaceAll(READ1, 'readField').replaceAll(RAW, 'rawText');
}

/** Code with the placeholders replaced by the input-event readers. */
function onEvents(code: string): string {
  return code.replaceAll(READ, '$evf').replaceAll(READ1, '$evf1').replaceAll(RAW, '$evt');
}

/** Whether a predicate is a pure, total test (no eval expression, no subsearch): it may be evaluated in any order. */
function reorderable(p: Predicate): boolean {
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.items.every(reorderable);
    case 'not':
      return reorderable(p.item);
    case 'expr':
    case 'subsearch':
      return false;
    default:
      return true;
  }
}

/**
 * A rough per-event cost of a predicate, for ordering the operands of `and`/`or` (cheapest first): field tests
 * read one value (and are false at once when the field is missing), regexes scan a value, raw search scans the whole
 * raw text. A negation is taken as dearer: it rarely decides an `and`.
 */
function cost(p: Predicate): number {
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.items.reduce((n, x) => n + cost(x), 0);
    case 'not':
      return cost(p.item) + 2;
    case 'true':
    case 'false':
    case 'macro':
      return 0;
    case 'exists':
      return 1;
    case 'compare':
      return p.op === 'eq' || p.op === 'neq' ? 2 : 3;
    case 'in':
      return 2 + p.values.length / 4;
    case 'cidr':
      return 4;
    case 'regex':
      return 5;
    case 'raw':
      return 10;
    case 'expr':
    case 'subsearch':
      return 100;
  }
}

/**
 * Operand codes in evaluation order: each run of reorderable operands (between operands that are not) is sorted by
 * cost, stably. `&&`/`||` over pure, total tests give the same result in any order, so only the time changes.
 */
function byCost(items: readonly Predicate[], codes: readonly string[]): string[] {
  const out: string[] = [];
  let run: { code: string; cost: number }[] = [];
  const flush = () => {
    run.sort((a, b) => a.cost - b.cost);
    for (const x of run) out.push(x.code);
    run = [];
  };
  items.forEach((p, i) => {
    if (reorderable(p)) run.push({ code: codes[i]!, cost: cost(p) });
    else {
      flush();
      out.push(codes[i]!);
    }
  });
  flush();
  return out;
}

const SELECTOR_FIELDS = new Set(['index', 'sourcetype', 'source', 'eventtype']);
const MONTH_UNITS: Record<string, number> = { mon: 1, month: 1, months: 1, q: 3, qtr: 3, qtrs: 3, quarter: 3, quarters: 3, y: 12, yr: 12, yrs: 12, year: 12, years: 12 };

/** An SPL boolean option value (`true`/`t`/`1`/`yes`/`y`, `false`/`f`/`0`/`no`/`n`), or undefined. */
export function truthy(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (/^(?:true|t|1|yes|y)$/i.test(v)) return true;
  if (/^(?:false|f|0|no|n)$/i.test(v)) return false;
  return undefined;
}

function clip(text: string, max = 100): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** A parsed `rex mode=sed` expression. */
type Sed =
  | { readonly kind: 's'; readonly re: string; readonly replacement: string; readonly flags: string }
  | { readonly kind: 'y'; readonly from: string; readonly to: string };

/**
 * `s/re/repl/flags` or `y/abc/xyz/` with any delimiter. In the regex an escaped delimiter keeps its backslash (PCRE
 * reads `\/` and `\|` as the literal character); in the replacement and `y` lists it becomes the delimiter (and in
 * `y` lists `\\` is a backslash; the replacement keeps `\\` for the runtime, which reads `\N` and `\\`).
 */
export function parseSed(text: string): Sed | undefined {
  const kind = text[0];
  const d = text[1];
  if ((kind !== 's' && kind !== 'y') || d === undefined || /[\\\s\w]/.test(d)) return undefined;
  const parts: string[] = [];
  let cur = '';
  for (let i = 2; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      cur += next === d && (parts.length > 0 || kind === 'y') ? d : ch + next;
      i++;
      continue;
    }
    if (ch === d && parts.length < 2) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  const unescape = (x: string) => x.split('\\\\').join('\\');
  if (kind === 'y') return cur.trim() === '' ? { kind: 'y', from: unescape(a), to: unescape(b) } : undefined;
  return { kind: 's', re: a, replacement: b, flags: cur.trim() };
}

/** Compiles one rule's query (and its subqueries) into module-level declarations. */
export class Generator {
  private readonly decls: string[] = [];
  private readonly shared = new Map<string, string>();
  private counter = 0;
  readonly fields = new Set<string>();
  /** Fields the rule itself writes (eval, rex, rename, stats outputs…): not expected in events. */
  readonly written = new Set<string>();
  /** Set while generating a predicate that can only run on rows (a subsearch, mvfilter, mvmap). */
  private rowOnly = false;
  /** Whether some nested query (subsearch, join, append) reads the data source. */
  private nestedQueries = false;

  constructor(
    private readonly rule: Rule,
    private readonly verdict: Verdict,
    private readonly profile: Profile,
  ) {}

  private use(name: string): void {
    if (!name.includes('*')) this.fields.add(name);
  }

  private write(name: string): void {
    if (!name.includes('*')) this.written.add(name);
  }

  private fresh(prefix: string): string {
    return `$${prefix}${this.counter++}`;
  }

  /** A module-level constant (identical code is declared once). */
  private constant(prefix: string, code: string): string {
    const hit = this.shared.get(code);
    if (hit) return hit;
    const name = this.fresh(prefix);
    this.decls.push(`const ${name} = ${code};`);
    this.shared.set(code, name);
    return name;
  }

  private func(prefix: string, params: string, body: string, comment?: string): string {
    const name = this.fresh(prefix);
    this.decls.push(`${comment ? `// ${comment}\n` : ''}function ${name}(${params}) {\n  return ${body};\n}`);
    return name;
  }

  private partial(message: string, origin?: Origin): void {
    this.verdict.degrade('partial', message, origin);
  }

  private stageText(origin: Origin): string {
    return this.rule.stageMap[origin.stage]?.text ?? '';
  }

  // ───────────── queries ─────────────

  /** Declarations for a query; returns the name of its `CompiledQuery` constant. */
  query(q: Query, nested: boolean): string {
    if (nested) this.nestedQueries = true;
    const outer = this.rowOnly;
    this.rowOnly = false;
    const selects = this.selectors(q.source.selectors, nested);
    const filterCode = this.predicate(q.filter, true);
    const rowOnly = this.rowOnly;
    this.rowOnly = outer || rowOnly;
    const filter = this.func('filter', 'e, c', filterCode, nested ? 'subsearch filter' : 'the search filter');
    // The main query's filter also on input events as given (no row per event), unless it needs rows.
    let event = '';
    if (!nested) {
      if (rowOnly) event = '  event: null,\n';
      else {
        const name = this.fresh('filter');
        this.decls.push(`// the search filter on input events\nfunction ${name}(e, c) {\n  return ${onEvents(filterCode)};\n}`);
        event = `  event: { selects: ${onEvents(selects)}, filter: ${name} },\n`;
      }
    }
    const stages: string[] = [];
    for (const s of q.stages) {
      const code = this.stage(s);
      // Nested stages carry the outer stage's index (provenance): name them by kind only.
      const label = nested ? `subsearch ${s.kind}` : `stage ${s.origin.stage + 1}: ${lit(clip(this.stageText(s.origin)))}`;
      stages.push(code === undefined ? `    // ${label} — not run (see meta.notes)` : `    // ${label}\n    ${code},`);
    }
    // After the stages: join and append stages hold nested queries too.
    const source = !nested && this.nestedQueries ? '  source: true,\n' : '';
    // The fields a run keeps of each matching event (the pipeline can see no others).
    const fields = nested || this.nestedQueries ? undefined : pipelineFields(q.stages);
    const keep = fields ? `  keep: ${lit(fields)},\n` : '';
    const body = `{\n  selects: ${selects},\n  filter: ${filter},\n${event}${source}${keep}  stages: [\n${stages.join('\n')}\n  ],\n}`;
    const name = this.fresh('q');
    this.decls.push(`const ${name} = ${body};`);
    return name;
  }

  private selectors(sel: readonly Selector[], nested: boolean): string {
    const where = nested ? ' (in a subsearch)' : '';
    const checks: string[] = [];
    for (const s of sel) {
      if (SELECTOR_FIELDS.has(s.kind) && 'value' in s) {
        const m = this.constant('m', `pattern(${lit(patternSpec(s.value))}, false)`);
        checks.push(`valSelect(${reader(s.kind)}(e, ${lit(s.kind)}), ${m})`);
        this.use(s.kind);
        this.verdict.note('info', `data source ${printSelector(s)}${where}: checked only on events that have a '${s.kind}' field; the events given to run() are the data source`, s.origin);
      } else if (s.kind === 'generator') {
        this.verdict.note('info', `data source ${printSelector(s)}${where} cannot be read here: the events given to run() are used instead`, s.origin);
      } else {
        this.verdict.note('info', `data source ${printSelector(s)}${where} is not checked: the events given to run() are the data source`, s.origin);
      }
    }
    return checks.length ? `(e) => ${checks.join(' && ')}` : '() => true';
  }

  // ───────────── predicates ─────────────

  /** A leaf that cannot be evaluated: true where it is not negated, false where it is (the filter is a superset). */
  private unknownLeaf(positive: boolean, what: string, origin: Origin): string {
    this.partial(`${what}: the filter takes it as ${positive ? 'matching' : 'not matching'}, so it keeps at least every event Splunk would`, origin);
    return positive ? 'true' : 'false';
  }

  predicate(p: Predicate, positive: boolean): string {
    switch (p.kind) {
      case 'and':
      case 'or': {
        // Constant leaves (`search *`, an unknown leaf) fold away: `x && true` is `x`, `x || true` is `true`.
        const unit = p.kind === 'and' ? 'true' : 'false';
        const zero = p.kind === 'and' ? 'false' : 'true';
        const codes = p.items.map((x) => this.predicate(x, positive));
        const parts = byCost(p.items, codes).filter((x) => x !== unit);
        if (parts.includes(zero)) return zero;
        if (parts.length === 0) return unit;
        return parts.length === 1 ? parts[0]! : `(${parts.join(p.kind === 'and' ? ' && ' : ' || ')})`;
      }
      case 'not': {
        const inner = this.predicate(p.item, !positive);
        return inner === 'true' ? 'false' : inner === 'false' ? 'true' : `!${inner}`;
      }
      case 'true':
        return 'true';
      case 'false':
        return 'false';
      case 'compare': {
        this.use(p.field);
        const f = lit(p.field);
        if (p.op === 'eq' || p.op === 'neq') {
          const m = this.constant('m', `pattern(${lit(patternSpec(p.value))}, ${p.caseSensitive})`);
          return `${p.op === 'eq' ? 'valEq' : 'valNeq'}(${reader(p.field)}(e, ${f}), ${m})`;
        }
        const o = this.constant('o', `order(${lit(p.op)}, ${lit(patternToString(p.value))}, ${p.numeric}, ${p.caseSensitive})`);
        return `valOrder(${reader(p.field)}(e, ${f}), ${o})`;
      }
      case 'in': {
        this.use(p.field);
        const ms = this.constant('in', `[${p.values.map((v) => `pattern(${lit(patternSpec(v))}, ${p.caseSensitive})`).join(', ')}]`);
        return `valIn(${reader(p.field)}(e, ${lit(p.field)}), ${ms})`;
      }
      case 'regex': {
        this.use(p.field);
        const t = translateRegex(p.pattern, !p.caseSensitive);
        if (!t.ok) return this.unknownLeaf(positive, `regex /${p.pattern}/ cannot be translated to JavaScript (${t.reason})`, p.origin);
        if (!t.exact) {
          if (!positive) return this.unknownLeaf(positive, `regex /${p.pattern}/ has only an approximate JavaScript form`, p.origin);
          this.partial(`regex /${p.pattern}/ is approximated in JavaScript by a regex that matches more (${t.notes.map((n) => n.message).join('; ')})`, p.origin);
        }
        for (const n of t.notes) if (t.exact) this.verdict.note('info', `regex /${p.pattern}/: ${n.message}`, p.origin);
        const re = this.searchConstant(t.source, t.flags, p.pattern, p.origin);
        return `valRegex(${reader(p.field)}(e, ${lit(p.field)}), ${re})`;
      }
      case 'exists':
        this.use(p.field);
        return `(${reader(p.field)}(e, ${lit(p.field)}) !== undefined)`;
      case 'cidr': {
        this.use(p.field);
        if (!parseCidr(p.cidr)) this.verdict.note('info', `'${p.cidr}' is not a valid CIDR range: cidrmatch() never matches`, p.origin);
        const c = this.constant('cidr', `parseCidr(${lit(p.cidr)})`);
        return `valCidr(${reader(p.field)}(e, ${lit(p.field)}), ${c})`;
      }
      case 'raw': {
        if (!this.profile.identity && this.profile.data.liftTerms && p.lift) {
          this.use(p.lift.field);
          this.verdict.note('info', `TERM(${p.text}) is searched as the field test ${p.lift.field}=${p.lift.value} (profile '${this.profile.name}' lifts TERM(f=v))`, p.origin);
          const m = this.constant('m', `pattern(${lit([p.lift.value])}, false)`);
          return `valEq(${reader(p.lift.field)}(e, ${lit(p.lift.field)}), ${m})`;
        }
        if (!this.profile.identity && this.profile.rawField === null)
          return this.unknownLeaf(positive, `raw-text search ${JSON.stringify(p.text)}: profile '${this.profile.name}' has no raw-text field`, p.origin);
        this.use('_raw');
        const r = this.constant('raw', `rawSearch(${lit(p.mode)}, ${lit(patternSpec(p.value))}, ${p.caseSensitive})`);
        return `${r}(${RAW}(e))`;
      }
      case 'macro':
        return this.unknownLeaf(positive, `the undefined macro \`${p.name}\` inside the search cannot be evaluated`, p.origin);
      case 'subsearch': {
        const gen = p.query.source.selectors.find((s) => s.kind === 'generator');
        if (gen) return this.unknownLeaf(positive, `the subsearch reads ${printSelector(gen)}, which is not available`, p.origin);
        this.verdict.note('info', 'the subsearch runs on the same events as the search; its rows become field=value filters', p.origin);
        const q = this.query(p.query, true);
        this.rowOnly = true;
        return `subsearchMatch(e, c, ${q})`;
      }
      case 'expr':
        return `evTruth(${this.expr(p.expr)})`;
    }
  }

  // ───────────── eval expressions ─────────────

  private unsupportedExpr(what: string, origin: Origin): string {
    this.partial(`${what}: its value is null here`, origin);
    return 'null';
  }

  expr(x: Expr): string {
    switch (x.kind) {
      case 'field':
        this.use(x.name);
        return `(${reader(x.name)}(e, ${lit(x.name)}) ?? null)`;
      case 'string':
        return lit(x.value);
      case 'number':
        return Number.isFinite(x.value) ? `(${String(x.value)})` : 'null';
      case 'bool':
        return x.value ? 'true' : 'false';
      case 'null':
        return 'null';
      case 'binary': {
        const l = this.expr(x.left);
        if (x.op === 'like') {
          if (x.right.kind === 'string') return `evLike(${l}, ${this.constant('like', `pattern(${lit(likeSpec(x.right.value))}, true)`)})`;
          return `evLike(${l}, ${this.expr(x.right)})`;
        }
        return `${BINARY[x.op]}(${l}, ${this.expr(x.right)})`;
      }
      case 'unary':
        return `${x.op === 'not' ? 'evNot' : 'evNeg'}(${this.expr(x.operand)})`;
      case 'in':
        return `evIn(${this.expr(x.operand)}, [${x.values.map((v) => this.expr(v)).join(', ')}])`;
      case 'call':
        return this.call(x);
    }
  }

  /** A regex argument given as a string literal, compiled at load (`g` for replace). */
  private regexArg(arg: Expr | undefined, fn: string, global: boolean, origin: Origin): string | undefined {
    if (arg?.kind !== 'string') {
      this.partial(`${fn}() with a regex that is not a string literal cannot be compiled ahead: its value is null here`, origin);
      return undefined;
    }
    const t = translateRegex(arg.value);
    if (!t.ok || !t.exact) {
      this.partial(`${fn}(): regex /${arg.value}/ cannot be translated to JavaScript exactly (${t.ok ? t.notes.map((n) => n.message).join('; ') : t.reason}): its value is null here`, origin);
      return undefined;
    }
    for (const n of t.notes) this.verdict.note('info', `regex /${arg.value}/: ${n.message}`, origin);
    if (global) {
      this.guardNote(t.source, t.flags, arg.value, origin, true);
      return this.constant('re', `new RegExp(${lit(t.source)}, ${lit(`${t.flags}g`)})`);
    }
    return this.searchConstant(t.source, t.flags, arg.value, origin);
  }

  /** A regex used only to search (`test`): guarded by a linear-time engine when it could backtrack badly (ReDoS). */
  private searchConstant(source: string, flags: string, pcre: string, origin: Origin): string {
    const safety = this.guardNote(source, flags, pcre, origin);
    if (safety.guard === 'linear' && safety.program)
      return this.constant('re', `guardedRegex(${lit(source)}, ${lit(flags)}, ${lit(safety.program)})`);
    return this.constant('re', `searchRegex(${lit(source)}, ${lit(flags)})`);
  }

  /** The ReDoS safety of a regex the module runs, noted at the rule text that wrote it. */
  private guardNote(source: string, flags: string, pcre: string, origin: Origin, extraction = false): RegexSafety {
    const safety = extraction ? extractionSafety(regexSafety(source, flags)) : regexSafety(source, flags);
    const note = safetyNote(safety);
    if (note) this.verdict.note(note.level, `regex /${pcre}/: ${note.message}`, origin);
    return safety;
  }

  private call(x: Extract<Expr, { kind: 'call' }>): string {
    const { fn, args, origin } = x;
    const a = (i: number) => this.expr(args[i]!);
    const bad = (why: string) => this.unsupportedExpr(`${fn}(): ${why}`, origin);
    switch (fn) {
      case 'if':
        if (args.length !== 3) return bad('expects 3 arguments');
        return `(evTruth(${a(0)}) ? ${a(1)} : ${a(2)})`;
      case 'case':
      case 'validate': {
        if (args.length === 0 || args.length % 2 !== 0) return bad('expects condition/value pairs');
        let out = 'null';
        for (let i = args.length - 2; i >= 0; i -= 2)
          out = fn === 'case' ? `(evTruth(${a(i)}) ? ${a(i + 1)} : ${out})` : `(evTruth(${a(i)}) ? ${out} : ${a(i + 1)})`;
        return out;
      }
      case 'now':
      case 'time':
        if (args.length !== 0) return bad('takes no arguments');
        return 'c.now';
      case 'match':
      case 'mvfind': {
        if (args.length !== 2) return bad('expects 2 arguments');
        const re = this.regexArg(args[1], fn, false, origin);
        return re ? `fn_${fn}(${a(0)}, ${re})` : 'null';
      }
      case 'replace': {
        if (args.length !== 3) return bad('expects 3 arguments');
        const re = this.regexArg(args[1], fn, true, origin);
        return re ? `fn_replace(${a(0)}, ${re}, ${a(2)})` : 'null';
      }
      case 'like':
        if (args.length !== 2) return bad('expects 2 arguments');
        if (args[1]?.kind === 'string') return `evLike(${a(0)}, ${this.constant('like', `pattern(${lit(likeSpec(args[1].value))}, true)`)})`;
        return `evLike(${a(0)}, ${a(1)})`;
      case 'mvfilter': {
        if (args.length !== 1) return bad('expects 1 argument');
        const names = new Set<string>();
        collectFields(args[0]!, names);
        if (names.size !== 1) return bad('its expression must read exactly one field');
        const field = [...names][0]!;
        this.use(field);
        this.rowOnly = true;
        return `fn_mvfilter(e, ${lit(field)}, (e) => ${a(0)})`;
      }
      case 'mvmap': {
        if (args.length !== 2) return bad('expects 2 arguments');
        const target = args[0]!;
        if (target.kind !== 'field') return bad('its first argument must be a field');
        this.use(target.name);
        this.rowOnly = true;
        return `fn_mvmap(e, ${lit(target.name)}, (e) => ${a(1)})`;
      }
      default: {
        const arity = Object.hasOwn(EVAL_ARITY, fn) ? EVAL_ARITY[fn] : undefined;
        if (!arity || !/^[a-z_][a-z0-9_]*$/.test(fn)) return this.unsupportedExpr(`eval function ${fn}() is not implemented`, origin);
        const [min, max] = arity;
        if (args.length < min || (max >= 0 && args.length > max)) return bad(`wrong number of arguments (${args.length})`);
        return `fn_${fn}(${args.map((_, i) => a(i)).join(', ')})`;
      }
    }
  }

  // ───────────── stages ─────────────

  /** The code of a stage (a `StageFn` expression), or undefined when the stage is not run (with a note). */
  stage(s: Stage): string | undefined {
    switch (s.kind) {
      case 'filter':
        return `stageFilter(${this.func('filter', 'e, c', this.predicate(s.predicate, true), 'filter stage')})`;
      case 'eval': {
        const parts = s.assignments.map((a) => {
          this.write(a.field);
          return `[${lit(a.field)}, (e, c) => ${this.expr(a.expr)}]`;
        });
        return `stageEval([${parts.join(', ')}])`;
      }
      case 'rename':
        s.pairs.forEach((p) => {
          this.use(p.from);
          this.write(p.to);
        });
        return `stageRename(${lit(s.pairs.map((p) => [p.from, p.to]))})`;
      case 'fields':
        s.fields.forEach((f) => this.use(f));
        return `stageFields(${lit(s.mode)}, ${lit(s.fields)})`;
      case 'bin':
        return this.bin(s);
      case 'stats':
        return this.stats(s);
      case 'dedup': {
        s.fields.forEach((f) => this.use(f));
        const o = s.options;
        for (const k of Object.keys(o)) if (!['keepempty', 'consecutive', 'keepevents'].includes(k.toLowerCase())) this.partial(`dedup option ${k} is not implemented: ignored`, s.origin);
        const opt = (k: string) => truthy(Object.entries(o).find(([key]) => key.toLowerCase() === k)?.[1]) ?? false;
        const spec = { fields: s.fields, count: s.count, keepempty: opt('keepempty'), consecutive: opt('consecutive'), keepevents: opt('keepevents'), sortBy: s.sortBy.map((k) => [k.field, k.descending, k.mode ?? 'auto']) };
        return `stageDedup(${lit(spec)})`;
      }
      case 'sort':
        s.keys.forEach((k) => this.use(k.field));
        return `stageSort(${lit(s.keys.map((k) => [k.field, k.descending, k.mode ?? 'auto']))}, ${s.limit === undefined ? 'undefined' : lit(s.limit)})`;
      case 'head':
        return `stageHead(${lit(s.count)})`;
      case 'rex':
        return this.rex(s);
      case 'lookup':
        this.partial(`lookup ${s.table}: lookup tables are not available to the JS matcher; rows pass through without its output fields`, s.origin);
        return undefined;
      case 'convert': {
        s.conversions.forEach((c) => {
          this.use(c.field);
          this.write(c.as);
        });
        return `stageConvert(${lit(s.timeformat)}, ${lit(s.conversions.map((c) => [c.fn, c.field, c.as]))})`;
      }
      case 'fillnull':
        s.fields.forEach((f) => this.use(f));
        return `stageFillnull(${lit(s.value)}, ${lit(s.fields)})`;
      case 'spath':
        this.use(s.input);
        if (s.output !== undefined || s.path !== undefined) this.write(s.output ?? s.path ?? '');
        return `stageSpath(${lit(s.input)}, ${s.output === undefined ? 'undefined' : lit(s.output)}, ${s.path === undefined ? 'undefined' : lit(s.path)})`;
      case 'mvexpand':
        this.use(s.field);
        return `stageMvexpand(${lit(s.field)}, ${s.limit === undefined ? 'undefined' : lit(s.limit)})`;
      case 'join':
      case 'append': {
        const gen = s.query.source.selectors.find((x) => x.kind === 'generator');
        if (gen) {
          this.partial(`${s.kind}: its subsearch reads ${printSelector(gen)}, which is not available; the stage is not run`, s.origin);
          return undefined;
        }
        this.verdict.note('info', `${s.kind}: the subsearch runs on the same events as the search`, s.origin);
        const q = this.query(s.query, true);
        if (s.kind === 'append') return `stageAppend(${q})`;
        const o = Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k.toLowerCase(), v]));
        for (const k of Object.keys(o)) if (!['type', 'max', 'overwrite'].includes(k)) this.partial(`join option ${k} is not implemented: ignored`, s.origin);
        const max = o['max'] !== undefined && /^\d+$/.test(o['max']) ? Number(o['max']) : 1;
        s.fields.forEach((f) => this.use(f));
        return `stageJoin(${lit({ type: s.type, fields: s.fields, max, overwrite: truthy(o['overwrite']) ?? true })}, ${q})`;
      }
      case 'iplocation':
        this.use(s.field);
        s.outputs.forEach((f) => this.write(f));
        this.partial(
          `iplocation ${s.field}: no GeoIP database is available to the JS matcher; rows pass through without ${s.outputs.join(', ')}`,
          s.origin,
        );
        return undefined;
      case 'makemv':
        return this.makemv(s);
      case 'replace':
        s.fields.forEach((f) => this.use(f));
        if (s.fields.length === 0)
          this.partial(
            'replace without IN: Splunk replaces only in fields the search did not generate (not stats/eval outputs); here every field not starting with _ is rewritten',
            s.origin,
          );
        return `stageReplace(${lit(s.pairs.map((p) => [p.from, p.to]))}, ${lit(s.fields)})`;
      case 'fromjson':
        this.use(s.field);
        return `stageFromjson(${lit(s.field)}, ${lit(s.prefix)})`;
      case 'appendpipe': {
        const inner = s.stages.map((x) => this.stage(x)).filter((x): x is string => x !== undefined);
        return `stageAppendpipe([${inner.join(', ')}])`;
      }
      case 'transaction':
        s.fields.forEach((f) => this.use(f));
        this.partial(
          `transaction${s.fields.length ? ` ${s.fields.join(', ')}` : ''}: grouping events into transactions is not implemented in the JS matcher; rows pass through ungrouped`,
          s.origin,
        );
        return undefined;
      case 'opaque':
        this.partial(`${s.command} is not modelled (${s.reason}); rows pass through unchanged`, s.origin);
        return undefined;
      default:
        return assertNever(s, 'stage');
    }
  }

  private makemv(s: Extract<Stage, { kind: 'makemv' }>): string | undefined {
    this.use(s.field);
    if (s.setsv) this.partial('makemv setsv=true is not implemented: the field is left multivalue', s.origin);
    if (s.split.kind === 'delim') return `stageMakemv(${lit(s.field)}, ${lit(s.split.delim)}, undefined, ${s.allowEmpty})`;
    const t = translateRegex(s.split.pattern);
    if (!t.ok || !t.exact) {
      this.partial(
        `makemv tokenizer /${s.split.pattern}/ cannot be translated to JavaScript exactly (${t.ok ? t.notes.map((n) => n.message).join('; ') : t.reason}); the stage is not run`,
        s.origin,
      );
      return undefined;
    }
    for (const n of t.notes) this.verdict.note('info', `regex /${s.split.pattern}/: ${n.message}`, s.origin);
    this.guardNote(t.source, t.flags, s.split.pattern, s.origin, true);
    const re = this.constant('re', `new RegExp(${lit(t.source)}, ${lit(`${t.flags}g`)})`);
    return `stageMakemv(${lit(s.field)}, undefined, ${re}, ${s.allowEmpty})`;
  }

  private bin(s: Extract<Stage, { kind: 'bin' }>): string | undefined {
    this.use(s.field);
    const o = Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k.toLowerCase(), v]));
    for (const k of ['aligntime', 'start', 'end', 'minspan']) if (o[k] !== undefined) this.partial(`bin ${k}= is not implemented: ignored`, s.origin);
    const base = { field: s.field, as: s.as };
    if (s.span) {
      if (s.span.seconds !== undefined && s.span.seconds > 0) return `stageBin(${lit({ ...base, seconds: s.span.seconds })})`;
      const months = Object.hasOwn(MONTH_UNITS, s.span.unit.toLowerCase()) ? MONTH_UNITS[s.span.unit.toLowerCase()] : undefined;
      if (months !== undefined) return `stageBin(${lit({ ...base, months: months * s.span.value })})`;
      this.partial(`bin span=${s.span.value}${s.span.unit} is not implemented; the stage is not run`, s.origin);
      return undefined;
    }
    const numeric = o['span'];
    if (numeric !== undefined && /^\d+(?:\.\d+)?$/.test(numeric) && Number(numeric) > 0) return `stageBin(${lit({ ...base, numeric: Number(numeric) })})`;
    this.partial(`bin without a fixed span (${numeric !== undefined ? `span=${numeric}` : 'bins='}) picks its span from the data, which is not implemented; the stage is not run`, s.origin);
    return undefined;
  }

  private aggregation(a: Aggregation, origin: Origin): string | undefined {
    if (!STATS_FUNCTIONS.has(a.fn)) {
      this.partial(`aggregation ${a.fn}() is not implemented: '${a.as}' is left out`, origin);
      return undefined;
    }
    if (a.field) this.use(a.field);
    this.write(a.as);
    const parts = [`fn: ${lit(a.fn)}`];
    if (a.field !== undefined) parts.push(`field: ${lit(a.field)}`);
    if (a.evalArg) parts.push(`arg: (e, c) => ${this.expr(a.evalArg)}`);
    parts.push(`as: ${lit(a.as)}`);
    if (a.fn === 'estdc') this.verdict.note('info', 'estdc() is computed exactly (as dc())', origin);
    return `{ ${parts.join(', ')} }`;
  }

  private stats(s: Extract<Stage, { kind: 'stats' }>): string | undefined {
    s.by.forEach((f) => this.use(f));
    const aggs = s.aggregations.map((a) => this.aggregation(a, s.origin)).filter((x): x is string => x !== undefined);
    const o = Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k.toLowerCase(), v]));
    const parts = [`variant: ${lit(s.variant)}`, `aggs: [${aggs.join(', ')}]`, `by: ${lit(s.by)}`];
    const ignored = (keys: readonly string[]) => {
      for (const k of Object.keys(o)) if (!keys.includes(k)) this.partial(`${s.variant} option ${k} is not implemented: ignored`, s.origin);
    };
    if (s.variant === 'tstats') {
      ignored(['summariesonly', 'allow_old_summaries', 'chunk_size', 'local', 'fillnull_value', 'include_reduced_buckets', 'span']);
      if (o['fillnull_value'] !== undefined) parts.push(`fillBy: ${lit(o['fillnull_value'])}`);
      if (s.span) {
        if (s.span.seconds === undefined) this.partial(`tstats span=${s.span.value}${s.span.unit} is not implemented: _time is not binned`, s.origin);
        else parts.push(`span: ${lit(s.span.seconds)}`);
      }
    } else if (s.variant === 'streamstats') {
      ignored(['current', 'window', 'global', 'allnum']);
      const current = truthy(o['current']);
      if (current !== undefined) parts.push(`current: ${current}`);
      if (o['window'] !== undefined && /^\d+$/.test(o['window'])) parts.push(`window: ${o['window']}`);
      const global = truthy(o['global']);
      if (global !== undefined) parts.push(`global: ${global}`);
    } else ignored(['allnum', 'delim', 'partitions', 'dedup_splitvals']);
    return `stageStats({ ${parts.join(', ')} })`;
  }

  private rex(s: Extract<Stage, { kind: 'rex' }>): string | undefined {
    this.use(s.field);
    if (s.mode === 'extract') {
      const t = translateRegex(s.pattern);
      if (!t.ok || !t.exact) {
        this.partial(`rex /${s.pattern}/ cannot be translated to JavaScript exactly (${t.ok ? t.notes.map((n) => n.message).join('; ') : t.reason}); the stage is not run`, s.origin);
        return undefined;
      }
      for (const n of t.notes) this.verdict.note('info', `regex /${s.pattern}/: ${n.message}`, s.origin);
      this.guardNote(t.source, t.flags, s.pattern, s.origin, true);
      const re = this.constant('re', `new RegExp(${lit(t.source)}, ${lit(`${t.flags}g`)})`);
      s.groups.forEach((g) => this.write(g));
      return `stageRex(${lit(s.field)}, ${re}, ${lit(s.groups)}, ${lit(s.maxMatch)})`;
    }
    const sed = parseSed(s.pattern);
    if (!sed) {
      this.partial(`rex mode=sed: cannot read ${JSON.stringify(s.pattern)}; the stage is not run`, s.origin);
      return undefined;
    }
    if (sed.kind === 'y') return `stageSedTranslate(${lit(s.field)}, ${lit(sed.from)}, ${lit(sed.to)})`;
    let global = false;
    let nth = 0;
    for (const m of sed.flags.matchAll(/g|\d+|./g)) {
      if (m[0] === 'g') global = true;
      else if (/^\d+$/.test(m[0])) nth = Number(m[0]);
      else this.partial(`rex mode=sed flag '${m[0]}' is not implemented: ignored`, s.origin);
    }
    const t = translateRegex(sed.re);
    if (!t.ok || !t.exact) {
      this.partial(`rex mode=sed: regex /${sed.re}/ cannot be translated to JavaScript exactly (${t.ok ? t.notes.map((n) => n.message).join('; ') : t.reason}); the stage is not run`, s.origin);
      return undefined;
    }
    this.guardNote(t.source, t.flags, sed.re, s.origin, true);
    const re = this.constant('re', `new RegExp(${lit(t.source)}, ${lit(global || nth > 0 ? `${t.flags}g` : t.flags)})`);
    return `stageSedReplace(${lit(s.field)}, ${re}, ${lit(sed.replacement)}, ${lit(nth)})`;
  }

  /** Every declaration so far, in order. */
  declarations(): string {
    const code = onRows(this.decls.join('\n'));
    if (code.includes('\u0000')) throw new Error('js target: a field-reader placeholder was left in the generated code');
    return code;
  }
}

function collectFields(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case 'field':
      out.add(e.name);
      return;
    case 'call':
      e.args.forEach((a) => collectFields(a, out));
      return;
    case 'binary':
      collectFields(e.left, out);
      collectFields(e.right, out);
      return;
    case 'unary':
      collectFields(e.operand, out);
      return;
    case 'in':
      collectFields(e.operand, out);
      e.values.forEach((v) => collectFields(v, out));
      return;
    default:
      return;
  }
}

/** Profile aliases: `[splName, eventName]` for every field the rule names that the profile maps elsewhere. */
export function profileAliases(fields: ReadonlySet<string>, written: ReadonlySet<string>, profile: Profile, verdict: Verdict, strict: boolean): [string, string][] {
  if (profile.identity) return [];
  const out: [string, string][] = [];
  const unmapped: string[] = [];
  for (const f of [...fields, '_time'].sort()) {
    const m = profile.field(f);
    if (m.mapped && m.name !== f) out.push([f, m.name]);
    else if (!m.mapped && !f.startsWith('_') && !written.has(f)) unmapped.push(f);
  }
  if (unmapped.length) {
    const message = `profile '${profile.name}' does not map ${unmapped.map((f) => `'${f}'`).join(', ')}: read under ${unmapped.length === 1 ? 'its' : 'their'} SPL name${unmapped.length === 1 ? '' : 's'}`;
    if (strict) verdict.degrade('unsupported', message, undefined, 'error');
    else verdict.note('warning', message);
  }
  if (out.length) verdict.note('info', `events are read through profile '${profile.name}': ${out.map(([a, b]) => `${b} → ${a}`).join(', ')}`);
  return out;
}

export interface ModuleParts {
  readonly header: string;
  readonly meta: unknown;
  readonly aliases: readonly (readonly [string, string])[];
  readonly declarations: string;
  readonly main: string;
}

/** The module text: header comment, runtime, rule metadata, compiled query, exports. */
export function moduleText(p: ModuleParts): string {
  return [
    p.header,
    '',
    '// ═════════════ runtime (spl2x src/targets/js/runtime) ═════════════',
    runtimeSource(),
    '// ═════════════ rule ═════════════',
    `export const meta = Object.freeze(${lit(p.meta)});`,
    `const $aliases = ${lit(p.aliases)};`,
    'const $aliasIndex = aliasIndex($aliases);',
    '/** A field of an input event as its row would have it; its raw text. */',
    'function $evf(e, name) {\n  return eventField(e, name, $aliasIndex, $aliases);\n}',
    'function $evt(e) {\n  return eventRaw(e, $aliasIndex, $aliases);\n}',
    `function $evf1(e, name) {\n  return ${p.aliases.length ? '$evf' : 'eventFlat'}(e, name);\n}`,
    p.declarations,
    '',
    '/** Whether an event passes the data-source checks (index, sourcetype, … when the event has those fields). */',
    `export function selects(event) {\n  return selectsOne(${p.main}, event, $aliases);\n}`,
    '',
    '/** Whether an event matches the rule\'s search filter (the first search and every filter merged into it). */',
    `export function filter(event, options) {\n  return filterOne(${p.main}, event, options, $aliases);\n}`,
    '',
    '/** The whole pipeline on events (the data source): result rows. options: { now } (epoch seconds). */',
    `export function run(events, options) {\n  return runMain(${p.main}, events, options, $aliases);\n}`,
    '',
    '/** The whole pipeline fed one event at a time: runner(options).push(event) for each event, then .end() → rows. */',
    `export function runner(options) {\n  return startRun(${p.main}, options, $aliases);\n}`,
    '',
  ].join('\n');
}
