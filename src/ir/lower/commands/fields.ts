import type { FieldsCommand, TableCommand } from '../../../spl/ast.js';
import type { LowerContext } from '../context.js';
import { stage, type Lowered } from './types.js';

export function lowerTable(c: TableCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'fields', mode: 'table', fields: c.fields.map((f) => f.name), origin: ctx.origin(c.span) });
}

export function lowerFields(c: FieldsCommand, ctx: LowerContext): Lowered {
  return stage({ kind: 'fields', mode: c.mode, fields: c.fields.map((f) => f.name), origin: ctx.origin(c.span) });
}
