/**
 * Grammar-aware SPL generation (fast-check arbitraries): pipelines of the commands spl2x models and some it does
 * not, search expressions (terms, phrases, comparisons, `IN`, `TERM()`/`CASE()`, boolean operators, parentheses,
 * subsearches, macros), eval expressions (operators, functions, literals), regexes, quotes and escapes — with
 * hostile pieces mixed in everywhere (stray brackets, quotes, backslashes, NUL-free control characters, astral
 * characters, prototype-polluting field names, huge numbers). A "token soup" generator strings SPL tokens together
 * with no grammar at all.
 */
import fc from 'fast-check';

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

/** Field names, including the ones that hurt JavaScript objects and odd spellings Splunk allows. */
export const FIELDS = [
  'EventCode', 'user', 'host', 'src_ip', 'dest', 'process_name', 'Processes.process_name', 'CommandLine', 'count',
  '_raw', '_time', 'index', 'sourcetype', 'source', 'x', 'y', 'a.b.c', 'a-b', 'a:b', 'f{}', 'f{}.g', '1x', 'ü',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$x$', 'null', 'true', 'NOT',
  'AND', 'OR', 'by', 'as', 'eval', 'x*', '*', 'Ω𝔘', 'a b',
] as const;

const WORDS = [
  'main', 'cmd.exe', 'powershell', '-enc', 'C:\\Windows\\System32\\x.exe', '4624', '10.0.0.0/8', '::1', '1.2.3.4',
  '*', '**', '*a*', 'a*b', '?', 'x?y', 'TRUE', 'NULL', 'null', '""', "''", '0', '-1', '1e308', '-0', '0x1F', '1.5',
  '9007199254740993', 'NaN', 'Infinity', '\\', '\\\\', '\\*', '\\"', '\\|', 'a\\tb', '%', '%%', '$', '$x$', '#', '@',
  '&', ';', ',', '=', '==', '!=', '<', '>', '<=', '>=', '~', '^', '{', '}', '{}', 'ÿ', 'É', 'ß', 'İ', 'Σσς', '日本',
  '😀', '\u200b', '\u00a0', '\u2028', '\ufeff', '\ud800', 'a\u0301', 'earliest=-24h', 'latest=now', 'OR', 'AND',
  'NOT', 'IN', 'TERM', 'CASE', 'by', 'as', 'where', 'search', 'eval', '`', '```', '[', ']', '(', ')', '|',
] as const;

const CONTROL = ['\t', '\n', '\r', '\r\n', '\v', '\f', '\u0001', '\u001b', '\u007f', '\u0085'] as const;

/** A value-ish word: from the pool, generated text, or a mix. */
export const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: pick(WORDS) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:\\/*-]{1,12}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).map((s) => s.replace(/\0/g, '')).filter((s) => s.length > 0) },
  { weight: 1, arbitrary: fc.tuple(pick(WORDS), pick(CONTROL), pick(WORDS)).map(([a, c, b]) => `${a}${c}${b}`) },
);

export const field: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: pick(FIELDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z_][\w.{}-]{0,10}$/) },
);

/** A double-quoted string with escapes (sometimes left open). */
export const quoted: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.oneof(word, pick(['\\"', '\\\\', '\\n', '\\t', "'", '|', '[', ']', ' ', '`'])), { maxLength: 4 }),
  fc.boolean(),
  fc.nat(20),
).map(([parts, closeIt, r]) => `"${parts.join(r % 3 === 0 ? '' : ' ')}${closeIt || r > 1 ? '"' : ''}`);

const singleQuoted: fc.Arbitrary<string> = fc.tuple(field, fc.nat(10)).map(([f, r]) => `'${f}${r > 0 ? "'" : ''}`);

export const number: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  pick(['0', '1', '-1', '1e308', '1e-400', '.5', '5.', '0x10', '007', '1_000', '99999999999999999999', '-0', '1e', '+3']),
);

