/**
 * Time: `_time` normalisation, strftime / strptime (UTC), `relative_time`. Epoch seconds throughout (a number,
 * fractions allowed).
 */
import { isNumeric, toNumber, type Scalar } from './value.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Epoch seconds of an event time: a number, a numeric string, or ISO-8601 (`2024-01-02T03:04:05.678Z`, a space
 * instead of `T`, any number of fraction digits, `Z`/`±hh:mm`/`±hhmm`; no offset = UTC). Undefined when
 * unparseable.
 */
export function parseEventTime(v: Scalar | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (isNumeric(v)) return toNumber(v);
  const m = ISO.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (!Number.isFinite(ms)) return undefined;
  let t = ms / 1000;
  if (frac) t += Number(`0.${frac}`);
  if (sign) {
    const off = Number(oh) * 3600 + Number(om ?? 0) * 60;
    t += sign === '+' ? -off : off;
  }
  return t;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, width: number, fill = '0'): string {
  const s = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : fill.repeat(width - s.length) + s);
}

/** ISO-8601 week number and week-based year of a UTC date. */
function isoWeek(d: Date): { week: number; year: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7), year: t.getUTCFullYear() };
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
}

/**
 * strftime in UTC. Supports `%Y %y %m %d %e %H %I %k %l %M %S %p %a %A %b %h %B %j %U %W %u %w %V %G %Z %z %s %T %D
 * %F %R %c %x %X %n %t %%` and subseconds `%N` (9 digits), `%3N`/`%6N`/`%9N`, `%Q` (milliseconds), `%f`
 * (microseconds). Unknown directives are kept as written.
 */
export function strftime(epoch: number, fmt: string): string {
  if (!Number.isFinite(epoch)) return '';
  const whole = Math.floor(epoch);
  const frac = epoch - whole;
  const d = new Date(whole * 1000);
  if (Number.isNaN(d.getTime())) return '';
  const Y = d.getUTCFullYear();
  const H = d.getUTCHours();
  const sub = (digits: number) => {
    const s = frac.toFixed(Math.min(digits, 9)).slice(2);
    return (s + '000000000').slice(0, digits);
  };
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%' || i === fmt.length - 1) {
      out += ch;
      continue;
    }
    let j = i + 1;
    let width = '';
    while (j < fmt.length && /\d/.test(fmt[j]!)) width += fmt[j++];
    const c = fmt[j];
    if (c === undefined) {
      out += fmt.slice(i);
      break;
    }
    i = j;
    if (width && c !== 'N' && c !== 'Q') {
      out += `%${width}${c}`;
      continue;
    }
    switch (c) {
      case 'Y': out += String(Y); break;
      case 'y': out += pad(Y % 100, 2); break;
      case 'm': out += pad(d.getUTCMonth() + 1, 2); break;
      case 'd': out += pad(d.getUTCDate(), 2); break;
      case 'e': out += pad(d.getUTCDate(), 2, ' '); break;
      case 'H': out += pad(H, 2); break;
      case 'k': out += pad(H, 2, ' '); break;
      case 'I': out += pad(H % 12 || 12, 2); break;
      case 'l': out += pad(H % 12 || 12, 2, ' '); break;
      case 'M': out += pad(d.getUTCMinutes(), 2); break;
      case 'S': out += pad(d.getUTCSeconds(), 2); break;
      case 'p': out += H < 12 ? 'AM' : 'PM'; break;
      case 'a': out += DAYS[d.getUTCDay()]!.slice(0, 3); break;
      case 'A': out += DAYS[d.getUTCDay()]!; break;
      case 'b':
      case 'h': out += MONTHS[d.getUTCMonth()]!.slice(0, 3); break;
      case 'B': out += MONTHS[d.getUTCMonth()]!; break;
      case 'j': out += pad(dayOfYear(d), 3); break;
      case 'U': out += pad(Math.floor((dayOfYear(d) - 1 + 7 - d.getUTCDay()) / 7), 2); break;
      case 'W': out += pad(Math.floor((dayOfYear(d) - 1 + 7 - ((d.getUTCDay() + 6) % 7)) / 7), 2); break;
      case 'u': out += String(d.getUTCDay() || 7); break;
      case 'w': out += String(d.getUTCDay()); break;
      case 'V': out += pad(isoWeek(d).week, 2); break;
      case 'G': out += String(isoWeek(d).year); break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 's': out += String(whole); break;
      case 'T': out += `${pad(H, 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`; break;
      case 'R': out += `${pad(H, 2)}:${pad(d.getUTCMinutes(), 2)}`; break;
      case 'D':
      case 'x': out += `${pad(d.getUTCMonth() + 1, 2)}/${pad(d.getUTCDate(), 2)}/${pad(Y % 100, 2)}`; break;
      case 'F': out += `${Y}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`; break;
      case 'X': out += `${pad(H, 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`; break;
      case 'c': out += `${DAYS[d.getUTCDay()]!.slice(0, 3)} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${pad(d.getUTCDate(), 2, ' ')} ${pad(H, 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${Y}`; break;
      case 'N': out += sub(width ? Number(width) : 9); break;
      case 'Q': out += sub(width ? Number(width) : 3); break;
      case 'f': out += sub(6); break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += `%${c}`;
    }
  }
  return out;
}

