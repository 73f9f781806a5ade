/**
 * Code injection and prototype pollution (docs/security.md): the generated module never executes rule text, and no
 * field name, from the rule or from an event, reaches an object prototype.
 *
 * Every hostile text carries a payload that would set `globalThis.PWNED_SENTINEL` if it ran. Each module is parsed
 * (TypeScript's parser, as JavaScript): it must be free of syntax errors and must not contain the identifier
 * `PWNED_SENTINEL` anywhere outside string literals and comments. Then it is imported and run, and the sentinel
 * must still be unset.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/ir/types.js';
import { loadModule, type MatcherModule } from '../../src/targets/js/run.js';
import { lowerSpl } from '../helpers/spl.js';
import { convert } from '../targets/js/helpers.js';

const BIN = join(import.meta.dirname, '../../bin/spl2x.js');
const g = globalThis as { PWNED_SENTINEL?: unknown };
const SET = 'globalThis.PWNED_SENTINEL = 1';
const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const PROTO_KEYS = protoKeys();

afterEach(() => {
  expect(g.PWNED_SENTINEL).toBeUndefined();
  expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(protoKeys()).toEqual(PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('x');
});

/** Texts that try to end a string, a template, a comment, a script element or a line, then run the payload. */
const HOSTILE: readonly string[] = [
  `"); ${SET}; ("`,
  `'); ${SET}; ('`,
  `\`; ${SET}; \``,
  `\${${SET}}`,
  `*/ ${SET}; /*`,
  `</script><script>${SET}</script>`,
  `\u2028${SET};//`,
  `\u2029${SET};//`,
  `\n${SET};//`,
  `\r\n${SET};//`,
  `\\"); ${SET}; //`,
  `__proto__`,
  `constructor`,
  `prototype`,
  `toString`,
  `hasOwnProperty`,
];

/** An SPL quoted string holding `s` (backslash and quote escaped). */
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** A PCRE matching `s` literally (every non-alphanumeric character escaped). */
const re = (s: string) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\x{${c.codePointAt(0)!.toString(16)}}`)).join('');

/** The module must parse as JavaScript and hold the sentinel only inside strings and comments. */
function assertInert(source: string): void {
  const sf = ts.createSourceFile('module.mjs', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const found: string[] = [];
  // The rule's part of the module (after the embedded runtime) writes rule text only as JSON literals.
  const ruleStart = source.indexOf('// ═════════════ rule ═════════════');
  expect(ruleStart).toBeGreaterThan(0);
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === 'PWNED_SENTINEL') found.push(n.getText(sf));
    if ((ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) && n.getStart(sf) > ruleStart) found.push(`template literal: ${n.getText(sf).slice(0, 60)}`);
    ts.forEachChild(n, walk);
  };
  walk(sf);
  expect(found).toEqual([]);
}

async function load(spl: string | Rule): Promise<MatcherModule> {
  const r = convert(spl);
  assertInert(r.output);
  expect(r.output).not.toMatch(/<\/script|[\u2028\u2029]/i);
  return loadModule(r.output);
}

describe('hostile rule text is data: the module parses, holds no payload in code, and runs', () => {
  // [name, SPL from the hostile text h, an event, whether the filter matches, the rows run() returns (or undefined)]
  type Case = readonly [string, (h: string) => string, (h: string) => Record<string, unknown>, boolean, ((h: string) => unknown[]) | undefined];
  const cases: readonly Case[] = [
    ['value', (h) => `x=${q(h)}`, (h) => ({ x: h }), true, undefined],
    ['field name', (h) => `${q(h)}=1`, (h) => ({ [h]: '1' }), true, undefined],
    ['raw phrase', (h) => q(h), (h) => ({ _raw: `a ${h} b` }), true, undefined],
    ['regex', (h) => `| regex x=${q(re(h))}`, (h) => ({ x: `<${h}>` }), true, undefined],
    // a risky regex: the module carries its linear-time form (atoms of the rule's regex) as JSON data
    ['guarded regex', (h) => `| regex x=${q(`(a+)+${re(h)}`)}`, (h) => ({ x: `aa${h}` }), true, undefined],
    ['where and IN', (h) => `| where x=${q(h)} OR x IN (${q(h)}, "b")`, (h) => ({ x: h }), true, undefined],
    ['eval name and value', (h) => `| eval ${q(h)}=${q(h)} | table ${q(h)}`, () => ({}), true, (h) => [{ [h]: h }]],
    // `*` in a rename target is a wildcard: it takes what the source's `*`s matched (here nothing)
    ['rename', (h) => `| rename x AS ${q(h)} | table ${q(h)}`, () => ({ x: 'v' }), true, (h) => [{ [h.replace(/\*/g, '')]: 'v' }]],
    ['stats by', (h) => `| stats count by ${q(h)}`, (h) => ({ [h]: 'v' }), true, (h) => [{ [h]: 'v', count: 1 }]],
    ['fillnull value', (h) => `| fillnull value=${q(h)} y | table y`, () => ({ x: 1 }), true, (h) => [{ y: h }]],
    ['replace()', (h) => `| eval y=replace(x, "a", ${q(h)}) | table y`, () => ({ x: 'a' }), true, (h) => [{ y: h.replace(/\\(\d|\\)/g, (_m, c: string) => (c === '\\' ? '\\' : '')) }]],
    ['lookup table name', (h) => `| lookup ${q(h)} x OUTPUT y`, () => ({ x: 1 }), true, () => [{ x: 1 }]],
    ['undefined macro', (h) => `x=1 \`${h.replace(/[`()\s]/g, '_')}\``, () => ({ x: 1 }), true, undefined],
  ];
  for (const [name, spl, event, matches, rows] of cases)
    it.each(HOSTILE)(`${name}: %j`, async (h) => {
      const mod = await load(spl(h));
      expect(mod.filter(event(h))).toBe(matches);
      const out = mod.run([event(h)]);
      if (rows) expect(out).toEqual(rows(h));
    });

  it.each(HOSTILE)('rule metadata (id, title, description): %j', async (h) => {
    const base = lowerSpl('x=1');
    const rule: Rule = { ...base, meta: { ...base.meta, id: h, title: `${h} ${h}`, description: h } };
    const mod = await load(rule);
    expect(mod.meta['id']).toBe(h);
    expect(mod.meta['title']).toBe(`${h} ${h}`);
    expect(mod.filter({ x: 1 })).toBe(true);
  });
});

