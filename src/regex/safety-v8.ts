/**
 * V8's own ReDoS fallback (docs/security.md, "ReDoS"): after `--regexp-backtracks-before-fallback` backtracks
 * (default 50,000) a regex that V8's experimental linear-time engine can run is re-run on it.
 *
 * In Node 20 (V8 11.3) that engine refuses the `i`, `u`, `v` and `d` flags, look-arounds, back references and
 * finite repetitions above 16 (or nested to a product above 16): every regex the JS target translates from PCRE has
 * the `u` flag, so rule regexes are guarded by spl2x's own linear engine (`src/targets/js/runtime/linear.ts`), not by
 * this. It covers the other regexes of a run that qualify. Sources: https://v8.dev/blog/non-backtracking-regexp and
 * `CanBeHandledVisitor` in V8's `src/regexp/experimental/experimental-compiler.cc`.
 */
import { setFlagsFromString } from 'node:v8';

let enabled = false;

/** Turn the fallback on for this process (idempotent); call before the regexes to guard are compiled. */
export function enableV8RegexFallback(): void {
  if (enabled) return;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  enabled = true;
}