/** Regexes: pieces of PCRE (valid and not), glued. */
export const regex: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: pick([
        '\\d+', '\\w*', '\\s', '.', '.*', '.+?', '[a-z]', '[^\\\\]', '(a|b)*', '(?<n>\\w+)', '(?P<p>x)', '(?:x)', '(?i)', '(?s)', '(?m)', '(?x) a # c',
        '^', '$', '\\A', '\\z', '\\Z', '\\b', '\\B', '\\x5c', '\\x{263A}', '\\p{L}', '\\P{Lu}', '\\pL', '(?=a)', '(?!b)', '(?<=c)', '(?<!d)',
        '{2,3}', 'a{1000}', '{,5}', '\\1', '\\k<n>', '\\Q.*\\E', '\\G', '\\K', '\\R', '\\h', '\\v', '\\N', '[[:alpha:]]', '[\\d-z]',
        '(', ')', '[', ']', '{', '}', '\\', '|', '*', '+', '?', '(?', '(?<', '(*UTF)', '(?#comment)', '(?|a|b)', '(?>a+)', 'a++', 'a*+', '(?R)', '(?1)',
        '(a+)+$', '((a|b)*)*c', '\\/', '"', "'", '`', '\\"', '\\u0041', '\\cA', '\\e', '\\0', '\\777', '[\\s\\S]',
      ]) },
      { weight: 1, arbitrary: word },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((xs) => xs.join(''));

const macroUse: fc.Arbitrary<string> = fc.oneof(
  pick(['`sysmon`', '`security_content_ctime(firstTime)`', '`drop_dm_object_name(Processes)`', '`x_filter`', '`m(a,b)`', '`m(a=1, b="x,y")`', '``', '`', '`a(`', '`a)`', '`$x$`', '``` c ```', '```', '`m(1)` `m(2)`']),
  fc.tuple(field, fc.array(word, { maxLength: 3 })).map(([n, args]) => `\`${n.replace(/`/g, '')}${args.length ? `(${args.join(',')})` : ''}\``),
);

const cmpOp = pick(['=', '!=', '<', '>', '<=', '>=', '==', '=!', '=<', '=']);

/** A search expression of bounded depth; `sub` generates a pipeline for subsearches. */
function searchExpr(depth: number, sub: () => fc.Arbitrary<string>): fc.Arbitrary<string> {
  const atom = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(field, cmpOp, fc.oneof(word, quoted, number)).map(([f, o, v]) => `${f}${o}${v}`) },
    { weight: 2, arbitrary: word },
    { weight: 1, arbitrary: quoted },
    { weight: 1, arbitrary: fc.tuple(field, fc.array(fc.oneof(word, quoted, number), { maxLength: 4 }), fc.boolean()).map(([f, vs, nt]) => `${nt ? 'NOT ' : ''}${f} IN (${vs.join(', ')})`) },
    { weight: 1, arbitrary: fc.tuple(pick(['TERM', 'CASE', 'term', 'case']), fc.oneof(word, quoted)).map(([d, v]) => `${d}(${v})`) },
    { weight: 1, arbitrary: macroUse },
    { weight: 1, arbitrary: fc.tuple(pick(['earliest', 'latest', 'index', 'sourcetype', 'eventtype', 'tag', 'host']), pick(['=', '!=', '::']), word).map(([a, o, b]) => `${a}${o}${b}`) },
    { weight: 1, arbitrary: fc.tuple(singleQuoted, cmpOp, word).map(([f, o, v]) => `${f}${o}${v}`) },
  );
  if (depth <= 0) return atom;
  const inner = searchExpr(depth - 1, sub);
  return fc.oneof(
    { weight: 5, arbitrary: atom },
    { weight: 2, arbitrary: fc.array(inner, { minLength: 2, maxLength: 4 }).chain((xs) => fc.array(pick([' ', ' AND ', ' OR ', ' and ', ' or ', '  ', ' NOT ', '\n']), { minLength: xs.length - 1, maxLength: xs.length - 1 }).map((ops) => xs.map((x, i) => (i === 0 ? x : `${ops[i - 1]}${x}`)).join(''))) },
    { weight: 1, arbitrary: inner.map((x) => `NOT ${x}`) },
    { weight: 1, arbitrary: inner.map((x) => `(${x})`) },
    { weight: 1, arbitrary: sub().map((p) => `[${p}]`) },
    { weight: 1, arbitrary: sub().map((p) => `[ search ${p} | fields ${'host'} ]`) },
  );
}

