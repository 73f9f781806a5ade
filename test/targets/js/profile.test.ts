/**
 * Field profiles: with a profile other than `splunk`, events carry the profile's names (Winlogbeat / ECS, Sigma);
 * the module copies them to the rule's SPL names when it reads an event, so the pipeline and the rows keep the
 * rule's names.
 */
import { describe, expect, it } from 'vitest';
import { compile, lowerFile } from './helpers.js';

const seed = lowerFile('examples/psexec_service_creation.yml');

const winlogbeat = (name: string, image: string, start: string, time: string, host = 'ws01.corp') => ({
  '@timestamp': time,
  event: { code: '7045', provider: 'Service Control Manager' },
  host: { name: host },
  winlog: { channel: 'System', event_data: { ServiceName: name, ImagePath: image, StartType: start, AccountName: 'LocalSystem' } },
});

describe('profile ecs', () => {
  it('runs the seed rule on Winlogbeat-shaped events', async () => {
    const { mod, result } = await compile(seed, 'ecs');
    expect(result.fidelity).toBe('exact');
    expect(result.notes.map((n) => n.message)).toContain("TERM(EventCode=7045) is searched as the field test EventCode=7045 (profile 'ecs' lifts TERM(f=v))");
    const events = [
      winlogbeat('PSEXESVC', '%SystemRoot%\\PSEXESVC.exe', 'demand start', '2024-03-01T10:00:00.250Z'),
      winlogbeat('PSEXESVC', '%SystemRoot%\\PSEXESVC.exe', 'disabled', '2024-03-01T10:00:01Z'),
      winlogbeat('PSEXE_SVC', '%SystemRoot%\\PSEXESVC.exe', 'demand start', '2024-03-01T10:00:02Z'),
    ];
    expect(events.map((e) => mod.filter(e))).toEqual([true, false, false]);
    // The profile maps the tabled dest_host to host.name and signature_id, event_id to event.code, as the ES
    // target reads them: those columns have values here (the classic-name events of seed.test.ts lack them).
    expect(mod.run(events)).toEqual([
      { _time: 1709287200, host: 'ws01.corp', dest_host: ['ws01.corp'], event_id: ['7045'], service_name: ['%SystemRoot%\\PSEXESVC.exe'], signature_id: ['7045'] },
    ]);
  });

  it('names the aliases it reads in an info note', async () => {
    const { result } = await compile('EventCode=4688 | stats count by host', 'ecs');
    expect(result.notes.find((n) => n.message.startsWith('events are read through profile'))?.message).toBe(
      "events are read through profile 'ecs': event.code → EventCode, @timestamp → _time, host.name → host",
    );
  });

  it('warns about fields the profile does not map (an error with --strict)', async () => {
    const { result } = await compile('odd_field=1', 'ecs');
    expect(result.fidelity).toBe('exact');
    expect(result.notes.some((n) => n.level === 'warning' && /does not map 'odd_field'/.test(n.message))).toBe(true);
  });
});

describe('profile sigma (no raw field)', () => {
  it('a raw-text search it cannot lift is not evaluated: partial, the filter keeps the event', async () => {
    const { mod, result } = await compile('"some phrase" EventCode=7045', 'sigma');
    expect(result.fidelity).toBe('partial');
    expect(mod.filter({ EventID: '7045' })).toBe(true);
    expect(mod.filter({ EventID: '4688' })).toBe(false);
  });
});

describe('unmapped fields', () => {
  it('only fields read from events are reported, not those the rule writes', async () => {
    const { result } = await compile('x=1 | eval y=x | rex field=x "(?<z>.)" | stats count as n by y, z, w', 'ecs');
    expect(result.notes.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual(["profile 'ecs' does not map 'w', 'x': read under their SPL names"]);
  });
  it('--strict makes an unmapped field an error: unsupported', async () => {
    const { convert } = await import('./helpers.js');
    const r = convert('odd_field=1', 'ecs', true);
    expect(r.fidelity).toBe('unsupported');
    expect(r.notes.some((n) => n.level === 'error')).toBe(true);
  });
});
