/**
 * `@babel/code-frame`, loaded on first use: most runs locate diagnostics without ever showing a frame, and the
 * package (with its highlighter) costs a noticeable part of the start-up.
 */
import { createRequire } from 'node:module';
import type { codeFrameColumns as CodeFrameColumns } from '@babel/code-frame';

let loaded: typeof CodeFrameColumns | undefined;

export function codeFrameColumns(...args: Parameters<typeof CodeFrameColumns>): string {
  loaded ??= (createRequire(import.meta.url)('@babel/code-frame') as { codeFrameColumns: typeof CodeFrameColumns }).codeFrameColumns;
  return loaded(...args);
}
