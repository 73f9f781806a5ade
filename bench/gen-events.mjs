// Deterministic synthetic Windows events (Splunk classic WinEventLog field names, as in
// test/fixtures/events/wineventlog_system_7045.ndjson) as NDJSON, for the matcher and memory benchmarks.
//
//   node bench/gen-events.mjs --count 1000000 [--seed 7045] [--out bench/.data/events-1m.ndjson]
//   node bench/gen-events.mjs --bytes 1073741824 --out bench/.data/events-1gib.ndjson
//
// Mix (by event count): 7036 service state 30%, 4688 process creation 20%, 4624 logon 18%, 4634 logoff 10%,
// 5156 WFP connection 9%, 4672 special privileges 5%, 4625 failed logon 3%, 7045 service installed ~5%.
// Exactly `--match-rate` (default 1%) of the events are 7045 service installs that the seed rule
// examples/psexec_service_creation.yml matches (PsExec's PSEXESVC, Impacket psexec.py's random 4-letter service
// with an 8-letter .exe); the other 7045 events are legitimate services and near misses (disabled PSEXESVC,
// RemComSvc, names with spaces or underscores, paths that are not `\xxxxxxxx.exe`), so every clause of the
// filter is exercised. Sizes: about 1 KB per event (System events also carry `Message` as a field). The same seed gives the same bytes. A sidecar `<out>.meta.json` records count, bytes, seed
// and the number of intended matches.
import { createWriteStream, existsSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, DATA, fmtMB } from './lib.mjs';