const FUNCTIONS = [
  'if', 'case', 'match', 'like', 'lower', 'upper', 'len', 'substr', 'replace', 'split', 'mvindex', 'mvcount', 'mvjoin',
  'mvfilter', 'mvappend', 'mvdedup', 'coalesce', 'isnull', 'isnotnull', 'isnum', 'isstr', 'tonumber', 'tostring',
  'cidrmatch', 'strftime', 'strptime', 'relative_time', 'now', 'time', 'round', 'abs', 'floor', 'ceil', 'pow', 'log',
  'sqrt', 'exp', 'min', 'max', 'sha256', 'md5', 'urldecode', 'spath', 'json_extract', 'searchmatch', 'in', 'validate',
  'null', 'true', 'false', 'printf', 'trim', 'ltrim', 'rtrim', 'typeof', 'random', 'nullif', 'commands', 'unknownfn',
  '__proto__', 'constructor', 'toString',
] as const;

/** An eval expression of bounded depth. */
function evalExpr(depth: number): fc.Arbitrary<string> {
  const atom = fc.oneof(
    { weight: 3, arbitrary: field },
    { weight: 2, arbitrary: number },
    { weight: 2, arbitrary: quoted },
    { weight: 1, arbitrary: singleQuoted },
    { weight: 1, arbitrary: pick(['null()', 'true()', 'now()', '"a"."b"', '$x$', '*', '`m`', '[search x]']) },
  );
  if (depth <= 0) return atom;
  const inner = evalExpr(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: atom },
    { weight: 3, arbitrary: fc.tuple(inner, pick(['+', '-', '*', '/', '%', '.', ' AND ', ' OR ', ' XOR ', '=', '==', '!=', '<', '>', '<=', '>=', ' LIKE ', ' like ', ' IN ']), inner).map(([a, o, b]) => `${a}${o}${b}`) },
    { weight: 3, arbitrary: fc.tuple(pick(FUNCTIONS), fc.array(inner, { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`) },
    { weight: 1, arbitrary: fc.tuple(pick(['match', 'replace', 'like']), field, regex).map(([f, x, r]) => `${f}(${x}, "${r.replace(/"/g, '\\"')}"${f === 'replace' ? ', "$1"' : ''})`) },
    { weight: 1, arbitrary: fc.tuple(pick(['-', 'NOT ', '!', '+']), inner).map(([o, x]) => `${o}${x}`) },
    { weight: 1, arbitrary: inner.map((x) => `(${x})`) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 2, maxLength: 6 }).map((xs) => `case(${xs.join(', ')})`) },
  );
}

const AGGS = ['count', 'dc', 'values', 'list', 'min', 'max', 'sum', 'avg', 'earliest', 'latest', 'first', 'last', 'stdev', 'median', 'mode', 'perc95', 'p50', 'range', 'var', 'distinct_count', 'estdc', 'bogus'] as const;

const agg: fc.Arbitrary<string> = fc.oneof(
  pick(['count', 'count()', 'c', 'count(eval(x>1))']),
  fc.tuple(pick(AGGS), field, fc.option(field, { nil: undefined })).map(([a, f, as]) => `${a}(${f})${as ? ` as ${as}` : ''}`),
);

const opt = fc.tuple(pick(['limit', 'span', 'max', 'type', 'field', 'mode', 'keepempty', 'consecutive', 'sortby', 'allnum', 'summariesonly', 'max_match', 'offset_field', 'delim', 'maxspan', 'maxpause', 'bins', 'local', 'x']), pick(['=', '=', ' = ']), fc.oneof(word, number, pick(['1h', '5m', '1d@d', '-1', '0', 'true', 'f', 'inner', 'left', 'outer', 'sed', '"a"', '30s', '1mon']))).map(([k, e, v]) => `${k}${e}${v}`);

const fieldList = fc.array(fc.oneof(field, pick(['*', 'x*', '"quoted field"', '+', '-', ','])), { minLength: 0, maxLength: 4 }).map((xs) => xs.join(' '));

