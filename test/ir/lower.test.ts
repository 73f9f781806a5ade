import { describe, expect, it } from 'vitest';
import { printPredicate, printSelector } from '../../src/ir/print-predicate.js';
import { MacroTable } from '../../src/macros/index.js';
import { lowerSpl } from '../helpers/spl.js';
import { lowerRule } from '../../src/ir/lower/index.js';
import { parseSemantics } from '../../src/ir/semantics.js';
import { loadRuleText } from '../../src/load/index.js';

const filterOf = (spl: string, macros?: MacroTable) => printPredicate(lowerSpl(spl, macros).query.filter);

describe('search semantics in the IR', () => {
  it.each([
    ['EventCode=7045', 'EventCode="7045"'],
    ['user=*', 'exists(user)'],
    ['user!=*', 'false'],
    ['NOT user=*', 'not(exists(user))'],
    ['user!=admin', 'user!="admin"'],
    ['NOT user=admin', 'not(user="admin")'],
    ['host=CASE(Web01)', 'host="Web01"(cs)'],
    ['process=*\\\\temp\\\\*', 'process="*\\\\temp\\\\*"'],
    ['count>10', 'count>"10"(num)'],
    ['name<m', 'name<"m"'],
    ['s IN (a, b*)', 's in ("a", "b*")'],
    ['error', 'raw:term("error")'],
    ['"failed login"', 'raw:phrase("failed login")'],
    ['TERM(EventCode=7045)', 'raw:indexed("EventCode=7045")'],
    ['search *', 'true'],
    ['a=1 b=2 OR c=3', 'and(a="1", or(b="2", c="3"))'],
    ['src_ip=10.0.0.0/8', 'cidr(src_ip, 10.0.0.0/8)'],
    ['src_ip!=fe80::/10', 'and(exists(src_ip), not(cidr(src_ip, fe80::/10)))'],
    ['path=C:\\Windows\\*', 'path="C:\\\\Windows\\\\*"'], // a backslash before a letter is literal
    ['path=C:\\\\Temp', 'path="C:\\\\Temp"'], // \\ is one backslash
    ['url=10.0.0.1/x', 'url="10.0.0.1/x"'],
  ])('%s → %s', (spl, want) => {
    expect(filterOf(spl)).toBe(want);
  });

  it('lifts TERM(field=value) to a known field test', () => {
    const f = lowerSpl('TERM(EventCode=7045)').query.filter;
    expect(f.kind === 'raw' && f.lift).toEqual({ field: 'EventCode', value: '7045' });
  });
});

describe('data-source selectors come from top-level conjuncts of the first stage', () => {
  it.each([
    ['index=main sourcetype=WinEventLog:System EventCode=7045', ['index:main', 'sourcetype:WinEventLog:System'], 'EventCode="7045"'],
    ['`get_endpoint_data` `sysmon_x` x=1', ['macro:get_endpoint_data', 'macro:sysmon_x'], 'x="1"'],
    ['(index=a OR index=b) x=1', [], 'and(or(index="a", index="b"), x="1")'],
    ['| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest', ['datamodel:Endpoint.Processes'], 'Processes.process_name="cmd.exe"'],
  ])('%s', (spl, selectors, filter) => {
    const q = lowerSpl(spl).query;
    expect(q.source.selectors.map(printSelector)).toEqual(selectors);
    expect(printPredicate(q.filter)).toBe(filter);
  });
});

describe('later filter stages merge into one boolean tree when they can move before the stages between', () => {
  it.each([
    ['x=1 | regex f="a|b" | regex g!="c"', 'and(x="1", f~/a|b/, not(g~/c/))', []],
    ['x=1 | where like(f, "a%") AND NOT match(g, "^z")', 'and(x="1", f="a*"(cs), exists(g), not(g~/^z/))', []],
    ['x=1 | where NOT f="a"', 'and(x="1", f!="a"(cs))', []],
    ['x=1 | where isnull(f) OR cidrmatch("10.0.0.0/8", ip)', 'and(x="1", or(not(exists(f)), cidr(ip, 10.0.0.0/8)))', []],
    ['x=1 | eval y=2 | where f="a"', 'and(x="1", f="a"(cs))', ['eval']],
    ['x=1 | eval f=2 | where f="a"', 'x="1"', ['eval', 'filter']],
    ['x=1 | stats count by host | where count > 5', 'x="1"', ['stats', 'filter']],
    ['x=1 | stats count by host | where host="a"', 'and(x="1", host="a"(cs))', ['stats']],
    ['x=1 | table a b | search a=1', 'and(x="1", a="1")', ['fields']],
    ['x=1 | table a b | search c=1', 'x="1"', ['fields', 'filter']],
    ['x=1 | head 5 | search a=1', 'x="1"', ['head', 'filter']],
    ['x=1 | search `undefined_thing`', 'and(x="1", macro(undefined_thing))', []],
    ['x=1 | head 5 | search `undefined_thing`', 'x="1"', ['head', 'filter']],
    [
      '| tstats count from datamodel=Endpoint.Processes by Processes.process_name _time | rename Processes.* as * | where process_name="cmd.exe" AND _time>0',
      'and(Processes.process_name="cmd.exe"(cs), _time>"0"(cs)(num))',
      ['stats', 'rename'],
    ],
    ['x=1 | rename a as b | search b=1', 'and(x="1", a="1")', ['rename']],
    ['x=1 | rename a as b | search a=1', 'x="1"', ['rename', 'filter']],
  ])('%s', (spl, filter, stages) => {
    const q = lowerSpl(spl).query;
    expect(printPredicate(q.filter)).toBe(filter);
    expect(q.stages.map((s) => s.kind)).toEqual(stages);
  });

  it('keeps provenance: each merged predicate points at its stage and text', () => {
    const spl = 'x=1 | regex f="a"';
    const f = lowerSpl(spl).query.filter;
    if (f.kind !== 'and') throw new Error(printPredicate(f));
    const re = f.items[1]!;
    expect(re.origin.stage).toBe(1);
    expect(spl.slice(re.origin.span.start, re.origin.span.end)).toBe('"a"');
  });
});