/** mulberry32: a small, fast, seeded 32-bit PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = Array.from({ length: 200 }, (_, i) => (i < 150 ? `WS${String(1000 + i)}.corp.example.com` : `SRV-${['DC', 'FS', 'SQL', 'WEB', 'APP'][i % 5]}${String(i).padStart(2, '0')}.corp.example.com`));
const USERS = ['jdoe', 'asmith', 'bwilliams', 'cgarcia', 'dmiller', 'edavis', 'frodriguez', 'gmartinez', 'hlopez', 'svc_backup', 'svc_sql', 'Administrator', 'SYSTEM', 'NETWORK SERVICE', 'LOCAL SERVICE'];
const PROCS = [
  'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Windows\\explorer.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\System32\\conhost.exe',
  'C:\\Windows\\System32\\taskhostw.exe', 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
  'C:\\Windows\\System32\\rundll32.exe', 'C:\\Windows\\System32\\net.exe', 'C:\\Windows\\System32\\reg.exe', 'C:\\Windows\\System32\\sc.exe',
];
const ARGS = ['', ' /c whoami', ' -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1', ' --type=renderer --lang=en-US', ' -k netsvcs -p -s Schedule', ' 0xffffffff -ForceV1', ' user /domain', ' query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', ' shell32.dll,Control_RunDLL'];
const SERVICES = ['Windows Update', 'Background Intelligent Transfer Service', 'Windows Modules Installer', 'Print Spooler', 'WinHTTP Web Proxy Auto-Discovery Service', 'Windows Defender Antivirus Service', 'Software Protection', 'Delivery Optimization', 'Microsoft Edge Update Service (edgeupdate)', 'Network List Service'];
// 7045 services that do NOT match the seed rule: [name, file, type, start, account]
const LEGIT_7045 = [
  ['Google Update Service (gupdate)', '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /svc', 'user mode service', 'auto start', 'LocalSystem'],
  ['MozillaMaintenance', '"C:\\Program Files (x86)\\Mozilla Maintenance Service\\maintenanceservice.exe"', 'user mode service', 'demand start', 'LocalSystem'],
  ['Sysmon', 'C:\\Windows\\Sysmon.exe', 'user mode service', 'auto start', 'LocalSystem'],
  ['VMware Tools', '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"', 'user mode service', 'auto start', 'LocalSystem'],
  ['edgeupdatem', '"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /medsvc', 'user mode service', 'demand start', 'LocalSystem'],
  ['splunkd', '"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunkd.exe" service', 'user mode service', 'auto start', 'LocalSystem'],
  ['MpKsl3a1f2b9c', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{0A1B}\\MpKslDrv.sys', 'kernel mode driver', 'demand start', ''],
  // near misses of the seed rule
  ['PSEXESVC', '%SystemRoot%\\PSEXESVC.exe', 'user mode service', 'disabled', 'LocalSystem'], // start type disabled
  ['RemComSvc', '%SystemRoot%\\RemComSvc.exe', 'user mode service', 'demand start', 'LocalSystem'], // 9-letter file
  ['PSEXE_SVC', '%SystemRoot%\\PSEXESVC.exe', 'user mode service', 'demand start', 'LocalSystem'], // underscore
  ['csexecsvc', 'C:\\Windows\\csexecsvc.exe', 'user mode service', 'demand start', 'LocalSystem'], // 9-letter file
  ['qfhaer', 'rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\qfhaer.dll,a /p:qfhaer', 'user mode service', 'demand start', 'LocalSystem'],
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}
/** Splunk's classic WinEventLog header time: 08/18/2023 08:58:11 AM (UTC here). */
function rawTime(sec) {
  const d = new Date(sec * 1000);
  const h = d.getUTCHours();
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(h % 12 || 12)}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** A generator of events: call next() for each line (a JSON string without newline). */
export function eventSource({ seed = 7045, matchRate = 0.01 } = {}) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = (n) => `0x${int(0, 16 ** n - 1).toString(16)}`;
  const word = (n) => Array.from({ length: n }, () => ALNUM[int(0, ALNUM.length - 1)]).join('');
  const ip = () => `10.${int(0, 20)}.${int(0, 255)}.${int(1, 254)}`;
  let time = 1_700_000_000;
  let record = 100_000;
  let matches = 0;
  let count = 0;

  const event = (sec, host, log, code, sourceName, task, message, fields) => {
    const raw = [
      rawTime(sec),
      `LogName=${log}`,
      `EventCode=${code}`,
      `EventType=${code === 4625 ? 0 : 4}`,
      `ComputerName=${host}`,
      `SourceName=${sourceName}`,
      `Type=Information`,
      `RecordNumber=${record}`,
      `Keywords=${log === 'Security' ? (code === 4625 ? 'Audit Failure' : 'Audit Success') : 'Classic'}`,
      `TaskCategory=${task}`,
      `OpCode=Info`,
      `Message=${message}`,
    ].join('\n');
    return {
      _time: sec,
      host,
      index: 'wineventlog',
      source: `WinEventLog:${log}`,
      sourcetype: 'WinEventLog',
      LogName: log,
      EventCode: String(code),
      ComputerName: host,
      SourceName: sourceName,
      TaskCategory: task,
      RecordNumber: String(record),
      // The Message field is kept for System events (as in the fixture); Security events carry it only in _raw.
      ...(log === 'System' ? { Message: message } : {}),
      ...fields,
      _raw: raw,
    };
  };

  const svc7045 = (sec, host, [name, file, type, start, account]) =>
    event(sec, host, 'System', 7045, 'Service Control Manager', 'None', `A service was installed in the system.\n\nService Name:  ${name}\nService File Name:  ${file}\nService Type:  ${type}\nService Start Type:  ${start}\nService Account:  ${account}`, {
      Service_Name: name,
      Service_File_Name: file,
      Service_Type: type,
      Service_Start_Type: start,
      Service_Account: account,
    });

  function next() {
    count++;
    time += rnd() < 0.9 ? 0 : int(1, 3);
    record++;
    const sec = time;
    const host = pick(HOSTS);
    const user = pick(USERS);
    // Exactly matchRate of the events match: a deterministic schedule (every 1/matchRate-th event, jittered).
    const period = Math.round(1 / matchRate);
    if (matchRate > 0 && count % period === period >> 1) {
      matches++;
      const impacket = rnd() < 0.5;
      const name = impacket ? word(4) : 'PSEXESVC';
      const file = impacket ? `%systemroot%\\${word(8)}.exe` : '%SystemRoot%\\PSEXESVC.exe';
      return svc7045(sec, host, [name, file, 'user mode service', 'demand start', 'LocalSystem']);
    }
    const r = rnd();
    if (r < 0.04) return svc7045(sec, host, pick(LEGIT_7045));
    if (r < 0.34) {
      const s = pick(SERVICES);
      const state = pick(['running', 'stopped']);
      return event(sec, host, 'System', 7036, 'Service Control Manager', 'None', `The ${s} service entered the ${state} state.`, { param1: s, param2: state });
    }
    const subject = `Subject:\n\tSecurity ID:\t\tS-1-5-18\n\tAccount Name:\t\t${host.split('.')[0]}$\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t0x3E7`;
    if (r < 0.54) {
      const proc = pick(PROCS);
      const parent = pick(PROCS);
      const cmd = `"${proc}"${pick(ARGS)}`;
      const pid = hex(4);
      return event(sec, host, 'Security', 4688, 'Microsoft Windows security auditing.', 'Process Creation', `A new process has been created.\n\nCreator ${subject}\n\nProcess Information:\n\tNew Process ID:\t\t${pid}\n\tNew Process Name:\t${proc}\n\tToken Elevation Type:\t%%1936\n\tMandatory Label:\t\tMandatory Label\\High Mandatory Level\n\tCreator Process ID:\t${hex(4)}\n\tCreator Process Name:\t${parent}\n\tProcess Command Line:\t${cmd}`, {
        Account_Name: `${host.split('.')[0]}$`,
        Account_Domain: 'CORP',
        New_Process_ID: pid,
        New_Process_Name: proc,
        Creator_Process_Name: parent,
        Process_Command_Line: cmd,
        Token_Elevation_Type: '%%1936',
      });
    }
    if (r < 0.72 || r >= 0.97) {
      const failed = r >= 0.97;
      const lt = pick(['2', '3', '3', '3', '5', '10']);
      const src = ip();
      const code = failed ? 4625 : 4624;
      const fields = {
        Account_Name: [`${host.split('.')[0]}$`, user],
        Account_Domain: ['CORP', 'CORP'],
        Logon_Type: lt,
        Source_Network_Address: src,
        Source_Port: String(int(1024, 65535)),
        Workstation_Name: pick(HOSTS).split('.')[0],
        Logon_Process: 'NtLmSsp',
        Authentication_Package: pick(['NTLM', 'Kerberos', 'Negotiate']),
      };
      if (failed) Object.assign(fields, { Failure_Reason: 'Unknown user name or bad password.', Status: '0xC000006D', Sub_Status: '0xC000006A' });
      return event(sec, host, 'Security', code, 'Microsoft Windows security auditing.', 'Logon', `An account ${failed ? 'failed to log on' : 'was successfully logged on'}.\n\n${subject}\n\nLogon Type:\t\t\t${lt}\n\nNew Logon:\n\tAccount Name:\t\t${user}\n\tAccount Domain:\t\tCORP\n\nNetwork Information:\n\tWorkstation Name:\t${fields.Workstation_Name}\n\tSource Network Address:\t${src}\n\tSource Port:\t\t${fields.Source_Port}`, fields);
    }
    if (r < 0.82) {
      const lid = hex(6);
      return event(sec, host, 'Security', 4634, 'Microsoft Windows security auditing.', 'Logoff', `An account was logged off.\n\nSubject:\n\tAccount Name:\t\t${user}\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t${lid}\n\nLogon Type:\t\t\t3`, { Account_Name: user, Account_Domain: 'CORP', Logon_ID: lid, Logon_Type: '3' });
    }
    if (r < 0.91) {
      const app = pick(PROCS).replace('C:', '\\device\\harddiskvolume2');
      const dst = ip();
      const port = pick(['443', '80', '445', '53', '135', '3389', '389']);
      return event(sec, host, 'Security', 5156, 'Microsoft Windows security auditing.', 'Filtering Platform Connection', `The Windows Filtering Platform has permitted a connection.\n\nApplication Information:\n\tProcess ID:\t\t${int(4, 9999)}\n\tApplication Name:\t${app}\n\nNetwork Information:\n\tDirection:\t\tOutbound\n\tSource Address:\t\t${ip()}\n\tDestination Address:\t${dst}\n\tDestination Port:\t\t${port}\n\tProtocol:\t\t6`, {
        Application_Name: app,
        Direction: 'Outbound',
        Destination_Address: dst,
        Destination_Port: port,
        Protocol: '6',
      });
    }
    return event(sec, host, 'Security', 4672, 'Microsoft Windows security auditing.', 'Special Logon', `Special privileges assigned to new logon.\n\nSubject:\n\tAccount Name:\t\t${user}\n\tAccount Domain:\t\tCORP\n\nPrivileges:\t\tSeSecurityPrivilege\n\t\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeDebugPrivilege`, {
      Account_Name: user,
      Account_Domain: 'CORP',
      Privileges: ['SeSecurityPrivilege', 'SeBackupPrivilege', 'SeRestorePrivilege', 'SeDebugPrivilege'],
    });
  }
  return { next: () => JSON.stringify(next()), stats: () => ({ count, matches }) };
}

