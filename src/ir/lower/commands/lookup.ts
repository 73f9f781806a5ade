import type { LookupCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { optionRecord, stage, type Lowered } from './types.js';

export function lowerLookup(c: LookupCommand, ctx: LowerContext): Lowered {
  return stage({
    kind: 'lookup',
    table: c.table.value,
    inputs: c.inputs.map((i) => ({ field: i.field.name, as: i.as?.name ?? i.field.name })),
    outputs: c.outputs.map((o) => ({ field: o.field.name, as: o.as?.name ?? o.field.name })),
    outputMode: c.outputMode ?? 'OUTPUT',
    options: optionRecord(c.options),
    origin: ctx.origin(c.span),
  });
}
