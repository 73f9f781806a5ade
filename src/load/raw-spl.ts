/**
 * Raw SPL (a `.spl` file, stdin, anything that is not a rule YAML). The SPL is the text without its surrounding
 * blank space; the offset map is the identity on the file (shifted past the leading blank space).
 */
import { SplSource } from '../diagnostics/source.js';
import type { RuleDoc } from './types.js';

export function loadRawSpl(file: string, text: string): RuleDoc {
  const start = text.length - text.trimStart().length;
  const spl = text.trim();
  return {
    file,
    format: 'spl',
    meta: { id: undefined, title: undefined, techniques: [], references: [], dataCategories: [] },
    spl: new SplSource(file, spl, text, (i) => start + Math.max(0, Math.min(i, spl.length))),
    notes: [],
  };
}
