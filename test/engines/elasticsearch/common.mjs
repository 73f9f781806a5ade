// Shared by start.mjs and stop.mjs: paths, settings from the environment, the pid check.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const RUN = join(HERE, '.run');
export const LOG = join(RUN, 'es.log');
export const PID = join(RUN, 'es.pid');
export const STATE = join(RUN, 'state.json');
export const CLASSPATH = join(RUN, 'classpath.txt');
/** The JVM's main class (also how stop.mjs recognizes its process). */
export const MAIN = 'spl2x.es.EsNode';
/** Prefix of the temp dir holding path.home / path.data. */
export const HOME_PREFIX = 'spl2x-es-';

export const HOST = process.env.SPL2X_ES_HOST || '127.0.0.1';
export const PORT = process.env.SPL2X_ES_PORT || '9250';
export const LOCAL_URL = `http://${HOST}:${PORT}`;

/** Is `pid` alive and our node (not a reused pid)? */
export function isOurNode(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(MAIN);
  } catch {
    return true; // no /proc: trust the pid file
  }
}

export function readState() {
  if (!existsSync(PID)) return undefined;
  const pid = Number(readFileSync(PID, 'utf8').trim());
  let state = {};
  try {
    state = JSON.parse(readFileSync(STATE, 'utf8'));
  } catch {
    /* no state: only the pid */
  }
  return { ...state, pid };
}

/** Remove the pid/state files and the node's temp home (only a dir we made: under tmpdir, our prefix). */
export function cleanUp(state) {
  const home = state?.home;
  if (home && resolve(dirname(home)) === resolve(tmpdir()) && basename(home).startsWith(HOME_PREFIX)) {
    rmSync(home, { recursive: true, force: true });
  }
  rmSync(PID, { force: true });
  rmSync(STATE, { force: true });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** For error messages: the log's first error lines (no stack frames), else its last lines. */
export function logTail(lines = 15) {
  let all;
  try {
    all = readFileSync(LOG, 'utf8').trimEnd().split('\n');
  } catch {
    return '(no log)';
  }
  const errors = all.filter((l) => /\]\[(ERROR|FATAL)|Exception|Error:|did not start/.test(l) && !/^\S*\s+at |\]\s+at /.test(l));
  return (errors.length ? errors : all).slice(0, errors.length ? lines : undefined).slice(-lines).join('\n');
}
