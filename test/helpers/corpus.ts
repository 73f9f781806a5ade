import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared test data beside the repo (`../shared`), as laid out for developers and CI. */
export const SHARED = resolve(process.cwd(), '../shared');
export const CORPUS = resolve(SHARED, 'corpus');

/**
 * Whether shared test data is present. Developers may lack it; under CI (`CI=true`) its absence is a failure,
 * never a silent skip.
 */
export function hasShared(path: string = CORPUS): boolean {
  const present = existsSync(path);
  if (!present && process.env.CI) throw new Error(`CI: required test data is missing: ${path}`);
  return present;
}
