import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** The repo's `templates/` folder (same relative place from `src/cli` and `dist/cli`). */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const hb = Handlebars.create();
/** Escape text for a Markdown table cell. */
const md = (s: unknown): string => String(s ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** Inline code that survives any backticks in the text. */
const code = (s: unknown): string => {
  const t = String(s ?? '').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${t}${fence === '``' ? ' ' : ''}${fence}`;
};
hb.registerHelper('md', (s: unknown) => new Handlebars.SafeString(md(s)));
hb.registerHelper('inlineCode', (s: unknown) => new Handlebars.SafeString(code(s)));
hb.registerHelper('values', (vs: unknown) =>
  new Handlebars.SafeString(Array.isArray(vs) ? vs.map(code).join(', ') : ''),
);
hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
hb.registerHelper('isNull', (a: unknown) => a === null || a === undefined);

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/<name>.hbs` (Markdown output: no HTML escaping). */
export function render(name: string, view: unknown): string {
  let t = cache.get(name);
  if (!t) {
    t = hb.compile(readFileSync(`${TEMPLATE_DIR}${name}.hbs`, 'utf8'), { noEscape: true, strict: false });
    cache.set(name, t);
  }
  return t(view);
}