const MONTH_INDEX: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
});

/**
 * strptime: parse `text` with a strftime format into epoch seconds (UTC unless `%z` gives an offset). Supports
 * `%Y %y %m %d %e %H %I %M %S %p %b %h %B %a %A %j %z %Z %s %T %D %F %N %3N %6N %9N %Q %f %%`; whitespace in the
 * format matches any run of whitespace. Undefined when the text does not fit.
 */
export function strptime(text: string, fmt: string): number | undefined {
  let pos = 0;
  let Y = 1970;
  let mo = 0;
  let d = 1;
  let H = 0;
  let M = 0;
  let S = 0;
  let frac = 0;
  let pm: boolean | undefined;
  let offset = 0;
  let epoch: number | undefined;
  let yday: number | undefined;
  const num = (maxDigits: number, signed = false): number | undefined => {
    const re = new RegExp(`^${signed ? '[+-]?' : ''}\\d{1,${maxDigits}}`);
    const m = re.exec(text.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  };
  const word = (): string | undefined => {
    const m = /^[A-Za-z]+/.exec(text.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const expand: Record<string, string> = { T: '%H:%M:%S', D: '%m/%d/%y', F: '%Y-%m-%d', R: '%H:%M' };
  const f = fmt.replace(/%%/g, '\u0000').replace(/%([TDFR])/g, (_, c: string) => expand[c] ?? '');
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (ch === '\u0000') {
      if (text[pos] !== '%') return undefined;
      pos++;
      continue;
    }
    if (/\s/.test(ch)) {
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      continue;
    }
    if (ch !== '%' || i === f.length - 1) {
      if (text[pos] !== ch) return undefined;
      pos++;
      continue;
    }
    let j = i + 1;
    let width = '';
    while (j < f.length && /\d/.test(f[j]!)) width += f[j++];
    const c = f[j];
    i = j;
    let v: number | undefined;
    switch (c) {
      case 'Y': v = num(4, true); if (v === undefined) return undefined; Y = v; break;
      case 'y': v = num(2); if (v === undefined) return undefined; Y = v < 69 ? 2000 + v : 1900 + v; break;
      case 'm': v = num(2); if (v === undefined) return undefined; mo = v - 1; break;
      case 'd':
      case 'e':
        while (text[pos] === ' ') pos++;
        v = num(2); if (v === undefined) return undefined; d = v; break;
      case 'H':
      case 'k':
        while (text[pos] === ' ') pos++;
        v = num(2); if (v === undefined) return undefined; H = v; break;
      case 'I':
      case 'l':
        while (text[pos] === ' ') pos++;
        v = num(2); if (v === undefined) return undefined; H = v % 12; break;
      case 'M': v = num(2); if (v === undefined) return undefined; M = v; break;
      case 'S': v = num(2); if (v === undefined) return undefined; S = v; break;
      case 'j': v = num(3); if (v === undefined) return undefined; yday = v; break;
      case 'p': {
        const w = word()?.toLowerCase();
        if (w !== 'am' && w !== 'pm') return undefined;
        pm = w === 'pm';
        break;
      }
      case 'b':
      case 'h':
      case 'B': {
        const w = word()?.toLowerCase();
        const idx = w === undefined ? undefined : MONTH_INDEX[w.slice(0, 3)];
        if (idx === undefined) return undefined;
        mo = idx;
        break;
      }
      case 'a':
      case 'A':
        if (word() === undefined) return undefined;
        break;
      case 'Z':
        if (word() === undefined) return undefined;
        break;
      case 'z': {
        const m = /^(?:Z|([+-])(\d{2}):?(\d{2}))/.exec(text.slice(pos));
        if (!m) return undefined;
        pos += m[0].length;
        if (m[1]) offset = (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
        break;
      }
      case 's': v = num(12, true); if (v === undefined) return undefined; epoch = v; break;
      case 'N':
      case 'Q':
      case 'f': {
        const digits = width ? Number(width) : c === 'N' ? 9 : c === 'Q' ? 3 : 6;
        const m = new RegExp(`^\\d{1,${digits}}`).exec(text.slice(pos));
        if (!m) return undefined;
        pos += m[0].length;
        frac = Number(`0.${m[0]}`);
        break;
      }
      default:
        if (text.slice(pos, pos + 2) !== `%${c ?? ''}`) return undefined;
        pos += 2;
    }
  }
  if (epoch !== undefined) return epoch + frac;
  if (pm !== undefined && pm) H += 12;
  let ms = Date.UTC(Y, mo, d, H, M, S);
  if (yday !== undefined) ms = Date.UTC(Y, 0, yday, H, M, S);
  if (!Number.isFinite(ms)) return undefined;
  return ms / 1000 + frac - offset;
}

const UNIT_SECONDS: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
});

const UNIT_MONTHS: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  mon: 1, month: 1, months: 1, q: 3, qtr: 3, qtrs: 3, quarter: 3, quarters: 3, y: 12, yr: 12, yrs: 12, year: 12, years: 12,
});

