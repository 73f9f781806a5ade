import { cover, type Span } from '../diagnostics/span.js';
import type { FieldRef, SearchNode, SearchValue } from './ast.js';
import type { StageCursor } from './cursor.js';
import { StageError } from './errors.js';
import { parseSubsearch } from './subsearch.js';
import type { Token } from './token.js';

const MAX_DEPTH = 500;
const KEYWORDS = new Set(['AND', 'OR', 'NOT']);

/**
 * The search language, with SPL's precedence inside `search`: parentheses > NOT > OR > AND, and implicit AND
 * between adjacent terms (so `A=1 B=2 OR C=3` is `A=1 AND (B=2 OR C=3)`). Boolean keywords are upper case only.
 *
 * Stops (without consuming) at end of stage, `)` closing an outer group, or a word in `stopWords`
 * (e.g. `by` in `tstats … where … by …`).
 */
export function parseSearchExpr(c: StageCursor, stopWords: readonly string[] = []): SearchNode | undefined {
  const p = new SearchParser(c, stopWords.map((s) => s.toLowerCase()));
  if (p.atStop()) return undefined;
  const node = p.and(0);
  return node;
}

class SearchParser {
  constructor(
    private readonly c: StageCursor,
    private readonly stop: readonly string[],
  ) {}

  atStop(): boolean {
    const t = this.c.peek();
    if (t.kind === 'eof' || t.kind === 'rparen' || t.kind === 'pipe' || t.kind === 'rbracket') return true;
    return t.kind === 'word' && this.stop.includes(t.value.toLowerCase());
  }

