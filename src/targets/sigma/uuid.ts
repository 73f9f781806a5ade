/**
 * Deterministic rule ids: UUID version 5 (RFC 9562 §5.5: SHA-1 of namespace + name) so that converting the same
 * rule twice gives the same Sigma `id`, and different rules different ids.
 */
import { createHash } from 'node:crypto';

/** RFC 9562 well-known namespace for URLs. */
export const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * spl2x's namespace for Sigma rule ids: `uuidv5(NAMESPACE_URL, "https://github.com/spl2x/spl2x#sigma")`
 * (a fixed constant; a test checks the derivation). Rule ids are `uuidv5(SPL2X_SIGMA_NAMESPACE, key)` where key is
 * the rule's own id, or its file path when it has none; a correlation rule uses `key + "#correlation"`.
 */
export const SPL2X_SIGMA_NAMESPACE = '7e0a0e84-099f-56e1-8162-91d25ffb90e6';

/** UUID version 5 of `name` (UTF-8) in `namespace`. */
export function uuidv5(name: string, namespace: string): string {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(ns)) throw new Error(`not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(Buffer.from(ns, 'hex')).update(Buffer.from(name, 'utf8')).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
