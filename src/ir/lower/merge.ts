import { assertNever, type Predicate, type Stage } from '../types.js';
import { fieldMatches, predicateFields, renameFields } from './predicates.js';

/**
 * Can a filter that follows `stages` be evaluated before them instead (merged into the query's filter)?
 * Walks the stages backwards; each must leave the rows the filter reads unchanged. Renames are undone on the
 * way (a filter on `process_name` after `rename Processes.* AS *` reads `Processes.process_name`). An
 * aggregation lets a filter through only when it reads nothing but BY fields (filtering groups by a BY value =
 * filtering events by it). Returns the rewritten predicate, or a reason why it cannot move.
 */
export function pushBeforeStages(p: Predicate, stages: readonly Stage[]): { ok: true; predicate: Predicate } | { ok: false; reason: string } {
  let pred = p;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i]!;
    const refs = predicateFields(pred);
    if (!refs) return { ok: false, reason: 'the filter holds a subsearch or macro whose fields are unknown' };
    const blocked = blocks(s, refs);
    if (blocked) return { ok: false, reason: blocked };
    if (s.kind === 'rename') {
      const undo = undoRename(s, refs, knownFieldsAfter(stages.slice(0, i)));
      if (typeof undo === 'string') return { ok: false, reason: undo };
      pred = renameFields(pred, undo);
    }
  }
  return { ok: true, predicate: pred };
}

const touches = (names: readonly string[], refs: Set<string>): string | undefined =>
  [...refs].find((r) => names.some((n) => fieldMatches(n, r)));

/** Why stage `s` stops a filter on `refs` from moving before it (undefined = it does not). */
function blocks(s: Stage, refs: Set<string>): string | undefined {
  switch (s.kind) {
    case 'filter':
    case 'sort':
    case 'rename':
      return undefined;
    case 'eval': {
      const f = touches(s.assignments.map((a) => a.field), refs);
      return f ? `eval assigns '${f}'` : undefined;
    }
    case 'fields': {
      if (s.mode === 'remove') {
        const f = touches(s.fields, refs);
        return f ? `fields removes '${f}'` : undefined;
      }
      const lost = [...refs].find((r) => !s.fields.some((n) => fieldMatches(n, r)));
      return lost ? `${s.mode === 'table' ? 'table' : 'fields'} drops '${lost}'` : undefined;
    }
    case 'bin':
      return refs.has(s.as) ? `bin rewrites '${s.as}'` : undefined;
    case 'stats': {
      if (s.variant === 'eventstats' || s.variant === 'streamstats') {
        const f = touches(s.aggregations.map((a) => a.as), refs);
        return f ? `${s.variant} computes '${f}'` : undefined;
      }
      const notBy = [...refs].find((r) => !s.by.includes(r) || s.aggregations.some((a) => fieldMatches(a.as, r)));
      return notBy ? `${s.variant} aggregates; '${notBy}' is not a BY field` : undefined;
    }
    case 'rex': {
      if (s.mode === 'sed') return refs.has(s.field) ? `rex mode=sed rewrites '${s.field}'` : undefined;
      const f = touches(s.groups, refs);
      return f ? `rex extracts '${f}'` : undefined;
    }
    case 'lookup': {
      if (s.outputs.length === 0) return 'lookup without OUTPUT may set any field';
      const f = touches(s.outputs.map((o) => o.as), refs);
      return f ? `lookup sets '${f}'` : undefined;
    }
    case 'convert': {
      const f = touches(s.conversions.map((c) => c.as), refs);
      return f ? `convert rewrites '${f}'` : undefined;
    }
    case 'fillnull': {
      if (s.fields.length === 0) return 'fillnull without a field list fills every field';
      const f = touches(s.fields, refs);
      return f ? `fillnull fills '${f}'` : undefined;
    }
    case 'spath':
      return s.output !== undefined && !refs.has(s.output) ? undefined : 'spath may set the fields the filter reads';
    case 'dedup':
      return 'dedup changes which events remain';
    case 'head':
      return 'head changes which events remain';
    case 'mvexpand':
      return 'mvexpand changes the rows';
    case 'join':
    case 'append':
      return `${s.kind} changes the rows`;
    case 'iplocation': {
      const f = touches(s.outputs, refs);
      return f ? `iplocation sets '${f}'` : undefined;
    }
    case 'makemv':
      return refs.has(s.field) ? `makemv splits '${s.field}'` : undefined;
    case 'replace': {
      if (s.fields.length === 0) return 'replace without IN may rewrite any field';
      const f = touches(s.fields, refs);
      return f ? `replace rewrites '${f}'` : undefined;
    }
    case 'fromjson':
      return 'fromjson may set the fields the filter reads';
    case 'appendpipe':
    case 'transaction':
      return `${s.kind} changes the rows`;
    case 'opaque':
      return `'${s.command}' is not modelled`;
    default:
      return assertNever(s, 'stage');
  }
}

