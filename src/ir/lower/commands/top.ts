import type { TopCommand } from '../../../spl/ast.js';
import type { Expr, Origin, Stage } from '../../types.js';
import type { LowerContext } from '../context.js';
import { optionRecord, stage, stages, type Lowered } from './types.js';

/** The hidden per-group total the percentage is computed from (removed before the rows leave the stage). */
export const TOP_TOTAL_FIELD = '_spl2x_top_total';

function flag(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (/^(true|t|1|yes|y)$/i.test(v)) return true;
  if (/^(false|f|0|no|n)$/i.test(v)) return false;
  return dflt;
}

/**
 * `top`/`rare` in existing stages (docs/semantics.md, "top and rare"):
 *
 *     stats count AS <countfield> BY <by…>, <fields…>
 *     eventstats sum(<countfield>) AS _spl2x_top_total BY <by…>            (with showperc, the default)
 *     eval <percentfield> = round(<countfield> * 100 / _spl2x_top_total, 6)
 *     fields - _spl2x_top_total
 *     sort 0 <by…>, -<countfield>                                         (rare: +<countfield>)
 *     dedup <N> <by…>   — or, without BY, head <N>                        (N: limit, default 10; 0 = all)
 *     fields - <countfield>                                               (showcount=false)
 *
 * `useother=true` (an extra row summing the other values) is not modelled: the stage stays opaque.
 */
export function lowerTop(c: TopCommand, ctx: LowerContext, text: string): Lowered {
  const origin = ctx.origin(c.span);
  const o = optionRecord(c.options);
  if (flag(o['useother'], false))
    return stage({ kind: 'opaque', command: c.variant, text, reason: `${c.variant} useother=true (a row for all other values) is not modelled`, origin });
  const limit = o['limit'] !== undefined ? Number(o['limit']) : c.count ?? 10;
  const count = o['countfield'] ?? 'count';
  const percent = o['percentfield'] ?? 'percent';
  const fields = c.fields.map((f) => f.name);
  const by = c.by.map((f) => f.name);
  const out: Stage[] = [{ kind: 'stats', variant: 'stats', aggregations: [{ fn: 'count', as: count }], by: [...by, ...fields], options: {}, origin }];
  if (flag(o['showperc'], true)) {
    out.push({ kind: 'stats', variant: 'eventstats', aggregations: [{ fn: 'sum', field: count, as: TOP_TOTAL_FIELD }], by, options: {}, origin });
    out.push({ kind: 'eval', assignments: [{ field: percent, expr: percentExpr(count, origin) }], origin });
    out.push({ kind: 'fields', mode: 'remove', fields: [TOP_TOTAL_FIELD], origin });
  }
  out.push({ kind: 'sort', keys: [...by.map((f) => ({ field: f, descending: false })), { field: count, descending: c.variant === 'top', mode: 'num' as const }], origin });
  if (limit > 0) out.push(by.length ? { kind: 'dedup', fields: by, count: limit, options: {}, sortBy: [], origin } : { kind: 'head', count: limit, origin });
  if (!flag(o['showcount'], true)) out.push({ kind: 'fields', mode: 'remove', fields: [count], origin });
  return stages(out);
}

function percentExpr(count: string, origin: Origin): Expr {
  const field = (name: string): Expr => ({ kind: 'field', name, origin });
  const num = (value: number): Expr => ({ kind: 'number', value, origin });
  const ratio: Expr = {
    kind: 'binary',
    op: 'div',
    left: { kind: 'binary', op: 'mul', left: field(count), right: num(100), origin },
    right: field(TOP_TOTAL_FIELD),
    origin,
  };
  return { kind: 'call', fn: 'round', args: [ratio, num(6)], origin };
}
