import { describe, expect, it } from 'vitest';
import { printCondition, snake, type Cond } from '../../../src/targets/sigma/detection.js';
import { convert, identifiers } from './helpers.js';

/** Fields the sigma profile maps to themselves, so the tests read as Sigma. */
const W = 'sourcetype=XmlWinEventLog:System';

describe('field tests and modifiers', () => {
  // [SPL filter, identifiers, condition]
  const cases: [string, Record<string, unknown>, string][] = [
    ['EventCode=7045', { selection: { EventID: 7045 } }, 'selection'],
    ['ServiceName=PSEXESVC', { selection: { ServiceName: 'PSEXESVC' } }, 'selection'],
    ['ImagePath="*\\\\ADMIN$\\\\*"', { selection: { 'ImagePath|contains': '\\ADMIN$\\\\' } }, 'selection'],
    ['ImagePath="C:\\\\Windows\\\\*"', { selection: { 'ImagePath|startswith': 'C:\\Windows\\\\' } }, 'selection'],
    ['ImagePath=*.exe', { selection: { 'ImagePath|endswith': '.exe' } }, 'selection'],
    ['ServiceName=a*b', { selection: { ServiceName: 'a*b' } }, 'selection'],
    ['ServiceName="what?"', { selection: { ServiceName: 'what\\?' } }, 'selection'],
    ['ServiceName=CASE(PsExec)', { selection: { 'ServiceName|cased': 'PsExec' } }, 'selection'],
    ['ServiceName=* ', { selection: { 'ServiceName|exists': true } }, 'selection'],
    ['LogonType>3', { selection: { 'LogonType|gt': 3 } }, 'selection'],
    ['LogonType>=3 LogonType<=10', { selection: { 'LogonType|gte': 3, 'LogonType|lte': 10 } }, 'selection'],
    ['LogonType<2.5', { selection: { 'LogonType|lt': 2.5 } }, 'selection'],
    ['ServiceName!=PSEXESVC', { selection: { 'ServiceName|exists': true }, filter_service_name: { ServiceName: 'PSEXESVC' } }, 'selection and not filter_service_name'],
    ['NOT ServiceName=PSEXESVC', { filter_service_name: { ServiceName: 'PSEXESVC' } }, 'not filter_service_name'],
    ['NOT ServiceName=*', { filter_service_name: { 'ServiceName|exists': true } }, 'not filter_service_name'],
  ];
  it.each(cases)('%s', (spl, idents, condition) => {
    const c = convert(`${W} ${spl}`);
    expect(identifiers(c)).toEqual(idents);
    expect(c.condition).toBe(condition);
  });

  it('writes an IN list as one list value, and its wildcard members as further alternatives', () => {
    const c = convert(`${W} ServiceName IN (a, "b*", c)`);
    expect(identifiers(c)).toEqual({ selection_service_name: [{ ServiceName: ['a', 'c'] }, { 'ServiceName|startswith': 'b' }] });
    expect(c.condition).toBe('selection_service_name');
    expect(c.result.fidelity).toBe('exact');
  });

  it('keeps an OR of values on one field inside the AND map', () => {
    const c = convert(`${W} EventCode=4624 (LogonType=2 OR LogonType=10)`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 4624, LogonType: [2, 10] } });
    expect(c.condition).toBe('selection');
  });

  it('writes where comparisons case-sensitively', () => {
    const c = convert(`${W} | where ServiceName="PsExec" AND like(ImagePath, "%\\\\psexesvc%")`);
    expect(identifiers(c)).toEqual({ selection: { 'ServiceName|cased': 'PsExec', 'ImagePath|contains|cased': '\\psexesvc' } });
  });

  it('writes cidrmatch as |cidr', () => {
    const c = convert(`${W} | where cidrmatch("10.0.0.0/8", src_ip)`);
    expect(identifiers(c)).toEqual({ selection: { 'src_ip|cidr': '10.0.0.0/8' } });
  });

  it('drops a string ordering (superset) with a note', () => {
    const c = convert(`${W} ServiceName=a StartType<m`);
    expect(identifiers(c)).toEqual({ selection: { ServiceName: 'a' } });
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes('string ordering StartType lt "m"'))).toBe(true);
  });

  it('drops a string ordering inside a negation together with the negated part', () => {
    const c = convert(`${W} ServiceName=a NOT (StartType<m AND ServiceType=x)`);
    expect(identifiers(c)).toEqual({ selection: { ServiceName: 'a' } });
    expect(c.result.fidelity).toBe('superset');
  });

  it('keeps the rest of a negated OR when one alternative has no Sigma form', () => {
    const c = convert(`${W} ServiceName=a NOT (StartType<m OR ServiceType=x)`);
    expect(identifiers(c)).toEqual({ selection: { ServiceName: 'a' }, filter_service_type: { ServiceType: 'x' } });
    expect(c.condition).toBe('selection and not filter_service_type');
    expect(c.result.fidelity).toBe('superset');
  });

  it('drops eval expressions, macros and subsearches (superset)', () => {
    const c = convert(`${W} ServiceName=a \`unknown_macro_in_tree\` OR ServiceType=b | where len(ImagePath) > 10`);
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes('eval expression used as a filter'))).toBe(true);
  });

  it('an inexpressible leaf in an OR widens the whole OR', () => {
    const c = convert(`${W} ServiceName=a (ServiceType=b OR StartType<m)`);
    expect(identifiers(c)).toEqual({ selection: { ServiceName: 'a' } });
    expect(c.result.fidelity).toBe('superset');
  });
});

