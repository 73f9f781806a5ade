import { esdsl } from './esdsl/index.js';
import { js } from './js/index.js';
import { kql } from './kql/index.js';
import { sigma } from './sigma/index.js';
import type { Target, TargetName } from './types.js';

/** Every target, in the order `--to all` runs them. */
export const TARGETS: readonly Target[] = [esdsl as Target, kql as Target, sigma as Target, js as Target];

export const TARGET_NAMES: readonly TargetName[] = TARGETS.map((t) => t.name);

export function target(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