describe('prototype pollution: fields named __proto__, constructor, prototype are ordinary data', () => {
  const polluting: readonly string[] = [
    '{"__proto__": {"x": 1, "polluted": 1}}',
    '{"constructor": {"prototype": {"x": 1}}}',
    '{"a": {"__proto__": {"x": 1}}}',
    '{"__proto__": "v", "constructor": "c", "prototype": "p", "toString": "t", "hasOwnProperty": "h"}',
    '{"__proto__": ["x", {"x": 1}]}',
  ];
  // SPL stages that write, group, copy or read fields by name
  const rules: readonly string[] = [
    '* | eval __proto__="v", constructor.prototype.x=1, x=1',
    '* | stats count values(*) as * by __proto__',
    '* | eventstats count by __proto__ | streamstats count by constructor',
    '* | rename __proto__ AS x, constructor AS __proto__',
    '* | rename * AS __proto__*',
    '* | fillnull value=1 __proto__ x',
    '* | dedup __proto__ | sort __proto__ | table __proto__ constructor* x',
    '* | top __proto__',
    '* | spath input=j | fromjson j',
    '* | rex field=j "(?<x>__proto__)"',
    '* | makemv delim="," __proto__ | mvexpand __proto__',
    '* | convert num(__proto__) | bin x span=1',
    '* | eval j=__proto__ | spath input=j path=x output=__proto__',
  ];
  const json = [
    '{"j": "{\\"__proto__\\": {\\"x\\": 1}, \\"constructor\\": {\\"prototype\\": {\\"x\\": 2}}}", "__proto__": "a,b"}',
  ];
  it.each(rules)('%s', async (spl) => {
    const mod = await load(spl);
    const events = [...polluting, ...json].map((t) => JSON.parse(t) as unknown);
    const rows = mod.run(events);
    expect(Array.isArray(rows)).toBe(true);
    for (const r of rows) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  it('an event key __proto__ is a field: filter, stats BY, rows', async () => {
    const mod = await load('__proto__=v | stats count by __proto__ constructor');
    const event = JSON.parse('{"__proto__": "v", "constructor": "c"}') as unknown;
    expect(mod.filter(event)).toBe(true);
    const rows = mod.run([event, event]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(['__proto__', 'constructor', 'count']);
    expect(JSON.stringify(rows)).toBe('[{"__proto__":"v","constructor":"c","count":2}]');
  });

  it('a nested __proto__ object is flattened to a dotted field, not merged into a prototype', async () => {
    const mod = await load('* | table __proto__.x constructor.prototype.x');
    const rows = mod.run([JSON.parse('{"__proto__": {"x": 1}, "constructor": {"prototype": {"x": 2}}}') as unknown]);
    expect(JSON.stringify(rows)).toBe('[{"__proto__.x":1,"constructor.prototype.x":2}]');
  });

  it('spl2x run (a child process) keeps __proto__ as a field of the rows it prints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spl2x-proto-'));
    writeFileSync(join(dir, 'rule.spl'), '__proto__=* | eval x=1 | stats count by __proto__\n');
    writeFileSync(join(dir, 'events.ndjson'), '{"__proto__": "a"}\n{"__proto__": {"x": 1}}\n{"__proto__": "a", "x": 5}\n');
    const r = spawnSync(process.execPath, [BIN, 'run', join(dir, 'rule.spl'), '--events', join(dir, 'events.ndjson'), '--format', 'ndjson'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{"__proto__":"a","count":2}\n');
  });
});
