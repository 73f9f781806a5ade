#!/usr/bin/env node
// npm run es:stop — stops the node npm run es:start started (SIGTERM, then SIGKILL after 30 s) and removes its temp
// data dir and pid file; the log (.run/es.log) stays. Does nothing when no node of ours is running (a cluster named
// by ES_URL is never touched).
import { LOG, cleanUp, isOurNode, readState, sleep } from './common.mjs';

async function main() {
  const state = readState();
  if (!state) {
    console.log(`es:stop: no node started by es:start is running${process.env.ES_URL ? ` (ES_URL=${process.env.ES_URL} is not ours to stop)` : ''}.`);
    return;
  }
  const { pid } = state;
  if (!isOurNode(pid)) {
    cleanUp(state);
    console.log(`es:stop: pid ${pid} is gone: cleaned up.`);
    return;
  }
  const signal = (sig) => {
    try {
      process.kill(-pid, sig); // its own process group (started detached)
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  const t0 = Date.now();
  signal('SIGTERM');
  while (isOurNode(pid) && Date.now() - t0 < 30_000) await sleep(200);
  let how = 'stopped';
  if (isOurNode(pid)) {
    signal('SIGKILL');
    how = 'killed (no exit 30 s after SIGTERM)';
    while (isOurNode(pid) && Date.now() - t0 < 40_000) await sleep(200);
  }
  cleanUp(state);
  console.log(`es:stop: Elasticsearch (pid ${pid}) ${how} in ${((Date.now() - t0) / 1000).toFixed(1)} s; data dir removed. Log: ${LOG}`);
}

main().catch((e) => {
  console.error(`es:stop: ${e?.stack ?? e}`);
  process.exit(1);
});
