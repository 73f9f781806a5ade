import type { Arg, Option } from '../ast.js';
import type { CommandSpec } from '../command-spec.js';
import { macroTolerant } from './table.js';

const KNOWN = new Set(['input', 'output', 'path']);

/**
 * `spath [input=<field>] [output=<field>] [path=<path> | <path>]`: extracts values from JSON/XML in `input`
 * (default `_raw`). With no path every value is extracted. The path may be written bare (`spath a.b{}.c`).
 */
export const spath: CommandSpec = {
  names: ['spath'],
  parse: macroTolerant((c, head) => {
    const options: Option[] = [];
    let bare: Arg | undefined;
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof') break;
      if (c.atOption()) {
        const o = c.option();
        const key = o.key.toLowerCase();
        if (!KNOWN.has(key)) c.warn('SPL023', `option '${o.key}' is not recognised for spath; it is kept but not interpreted`, o.span);
        if (key === 'path' && bare) c.fail('SPL001', 'spath takes one path: both path= and a bare path are given', o.span);
        options.push(o);
        continue;
      }
      if (t.kind === 'word' || t.kind === 'string') {
        if (bare || options.some((o) => o.key.toLowerCase() === 'path'))
          c.fail('SPL001', 'spath takes one path: a second path is given', t.span);
        bare = c.gluedValue('a path');
        continue;
      }
      throw c.unexpected(t, 'an option or a path');
    }
    const get = (k: string) => options.filter((o) => o.key.toLowerCase() === k).pop()?.value.value;
    const input = get('input');
    const output = get('output');
    const path = bare?.value ?? get('path');
    return {
      command: 'spath',
      name: head.name,
      nameSpan: head.nameSpan,
      span: head.span,
      options,
      ...(input === undefined ? {} : { input }),
      ...(output === undefined ? {} : { output }),
      ...(path === undefined ? {} : { path }),
    };
  }),
};
