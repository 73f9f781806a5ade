import type { CommandSpec } from '../command-spec.js';
import { opaqueStage } from './opaque.js';

/** Placeholder: parsed as an opaque stage until its grammar lands. */
export const fillnull: CommandSpec = {
  names: ['fillnull'],
  parse: (c, head) => opaqueStage(c, head),
};