  and(depth: number): SearchNode {
    const items: SearchNode[] = [this.or(depth)];
    for (;;) {
      if (this.atStop()) break;
      const t = this.c.peek();
      if (isKw(t, 'AND')) {
        this.c.next();
        if (this.atStop()) throw new StageError('SPL001', "expected a search term after 'AND'", t.span);
      }
      items.push(this.or(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items, span: cover(items[0]!.span, items[items.length - 1]!.span) };
  }

  or(depth: number): SearchNode {
    const items: SearchNode[] = [this.not(depth)];
    while (isKw(this.c.peek(), 'OR')) {
      const t = this.c.next();
      if (this.atStop()) throw new StageError('SPL001', "expected a search term after 'OR'", t.span);
      items.push(this.not(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items, span: cover(items[0]!.span, items[items.length - 1]!.span) };
  }

  not(depth: number): SearchNode {
    const t = this.c.peek();
    if (isKw(t, 'NOT')) {
      this.c.next();
      if (depth > MAX_DEPTH) throw new StageError('SPL013', 'search expression nested too deeply', t.span);
      if (this.atStop()) throw new StageError('SPL001', "expected a search term after 'NOT'", t.span);
      const item = this.not(depth + 1);
      return { kind: 'not', item, span: cover(t.span, item.span) };
    }
    return this.primary(depth);
  }

  primary(depth: number): SearchNode {
    const c = this.c;
    const t = c.peek();
    switch (t.kind) {
      case 'lparen': {
        if (depth > MAX_DEPTH) throw new StageError('SPL013', 'search expression nested too deeply', t.span);
        c.next();
        if (c.peek().kind === 'rparen') throw new StageError('SPL001', 'empty parentheses', cover(t.span, c.peek().span));
        const inner = this.and(depth + 1);
        const close = c.next();
        if (close.kind !== 'rparen') throw new StageError('SPL003', "unbalanced parentheses: '(' is never closed", t.span);
        return inner;
      }
      case 'lbracket':
        return this.subsearch();
      case 'macro': {
        c.next();
        const { name, args } = splitMacro(t.value);
        return { kind: 'macro', name, args, span: t.span };
      }
      case 'string': {
        // A quoted field name: `"result.status"=x`, `"a b" IN (…)`.
        const after = c.peekAt(1);
        if (after.kind === 'op' || (after.kind === 'word' && after.value.toUpperCase() === 'IN' && c.peekAt(2).kind === 'lparen'))
          return this.wordPrimary(depth);
        c.next();
        return { kind: 'term', value: { text: t.value, quoted: true, span: t.span }, span: t.span };
      }
      case 'word':
        return this.wordPrimary(depth);
      case 'op': {
        // `=value` with no field, or a stray operator.
        throw c.unexpected(t, 'a search term');
      }
      default:
        throw c.unexpected(t, 'a search term');
    }
  }

  private wordPrimary(depth: number): SearchNode {
    const c = this.c;
    const t = c.next();
    // TERM(…) / CASE(…) as a bare term.
    const directive = this.directive(t);
    if (directive) return { kind: 'term', value: directive, span: directive.span };
    const after = c.peek();
    if (after.kind === 'op') {
      c.next();
      const field: FieldRef = { name: t.value, span: t.span };
      const value = this.value(after);
      const op = after.value === '==' ? '=' : (after.value as '=' | '!=' | '<' | '<=' | '>' | '>=');
      return { kind: 'compare', field, op, value, span: cover(t.span, value.span) };
    }
    if (after.kind === 'word' && after.value.toUpperCase() === 'IN' && c.peekAt(1).kind === 'lparen') {
      c.next();
      const open = c.next();
      const values: SearchValue[] = [];
      for (;;) {
        const v = c.peek();
        if (v.kind === 'comma') {
          c.next();
          continue;
        }
        if (v.kind === 'rparen') {
          c.next();
          break;
        }
        if (v.kind === 'eof' || v.kind === 'pipe') throw new StageError('SPL003', "unbalanced parentheses: 'IN (' is never closed", open.span);
        values.push(this.value(v, true));
      }
      const last = values[values.length - 1];
      if (!last) throw new StageError('SPL012', 'IN () needs at least one value', open.span);
      return { kind: 'in', field: { name: t.value, span: t.span }, values, span: cover(t.span, last.span) };
    }
    void depth;
    if (t.flag && t.value.includes('\\*')) c.warn('SPL022', 'a backslash cannot escape * in a Splunk search: it stays a wildcard', t.span);
    return { kind: 'term', value: { text: t.value, quoted: false, span: t.span }, span: t.span };
  }

  /** The value after a comparison operator (or in an IN list). Adjacent tokens without spaces are glued. */
  private value(opTok: Token, inList = false): SearchValue {
    const c = this.c;
    const first = c.peek();
    if (first.kind === 'word') {
      c.next();
      const d = this.directive(first);
      if (d) return d;
    } else if (first.kind === 'string') {
      c.next();
    } else {
      throw new StageError('SPL005', `missing value after '${opTok.text}'`, inList ? first.span : opTok.span);
    }
    let text = first.value;
    let last = first;
    for (;;) {
      const t = c.peek();
      if (t.spaceBefore || !(t.kind === 'word' || t.kind === 'op' || t.kind === 'string')) break;
      c.next();
      text += t.value;
      last = t;
    }
    if (first.kind === 'word' && first.flag && text.includes('\\*'))
      c.warn('SPL022', 'a backslash cannot escape * in a Splunk search: it stays a wildcard', first.span);
    return { text, quoted: first.kind === 'string' && last === first, span: cover(first.span, last.span) };
  }

  /** `TERM(x)` or `CASE(x)` written right after `t` (no space before the parenthesis). */
  private directive(t: Token): SearchValue | undefined {
    const c = this.c;
    const name = t.value.toUpperCase();
    if (t.kind !== 'word' || (name !== 'TERM' && name !== 'CASE')) return undefined;
    const open = c.peek();
    if (open.kind !== 'lparen' || open.spaceBefore) return undefined;
    c.next();
    // The content is everything up to the closing parenthesis (TERM content holds no major breakers).
    const inner = c.peek();
    let text: string;
    let quoted = false;
    if (inner.kind === 'string') {
      c.next();
      text = inner.value;
      quoted = true;
    } else {
      const start = inner.start;
      let end = start;
      for (;;) {
        const x = c.peek();
        if (x.kind === 'rparen' || x.kind === 'eof' || x.kind === 'pipe') break;
        c.next();
        end = x.end;
      }
      text = c.scanner.slice(start, end).replace(/\\(.)/g, '$1');
    }
    const close = c.next();
    if (close.kind !== 'rparen') throw new StageError('SPL003', `unbalanced parentheses: '${name}(' is never closed`, open.span);
    if (text === '') throw new StageError('SPL012', `${name}() needs a value`, cover(t.span, close.span));
    return { text, quoted, directive: name, span: cover(t.span, close.span) };
  }

  private subsearch(): SearchNode {
    const { pipeline, span } = parseSubsearch(this.c);
    return { kind: 'subsearch', pipeline, span };
  }
}

function isKw(t: Token, kw: string): boolean {
  return t.kind === 'word' && t.value === kw && KEYWORDS.has(kw);
}

/** Split `name(a, b)` into the macro name and its raw arguments. */
export function splitMacro(body: string): { name: string; args: string[] } {
  const m = /^\s*([^(\s]+)\s*(?:\((.*)\))?\s*$/s.exec(body);
  if (!m) return { name: body.trim(), args: [] };
  const args = m[2] === undefined || m[2].trim() === '' ? [] : splitTopLevel(m[2]);
  return { name: m[1]!, args };
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (inQ) {
      cur += ch;
      if (ch === '\\') cur += s[++i] ?? '';
      else if (ch === '"') inQ = false;
      continue;
    }
    if (ch === '"') inQ = true;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export type { Span };
