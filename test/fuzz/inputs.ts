/**
 * Fuzz inputs: grammar-generated SPL (raw, or wrapped in catalog / security-content YAML), mutations of real rules
 * (the corpus in `../shared/corpus` and the fixture rules), mutations of the YAML wrappers themselves, macro
 * definitions, binary junk, and hostile events for the JS matcher.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FuzzInput } from './harness.js';
import { deep, field, pipeline, tokenSoup, word } from './spl-grammar.js';

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** A seed rule file for mutation. */
export interface Seed {
  readonly name: string;
  readonly text: string;
}

export function readSeeds(paths: readonly string[]): Seed[] {
  return paths.map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));
}

// ── YAML wrappers ──

/** The SPL as a YAML scalar in one of the styles rules use (block, folded, quoted, plain), sometimes mis-indented. */
const yamlScalar = (spl: string, style: number): string => {
  switch (style % 6) {
    case 0:
      return `|\n${spl.split('\n').map((l) => `  ${l}`).join('\n')}`;
    case 1:
      return `>-\n${spl.split('\n').map((l) => `  ${l}`).join('\n')}`;
    case 2:
      return `'${spl.replace(/'/g, "''")}'`;
    case 3:
      return JSON.stringify(spl);
    case 4:
      return spl; // plain: often not valid YAML, or a different value
    default:
      return `|-\n${spl.split('\n').map((l, i) => (i % 2 ? ` ${l}` : `  ${l}`)).join('\n')}`;
  }
};

const catalogYaml = (spl: string, style: number, extra: string): string =>
  `id: fuzz-${style}\ntitle: Fuzz rule\ndescription: generated\nlogic_format: Splunk\ntechnique_id: T1059.001\ntechniques:\n  - Command and Scripting Interpreter\n${extra}logic: ${yamlScalar(spl, style)}\n`;

const escuYaml = (spl: string, style: number, extra: string): string =>
  `name: Fuzz Detection\nid: 0000-${style}\ntype: TTP\n${extra}search: ${yamlScalar(spl, style)}\ntags:\n  mitre_attack_id:\n  - T1003\n  - bogus\n`;

const EXTRA_KEYS = [
  '', '', '', 'references: [a, b, {c: d}]\n', 'data_source: !!str 12\n', 'anchors: &a [x, y]\nmore: *a\n',
  'tags: {mitre_attack_id: [T1, T2.001]}\n', '<<: {id: merged}\n', 'logic_format: snowflake\n', 'search: [1, 2]\n',
  'id: 5399.5490\n', 'date: 2024-01-01\n', '? complex key\n: value\n', 'x: !!binary aGVsbG8=\n', 'y: !!timestamp 2001-12-14\n',
] as const;

/** A generated pipeline inside a catalog or security-content YAML wrapper. */
const wrapped: fc.Arbitrary<string> = fc
  .tuple(pipeline(2), fc.nat(11), pick(EXTRA_KEYS), fc.boolean())
  .map(([spl, style, extra, escu]) => (escu ? escuYaml(spl, style, extra) : catalogYaml(spl, style, extra)));

// ── mutations ──

const INSERTS = [
  '|', '[', ']', '(', ')', '"', "'", '`', '```', '\\', '\n', '\r\n', '\t', ':', ': ', '- ', '---\n', '...\n', '#', '&a ', '*a', '!!str ',
  '!!js/function ', '? ', '{', '}', '%YAML 1.2\n', '  ', '\ufeff', '\u2028', '😀', '\ud800', 'AND', 'NOT', '=', '$', '$1$', '`m`', '[search x]',
  'logic: ', 'search: ', 'logic_format: Splunk\n', '<<: *a\n', 'Rule body yaml\n', 'MITRE ATT&CK coverage\n',
] as const;

type Mutation = (s: string) => string;

