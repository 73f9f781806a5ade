import { describe, expect, it } from 'vitest';
import { timespan, unrename } from '../../../src/targets/sigma/stages.js';
import { convert, type Converted } from './helpers.js';

const S = 'sourcetype=XmlWinEventLog:Security EventCode=4625';

function correlationOf(c: Converted): Record<string, unknown> {
  expect(c.correlation).toBeDefined();
  return c.correlation!['correlation'] as Record<string, unknown>;
}

describe('thresholded aggregations become correlation rules', () => {
  // [SPL after the search, correlation section (without rules), fidelity]
  const cases: [string, Record<string, unknown>, string][] = [
    ['stats count by user | where count > 5', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { gt: 5 } }, 'exact'],
    ['stats count by user, dest | where count >= 10', { type: 'event_count', 'group-by': ['User', 'Computer'], timespan: '1h', condition: { gte: 10 } }, 'exact'],
    ['stats count as failures by user | where failures < 3', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { lt: 3 } }, 'exact'],
    ['stats c by user | where c=4', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { eq: 4 } }, 'exact'],
    ['stats count by user | where count > 5 AND count <= 100', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { gt: 5, lte: 100 } }, 'exact'],
    ['stats count by user | where count > 5.5', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { gt: 5 } }, 'exact'],
    ['stats count | where count > 100', { type: 'event_count', 'group-by': [], timespan: '1h', condition: { gt: 100 } }, 'exact'],
    ['stats dc(user) as users by dest | where users > 10', { type: 'value_count', 'group-by': ['Computer'], timespan: '1h', condition: { gt: 10, field: 'User' } }, 'exact'],
    ['stats dc(user) by dest | where \'dc(user)\' >= 3', { type: 'value_count', 'group-by': ['Computer'], timespan: '1h', condition: { gte: 3, field: 'User' } }, 'exact'],
    ['bin _time span=5m | stats count by _time, user | where count > 5', { type: 'event_count', 'group-by': ['User'], timespan: '5m', condition: { gt: 5 } }, 'superset'],
    ['bin _time span=90m | stats count by _time, user | where count > 5', { type: 'event_count', 'group-by': ['User'], timespan: '90m', condition: { gt: 5 } }, 'superset'],
    ['bucket _time span=1d | stats count by _time, user | where count < 5', { type: 'event_count', 'group-by': ['User'], timespan: '1d', condition: { lt: 5 } }, 'partial'],
    ['stats count as total by src | where total >= 5 | sort - total', { type: 'event_count', 'group-by': ['src'], timespan: '1h', condition: { gte: 5 } }, 'exact'],
    ['stats count min(_time) as firstTime by user | where count > 5', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { gt: 5 } }, 'partial'],
    ['rename user as account | stats count by account | where count > 5', { type: 'event_count', 'group-by': ['User'], timespan: '1h', condition: { gt: 5 } }, 'partial'],
  ];

  it.each(cases)('%s', (tail, want, fidelity) => {
    const c = convert(`${S} | ${tail}`);
    const { rules, ...rest } = correlationOf(c);
    expect(rest).toEqual(want);
    expect(rules).toEqual([c.rule['id']]);
    expect(c.result.fidelity).toBe(fidelity);
  });

  it('uses the tstats span as the window', () => {
    const c = convert('| tstats count from datamodel=Endpoint.Processes where Processes.process_path="*\\\\psexesvc.exe" by _time span=1h Processes.dest | where count > 3');
    const { rules: _r, ...rest } = correlationOf(c);
    expect(rest).toEqual({ type: 'event_count', 'group-by': ['Computer'], timespan: '1h', condition: { gt: 3 } });
    expect(c.rule['logsource']).toEqual({ category: 'process_creation', product: 'windows' });
    expect(c.detection['selection']).toEqual({ 'Image|endswith': '\\psexesvc.exe' });
  });

  it('finds the threshold after a rename of the rows (security content\'s drop_dm_object_name)', () => {
    const c = convert(
      '| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_path="*\\\\psexesvc.exe" by Processes.dest Processes.user ' +
        '| rename Processes.* AS * | convert ctime(firstTime) | where count > 3',
    );
    const { rules: _r, ...rest } = correlationOf(c);
    expect(rest).toEqual({ type: 'event_count', 'group-by': ['Computer', 'User'], timespan: '1h', condition: { gt: 3 } });
    expect(c.result.fidelity).toBe('partial');
  });

  it('notes the default window when the SPL counts over the whole search range', () => {
    const c = convert(`${S} | stats count by user | where count > 5`);
    expect(c.messages.some((m) => m.includes('timespan 1h is a default'))).toBe(true);
  });

  it('puts status, level and falsepositives on the correlation only, and names the base rule', () => {
    const c = convert(`${S} | stats count by user | where count > 5`);
    expect(c.docs).toHaveLength(2);
    expect(c.rule).toHaveProperty('name');
    expect(c.rule).not.toHaveProperty('status');
    expect(c.rule).not.toHaveProperty('level');
    expect(c.correlation).toMatchObject({ status: 'experimental', level: 'medium', falsepositives: ['Unknown'] });
    expect(c.correlation!['id']).not.toBe(c.rule['id']);
    expect(Object.keys(c.correlation!['correlation'] as object)).toEqual(['type', 'rules', 'group-by', 'timespan', 'condition']);
    expect(c.text).toMatch(/\n---\n/);
  });
});

