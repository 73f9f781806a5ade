/**
 * Which fields of the events a pipeline can ever see, so a streaming run keeps only those of each matching event
 * (`keep` of the compiled main query). Conservative: `undefined` (keep every field) unless the stages up to one that
 * replaces the rows' fields with a fixed set (`table`/`fields` without wildcards, `stats`) are all of kinds whose
 * reads are known (`eval`, `bin`, `filter`), none of them reading `_raw` (which may be synthesised from every field)
 * or searching raw text.
 */
import type { Expr, Predicate, Stage } from '../../ir/types.js';

/** Fields an expression reads; false when it may read every field. */
function exprFields(e: Expr, out: Set<string>): boolean {
  switch (e.kind) {
    case 'field':
      if (e.name === '_raw' || e.name.includes('*')) return false;
      out.add(e.name);
      return true;
    case 'call':
      return e.args.every((a) => exprFields(a, out));
    case 'binary':
      return exprFields(e.left, out) && exprFields(e.right, out);
    case 'unary':
      return exprFields(e.operand, out);
    case 'in':
      return exprFields(e.operand, out) && e.values.every((v) => exprFields(v, out));
    default:
      return true;
  }
}

/** Fields a predicate reads; false when it may read every field (raw text, `_raw`, a subsearch). */
function predicateFields(p: Predicate, out: Set<string>): boolean {
  switch (p.kind) {
    case 'and':
    case 'or':
      return p.items.every((x) => predicateFields(x, out));
    case 'not':
      return predicateFields(p.item, out);
    case 'compare':
    case 'in':
    case 'regex':
    case 'exists':
    case 'cidr':
      if (p.field === '_raw' || p.field.includes('*')) return false;
      out.add(p.field);
      return true;
    case 'expr':
      return exprFields(p.expr, out);
    case 'true':
    case 'false':
    case 'macro':
      return true;
    case 'raw':
    case 'subsearch':
      return false;
  }
}

/**
 * The input fields the stages can read (with `_time`, which orders the events), in a stable order; undefined when
 * they may read any field.
 */
export function pipelineFields(stages: readonly Stage[]): string[] | undefined {
  const reads = new Set<string>(['_time']);
  const written = new Set<string>();
  const read = (f: string) => {
    if (!written.has(f)) reads.add(f);
  };
  for (const s of stages) {
    switch (s.kind) {
      case 'eval': {
        for (const a of s.assignments) {
          const fs = new Set<string>();
          if (!exprFields(a.expr, fs)) return undefined;
          fs.forEach(read);
          if (a.field.includes('*')) return undefined;
          written.add(a.field);
        }
        break;
      }
      case 'bin':
        if (s.field === '_raw' || s.field.includes('*') || s.as.includes('*')) return undefined;
        read(s.field);
        written.add(s.as);
        break;
      case 'filter': {
        const fs = new Set<string>();
        if (!predicateFields(s.predicate, fs)) return undefined;
        fs.forEach(read);
        break;
      }
      case 'fields':
        if (s.mode === 'remove' || s.fields.some((f) => f.includes('*'))) return undefined;
        s.fields.forEach(read);
        return [...reads];
      case 'stats': {
        if (s.variant !== 'stats') return undefined;
        for (const f of s.by) {
          if (f === '_raw' || f.includes('*')) return undefined;
          read(f);
        }
        for (const a of s.aggregations) {
          if (a.field !== undefined) {
            if (a.field === '_raw' || a.field.includes('*')) return undefined;
            read(a.field);
          }
          if (a.evalArg) {
            const fs = new Set<string>();
            if (!exprFields(a.evalArg, fs)) return undefined;
            fs.forEach(read);
          }
        }
        return [...reads];
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
