/**
 * Limits on rule files: rules are hostile input, and each limit turns what would cost unbounded time or memory
 * into a positioned diagnostic. The largest real rule (security content, 850 detections; the catalog, 750 rules)
 * is under 7 KB with lines under 4.4 K characters and no YAML aliases: the limits are
 * far above any real rule. See docs/security.md.
 */

/**
 * LOAD011: a rule file larger than this is refused before it is read (stdin: read no further). 64 KiB: ten times
 * the largest real rule. Parsing and lowering are not linear in every shape of input (thousands of stages or
 * terms), so this bounds the time of one file too: a few seconds at worst (docs/security.md).
 */
export const MAX_RULE_FILE_BYTES = 64 * 1024;

/** LOAD012: a line longer than this (in UTF-16 code units) is refused. 16 Ki characters. */
export const MAX_LINE_LENGTH = 16_384;

/** LOAD013: YAML collections nested deeper than this are refused (js-yaml recurses once per level). */
export const MAX_YAML_DEPTH = 100;

/**
 * LOAD014: YAML whose documents, with every alias expanded, hold more nodes than this is refused (the "billion
 * laughs" attack: a few lines of anchors and aliases that expand to billions of nodes).
 */
export const MAX_YAML_NODES = 100_000;

/**
 * MAC012 for a rule: its macro-expanded SPL may be at most this long (the expander's own default, 10 MiB, is for
 * trusted callers). The largest real expansion (850 security-content detections with their macros) is 5 KB; the
 * expanded text is parsed, whose time grows faster than its length.
 */
export const MAX_EXPANDED_SPL = 128 * 1024;

/** LOAD015: a YAML stream with more documents (rules) than this is refused: one file, one rule (or a few). */
export const MAX_YAML_DOCUMENTS = 100;
