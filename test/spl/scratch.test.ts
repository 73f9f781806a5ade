import { test } from 'vitest';
import { parseSpl } from '../../src/spl/parser.js';
const strip = (x: unknown): unknown => Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => !/span$|Span$/i.test(k)).map(([k, v]) => [k, strip(v)])) : x;
test('scratch', () => {
  for (const q of [
    'index=x | where a=1 OR b=2 AND c=3',
    'index=x | eval x="a" . b . "c", y=-x + 2 * 3',
    'index=x | where NOT like(x, "a%") AND x NOT IN ("a","b")',
    'index=x | stats count(eval(x>1)) as n values(*) as * dc(user) BY _time, host',
    '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime from datamodel=Endpoint.Processes where nodename=Processes Processes.process_name=cmd.exe by _time span=1h Processes.dest',
    'index=x | bucket span=5m _time | bin x span=10 as y | head 5',
    'index=x | where (a=1',
  ]) { const r = parseSpl(q); console.log(q, JSON.stringify(strip(r.pipeline.stages.slice(1)), null, 0), JSON.stringify(r.diagnostics)); }
});
