/**
 * `eval` before an aggregation → a `keyword` runtime field (Painless), only for simple string expressions:
 * field copies, string/number literals, concatenation (`.`), `lower()` and `upper()`. SPL's null propagation is
 * kept: a missing operand emits nothing (the runtime field is missing, as the eval result is null). A field copy
 * needs no script at all (the aggregation reads the source field under the new name).
 *
 * The script reads doc values (`doc['f'].value`), which for a multivalue field is its smallest value: exact for
 * single-valued fields only (noted).
 */
import type { Expr } from '../../ir/types.js';

/** How an eval'd field's value is obtained: an event field, or a Painless expression over event fields. */
export type EvalSource =
  | { readonly kind: 'field'; readonly esName: string }
  | { readonly kind: 'script'; readonly source: string }
  | { readonly kind: 'unsupported'; readonly why: string };

/** Resolves an SPL field read by the expression to its ES name (undefined = not readable by a script). */
export type FieldLookup = (spl: string) => { readonly esName: string } | { readonly script: string } | { readonly why: string };

export function painlessString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Compile an eval expression to a runtime-field script, or say why not. */
export function compileEval(e: Expr, lookup: FieldLookup): EvalSource {
  if (e.kind === 'field') {
    const r = lookup(e.name);
    if ('esName' in r) return { kind: 'field', esName: r.esName };
    if ('script' in r) return { kind: 'script', source: r.script };
    return { kind: 'unsupported', why: r.why };
  }
  const lines: string[] = [];
  let n = 0;
  const fail = (why: string): never => {
    throw new Unsupported(why);
  };
  const gen = (x: Expr): string => {
    const v = `v${n++}`;
    switch (x.kind) {
      case 'field': {
        const r = lookup(x.name);
        if ('why' in r) fail(r.why);
        if ('script' in r) fail(`${x.name} is itself computed`);
        const f = painlessString((r as { esName: string }).esName);
        lines.push(`if (!doc.containsKey(${f}) || doc[${f}].size() == 0) return;`, `String ${v} = String.valueOf(doc[${f}].value);`);
        return v;
      }
      case 'string':
        lines.push(`String ${v} = ${painlessString(x.value)};`);
        return v;
      case 'number':
        lines.push(`String ${v} = ${painlessString(String(x.value))};`);
        return v;
      case 'binary':
        if (x.op === 'concat') {
          const a = gen(x.left);
          const b = gen(x.right);
          lines.push(`String ${v} = ${a} + ${b};`);
          return v;
        }
        return fail(`operator ${x.op}`);
      case 'call':
        if ((x.fn === 'lower' || x.fn === 'upper') && x.args.length === 1) {
          const a = gen(x.args[0]!);
          lines.push(`String ${v} = ${a}.${x.fn === 'lower' ? 'toLowerCase' : 'toUpperCase'}();`);
          return v;
        }
        return fail(`function ${x.fn}()`);
      default:
        return fail(`${x.kind} expression`);
    }
  };
  try {
    const result = gen(e);
    lines.push(`emit(${result});`);
    return { kind: 'script', source: lines.join(' ') };
  } catch (err) {
    if (err instanceof Unsupported) return { kind: 'unsupported', why: err.message };
    throw err;
  }
}

class Unsupported extends Error {}