/** The inverse of a rename for the fields a filter reads, or a reason it cannot be undone. */
function undoRename(
  s: Extract<Stage, { kind: 'rename' }>,
  refs: Set<string>,
  known: Set<string> | undefined,
): ((n: string) => string) | string {
  const map = new Map<string, string>();
  for (const r of refs) {
    let src: string | undefined;
    for (const p of s.pairs) {
      const from = matchRename(p.from, p.to, r);
      // With the fields before the rename known (after stats/table), only a field that exists can be the source.
      if (from !== undefined && (known === undefined || known.has(from))) src = from; // later pairs win
    }
    if (src === undefined && s.pairs.some((p) => fieldMatches(p.from, r))) return `rename moves '${r}' away`;
    if (src !== undefined) map.set(r, src);
  }
  return (n) => map.get(n) ?? n;
}

/** The exact set of fields after these stages, when it can be told (after an aggregation or a table). */
function knownFieldsAfter(stages: readonly Stage[]): Set<string> | undefined {
  let known: Set<string> | undefined;
  for (const s of stages) {
    switch (s.kind) {
      case 'stats':
        if (s.variant === 'stats' || s.variant === 'tstats') {
          const outs = s.aggregations.map((a) => a.as);
          known = outs.some((o) => o.includes('*')) ? undefined : new Set([...s.by, ...outs]);
        } else known = undefined;
        break;
      case 'fields':
        if (s.mode !== 'remove' && !s.fields.some((f) => f.includes('*'))) known = new Set(s.fields);
        else if (s.mode === 'remove' && known) for (const f of s.fields) known.delete(f);
        else if (s.mode !== 'remove') known = undefined;
        break;
      case 'eval':
        s.assignments.forEach((a) => known?.add(a.field));
        break;
      case 'rename':
        if (known) {
          const next = new Set<string>();
          for (const f of known) {
            let out = f;
            for (const p of s.pairs) {
              const to = applyRename(p.from, p.to, f);
              if (to !== undefined) out = to;
            }
            next.add(out);
          }
          known = next;
        }
        break;
      case 'convert':
        s.conversions.forEach((c) => known?.add(c.as));
        break;
      case 'filter':
      case 'sort':
      case 'dedup':
      case 'head':
      case 'bin':
      case 'makemv':
      case 'replace':
        if (s.kind === 'bin') known?.add(s.as);
        break;
      case 'iplocation':
        s.outputs.forEach((f) => known?.add(f));
        break;
      default:
        known = undefined;
    }
  }
  return known;
}

/** What `rename from AS to` turns `name` into, or undefined when it does not apply. */
function applyRename(from: string, to: string, name: string): string | undefined {
  if (!from.includes('*')) return from === name ? to : undefined;
  const re = new RegExp('^' + from.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*)') + '$', 's');
  const m = re.exec(name);
  if (!m) return undefined;
  let i = 1;
  return to.replace(/\*/g, () => m[i++] ?? '');
}

/** If `to` (possibly with `*`) produces `name`, the source name it came from. */
function matchRename(from: string, to: string, name: string): string | undefined {
  if (!to.includes('*')) return to === name ? from : undefined;
  const re = new RegExp('^' + to.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*)') + '$', 's');
  const m = re.exec(name);
  if (!m) return undefined;
  let i = 1;
  return from.replace(/\*/g, () => m[i++] ?? '');
}
