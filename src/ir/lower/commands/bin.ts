import type { BinCommand, TimeSpan as AstTimeSpan } from '../../../spl/ast.js';
import type { TimeSpan } from '../../types.js';
import type { LowerContext } from '../context.js';
import { optionRecord, stage, type Lowered } from './types.js';

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, ms: 0.001, us: 0.000001, cs: 0.01, ds: 0.1 };

export function lowerTimeSpan(t: AstTimeSpan): TimeSpan {
  const unit = SECONDS[t.unit];
  return unit === undefined ? { value: t.value, unit: t.unit } : { value: t.value, unit: t.unit, seconds: t.value * unit };
}

export function lowerBin(c: BinCommand, ctx: LowerContext): Lowered {
  const options = optionRecord(c.options);
  const bins = options['bins'] !== undefined ? Number(options['bins']) : undefined;
  return stage({
    kind: 'bin',
    field: c.field.name,
    as: c.as?.name ?? c.field.name,
    ...(c.timeSpan ? { span: lowerTimeSpan(c.timeSpan) } : {}),
    ...(bins !== undefined && Number.isFinite(bins) ? { bins } : {}),
    options,
    origin: ctx.origin(c.span),
  });
}
