/** IPv4 / IPv6 addresses and CIDR ranges (`cidrmatch`). */

export interface Cidr {
  readonly bytes: readonly number[];
  readonly bits: number;
}

/** The bytes of an IPv4 address (4) or IPv6 address (16), or undefined. Surrounding whitespace is ignored. */
export function parseIp(text: string): number[] | undefined {
  const s = text.trim();
  if (s.includes(':')) return parseIpv6(s);
  return parseIpv4(s);
}

function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const out = m.slice(1).map(Number);
  return out.every((n) => n <= 255) ? out : undefined;
}

function parseIpv6(input: string): number[] | undefined {
  const s = input.replace(/%.*$/, '');
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else all = head;
  if (all.length !== 8) return undefined;
  return all.flatMap((w) => [w >> 8, w & 255]);
}

/** A CIDR range (`10.0.0.0/8`, `fe80::/10`; a bare address is a single-address range), or undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+?)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const bytes = parseIp(m[1]!);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const bits = m[2] === undefined ? max : Number(m[2]);
  if (bits > max) return undefined;
  return { bytes, bits };
}

/** Whether an address (text) lies in the range; addresses of the other IP family never do. */
export function cidrContains(c: Cidr, ipText: string): boolean {
  const ip = parseIp(ipText);
  if (!ip || ip.length !== c.bytes.length) return false;
  let bits = c.bits;
  for (let i = 0; i < ip.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 255 : (255 << (8 - bits)) & 255;
    if ((ip[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}
