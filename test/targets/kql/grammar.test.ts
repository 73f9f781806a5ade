import { describe, expect, it } from 'vitest';
import { evaluate, KqlSyntaxError, parseKql, type Node } from './kql-grammar.js';

/**
 * The test-only KQL recogniser is itself checked against behaviour Kibana documents or tests (its AST tests and
 * its grammar): if it disagrees with Kibana here, nothing checked with it can be trusted.
 */

/** A compact form of a parsed query. */
function show(n: Node): string {
  const val = (v: Extract<Node, { t: 'is' }>['value'] | null): string =>
    v === null ? '<all>' : v.kind === 'wildcard' ? `W${JSON.stringify(v.segments.join('*'))}` : v.quoted ? `Q${JSON.stringify(v.value)}` : JSON.stringify(v.value);
  switch (n.t) {
    case 'or':
    case 'and':
      return `${n.t}(${n.items.map(show).join(', ')})`;
    case 'not':
      return `not(${show(n.item)})`;
    case 'is':
      return `${val(n.field)}:${val(n.value)}`;
    case 'range':
      return `${val(n.field)}${n.op}${val(n.value)}`;
    case 'nested':
      return `${val(n.path)}{${show(n.query)}}`;
  }
}

describe('the test recogniser reads KQL as Kibana does', () => {
  it.each([
    ['foo', '<all>:"foo"'],
    ['  foo ', '<all>:"foo"'],
    ['foo bar', '<all>:"foo bar"'],
    ['foo and bar', 'and(<all>:"foo", <all>:"bar")'],
    ['foo and\u00A0bar', 'and(<all>:"foo", <all>:"bar")'],
    ['foo or bar and baz or qux', 'or(<all>:"foo", and(<all>:"bar", <all>:"baz"), <all>:"qux")'],
    ['(foo or bar) and baz', 'and(or(<all>:"foo", <all>:"bar"), <all>:"baz")'],
    ['not (foo or bar)', 'not(or(<all>:"foo", <all>:"bar"))'],
    ['foo:bar', '"foo":"bar"'],
    ['foo:bar baz', '"foo":"bar baz"'],
    ['foo:"bar baz"', '"foo":Q"bar baz"'],
    ['foo:(bar or baz)', 'or("foo":"bar", "foo":"baz")'],
    ['foo:((bar or baz) and not qux)', 'and(or("foo":"bar", "foo":"baz"), not("foo":"qux"))'],
    ['bytes > 1000 and bytes <= 8000', 'and("bytes">"1000", "bytes"<="8000")'],
    ['machine*:osx', 'W"machine*":"osx"'],
    ['foo:ba*', '"foo":W"ba*"'],
    ['foo:*', '"foo":W"*"'],
    ['nestedField:{ childOfNested: foo }', '"nestedField"{"childOfNested":"foo"}'],
    ['f: \\\\\\(\\)\\:\\<\\>\\"\\*', '"f":"\\\\():<>\\"*"'],
    ['f: "\\\\():<>\\"*"', '"f":Q"\\\\():<>\\"*"'],
    ['f: x\\u00A0y', '"f":"x\u00A0y"'],
    ['f: \\u00A0x', '"f":"x"'], // decoded, then trimmed
    ['f: true', '"f":true'],
    ['f: a or', '"f":"a or"'], // `or` needs whitespace on both sides to be a keyword
    ['and', '<all>:"and"'],
    ['not', '<all>:"not"'],
    ['f: (not x)', 'not("f":"x")'],
    ['f: a or or', 'or("f":"a", <all>:"or")'],
    ['f: "true"', '"f":Q"true"'],
    ['f: a \\or b', '"f":"a or b"'],
    ['f: a \\AND b', '"f":"a AND b"'],
    // the escape-sequence rule is tried before the escaped keyword: `\not` is a newline and "ot"
    ['f: a\\not', '"f":"a\\n' + 'ot"'],
    ['f: \\not', '"f":"ot"'], // and the decoded value is trimmed: the newline is lost
    ['f: \\NOT', '"f":"NOT"'],
    ['f: can\\u006Eot', '"f":"cannot"'],
    ['f: "a\\nb"', '"f":Q"a\\nb"'],
    ['f: "C:\\Windows"', '"f":Q"C:\\\\Windows"'],
  ])('%s', (kql, want) => {
    expect(show(parseKql(kql))).toBe(want);
  });

  it.each([
    'f: cannot and g: 1', // `not ` ends the value at "can"
    'f:',
    'f: (a',
    'f: a\\b',
    'f: "a',
    'f: a}',
    'f: a)',
    'f: not x', // a NOT needs a value list: `f: (not x)`
    'a:b:c',
  ])('rejects %s', (kql) => {
    expect(() => parseKql(kql)).toThrow(KqlSyntaxError);
  });

  it('reads `not` inside a word followed by whitespace as a keyword', () => {
    // "foo cannot bar": the value stops at "foo can", then `not bar` is not a continuation
    expect(() => parseKql('foo cannot bar')).toThrow(KqlSyntaxError);
    expect(show(parseKql('foo cannot'))).toBe('<all>:"foo cannot"');
  });

  it('evaluates with keyword-field semantics', () => {
    const q = parseKql('a: "X" and not b: 1* and c > 5');
    expect(evaluate(q, { a: 'X', c: '10' })).toBe(true);
    expect(evaluate(q, { a: 'x', c: '10' })).toBe(false); // case-sensitive
    expect(evaluate(q, { a: 'X', b: '12', c: '10' })).toBe(false);
    expect(evaluate(q, { a: 'X', b: ['2', '12'], c: 6 })).toBe(false); // any value of a multivalue field
    expect(evaluate(q, { a: 'X' })).toBe(false); // a range on a missing field is false
    expect(evaluate(parseKql('*: *'), {})).toBe(true);
    expect(evaluate(parseKql('not *: *'), { a: '1' })).toBe(false);
    expect(evaluate(parseKql('a: *'), { a: '' })).toBe(true);
    expect(evaluate(parseKql('a: *'), { a: [] })).toBe(false);
  });
});
