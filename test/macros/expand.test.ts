import { describe, expect, it } from 'vitest';
import { expandMacros, MacroTable, type MacroDef } from '../../src/macros/index.js';

/** Definitions as `name(args…)` → body; `!` prefix on the body marks iseval. */
function table(defs: Record<string, string>, builtin = true): MacroTable {
  const t = builtin ? MacroTable.builtin() : new MacroTable();
  for (const [head, body] of Object.entries(defs)) {
    const m = /^([^(]+)(?:\((.*)\))?$/.exec(head);
    const args = m?.[2] ? m[2].split(',').map((a) => a.trim()) : [];
    const def: MacroDef = {
      name: m?.[1] ?? head,
      args,
      definition: body.startsWith('!') ? body.slice(1) : body,
      iseval: body.startsWith('!'),
      origin: 'test',
    };
    t.add(def);
  }
  return t;
}

const T = table({
  sysmon: 'sourcetype=sysmon',
  'ctime(field)': 'convert ctime($field$)',
  'pair(a, b)': '$a$=$b$',
  outer: '`inner` | stats count',
  inner: 'index=x',
  so: 'summariesonly=`so_cfg` allow_old_summaries=`old_cfg`',
  so_cfg: 'false',
  old_cfg: 'true',
  a: 'x `b`',
  b: '`a` y',
  self: '`self`',
  'evalm(x)': '!if($x$>1, "a", "b")',
  empty: '',
  re: 'regex f="^a$"',
  'wrap(v)': 'search "$v$" `sysmon`',
  'uses_undef(v)': '`nowhere($v$)` | `sysmon`',
  'over(x)': 'one',
  'over(x, y)': 'two',
  qbody: 'search "`sysmon`" `sysmon`',
});

interface Case {
  name: string;
  spl: string;
  text: string;
  /** Uses as `name(args…)` with `+` (expanded), `-` (undefined) or `=` (defined, not expanded), and `<via` chain. */
  uses?: string[];
  /** Diagnostic codes, in order. */
  codes?: string[];
}

const cases: Case[] = [
  { name: 'plain macro', spl: '`sysmon` EventCode=1', text: 'sourcetype=sysmon EventCode=1', uses: ['+sysmon()'] },
  { name: 'no spaces added', spl: 'a`sysmon`b', text: 'asourcetype=sysmonb', uses: ['+sysmon()'] },
  { name: 'adjacent uses', spl: '`sysmon``sysmon`', text: 'sourcetype=sysmonsourcetype=sysmon', uses: ['+sysmon()', '+sysmon()'] },
  { name: 'empty parentheses are arity 0', spl: '`sysmon()`', text: 'sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'spaces inside the backticks', spl: '` sysmon `', text: 'sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'one positional argument', spl: '| `ctime(firstTime)`', text: '| convert ctime(firstTime)', uses: ['+ctime(firstTime)'] },
  {
    name: 'positional arguments, quoted comma kept',
    spl: '`pair(user, "bob, smith")`',
    text: 'user="bob, smith"',
    uses: ['+pair(user|"bob, smith")'],
  },
  { name: 'arguments trimmed', spl: '`pair(  a ,\n b  )`', text: 'a=b', uses: ['+pair(a|b)'] },
  { name: 'commas inside parentheses', spl: '`pair(f, coalesce(a,b))`', text: 'f=coalesce(a,b)', uses: ['+pair(f|coalesce(a,b))'] },
  { name: 'named arguments, any order', spl: '`pair(b="x,y", a=f)`', text: 'f="x,y"', uses: ['+pair(b="x,y"|a=f)'] },
  { name: 'named: `==` is not a name', spl: '`pair(a==1, b=2)`', text: 'a==1=b=2', uses: ['+pair(a==1|b=2)'] },
  { name: 'mixed named/positional: positional', spl: '`pair(a=1, 2)`', text: 'a=1=2', uses: ['+pair(a=1|2)'] },
  {
    name: 'named with unknown names: positional + warning',
    spl: '`pair(x=1, y=2)`',
    text: 'x=1=y=2',
    uses: ['+pair(x=1|y=2)'],
    codes: ['MAC023'],
  },
  { name: 'argument substitution is one pass', spl: '`ctime($field$)`', text: 'convert ctime($field$)', uses: ['+ctime($field$)'] },
  { name: 'replacement patterns are literal', spl: "`ctime($&$')`", text: "convert ctime($&$')", uses: ["+ctime($&$')"] },
  { name: 'a $ that is no argument stays', spl: '`re`', text: 'regex f="^a$"', uses: ['+re()'] },
  { name: 'nested', spl: '`outer`', text: 'index=x | stats count', uses: ['+outer()', '+inner()<outer'] },
  {
    name: 'nested, several inner uses',
    spl: '| tstats `so` count',
    text: '| tstats summariesonly=false allow_old_summaries=true count',
    uses: ['+so()', '+so_cfg()<so', '+old_cfg()<so'],
  },
  { name: 'a use cannot contain backticks', spl: '`wrap(`x`)`', text: '`wrap(`x`)`', uses: [], codes: ['MAC013', 'MAC013'] },
  {
    name: 'quoted text inside a body is not expanded',
    spl: '`qbody`',
    text: 'search "`sysmon`" sourcetype=sysmon',
    uses: ['+qbody()', '+sysmon()<qbody'],
  },
  { name: 'body with a quoted argument', spl: '`wrap(*.exe)`', text: 'search "*.exe" sourcetype=sysmon', uses: ['+wrap(*.exe)', '+sysmon()<wrap'] },
  {
    name: 'undefined inside a body: kept, info',
    spl: '`uses_undef(z)`',
    text: '`nowhere(z)` | sourcetype=sysmon',
    uses: ['+uses_undef(z)', '-nowhere(z)<uses_undef', '+sysmon()<uses_undef'],
    codes: ['MAC020'],
  },
  { name: 'cycle a → b → a', spl: '`a`', text: 'x `a` y', uses: ['+a()', '+b()<a', '=a()<a,b'], codes: ['MAC010'] },
  { name: 'self cycle', spl: 'p `self` q', text: 'p `self` q', uses: ['+self()', '=self()<self'], codes: ['MAC010'] },
  { name: 'inside double quotes: not expanded', spl: 'x="`sysmon`" `sysmon`', text: 'x="`sysmon`" sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'escaped quote inside quotes', spl: '"a \\" `sysmon` b" `sysmon`', text: '"a \\" `sysmon` b" sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'escaped backslash closes quotes', spl: 'p="C:\\\\" `sysmon`', text: 'p="C:\\\\" sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'escaped quote outside quotes', spl: 'x=*\\"p\\":true* `sysmon`', text: 'x=*\\"p\\":true* sourcetype=sysmon', uses: ['+sysmon()'] },
  { name: 'escaped backtick is no macro', spl: 'x=\\`sysmon\\`', text: 'x=\\`sysmon\\`', uses: [] },
  {
    name: 'triple-backtick comments are kept and not expanded',
    spl: 'a ``` `sysmon` "x ``` `sysmon`',
    text: 'a ``` `sysmon` "x ``` sourcetype=sysmon',
    uses: ['+sysmon()'],
  },
  { name: 'empty comment', spl: '``````', text: '``````', uses: [] },
  { name: 'comment right after a macro', spl: '`sysmon````c```', text: 'sourcetype=sysmon```c```', uses: ['+sysmon()'] },
  {
    name: 'undefined: kept exactly, info',
    spl: '`get_endpoint_data` `get_endpoint_data_winevent` EventCode=7045',
    text: '`get_endpoint_data` `get_endpoint_data_winevent` EventCode=7045',
    uses: ['-get_endpoint_data()', '-get_endpoint_data_winevent()'],
    codes: ['MAC020', 'MAC020'],
  },
  { name: 'undefined with arguments', spl: '`my_grouping(host, 1)`', text: '`my_grouping(host, 1)`', uses: ['-my_grouping(host|1)'], codes: ['MAC020'] },
  { name: 'wrong arity', spl: '`ctime`', text: '`ctime`', uses: ['-ctime()'], codes: ['MAC021'] },
  { name: 'overloads by arity', spl: '`over(1)` `over(1,2)`', text: 'one two', uses: ['+over(1)', '+over(1|2)'] },
  { name: 'iseval: kept, warning', spl: '`evalm(3)`', text: '`evalm(3)`', uses: ['=evalm(3)'], codes: ['MAC022'] },
  { name: 'empty body', spl: 'a `empty` b', text: 'a  b', uses: ['+empty()'] },
  { name: '*_filter fallback', spl: '... | `my_rule_filter`', text: '... | search *', uses: ['+my_rule_filter()'] },
  { name: 'drop_dm_object_name builtin', spl: '| `drop_dm_object_name(Processes)`', text: '| rename Processes.* AS *', uses: ['+drop_dm_object_name(Processes)'] },
  { name: 'unclosed backtick', spl: 'a `sysmon b', text: 'a `sysmon b', uses: [], codes: ['MAC002'] },
  { name: 'unclosed comment', spl: '`sysmon` ``` `sysmon`', text: 'sourcetype=sysmon ``` `sysmon`', uses: ['+sysmon()'], codes: ['MAC003'] },
  { name: 'unclosed quote', spl: '`sysmon` "abc `sysmon`', text: 'sourcetype=sysmon "abc `sysmon`', uses: ['+sysmon()'], codes: ['MAC004'] },
  { name: 'malformed: space in name', spl: '`foo bar`', text: '`foo bar`', uses: [], codes: ['MAC013'] },
  { name: 'malformed: unclosed parenthesis', spl: '`apply_al(X` | x', text: '`apply_al(X` | x', uses: [], codes: ['MAC013'] },
  { name: 'malformed: empty', spl: 'a `` b', text: 'a `` b', uses: [], codes: ['MAC013'] },
  { name: 'loose quote in arguments', spl: '`pair("host,1)`', text: '"host=1', uses: ['+pair("host|1)'], codes: ['MAC024', 'MAC004'] },
  { name: 'no macros', spl: 'index=main | stats count', text: 'index=main | stats count', uses: [] },
  { name: 'empty text', spl: '', text: '', uses: [] },
];

/** Compact form of a use for the table. */
function useKey(u: { name: string; args: readonly string[]; defined: boolean; expanded?: boolean; via?: readonly string[] }): string {
  const mark = !u.defined ? '-' : u.expanded ? '+' : '=';
  const via = u.via && u.via.length ? `<${u.via.join(',')}` : '';
  return `${mark}${u.name}(${u.args.join('|')})${via}`;
}

describe('expandMacros', () => {
  it.each(cases)('$name', (c) => {
    const { expansion, diagnostics } = expandMacros(c.spl, T);
    expect(expansion.text).toBe(c.text);
    expect(diagnostics.map((d) => d.code)).toEqual(c.codes ?? []);
    if (c.uses) expect(expansion.uses.map(useKey)).toEqual(c.uses);
  });

  it('diagnostic severities and messages', () => {
    const t = table({ a: '`b`', b: '`c`', c: '`a`', 'f(x)': 'x', 'f(x, y)': 'xy', 'e(v)': '!v' });
    const run = (spl: string) => expandMacros(spl, t).diagnostics;
    expect(run('`a`')[0]).toMatchObject({ code: 'MAC010', severity: 'error', span: { start: 0, end: 3 } });
    expect(run('`a`')[0]?.message).toContain('a → b → c → a');
    expect(run('x `nope`')[0]).toMatchObject({
      code: 'MAC020',
      severity: 'info',
      message: 'macro `nope` is not defined; kept as a data-source selector',
      span: { start: 2, end: 8 },
    });
    expect(run('`f`')[0]).toMatchObject({ code: 'MAC021', severity: 'warning' });
    expect(run('`f`')[0]?.message).toContain('f(1), f(2)');
    expect(run('`e(1)`')[0]).toMatchObject({ code: 'MAC022', severity: 'warning' });
    expect(run('ab `c')[0]).toMatchObject({ code: 'MAC002', severity: 'error', span: { start: 3, end: 5 } });
    expect(run('```c')[0]).toMatchObject({ code: 'MAC003', severity: 'error', span: { start: 0, end: 4 } });
    expect(run('"c')[0]).toMatchObject({ code: 'MAC004', severity: 'warning' });
  });

  it('a problem inside a body points at the outermost invocation', () => {
    const t = table({ outer: 'x `mid`', mid: 'y `bad', host: '`outer`' });
    const { expansion, diagnostics } = expandMacros('q `host` r', t);
    expect(expansion.text).toBe('q x y `bad r');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'MAC002', span: { start: 2, end: 8 } });
    expect(diagnostics[0]?.message).toContain('in the body of `mid`');
  });

  it('uses carry the span of the outermost invocation', () => {
    const { expansion } = expandMacros('ab `outer` cd', T);
    expect(expansion.uses).toEqual([
      { name: 'outer', args: [], span: { start: 3, end: 10 }, defined: true, expanded: true, via: [] },
      { name: 'inner', args: [], span: { start: 3, end: 10 }, defined: true, expanded: true, via: ['outer'] },
    ]);
  });

  it('depth limit', () => {
    const defs: Record<string, string> = {};
    for (let i = 0; i < 60; i++) defs[`m${i}`] = `${i} \`m${i + 1}\``;
    defs.m60 = 'end';
    const t = table(defs);
    const deep = expandMacros('`m0`', t);
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['MAC011']);
    expect(deep.expansion.text).toMatch(/^0 1 2 .* 49 `m50`$/);
    const allowed = expandMacros('`m0`', t, { maxDepth: 61 });
    expect(allowed.diagnostics).toEqual([]);
    expect(allowed.expansion.text.endsWith('58 59 end')).toBe(true);
  });

  it('length limit: exponential growth stops with MAC012 and the text is left unexpanded', () => {
    const defs: Record<string, string> = { e0: 'xxxxxxxxxx' };
    for (let k = 1; k <= 30; k++) defs[`e${k}`] = `\`e${k - 1}\`\`e${k - 1}\``;
    const t = table(defs);
    const big = expandMacros('a `e30` b', t);
    expect(big.diagnostics.map((d) => d.code)).toEqual(['MAC012']);
    expect(big.diagnostics[0]?.severity).toBe('error');
    expect(big.expansion.text).toBe('a `e30` b');
    expect(big.expansion.toOriginal(4, 'start')).toBe(4);
    expect(big.expansion.uses.every((u) => u.expanded === false)).toBe(true);
    // Within the limit it expands.
    expect(expandMacros('`e3`', t).expansion.text).toBe('x'.repeat(80));
    expect(expandMacros('`e3`', t, { maxLength: 79 }).diagnostics.map((d) => d.code)).toEqual(['MAC012']);
  });

  it('expansion-count limit: fan-out into empty bodies stops with MAC012', () => {
    const defs: Record<string, string> = { f0: '' };
    for (let k = 1; k <= 30; k++) defs[`f${k}`] = `\`f${k - 1}\`\`f${k - 1}\``;
    const res = expandMacros('`f30`', table(defs));
    expect(res.diagnostics.map((d) => d.code)).toEqual(['MAC012']);
    expect(res.expansion.text).toBe('`f30`');
  });

  it('does not change the table', () => {
    const t = table({ x: 'y' });
    const before = t.size;
    expandMacros('`x` `other_filter` `nope`', t);
    expect(t.size).toBe(before);
    expect(t.has('other_filter', 0)).toBe(false);
  });
});
