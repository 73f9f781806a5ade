/**
 * The ReDoS guard of the JS matcher (docs/security.md, "ReDoS"): a regex search in time linear in the value.
 *
 * `guardedRegex(source, flags, program)` stands in for `new RegExp(source, flags)` where only `test` is used (the
 * filter's regex leaves, `match()`, `mvfind()`). `program` is the regex as a Thompson NFA (`src/regex/safety.ts`,
 * `LinearProgram`): its single-character atoms and zero-width assertions are sub-patterns of the regex, run by V8
 * itself at one position (sticky), so every character test, case folding, `\b`, `^`/`$` and bounded look-around
 * means exactly what it means in the regex; the simulation keeps each NFA state once per position, so a search costs
 * O(value length × program size) whatever the pattern. Values up to `program.nativeMax` code units use the regex.
 */

/** See `LinearProgram` in src/regex/safety.ts. */
export interface LinearProgramData {
  readonly atoms: readonly string[];
  readonly asserts: readonly string[];
  readonly code: readonly (readonly number[])[];
  readonly nativeMax: number;
}

/** What the guarded leaves use of a RegExp. */
export interface SearchTest {
  lastIndex: number;
  test(s: string): boolean;
}

export function guardedRegex(source: string, flags: string, program: LinearProgramData): SearchTest {
  const base = flags.replace(/[gyd]/g, '');
  const native = new RegExp(source, base);
  const atoms = program.atoms.map((a) => new RegExp(a, `${base}y`));
  const asserts = program.asserts.map((a) => new RegExp(a, `${base}y`));
  const code = program.code;
  const size = code.length;
  const unicode = base.includes('u') || base.includes('v');
  // Thread lists: NFA states waiting to consume at the current position (`cur`) and the next one (`next`).
  let cur = new Int32Array(size);
  let next = new Int32Array(size);
  const seen = new Int32Array(size);
  const stack = new Int32Array(size * 2 + 2);
  let stamp = 0;

  // Whether an atom matches a character depends on the character alone: memoised per atom (BMP: 0 unknown, 1 no,
  // 2 yes; other code points in a map).
  const memo: (Uint8Array | undefined)[] = atoms.map(() => undefined);
  const astral: (Map<number, boolean> | undefined)[] = atoms.map(() => undefined);
  function consumes(k: number, cp: number, s: string, pos: number): boolean {
    if (cp < 0x10000) {
      const m = (memo[k] ??= new Uint8Array(0x10000));
      const known = m[cp]!;
      if (known !== 0) return known === 2;
      const re = atoms[k]!;
      re.lastIndex = pos;
      const yes = re.test(s);
      m[cp] = yes ? 2 : 1;
      return yes;
    }
    const m = (astral[k] ??= new Map());
    const known = m.get(cp);
    if (known !== undefined) return known;
    const re = atoms[k]!;
    re.lastIndex = pos;
    const yes = re.test(s);
    if (m.size < 4096) m.set(cp, yes);
    return yes;
  }

  /** Add a state and everything reachable without consuming (at `pos`) to `list`; true when it reaches a match. */
  function closure(s: string, pos: number, start: number, list: Int32Array, n: { v: number }): boolean {
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const pc = stack[--sp]!;
      if (seen[pc] === stamp) continue;
      seen[pc] = stamp;
      const ins = code[pc]!;
      switch (ins[0]) {
        case 0:
          list[n.v++] = pc;
          break;
        case 1: {
          const re = asserts[ins[1]!]!;
          re.lastIndex = pos;
          if (re.test(s)) stack[sp++] = pc + 1;
          break;
        }
        case 2:
          stack[sp++] = ins[2]!;
          stack[sp++] = ins[1]!;
          break;
        case 3:
          stack[sp++] = ins[1]!;
          break;
        case 4:
          return true;
      }
    }
    return false;
  }

  function linearTest(s: string): boolean {
    const len = s.length;
    const nCur = { v: 0 };
    const nNext = { v: 0 };
    // States carried from the previous position (their pcs, before closure).
    let carried = new Int32Array(size);
    let nCarried = 0;
    for (let pos = 0; ; ) {
      stamp++;
      nCur.v = 0;
      for (let i = 0; i < nCarried; i++) if (closure(s, pos, carried[i]!, cur, nCur)) return true;
      // Unanchored search: a match may start at every position.
      if (closure(s, pos, 0, cur, nCur)) return true;
      if (pos >= len) return false;
      let step = 1;
      if (unicode) {
        const c = s.charCodeAt(pos);
        if (c >= 0xd800 && c <= 0xdbff && pos + 1 < len) {
          const d = s.charCodeAt(pos + 1);
          if (d >= 0xdc00 && d <= 0xdfff) step = 2;
        }
      }
      nNext.v = 0;
      const cp = step === 2 ? s.codePointAt(pos)! : s.charCodeAt(pos);
      for (let i = 0; i < nCur.v; i++) {
        const pc = cur[i]!;
        if (consumes(code[pc]![1]!, cp, s, pos)) next[nNext.v++] = pc + 1;
      }
      const t = carried;
      carried = next;
      next = t;
      nCarried = nNext.v;
      pos += step;
    }
  }

  const guard: SearchTest = {
    lastIndex: 0,
    test(s: string): boolean {
      return s.length <= program.nativeMax ? native.test(s) : linearTest(s);
    },
  };
  return guard;
}