/** One mutation, chosen by fast-check (positions are fractions of the text length, so any text fits). */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(pick(INSERTS), word, field)).map(([at, ins]): Mutation => (s) => {
    const i = Math.floor(at * s.length);
    return s.slice(0, i) + ins + s.slice(i);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40)).map(([at, n]): Mutation => (s) => {
    const i = Math.floor(at * s.length);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(60), fc.integer({ min: 2, max: 30 })).map(([at, n, k]): Mutation => (s) => {
    const i = Math.floor(at * s.length);
    return s.slice(0, i) + s.slice(i, i + n).repeat(k) + s.slice(i + n);
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): Mutation => (s) => s.slice(0, Math.floor(at * s.length))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 0x10ffff })).map(([at, cp]): Mutation => (s) => {
    const i = Math.floor(at * s.length);
    const c = cp === 0 ? ' ' : String.fromCodePoint(cp);
    return s.slice(0, i) + c + s.slice(i + 1);
  }),
  fc.tuple(pick(['"', "'", '(', ')', '[', ']', '|', '`', ' ', '\n', '=', ':', '-']), pick(['', '"', "'", '(', '[', '\\', '  ', '\t', '\n  ', '==', ': ', '- '])).map(([a, b]): Mutation => (s) => {
    const i = s.indexOf(a);
    return i < 0 ? s : s.slice(0, i) + b + s.slice(i + a.length);
  }),
  // indentation damage: the YAML wrapper's own structure
  fc.tuple(fc.nat(200), pick(['', ' ', '   ', '\t', '    - '])).map(([n, ind]): Mutation => (s) => {
    const lines = s.split('\n');
    const i = lines.length ? n % lines.length : 0;
    lines[i] = ind + (lines[i] ?? '').trimStart();
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(200), fc.nat(200)).map(([a, b]): Mutation => (s) => {
    const lines = s.split('\n');
    if (lines.length < 2) return s;
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
);

export const mutate = (base: fc.Arbitrary<string>, max = 5): fc.Arbitrary<string> =>
  fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: max })).map(([s, ms]) => ms.reduce((acc, m) => m(acc), s));

/** YAML that tries the loader: alias bombs, deep nesting, huge keys, odd tags and documents. */
const yamlAttack: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 2, max: 12 }).map((n) => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < n; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    return `${lines.join('\n')}\nlogic_format: Splunk\nlogic: index=main *a${n - 1}\nid: bomb\nref: *a${n - 1}\n`;
  }),
  fc.integer({ min: 10, max: 3000 }).map((n) => `logic: x\nid: deep\nnest: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.integer({ min: 10, max: 3000 }).map((n) => `logic: x\nid: deep\nnest:\n${Array.from({ length: Math.min(n, 400) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} v\n`),
  fc.integer({ min: 1, max: 5 }).map((n) => `${'---\nlogic: index=a\n'.repeat(n * 20)}`),
  fc.integer({ min: 1, max: 5000 }).map((n) => `logic: index=main\n${'k'.repeat(n * 10)}: v\nid: ${'9'.repeat(n)}\n`),
  pick([
    'logic: !!js/regexp /x/\n', 'logic: !!python/object:os.system x\n', 'logic: !<tag:yaml.org,2002:str> index=x\n', 'search: &s index=x\nlogic: *s\n',
    'search: *undefined\n', 'logic: &a\n  - *a\n', '%TAG ! tag:x,2000:\n---\nlogic: !x y\n', 'logic: |0\n  x\n', 'logic: >\n\tx\n', 'search: "\\uD800"\n',
    '"logic": 1\n"logic": 2\n', 'logic:\n  <<: *x\n', '--- !!set\n? logic\n', 'logic: [\n', 'logic: {\n', 'logic: "\\x\n', '\u0085logic: x\n',
  ]),
);

/** `macros.conf` text: definitions that are SPL fragments, arguments, self-references, junk. */
const macrosConf: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      pick(['sysmon', 'm', 'x_filter', 'security_content_ctime', 'loop', 'a', 'b', 'drop_dm_object_name', 'weird name', '__proto__', 'constructor', '']),
      fc.nat(3),
      fc.oneof(pipeline(1), pick(['`m`', '`loop`', '`a` `a`', '`b(1)`', '$arg1$', '$x$ | $y$', 'search *', '| stats count', '[', '(', '"', '```', '`a(`', '\\'])),
      fc.boolean(),
    ),
    { maxLength: 6 },
  )
  .map((defs) =>
    defs
      .map(([name, arity, def, iseval]) => {
        const args = Array.from({ length: arity }, (_, i) => `arg${i + 1}`);
        return `[${name}${arity ? `(${arity})` : ''}]\n${arity ? `args = ${args.join(',')}\n` : ''}definition = ${def.replace(/\n/g, ' \\\n')}\n${iseval ? 'iseval = 1\n' : ''}`;
      })
      .join('\n'),
  );

const macroRule: fc.Arbitrary<string> = fc
  .tuple(fc.array(pick(['`sysmon`', '`m`', '`loop`', '`a`', '`b(1)`', '`m(x)`', '`m(a,b)`', '`security_content_ctime(firstTime)`', '`x_filter`', '`weird name`', '`__proto__`']), { minLength: 1, maxLength: 4 }), pipeline(1))
  .map(([uses, p]) => `${uses.join(' ')} ${p} | ${uses[0]}`);

/** Hostile events: odd types, prototype keys, huge and multivalue fields. */
export const events: fc.Arbitrary<unknown[]> = fc.array(
  fc.dictionary(
    fc.oneof(field, pick(['__proto__', 'constructor', '_raw', '_time', 'index', 'count'])),
    fc.oneof(
      word,
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.oneof(word, fc.integer()), { maxLength: 4 }),
      fc.dictionary(field, word, { maxKeys: 3 }),
      pick(['1704067200', '-1', '', ' ', '10.1.2.3', '::ffff:1.2.3.4', 'x'.repeat(5000)]),
    ),
    { maxKeys: 8 },
  ),
  { maxLength: 6 },
);