function unitName(u: string): string {
  return u.toLowerCase();
}

/** Snap a UTC time down to a unit boundary (`@d`, `@h`, `@w0`…`@w6`, `@mon`, `@q`, `@y`). */
function snap(t: number, unit: string): number | undefined {
  const d = new Date(Math.floor(t) * 1000);
  const u = unitName(unit);
  const wm = /^w(\d)$/.exec(u);
  if (wm || u === 'w' || u === 'week' || u === 'weeks') {
    const dow = wm ? Number(wm[1]) % 7 : 0;
    const back = (d.getUTCDay() - dow + 7) % 7;
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back) / 1000;
  }
  const months = UNIT_MONTHS[u];
  if (months !== undefined) {
    const m = d.getUTCMonth();
    return Date.UTC(d.getUTCFullYear(), months === 12 ? 0 : m - (m % months), 1) / 1000;
  }
  const secs = UNIT_SECONDS[u];
  if (secs === undefined) return undefined;
  return Math.floor(t / secs) * secs;
}

/**
 * `relative_time(t, spec)`: `[+-]N unit` offsets (repeated), then an optional `@unit` snap, in UTC
 * (`-1d@d`, `+2h`, `@w1`, `now`). Undefined when the spec is not understood.
 */
export function relativeTime(t: number, spec: string): number | undefined {
  let s = spec.trim();
  if (s === 'now' || s === '') return t;
  let out = t;
  for (;;) {
    const m = /^([+-])(\d*)([a-zA-Z]+)/.exec(s);
    if (!m) break;
    const n = (m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1);
    const u = unitName(m[3]!);
    const secs = UNIT_SECONDS[u];
    const months = UNIT_MONTHS[u];
    if (secs !== undefined) out += n * secs;
    else if (months !== undefined) {
      const d = new Date(out * 1000);
      d.setUTCMonth(d.getUTCMonth() + n * months);
      out = d.getTime() / 1000;
    } else return undefined;
    s = s.slice(m[0].length);
  }
  if (s.startsWith('@')) {
    const m = /^@([a-zA-Z]+\d?)([+-].*)?$/.exec(s);
    if (!m) return undefined;
    const snapped = snap(out, m[1]!);
    if (snapped === undefined) return undefined;
    out = snapped;
    if (m[2]) return relativeTime(out, m[2]);
    return out;
  }
  return s === '' ? out : undefined;
}
