/**
 * Hostile rule text compiles to a module that treats it as data: field names such as `__proto__`, values with
 * quotes, backticks, `${}`, `</script>`, line separators, and regexes that try to close the string. The payloads
 * set `globalThis.__spl2xPwned`; it must stay unset.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/ir/types.js';
import { lit } from '../../../src/targets/js/generate.js';
import { loadModule } from '../../../src/targets/js/run.js';
import { lowerSpl } from '../../helpers/spl.js';
import { convert, NOW } from './helpers.js';

const g = globalThis as { __spl2xPwned?: unknown };
const PAYLOAD = 'globalThis.__spl2xPwned = 1';

afterEach(() => {
  expect(g.__spl2xPwned).toBeUndefined();
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

async function load(spl: string | Rule) {
  const r = convert(spl);
  expect(r.output).not.toMatch(/<\/script/i);
  expect(r.output).not.toMatch(/[\u2028\u2029]/);
  return { mod: await loadModule(r.output), result: r };
}

describe('hostile field names', () => {
  it('__proto__ and constructor are plain fields in the filter and the rows', async () => {
    const { mod } = await load('__proto__=x constructor=y | table __proto__ constructor toString');
    const event = JSON.parse('{"__proto__": "x", "constructor": "y", "toString": "z"}') as unknown;
    expect(mod.filter(event)).toBe(true);
    expect(mod.filter({ constructor: 'y' })).toBe(false);
    expect(mod.filter({})).toBe(false);
    const rows = mod.run([event]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(JSON.stringify(rows[0])).toBe('{"__proto__":"x","constructor":"y","toString":"z"}');
  });

  it('a missing `constructor` or `hasOwnProperty` field is missing (not the prototype\'s)', async () => {
    const { mod } = await load('| where isnull(constructor) AND isnull(hasOwnProperty) AND isnull(__proto__)');
    expect(mod.filter({ a: 1 })).toBe(true);
  });

  it('stats, rename, eval and values(*) on __proto__ do not touch prototypes', async () => {
    const { mod } = await load('* | rename a AS __proto__ | eval constructor=__proto__ . "!" | stats values(*) as * count by __proto__');
    const rows = mod.run([{ a: 'p', polluted: 'x' }, JSON.parse('{"__proto__": {"polluted": 1}}') as unknown]);
    expect(rows).toEqual([Object.fromEntries([['__proto__', 'p'], ['polluted', ['x']], ['constructor', ['p!']], ['count', 1]])]);
    expect(Object.keys(rows[0]!)).toEqual(['__proto__', 'polluted', 'constructor', 'count']);
  });

  it('nested __proto__ in an event is flattened as data', async () => {
    const { mod } = await load('* | table "__proto__.polluted"');
    const rows = mod.run([JSON.parse('{"__proto__": {"polluted": 1}}') as unknown]);
    expect(rows).toEqual([Object.fromEntries([['__proto__.polluted', 1]])]);
  });
});

describe('hostile values and regexes', () => {
  const cases: readonly (readonly [string, Record<string, unknown>, boolean])[] = [
    [`x="\\"); ${PAYLOAD}; (\\""`, { x: `"); ${PAYLOAD}; ("` }, true],
    ['x="`${globalThis.__spl2xPwned = 1}`"', { x: '`${globalThis.__spl2xPwned = 1}`' }, true],
    ['x="</script><script>globalThis.__spl2xPwned = 1</script>"', { x: '</script><script>globalThis.__spl2xPwned = 1</script>' }, true],
    [`x="a\u2028${PAYLOAD}//"`, { x: `a\u2028${PAYLOAD}//` }, true],
    [`x="*\\\\\\"); ${PAYLOAD}; //*"`, { x: `a\\"); ${PAYLOAD}; //b` }, true],
    [`| regex x="\\"\\\\); ${PAYLOAD}; //"`, { x: `"); ${PAYLOAD}; //` }, true],
    [`| regex x="\\\\x22\\\\); ${PAYLOAD}; //"`, { x: `"); ${PAYLOAD}; //` }, true],
    [`| where x="'); ${PAYLOAD}; ('"`, { x: `'); ${PAYLOAD}; ('` }, true],
    // not a valid PCRE: the leaf cannot be evaluated (partial), the filter keeps the event
    [`| where match(x, "*/ ${PAYLOAD} /*")`, { x: 'anything' }, true],
    [`"\\"); ${PAYLOAD}; (\\""`, { _raw: `"); ${PAYLOAD}; ("` }, true],
    [`x IN ("\\"); ${PAYLOAD}; //", "\`")`, { x: '`' }, true],
    [`| where cidrmatch("\\"); ${PAYLOAD}; //", x)`, { x: '10.0.0.1' }, false],
  ];
  it.each(cases)('%s', async (spl, event, matches) => {
    const { mod, result } = await load(spl);
    expect(mod.filter(event)).toBe(matches);
    expect(result.fidelity).toBe(/\bmatch\(/.test(spl) ? 'partial' : 'exact');
  });

  it('eval strings and field names in stages stay data', async () => {
    const { mod } = await load(`* | eval "a\\"]); ${PAYLOAD}; //"="\`\${1}\`" | rename "a\\"]); ${PAYLOAD}; //" AS out | table out`);
    expect(mod.run([{}], { now: NOW })).toEqual([{ out: '`${1}`' }]);
  });

  it('metadata (id, title) is data too', async () => {
    const base = lowerSpl('x=1');
    const rule: Rule = { ...base, meta: { ...base.meta, id: `*/ ${PAYLOAD}; /*`, title: `\u2028${PAYLOAD}\n${PAYLOAD}</script>` } };
    const { mod } = await load(rule);
    expect(mod.meta['id']).toBe(`*/ ${PAYLOAD}; /*`);
    expect(mod.meta['title']).toBe(`\u2028${PAYLOAD}\n${PAYLOAD}</script>`);
  });

  it('lit() escapes what could end a string, a comment or a script element', () => {
    expect(lit('</script>\u2028\u2029"\\`${x}')).toBe('"\\u003c/script\\u003e\\u2028\\u2029\\"\\\\`${x}"');
    expect(JSON.parse(lit('</script>\u2028'))).toBe('</script>\u2028');
  });
});