/** Write events to `out` until `count` events or `bytes` bytes; returns the meta record. */
export async function generate({ out, count, bytes, seed = 7045, matchRate = 0.01 }) {
  mkdirSync(dirname(out), { recursive: true });
  const src = eventSource({ seed, matchRate });
  const ws = createWriteStream(out);
  let written = 0;
  let buf = [];
  let bufLen = 0;
  const flush = async () => {
    if (!ws.write(buf.join(''))) await new Promise((r) => ws.once('drain', r));
    buf = [];
    bufLen = 0;
  };
  while (count !== undefined ? src.stats().count < count : written < bytes) {
    const line = src.next() + '\n';
    buf.push(line);
    bufLen += line.length;
    written += Buffer.byteLength(line);
    if (bufLen > 1 << 20) await flush();
  }
  await flush();
  await new Promise((r, j) => ws.end((e) => (e ? j(e) : r())));
  const meta = { file: out, seed, matchRate, ...src.stats(), bytes: statSync(out).size };
  writeFileSync(`${out}.meta.json`, JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

/** The file for these parameters, generated once and reused when its meta sidecar agrees. */
export async function ensureEvents({ count, bytes, seed = 7045, matchRate = 0.01, name, log = console.error }) {
  const out = join(DATA, name ?? (count !== undefined ? `events-${count}.ndjson` : `events-${bytes}b.ndjson`));
  if (existsSync(out) && existsSync(`${out}.meta.json`)) {
    const m = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    if (m.seed === seed && m.matchRate === matchRate && (count === undefined || m.count === count) && (bytes === undefined || m.bytes >= bytes) && statSync(out).size === m.bytes) return m;
  }
  const t0 = performance.now();
  log(`  generating ${out} …`);
  const m = await generate({ out, count, bytes, seed, matchRate });
  log(`  generated ${m.count.toLocaleString('en-US')} events, ${fmtMB(m.bytes)}, ${m.matches} matches, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return m;
}

const isMain = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (isMain) {
  const a = args();
  const count = a.count !== undefined ? Number(a.count) : undefined;
  const bytes = a.bytes !== undefined ? Number(a.bytes) : undefined;
  if (count === undefined && bytes === undefined) {
    console.error('usage: node bench/gen-events.mjs (--count N | --bytes B) [--seed S] [--match-rate R] [--out FILE]');
    process.exit(2);
  }
  const out = a.out ?? join(DATA, count !== undefined ? `events-${count}.ndjson` : `events-${bytes}b.ndjson`);
  const meta = await generate({ out, count, bytes, seed: Number(a.seed ?? 7045), matchRate: Number(a['match-rate'] ?? 0.01) });
  console.log(JSON.stringify(meta));
}
