/**
 * Limits on rule files: rules are hostile input, and each limit turns what would cost unbounded time or memory
 * into a positioned diagnostic. The largest real rule (security content, 850 detections; the catalog, 750 rules)
 * is under 7 KB with lines under 4.4 K characters and YAML nested 4 levels deep, with no aliases: the limits are
 * far above any real rule. See docs/security.md.
 */

/** LOAD011: a rule file larger than this is refused before it is read (stdin: read no further). 1 MiB. */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

/** LOAD012: a line longer than this (in UTF-16 code units) is refused. 64 Ki characters. */
export const MAX_LINE_LENGTH = 65_536;

/** LOAD013: YAML collections nested deeper than this are refused (js-yaml recurses once per level). */
export const MAX_YAML_DEPTH = 100;

/**
 * LOAD014: YAML whose documents, with every alias expanded, hold more nodes than this is refused (the "billion
 * laughs" attack: a few lines of anchors and aliases that expand to billions of nodes).
 */
export const MAX_YAML_NODES = 100_000;

/** LOAD015: a YAML stream with more documents (rules) than this is refused: one file, one rule (or a few). */
export const MAX_YAML_DOCUMENTS = 100;