describe('regexes (|re via the regex module)', () => {
  // [SPL stage, identifiers, condition, fidelity]
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['regex ServiceName="^PSEXESVC$"', { selection: { 'ServiceName|re': '^PSEXESVC$' } }, 'selection', 'exact'],
    ['regex ServiceName="(?i)psexesvc"', { selection: { 'ServiceName|re|i': 'psexesvc' } }, 'selection', 'exact'],
    ['regex ServiceName="(?m)^abc$"', { selection: { 'ServiceName|re|m': '^abc$' } }, 'selection', 'exact'],
    ['regex ServiceName="(?s)a.b"', { selection: { 'ServiceName|re|s': 'a.b' } }, 'selection', 'exact'],
    ['regex ServiceName!="4|disabled"', { filter_service_name: { 'ServiceName|re': '4|disabled' } }, 'not filter_service_name', 'exact'],
    ['where match(ServiceName, "^ps")', { selection: { 'ServiceName|re': '^ps' } }, 'selection', 'exact'],
    ['where NOT match(ServiceName, "^ps")', { selection: { 'ServiceName|exists': true }, filter_service_name: { 'ServiceName|re': '^ps' } }, 'selection and not filter_service_name', 'exact'],
  ];
  it.each(cases)('%s', (stage, idents, condition, fidelity) => {
    const c = convert(`${W} | ${stage}`);
    expect(identifiers(c)).toEqual(idents);
    expect(c.condition).toBe(condition);
    expect(c.result.fidelity).toBe(fidelity);
  });

  it('uses a wider translation outside negations (superset, noted)', () => {
    const c = convert(`${W} EventCode=7045 | regex ServiceName="a(?!b)"`);
    expect(c.result.fidelity).toBe('superset');
    expect(Object.keys(identifiers(c))).toEqual(['selection']);
    expect(c.messages.some((m) => m.includes('regex /a(?!b)/'))).toBe(true);
  });

  it('drops a negated regex it can only widen', () => {
    const c = convert(`${W} EventCode=7045 | regex ServiceName!="a(?!b)"`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 } });
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes('inside a negation'))).toBe(true);
  });

  it('drops a regex that does not parse', () => {
    const c = convert(`${W} EventCode=7045 | regex ServiceName="(a"`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 } });
    expect(c.result.fidelity).toBe('superset');
  });

  it('cannot search _raw with a regex (keywords are not regexes)', () => {
    const c = convert(`${W} EventCode=7045 | regex "psexe[cs]"`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 } });
    expect(c.result.fidelity).toBe('superset');
  });
});

