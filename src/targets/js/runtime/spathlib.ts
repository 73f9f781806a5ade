/**
 * JSON extraction for `spath` and `spath()`: paths are dot-separated steps, each a key with optional `{}` (every
 * array element) or `{N}` (0-based element); auto-extraction names nested keys `a.b` and arrays `a{}`.
 */
import type { Scalar } from './value.js';

/** Parse JSON text; undefined when it is not a JSON object or array. */
export function parseJsonDoc(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON value as a field value: scalars as they are, objects and arrays as JSON text, null as nothing. */
export function jsonScalar(v: unknown): Scalar | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every leaf of a JSON document as `[name, values]` in document order: `{"a":{"b":[1,2]}}` gives `a.b{}` = 1, 2.
 * `null` leaves are left out.
 */
export function jsonLeaves(doc: unknown): [string, Scalar[]][] {
  const out = new Map<string, Scalar[]>();
  const walk = (v: unknown, name: string, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, `${name}{}`, depth + 1);
      return;
    }
    if (isObject(v)) {
      for (const k of Object.keys(v)) walk(v[k], name ? `${name}.${k}` : k, depth + 1);
      return;
    }
    const s = jsonScalar(v);
    if (s === undefined || !name) return;
    const list = out.get(name);
    if (list) list.push(s);
    else out.set(name, [s]);
  };
  walk(doc, '', 0);
  return [...out.entries()];
}

/**
 * The values at a path (`a.b{}.c`, `a{0}`). An object or array at the end of the path is returned as its JSON
 * text; `{}` collects every element.
 */
export function jsonPath(doc: unknown, path: string): Scalar[] {
  const steps: { key: string; index?: number | 'all' }[] = [];
  for (const raw of path.split('.')) {
    const m = /^(.*?)((?:\{\d*\})*)$/.exec(raw);
    const key = m?.[1] ?? raw;
    const idx = [...(m?.[2] ?? '').matchAll(/\{(\d*)\}/g)];
    if (idx.length === 0) steps.push({ key });
    else {
      steps.push({ key, index: idx[0]![1] === '' ? 'all' : Number(idx[0]![1]) });
      for (const x of idx.slice(1)) steps.push({ key: '', index: x[1] === '' ? 'all' : Number(x[1]) });
    }
  }
  let current: unknown[] = [doc];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      let base: unknown = v;
      if (step.key !== '') {
        if (!isObject(v) || !Object.hasOwn(v, step.key)) continue;
        base = v[step.key];
      }
      if (step.index === undefined) next.push(base);
      else if (Array.isArray(base)) {
        if (step.index === 'all') next.push(...base);
        else if (step.index < base.length) next.push(base[step.index]);
      }
    }
    current = next;
  }
  const out: Scalar[] = [];
  for (const v of current) {
    const s = jsonScalar(v);
    if (s !== undefined) out.push(s);
  }
  return out;
}
