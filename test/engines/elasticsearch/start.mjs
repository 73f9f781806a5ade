#!/usr/bin/env node
// npm run es:start — a single-node Elasticsearch 8.x on 127.0.0.1:9250 (SPL2X_ES_PORT) for the verification tests,
// from Maven Central (no Docker): compiles the Maven project beside this file (offline when the local repository has
// everything), starts `java ... spl2x.es.EsNode` detached (log: .run/es.log, pid: .run/es.pid, data in a temp dir)
// and waits until the cluster is green. Idempotent: a running node is found and reused. With ES_URL set, nothing is
// started (the tests use that cluster).
//
// Environment: ES_URL (use that cluster instead), SPL2X_ES_HOST (127.0.0.1), SPL2X_ES_PORT (9250),
// SPL2X_ES_TRANSPORT_PORT (9350-9399), SPL2X_ES_HEAP (512m), SPL2X_ES_START_TIMEOUT (seconds, 180).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { CLASSPATH, HERE, HOME_PREFIX, HOST, LOCAL_URL, LOG, MAIN, PID, PORT, RUN, STATE, cleanUp, isOurNode, logTail, readState, sleep } from './common.mjs';

const HEAP = process.env.SPL2X_ES_HEAP || '512m';
const BUILD_STAMP = join(RUN, 'build.stamp');
const TIMEOUT_S = Number(process.env.SPL2X_ES_START_TIMEOUT || 180);
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);

function fail(msg) {
  console.error(`es:start: ${msg}`);
  process.exit(1);
}