describe('aggregations without a Sigma equivalent are partial', () => {
  // [SPL after the search, a phrase of the note]
  const cases: [string, string][] = [
    ['stats count by user', 'no threshold on the aggregation follows'],
    ['stats values(dest) as dests by user | where mvcount(dests) > 2', 'the filter is not a threshold on the aggregation'],
    ['stats sum(bytes) as total by user | where total > 1000', 'sum(bytes) as total has no Sigma correlation equivalent'],
    ['stats count(user) as n by dest | where n > 5', 'count(user) as n has no Sigma correlation equivalent'],
    ['eval u=lower(user) | stats count by u | where count > 5', "BY field 'u' is computed by an earlier stage"],
    ['stats count by _time, user | where count > 5', 'grouped by _time without a fixed span'],
    ['eventstats count by user | where count > 5', 'eventstats count: not expressed in Sigma'],
    ['stats count by user | where count != 5', 'is not a numeric threshold'],
  ];
  it.each(cases)('%s', (tail, phrase) => {
    const c = convert(`${S} | ${tail}`);
    expect(c.correlation).toBeUndefined();
    expect(c.result.fidelity).toBe('partial');
    expect(c.messages.some((m) => m.includes(phrase))).toBe(true);
  });
});

describe('other stages', () => {
  it('table → fields (no effect on the verdict), mapped through the profile', () => {
    const c = convert(`${S} | table _time, user, dest, Logon_Type, custom_field`);
    expect(c.rule['fields']).toEqual(['User', 'Computer', 'LogonType', 'custom_field']);
    expect(c.result.fidelity).toBe('exact');
  });

  it('an eval alias in the table reads the source field', () => {
    const c = convert(`${S} | eval account=user | table account, dest`);
    expect(c.rule['fields']).toEqual(['User', 'Computer']);
    expect(c.result.fidelity).toBe('partial');
  });

  // [SPL after the search, fidelity]
  const cases: [string, string][] = [
    ['sort - _time', 'exact'],
    ['sort 0 user', 'exact'],
    ['sort 5 user', 'partial'],
    ['head 5', 'partial'],
    ['dedup user', 'partial'],
    ['eval x=1', 'partial'],
    ['rename user as account', 'partial'],
    ['rex field=user "(?<domain>[^\\\\]+)"', 'partial'],
    ['fillnull value=0', 'partial'],
    ['bin _time span=1h', 'partial'],
    ['fields - user', 'exact'],
  ];
  it.each(cases)('%s → %s', (tail, fidelity) => {
    expect(convert(`${S} | ${tail}`).result.fidelity).toBe(fidelity);
  });
});

describe('helpers', () => {
  it.each([
    [1, '1s'],
    [60, '1m'],
    [300, '5m'],
    [3600, '1h'],
    [5400, '90m'],
    [86400, '1d'],
    [90000, '25h'],
    [61, '61s'],
  ])('timespan(%d) = %s', (s, want) => {
    expect(timespan(s)).toBe(want);
  });

  it('undoes renames, wildcards included', () => {
    const renames = [
      { from: 'Processes.*', to: '*' },
      { from: 'user', to: 'account' },
    ];
    expect(unrename('account', renames)).toBe('Processes.user');
    expect(unrename('dest', renames)).toBe('Processes.dest');
    expect(unrename('dest', [])).toBe('dest');
  });
});
