/**
 * Splunk search macros: definitions (`MacroTable`, loaded from macros.conf or security-content YAML by
 * `loadMacros`) and textual expansion with an offset map back to the original SPL (`expandMacros`).
 */
export type { Expansion, MacroDef, MacroUse } from './types.js';
export { MacroTable, FILTER_FALLBACK_ORIGIN } from './table.js';
export { loadMacros, type LoadOptions } from './load.js';
export { parseMacrosConf, type ParsedMacros } from './conf.js';
export { parseMacroYaml, loadYamlDir } from './yaml-dir.js';
export {
  expandMacros,
  type ExpandOptions,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  DEFAULT_MAX_EXPANSIONS,
} from './expand.js';
export { OffsetMap, OffsetMapBuilder } from './offset-map.js';
export { MacroCode } from './codes.js';
export { parseUse, splitArgs, bindArgs, substitute } from './syntax.js';