/** One command (stage text without the pipe). */
function command(depth: number, sub: () => fc.Arbitrary<string>): fc.Arbitrary<string> {
  const sx = searchExpr(Math.min(depth + 1, 3), sub);
  const ex = evalExpr(Math.min(depth + 1, 3));
  const subPipe = sub().map((p) => `[${p}]`);
  return fc.oneof(
    { weight: 6, arbitrary: sx.map((s) => `search ${s}`) },
    { weight: 3, arbitrary: ex.map((e) => `where ${e}`) },
    { weight: 3, arbitrary: fc.array(fc.tuple(field, ex), { minLength: 1, maxLength: 3 }).map((xs) => `eval ${xs.map(([f, e]) => `${f}=${e}`).join(', ')}`) },
    { weight: 2, arbitrary: fc.tuple(field, pick(['=', '!=', '']), regex).map(([f, o, r]) => (o ? `regex ${f}${o}"${r.replace(/"/g, '\\"')}"` : `regex "${r}"`)) },
    { weight: 2, arbitrary: fc.tuple(fc.option(field, { nil: undefined }), regex, fc.array(opt, { maxLength: 2 })).map(([f, r, o]) => `rex ${f ? `field=${f} ` : ''}${o.join(' ')} "${r}"`) },
    { weight: 1, arbitrary: fc.tuple(field, word, word, pick(['g', '', '2', 'gi'])).map(([f, a, b, fl]) => `rex field=${f} mode=sed "s/${a}/${b}/${fl}"`) },
    { weight: 1, arbitrary: pick(['rex mode=sed "y/abc/xyz/"', 'rex mode=sed "s/a"', 'rex mode=sed ""', 'rex "(?<x>', 'rex']) },
    { weight: 3, arbitrary: fc.tuple(pick(['stats', 'eventstats', 'streamstats', 'chart', 'timechart']), fc.array(opt, { maxLength: 2 }), fc.array(agg, { minLength: 0, maxLength: 3 }), fieldList).map(([c, o, a, by]) => `${c} ${o.join(' ')} ${a.join(', ')}${by ? ` by ${by}` : ''}`) },
    { weight: 2, arbitrary: fc.tuple(fc.array(opt, { maxLength: 2 }), fc.array(agg, { minLength: 0, maxLength: 2 }), pick(['Endpoint.Processes', 'Network_Traffic.All_Traffic', 'x', 'datamodel=Endpoint.Processes', '']), sx, fieldList).map(([o, a, dm, w, by]) => `tstats ${o.join(' ')} ${a.join(' ')} from ${dm} where ${w} by ${by}`) },
    { weight: 2, arbitrary: fc.tuple(pick(['table', 'fields', 'fields -', 'fields +', 'dedup', 'sort', 'sort -', 'mvexpand', 'makemv', 'fillnull', 'fillnull value=0', 'top', 'rare', 'transaction', 'iplocation', 'spath', 'fromjson', 'convert ctime', 'head', 'tail', 'reverse', 'bucket', 'bin']), fc.array(opt, { maxLength: 2 }), fieldList).map(([c, o, f]) => `${c} ${o.join(' ')} ${f}`) },
    { weight: 1, arbitrary: fc.tuple(pick(['head', 'head limit=', 'sort', 'dedup']), number).map(([c, n]) => `${c}${c.endsWith('=') ? '' : ' '}${n}`) },
    { weight: 2, arbitrary: fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 3 }).map((xs) => `rename ${xs.map(([a, b]) => `${a} AS ${b}`).join(', ')}`) },
    { weight: 1, arbitrary: fc.tuple(opt, field).map(([o, f]) => `bin ${o} ${f}`) },
    { weight: 1, arbitrary: fc.tuple(word, field, field).map(([t, a, b]) => `lookup ${t} ${a} OUTPUT ${b}`) },
    { weight: 1, arbitrary: fc.tuple(field, word, word).map(([f, a, b]) => `replace "${a}" WITH "${b}" IN ${f}`) },
    { weight: 1, arbitrary: fc.tuple(ex, field).map(([e, f]) => `convert num(${f}) AS ${e}`) },
    { weight: 2, arbitrary: fc.tuple(pick(['join', 'join type=left', 'join type=bogus max=0', 'append', 'appendpipe', 'appendcols']), fieldList, subPipe).map(([c, f, s]) => `${c} ${f} ${s}`) },
    { weight: 1, arbitrary: fc.tuple(pick(['collect', 'outputlookup', 'sendemail', 'delete', 'script', 'map', 'foreach', 'inputlookup', 'makeresults', 'xyzzy', 'multisearch']), fc.array(fc.oneof(opt, word, quoted), { maxLength: 3 })).map(([c, a]) => `${c} ${a.join(' ')}`) },
    { weight: 1, arbitrary: macroUse },
    { weight: 1, arbitrary: fc.tuple(sx, subPipe).map(([s, p]) => `search ${s} ${p}`) },
  );
}

