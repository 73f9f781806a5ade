/** Pairing catalog technique strings with technique ids (names and tactics), and the ATT&CK helpers. */
import { describe, expect, it } from 'vitest';
import { matchTechniques, tacticSlug, titleCase, type KnownTechnique, type TechniqueRef } from '../../src/load/index.js';

interface Case {
  what: string;
  strings: string[];
  ids: string[];
  known?: [string, KnownTechnique][];
  expected: TechniqueRef[];
  notes?: RegExp[];
}

const CASES: Case[] = [
  {
    what: 'the seed: aligned, paired by order (and said so)',
    strings: ['persistence:create or modify system process:windows service', 'execution:system services:service execution'],
    ids: ['T1543.003', 'T1569.002'],
    expected: [
      { id: 'T1543.003', name: 'Create or Modify System Process: Windows Service', tactics: ['persistence'] },
      { id: 'T1569.002', name: 'System Services: Service Execution', tactics: ['execution'] },
    ],
    notes: [/paired by list order.*T1543 ↔ Create or Modify System Process/],
  },
  {
    what: 'the seed with the page table: by name, whatever the order',
    strings: ['execution:system services:service execution', 'persistence:create or modify system process:windows service'],
    ids: ['T1543.003', 'T1569.002'],
    known: [
      ['T1569.002', { name: 'System Services: Service Execution', tactics: ['execution'] }],
      ['T1543.003', { name: 'Create or Modify System Process: Windows Service', tactics: ['persistence', 'privilege-escalation'] }],
    ],
    expected: [
      { id: 'T1543.003', name: 'Create or Modify System Process: Windows Service', tactics: ['persistence', 'privilege-escalation'] },
      { id: 'T1569.002', name: 'System Services: Service Execution', tactics: ['execution'] },
    ],
    notes: [],
  },
  {
    what: 'one technique under several tactics',
    strings: ['defense-evasion:deploy container', 'persistence:implant internal image', 'execution:deploy container'],
    ids: ['T1610', 'T1525'],
    expected: [
      { id: 'T1610', name: 'Deploy Container', tactics: ['execution', 'defense-evasion'] },
      { id: 'T1525', name: 'Implant Internal Image', tactics: ['persistence'] },
    ],
  },
  {
    what: 'more strings than ids',
    strings: ['persistence:valid accounts', 'privilege-escalation:valid accounts', 'execution:windows management instrumentation', 'discovery:remote system discovery'],
    ids: ['T1078', 'T1047'],
    expected: [
      { id: 'T1078', name: 'Valid Accounts', tactics: ['persistence', 'privilege-escalation'] },
      { id: 'T1047', name: 'Windows Management Instrumentation', tactics: ['execution'] },
    ],
    notes: [/without a matching technique_id: Remote System Discovery/],
  },
  {
    what: 'a sub-technique id among a parent string and an unrelated one',
    strings: ['credential-access:forge web credentials', 'defense-evasion:use alternate authentication material:application access token', 'defense-evasion:use alternate authentication material'],
    ids: ['T1550.001'],
    expected: [{ id: 'T1550.001', name: 'Use Alternate Authentication Material: Application Access Token', tactics: ['defense-evasion'] }],
    notes: [/without a matching technique_id: Forge Web Credentials/],
  },
  {
    what: 'shapes decide against list order',
    strings: ['credential-access:os credential dumping:lsass memory', 'credential-access:os credential dumping:dcsync', 'credential-access:unsecured credentials:credentials in registry'],
    ids: ['T1552.002', 'T1003.006', 'T1003.001'],
    expected: [
      { id: 'T1552.002', name: 'Unsecured Credentials: Credentials in Registry', tactics: ['credential-access'] },
      { id: 'T1003.006', tactics: ['credential-access'] },
      { id: 'T1003.001', tactics: ['credential-access'] },
    ],
    notes: [/cannot tell which of OS Credential Dumping: LSASS Memory; OS Credential Dumping: DCSync is which of T1003.006, T1003.001/],
  },
  {
    what: 'ambiguous sub-techniques keep only the tactics they share',
    strings: ['execution:command and scripting interpreter:powershell', 'persistence:command and scripting interpreter:windows command shell', 'execution:command and scripting interpreter:windows command shell'],
    ids: ['T1059.001', 'T1059.003'],
    expected: [
      { id: 'T1059.001', tactics: ['execution'] },
      { id: 'T1059.003', tactics: ['execution'] },
    ],
  },
  {
    what: 'a parent id named by its sub-technique strings; the bare string pairs with the bare id',
    strings: ['execution:command and scripting interpreter:powershell', 'collection:clipboard data', 'execution:command and scripting interpreter'],
    ids: ['T1059.001', 'T1115', 'T1059'],
    expected: [
      { id: 'T1059.001', name: 'Command and Scripting Interpreter: PowerShell', tactics: ['execution'] },
      { id: 'T1115', name: 'Clipboard Data', tactics: ['collection'] },
      { id: 'T1059', name: 'Command and Scripting Interpreter', tactics: ['execution'] },
    ],
  },
  {
    what: 'a sub-technique id listed with only its technique string: tactics, no name',
    strings: ['execution:system services', 'persistence:create or modify system process'],
    ids: ['T1569.002', 'T1543'],
    expected: [
      { id: 'T1569.002', tactics: ['execution'] },
      { id: 'T1543', name: 'Create or Modify System Process', tactics: ['persistence'] },
    ],
  },
  {
    what: 'ids without strings invent nothing; bad ids and strings are noted',
    strings: ['nonsense'],
    ids: ['T1190', 'not-an-id', 't1190'],
    expected: [{ id: 'T1190', tactics: [] }],
    notes: [/ignored technique string "nonsense"/, /ignored technique_id "not-an-id"/],
  },
];

describe('matchTechniques', () => {
  it.each(CASES)('$what', ({ strings, ids, known, expected, notes }) => {
    const r = matchTechniques(strings, ids, new Map(known ?? []));
    expect(r.techniques).toEqual(expected);
    if (notes) {
      for (const n of notes) expect(r.notes.some((x) => n.test(x)), `${n} in ${JSON.stringify(r.notes)}`).toBe(true);
      if (notes.length === 0) expect(r.notes).toEqual([]);
    }
  });
});

describe('ATT&CK helpers', () => {
  it.each([
    ['Privilege Escalation', 'privilege-escalation'],
    ['defense-evasion', 'defense-evasion'],
    ['Command and Control', 'command-and-control'],
    ['TA0001', 'initial-access'],
  ])('tacticSlug(%s) = %s', (input, slug) => expect(tacticSlug(input)).toBe(slug));

  it.each([
    ['create or modify system process', 'Create or Modify System Process'],
    ['exploit public-facing application', 'Exploit Public-Facing Application'],
    ['remote services', 'Remote Services'],
    ['os credential dumping', 'OS Credential Dumping'],
    ['smb/windows admin shares', 'SMB/Windows Admin Shares'],
    ['the powershell', 'The PowerShell'],
  ])('titleCase(%s) = %s', (input, title) => expect(titleCase(input)).toBe(title));
});