describe('raw-text search', () => {
  it('writes terms and phrases as keywords; terms are a superset (no breakers in Sigma)', () => {
    const c = convert(`${W} EventCode=7045 psexec "remote service"`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 }, keywords: { '|all': ['psexec', 'remote service'] } });
    expect(c.condition).toBe('selection and keywords');
    expect(c.result.fidelity).toBe('superset');
    expect(c.messages.some((m) => m.includes('raw search psexec is searched as a substring'))).toBe(true);
  });

  it('a phrase alone is exact', () => {
    const c = convert(`${W} "remote service"`);
    expect(identifiers(c)).toEqual({ keywords: ['remote service'] });
    expect(c.result.fidelity).toBe('exact');
  });

  it('an OR of raw terms is one keyword list', () => {
    const c = convert(`${W} "psexec" OR "paexec" OR "remcom*"`);
    expect(identifiers(c)).toEqual({ keywords: ['psexec', 'paexec', 'remcom*'] });
  });

  it('escapes keywords like values', () => {
    const c = convert(`${W} "C:\\\\Temp\\\\"`);
    expect(identifiers(c)).toEqual({ keywords: ['C:\\Temp\\\\'] });
  });

  it('drops a negated term (a substring test would exclude too much)', () => {
    const c = convert(`${W} EventCode=7045 NOT psexec`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 } });
    expect(c.result.fidelity).toBe('superset');
  });

  it('keeps a negated phrase (substring = substring)', () => {
    const c = convert(`${W} EventCode=7045 NOT "remote service"`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 }, filter_keywords: ['remote service'] });
    expect(c.condition).toBe('selection and not filter_keywords');
    expect(c.result.fidelity).toBe('exact');
  });

  it('lifts TERM(f=v) to a field test, with a note', () => {
    const c = convert(`${W} TERM(EventCode=7045)`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 7045 } });
    expect(c.messages.some((m) => m.includes('TERM(EventCode=7045) is searched as the field test EventID=7045'))).toBe(true);
  });

  it('searches raw text in the profile\'s raw field when it has one', () => {
    const c = convert('index=x "remote service"', { profile: 'ecs' });
    expect(identifiers(c)).toEqual({ selection: { 'event.original|contains': 'remote service' } });
  });
});