// ── assembling inputs ──

const asFile = (source: string, ext: string) => (text: string) => ({ source, file: `fuzz.${ext}`, bytes: utf8(text) });

export interface InputOptions {
  /** Real rules to mutate (corpus and fixtures). */
  readonly seeds: readonly Seed[];
  /** Evaluate and run the JS module on events for this fraction of inputs (0–1). */
  readonly runFraction: number;
}

/** Every input generator, weighted. */
export function fuzzInput(opts: InputOptions): fc.Arbitrary<FuzzInput> {
  const seedText = opts.seeds.length ? pick(opts.seeds.map((s) => s.text)) : fc.constant('index=main x=1');
  const base: fc.Arbitrary<Omit<FuzzInput, 'events'>> = fc.oneof(
    { weight: 30, arbitrary: pipeline(2).map(asFile('grammar', 'spl')) },
    { weight: 10, arbitrary: wrapped.map(asFile('grammar-yaml', 'yml')) },
    { weight: 8, arbitrary: tokenSoup.map(asFile('token-soup', 'spl')) },
    { weight: 3, arbitrary: deep.map(asFile('deep', 'spl')) },
    { weight: 25, arbitrary: mutate(seedText).map(asFile('corpus-mutation', 'yml')) },
    { weight: 8, arbitrary: mutate(wrapped, 3).map(asFile('yaml-mutation', 'yml')) },
    { weight: 4, arbitrary: yamlAttack.map(asFile('yaml-attack', 'yml')) },
    { weight: 6, arbitrary: fc.tuple(macrosConf, macroRule).map(([conf, rule]) => ({ source: 'macros', file: 'fuzz.spl', bytes: utf8(rule), macrosConf: conf })) },
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ source: 'binary', file: 'fuzz.bin', bytes })) },
    {
      weight: 3,
      arbitrary: fc.tuple(seedText, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([text, junk, at]) => {
        const b = Buffer.from(text, 'utf8');
        const i = Math.floor(at * b.length);
        return { source: 'bytes-mutation', file: 'fuzz.yml', bytes: new Uint8Array(Buffer.concat([b.subarray(0, i), Buffer.from(junk), b.subarray(i)])) };
      }),
    },
  );
  return fc.tuple(base, fc.noBias(fc.integer({ min: 0, max: 999 })), events).map(([input, r, evs]) => (r < opts.runFraction * 1000 ? { ...input, events: evs } : input));
}