/** A pipeline (stages joined by pipes), with subsearches up to `depth` levels. */
export function pipeline(depth = 2): fc.Arbitrary<string> {
  const sub = (): fc.Arbitrary<string> => (depth > 0 ? pipeline(depth - 1) : searchExpr(1, () => fc.constant('x')));
  const first = fc.oneof(
    { weight: 5, arbitrary: searchExpr(3, sub) },
    { weight: 2, arbitrary: command(depth, sub).map((c) => `| ${c}`) },
    { weight: 1, arbitrary: macroUse },
    { weight: 1, arbitrary: fc.constant('') },
  );
  return fc
    .tuple(first, fc.array(command(depth, sub), { maxLength: depth === 2 ? 5 : 2 }), fc.array(pick([' ', '\n', ' \\\n', '\t', '  ']), { minLength: 6, maxLength: 6 }), fc.nat(50))
    .map(([f, stages, ws, r]) => {
      const sep = (i: number) => `${ws[i % ws.length]}|${ws[(i + 1) % ws.length]}`;
      let s = f + stages.map((st, i) => `${sep(i)}${st}`).join('');
      if (r === 0) s += ' |';
      if (r === 1) s = `${s} \`\`\` a comment | with [brackets ( \`\`\``;
      if (r === 2) s = `${s} ]`;
      if (r === 3) s = `[${s}`;
      return s;
    });
}

/** SPL tokens strung together with no grammar at all. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: pick(['|', '[', ']', '(', ')', '"', "'", '`', '```', '\\', '=', '!=', '==', '<', '>=', ',', 'AND', 'OR', 'NOT', 'IN', 'by', 'as', 'AS', 'BY', ' ', ' ', ' ', '\n', 'search', 'where', 'eval', 'stats', 'tstats', 'rex', 'regex', 'rename', 'table', 'join', 'append', 'appendpipe', 'mode=sed', 'field=', 'span=', 'count', 'count(', 'eval(', 'TERM(', 'CASE(', '$', '$x$', '*', '-', '+', '.', ';', '{', '}', '#', '\t', '\r', 's/', '/g', '(?<', '>']) },
      { weight: 2, arbitrary: word },
      { weight: 1, arbitrary: field },
      { weight: 1, arbitrary: number },
    ),
    { maxLength: 40 },
  )
  .map((xs) => xs.join(''));

/**
 * Deeply nested constructs, at depths around and beyond the parser's limits (20 to 500 levels; deeper ones are in
 * test/limits.test.ts).
 */
export const deep: fc.Arbitrary<string> = fc
  .tuple(pick(['(', '[search ', 'NOT ', 'eval x=(', 'where (', 'eval x=if(', 'eval x=lower(', '`m(', '[', '"(', '-']), fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.nat(3), fc.boolean())
  .map(([open, n, balanced, kind, lines]) => {
    const close = open.endsWith('(') ? ')' : open.startsWith('[') ? ']' : open.endsWith('if(') ? ',1,2)' : '';
    const body = kind === 0 ? 'a' : kind === 1 ? 'x=1' : kind === 2 ? '1' : '';
    const prefix = open.startsWith('eval') || open.startsWith('where') ? `index=main | ${open.split('(')[0]}` : '';
    // On one line, or one level per line (long lines are refused by the loader: LOAD012).
    const rep = (open.startsWith('eval') || open.startsWith('where') ? open.slice(open.indexOf('(')) : open) + (lines ? '\n' : '');
    return `${prefix}${rep.repeat(n)}${body}${balanced ? close.repeat(n) : close.repeat(Math.floor(n / 2))}`;
  });