/** Newest mtime under a dir (files only). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Compile + write the runtime classpath, unless both are newer than the sources. */
function build() {
  // Maven leaves unchanged outputs alone: a stamp of our own says when the last build succeeded.
  const classes = join(HERE, 'target', 'classes', 'spl2x', 'es', 'EsNode.class');
  if (existsSync(BUILD_STAMP) && existsSync(CLASSPATH) && existsSync(classes)) {
    if (statSync(BUILD_STAMP).mtimeMs >= Math.max(statSync(join(HERE, 'pom.xml')).mtimeMs, newest(join(HERE, 'src')))) return 'up to date';
  }
  rmSync(BUILD_STAMP, { force: true });
  const goals = ['-q', '-B', '-f', join(HERE, 'pom.xml'), 'compile', 'dependency:build-classpath'];
  let how = 'built offline';
  const offline = spawnSync('mvn', ['-o', ...goals], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (offline.error) fail(`cannot run mvn (${offline.error.message}): Maven 3.8+ and Java 17 are needed`);
  if (offline.status !== 0) {
    console.log('es:start: resolving Elasticsearch from Maven Central (first run: about a minute)...');
    const online = spawnSync('mvn', goals, { stdio: 'inherit' });
    if (online.status !== 0) fail(`the Maven build failed (mvn ${goals.join(' ')})`);
    how = 'built online';
  }
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  return how;
}

/** The cluster's health, or undefined when nothing answers. Throws on a non-Elasticsearch answer. */
async function health(client, waitFor, timeout, requestTimeout = 60_000) {
  try {
    return await client.cluster.health({ wait_for_status: waitFor, timeout }, { requestTimeout });
  } catch (e) {
    if (e?.name === 'ConnectionError') return undefined; // nothing listens
    if (e?.name === 'TimeoutError') return { status: 'no answer' };
    throw e;
  }
}

async function version(client) {
  try {
    return (await client.info()).version.number;
  } catch {
    return '?';
  }
}

/** Wait for green (or yellow when `acceptYellow`), while `alive()` holds; the health or an error message. */
async function waitReady(client, alive, acceptYellow) {
  const deadline = Date.now() + TIMEOUT_S * 1000;
  let last;
  while (Date.now() < deadline) {
    if (!alive()) return { error: 'the JVM exited' };
    try {
      const h = await health(client, 'green', '2s', 15_000);
      if (h && h.status !== 'no answer') {
        last = h;
        if (h.status === 'green' || (acceptYellow && h.status === 'yellow')) return { health: h };
      }
    } catch (e) {
      return { error: `unexpected answer from ${LOCAL_URL}: ${e?.message ?? e}` };
    }
    await sleep(500);
  }
  return { error: `not green after ${TIMEOUT_S} s${last ? ` (status ${last.status})` : ' (no answer)'}` };
}

async function main() {
  if (process.env.ES_URL) {
    console.log(`es:start: ES_URL is set (${process.env.ES_URL}): the tests use that cluster; nothing started.`);
    return;
  }
  mkdirSync(RUN, { recursive: true });
  const client = new Client({ node: LOCAL_URL, maxRetries: 0, requestTimeout: 60_000 });

  // 1. Already running?
  const prev = readState();
  if (prev) {
    if (isOurNode(prev.pid)) {
      if (prev.url && prev.url !== LOCAL_URL) fail(`the node started earlier (pid ${prev.pid}) runs at ${prev.url}: npm run es:stop first to start one at ${LOCAL_URL}`);
      // A node that holds an index with replicas is yellow on one node: running all the same.
      const r = await waitReady(client, () => isOurNode(prev.pid), true);
      if (r.error) fail(`the node started earlier (pid ${prev.pid}) does not answer at ${LOCAL_URL}: ${r.error}. Log: ${LOG}\n${logTail()}\nRun npm run es:stop, then npm run es:start.`);
      console.log(`es:start: Elasticsearch ${await version(client)} already running at ${LOCAL_URL} (pid ${prev.pid}, status ${r.health.status}). Log: ${LOG}`);
      return;
    }
    console.log(`es:start: stale pid file (pid ${prev.pid} is gone): cleaning up`);
    cleanUp(prev);
  }
  const other = await health(client, undefined, '1s', 5_000).catch((e) => fail(`${LOCAL_URL} answers but is not Elasticsearch (${e?.message ?? e}); set SPL2X_ES_PORT to a free port`));
  if (other?.status === 'no answer') fail(`${LOCAL_URL} accepts connections but does not answer (port in use by something else?); set SPL2X_ES_PORT to a free port`);
  if (other) {
    console.log(`es:start: a cluster not started by es:start already answers at ${LOCAL_URL} (${other.cluster_name}, status ${other.status}): using it. es:stop will not stop it.`);
    return;
  }

  // 2. Build (no-op when up to date), 3. start detached.
  const how = build();
  console.log(`es:start: Maven project ${how} (${secs()} s)`);
  const classpath = `${join(HERE, 'target', 'classes')}:${readFileSync(CLASSPATH, 'utf8').trim()}`;
  const home = mkdtempSync(join(tmpdir(), HOME_PREFIX));
  const jvm = [
    `-Xms${HEAP}`,
    `-Xmx${HEAP}`,
    '-XX:MaxDirectMemorySize=256m',
    '-XX:+UseG1GC',
    '-Xss1m',
    '-XX:-OmitStackTraceInFastThrow',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    '-Djava.locale.providers=SPI,CLDR',
    '-Djna.nosys=true',
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-Dlog4j.shutdownHookEnabled=false',
    '-Dlog4j2.disable.jmx=true',
    '-Dlog4j2.formatMsgNoLookups=true',
    `-Djava.io.tmpdir=${home}`,
  ];
  const log = openSync(LOG, 'w');
  const child = spawn('java', [...jvm, '-cp', classpath, MAIN], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, SPL2X_ES_HOME: home, SPL2X_ES_HOST: HOST, SPL2X_ES_PORT: PORT },
  });
  closeSync(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  child.on('error', (e) => fail(`cannot run java (${e.message}): Java 17 is needed`));
  const state = { pid: child.pid, home, url: LOCAL_URL, heap: HEAP, startedAt: new Date().toISOString() };
  writeFileSync(PID, `${child.pid}\n`);
  writeFileSync(STATE, `${JSON.stringify(state, null, 2)}\n`);
  child.unref();

  // 4. Wait for green.
  const r = await waitReady(client, () => !exited && isOurNode(child.pid), false);
  if (r.error) {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    cleanUp(state);
    fail(`Elasticsearch did not start: ${r.error}. Log: ${LOG}\n${logTail()}`);
  }
  console.log(`es:start: Elasticsearch ${await version(client)} ready at ${LOCAL_URL} (green, pid ${child.pid}, heap ${HEAP}, data ${home}) in ${secs()} s. Log: ${LOG}`);
  await client.close();
}

main().catch((e) => fail(e?.stack ?? String(e)));