describe('condition structure', () => {
  // [SPL filter, identifiers, condition]
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'ServiceName=a (ImagePath=b OR StartType=c)',
      { selection: { ServiceName: 'a' }, selection_image_path: [{ ImagePath: 'b' }, { StartType: 'c' }] },
      'selection and selection_image_path',
    ],
    [
      'ServiceName=a NOT (ImagePath=b AND StartType=c)',
      { selection: { ServiceName: 'a' }, filter_image_path: { ImagePath: 'b', StartType: 'c' } },
      'selection and not filter_image_path',
    ],
    [
      'ServiceName=a NOT ImagePath=b NOT StartType=c',
      { selection: { ServiceName: 'a' }, filter_image_path: { ImagePath: 'b' }, filter_start_type: { StartType: 'c' } },
      'selection and not 1 of filter_*',
    ],
    [
      '(ServiceName=a ImagePath=b) OR (ServiceName=c StartType=d)',
      { selection_service_name: [{ ServiceName: 'a', ImagePath: 'b' }, { ServiceName: 'c', StartType: 'd' }] },
      'selection_service_name',
    ],
    [
      'ServiceName=a (ImagePath=b OR NOT StartType=c)',
      { selection: { ServiceName: 'a' }, selection_image_path: { ImagePath: 'b' }, filter_start_type: { StartType: 'c' } },
      'selection and (selection_image_path or not filter_start_type)',
    ],
    [
      'NOT (ServiceName=a OR (ImagePath=b NOT StartType=c))',
      { filter_service_name: { ServiceName: 'a' }, filter_image_path: { ImagePath: 'b' }, selection_start_type: { StartType: 'c' } },
      'not (filter_service_name or filter_image_path and not selection_start_type)',
    ],
    [
      'ServiceName=a ServiceName=b*',
      { selection: { ServiceName: 'a', 'ServiceName|startswith': 'b' } },
      'selection',
    ],
    [
      'ServiceName=*a* ServiceName=*b*',
      { selection: { 'ServiceName|contains': 'a' }, selection_service_name: { 'ServiceName|contains': 'b' } },
      'selection and selection_service_name',
    ],
    [
      '(ServiceName=a OR ImagePath=b) (StartType=c OR ServiceType=d) NOT (AccountName=e OR AccountName=f)',
      {
        selection_service_name: [{ ServiceName: 'a' }, { ImagePath: 'b' }],
        selection_start_type: [{ StartType: 'c' }, { ServiceType: 'd' }],
        filter_account_name: { AccountName: ['e', 'f'] },
      },
      'selection_service_name and selection_start_type and not filter_account_name',
    ],
  ];
  it.each(cases)('%s', (spl, idents, condition) => {
    const c = convert(`${W} ${spl}`);
    expect(identifiers(c)).toEqual(idents);
    expect(c.condition).toBe(condition);
    expect(c.result.fidelity).toBe('exact');
  });

  it('joins negated tests on one key into one filter (NOT a AND NOT b = NOT (a OR b))', () => {
    const c = convert(`${W} EventCode=4624 | where NOT (cidrmatch("10.0.0.0/8", src_ip) OR cidrmatch("192.168.0.0/16", src_ip))`);
    expect(identifiers(c)).toEqual({ selection: { EventID: 4624, 'src_ip|exists': true }, filter_src_ip: { 'src_ip|cidr': ['10.0.0.0/8', '192.168.0.0/16'] } });
    expect(c.condition).toBe('selection and not filter_src_ip');
  });

  it('writes a repeated test once', () => {
    const c = convert(`${W} ServiceName=a ServiceName=a (ImagePath=b OR ImagePath=b)`);
    expect(identifiers(c)).toEqual({ selection: { ServiceName: 'a', ImagePath: 'b' } });
  });

  it('does not group filters with `1 of filter_*` when a filter_ identifier is nested', () => {
    const c = convert(`${W} ServiceName=a NOT ImagePath=b NOT (StartType=c OR NOT (AccountName=d))`);
    expect(c.condition).not.toContain('1 of');
  });

  it('prints conditions with the fewest parentheses', () => {
    const id = (name: string): Cond => ({ k: 'id', name });
    expect(printCondition({ k: 'and', items: [id('a'), { k: 'or', items: [id('b'), id('c')] }] })).toBe('a and (b or c)');
    expect(printCondition({ k: 'or', items: [id('a'), { k: 'and', items: [id('b'), id('c')] }] })).toBe('a or b and c');
    expect(printCondition({ k: 'not', item: { k: 'and', items: [id('a'), id('b')] } })).toBe('not (a and b)');
    expect(printCondition({ k: 'not', item: id('a') })).toBe('not a');
  });

  it('names identifiers after their first field', () => {
    expect(snake('ServiceName')).toBe('service_name');
    expect(snake('EventID')).toBe('event_id');
    expect(snake('Processes.process_name')).toBe('processes_process_name');
    expect(snake('event.code')).toBe('event_code');
  });

  it('matches every event when nothing is left to test, and says so', () => {
    const c = convert(`${W} | where len(ServiceName) > 10`);
    expect(identifiers(c)).toEqual({ match_all: ['*'] });
    expect(c.condition).toBe('match_all');
    expect(c.result.fidelity).toBe('superset');
  });

  it('a search that never matches is unsupported', () => {
    const c = convert(`${W} ServiceName!=*`);
    expect(c.condition).toBe('not match_all');
    expect(c.result.fidelity).toBe('unsupported');
  });
});