describe('macros', () => {
  const table = MacroTable.builtin();
  table.add({ name: 'security_content_ctime', args: ['field'], definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', iseval: false, origin: 'test' });
  table.add({ name: 'wineventlog_system', args: [], definition: 'eventtype="wineventlog_system"', iseval: false, origin: 'test' });

  it('expands nested and argument macros, and maps stages back to the invocation', () => {
    const spl = '`wineventlog_system` EventCode=7045 | stats min(_time) as firstTime by host | `security_content_ctime(firstTime)` | `x_filter`';
    const rule = lowerSpl(spl, table);
    expect(rule.query.source.selectors.map(printSelector)).toEqual(['eventtype:wineventlog_system']);
    expect(rule.stageMap.map((s) => [s.command, s.text])).toEqual([
      ['search', '`wineventlog_system` EventCode=7045'],
      ['stats', 'stats min(_time) as firstTime by host'],
      ['convert', '`security_content_ctime(firstTime)`'],
      ['search', '`x_filter`'],
    ]);
    const convert = rule.query.stages[1]!;
    expect(convert.kind).toBe('convert');
    expect(convert.origin.macros).toEqual(['security_content_ctime']);
  });

  it('keeps an undefined macro as a named data source, with a note', () => {
    const rule = lowerSpl('`get_endpoint_data` x=1');
    expect(rule.query.source.selectors.map(printSelector)).toEqual(['macro:get_endpoint_data']);
    expect(rule.diagnostics.find((d) => d.code === 'MAC020')?.severity).toBe('info');
  });
});

describe('diagnostics of the frontend', () => {
  it('reports a rule with nothing but a comment (LOW002)', () => {
    const rule = lowerSpl('```only a comment```');
    expect(rule.diagnostics.map((d) => [d.code, d.severity])).toEqual([['LOW002', 'error']]);
  });

  it('reports errors inside a subsearch at the top-level stage that holds it', () => {
    const rule = lowerSpl('x=1 | join user [search y=2 | where (a=1]');
    const d = rule.diagnostics.find((x) => x.severity === 'error');
    expect(d?.stage).toBe(1);
    expect(d?.line).toBe(1);
  });

  it('notes why a filter stays a later stage (LOW010)', () => {
    const rule = lowerSpl('x=1 | dedup host | search y=2');
    expect(rule.diagnostics.find((d) => d.code === 'LOW010')?.message).toContain('dedup changes which events remain');
  });
});

describe('semantics switches (docs/semantics.md: points no source settles)', () => {
  it.each([
    ['keep', 'and(x="1", not(f~/a/))'],
    ['drop', 'and(x="1", exists(f), not(f~/a/))'],
  ] as const)('regex-neq-missing=%s', (choice, want) => {
    const loaded = loadRuleText('t.spl', 'x=1 | regex f!="a"');
    if (!loaded.ok) throw new Error('load');
    const rule = lowerRule(loaded.value[0]!, { semantics: { regexNeqMissing: choice } });
    expect(printPredicate(rule.query.filter)).toBe(want);
  });

  it.each([
    [['regex-neq-missing=drop'], []],
    [['regex-neq-missing=maybe'], ['--semantics regex-neq-missing takes keep or drop']],
    [['no-such=1'], ["unknown semantics switch 'no-such' (known: regex-neq-missing)"]],
  ])('parses %j', (items, errors) => {
    expect(parseSemantics(items).errors).toEqual(errors);
  });
});
