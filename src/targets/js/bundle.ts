/**
 * The runtime embedded in every generated module: the files of `./runtime/` joined into one scope.
 *
 * Built from sources that exist wherever this file runs:
 * - compiled (`dist/targets/js/bundle.js`): `dist/targets/js/runtime/*.js`, which `tsc` emitted from the same
 *   sources — exactly what `npm run build` ships;
 * - from source (vitest, `src/targets/js/bundle.ts`): `src/targets/js/runtime/*.ts`, transpiled here with the
 *   TypeScript compiler (a dev dependency, loaded only in this case) using the project's emit settings.
 *
 * Joining: files are ordered so that a file comes after the files it imports; sibling `import` statements are
 * dropped and `export` keywords removed. The runtime's files keep to a subset that makes this exact (see
 * `runtime/value.ts`); anything else (`export default`, `export *`, imports from elsewhere, top-level names
 * starting with `$` or clashing with the module's exports) is refused with an error, never guessed at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const RUNTIME_DIR = new URL('./runtime/', import.meta.url);

/** Names the generated code declares itself; the runtime must not. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['filter', 'run', 'runner', 'meta', 'selects']);

interface TsApi {
  transpileModule(input: string, options: { compilerOptions: Record<string, unknown>; fileName?: string }): { outputText: string };
  ScriptTarget: { ES2022: number };
  ModuleKind: { ESNext: number };
}

function compiledFiles(): Map<string, string> {
  const dir = fileURLToPath(RUNTIME_DIR);
  const names = readdirSync(dir);
  const js = names.filter((n) => n.endsWith('.js'));
  const out = new Map<string, string>();
  if (js.length > 0) {
    for (const n of js) out.set(n.slice(0, -3), readFileSync(`${dir}${n}`, 'utf8'));
    return out;
  }
  const ts = names.filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'));
  if (ts.length === 0) throw new Error(`js target: no runtime files in ${dir}`);
  const require = createRequire(import.meta.url);
  const tsApi = require('typescript') as TsApi;
  for (const n of ts) {
    const text = readFileSync(`${dir}${n}`, 'utf8');
    const result = tsApi.transpileModule(text, {
      fileName: n,
      compilerOptions: { target: tsApi.ScriptTarget.ES2022, module: tsApi.ModuleKind.ESNext, sourceMap: false, removeComments: false },
    });
    out.set(n.slice(0, -3), result.outputText);
  }
  return out;
}

const IMPORT_RE = /^import\s*\{([^}]*)\}\s*from\s*'\.\/([\w-]+)\.js';[ \t]*\r?\n?/gm;
const DECL_RE = /^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)/gm;

/** One file: its sibling imports removed and `export` dropped; its dependencies. */
function strip(name: string, text: string): { body: string; deps: string[] } {
  const deps: string[] = [];
  let body = text.replace(IMPORT_RE, (_m, _names: string, from: string) => {
    deps.push(from);
    return '';
  });
  body = body.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  body = body.replace(/^export\s+(?=(?:async\s+)?(?:function|const|let|var|class)\b)/gm, '');
  const bad = /^\s*(?:import\b|export\b)/m.exec(body);
  if (bad) throw new Error(`js target: runtime/${name}: unsupported module syntax for embedding: ${body.slice(bad.index, bad.index + 60).trim()}`);
  for (const m of body.matchAll(DECL_RE)) {
    const id = m[1]!;
    if (id.startsWith('$') || RESERVED_NAMES.has(id)) throw new Error(`js target: runtime/${name}: top-level name '${id}' is reserved for generated code`);
  }
  return { body: body.trim(), deps };
}

/** Join compiled runtime files (name without extension → JS text) into one script body. */
export function joinRuntime(files: ReadonlyMap<string, string>): string {
  const parts = new Map([...files].map(([n, t]) => [n, strip(n, t)] as const));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string, from: string) => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`js target: runtime import cycle through ${n}`);
    const part = parts.get(n);
    if (!part) throw new Error(`js target: runtime/${from} imports ./${n}.js, which is not in the runtime`);
    state.set(n, 'visiting');
    for (const d of part.deps) visit(d, n);
    state.set(n, 'done');
    order.push(n);
  };
  for (const n of [...parts.keys()].sort()) visit(n, n);
  return order.map((n) => `// ── runtime/${n} ──\n${parts.get(n)!.body}\n`).join('\n');
}

let cached: string | undefined;

/** The runtime as one script body (no imports or exports), cached. */
export function runtimeSource(): string {
  cached ??= joinRuntime(compiledFiles());
  return cached;
}
