import type { CommandSpec } from '../command-spec.js';
import { opaqueStage } from './opaque.js';

/** Placeholder: parsed as an opaque stage until its grammar lands. */
export const head: CommandSpec = {
  names: ['head'],
  parse: (c, head) => opaqueStage(c, head),
};
