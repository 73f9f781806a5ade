#!/usr/bin/env node
/**
 * `npm run oracles:setup`: the pinned Python environment of the oracles (test/oracles/requirements.txt) in
 * `.venv/` at the repository root (git-ignored).
 *
 * - Idempotent and quick when already set up: a stamp in `.venv/` records the hash of requirements.txt and the
 *   Python version it was installed for; when both still hold and the oracle imports, nothing is installed.
 * - `python3 -m venv .venv`, then `.venv/bin/pip install -r test/oracles/requirements.txt`, then the offline
 *   ATT&CK data for pySigma's tag validator (below), then the oracle's own check (`oracle.py --versions`) so a broken
 *   install fails here, not in the tests.
 * - ATT&CK data: pySigma 1.x downloads MITRE's STIX bundle from GitHub on first use, which these machines cannot
 *   reach. pySigma 0.11.23 shipped the same tables (ATT&CK 17.0) as a generated module: its wheel is fetched from
 *   PyPI with `pip download --no-deps` (not installed) and `attack_data.py` turns the tables into the STIX file
 *   the oracle hands to `sigma.data.mitre_attack.set_url`.
 * - Every failure ends with exit code 1 and a message saying which step failed and what to do.
 *
 * Options: `--force` reinstalls even when the stamp matches. `PYTHON=/path/to/python3` picks the interpreter that
 * creates the venv (default `python3`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VENV = join(ROOT, '.venv');
const VENV_PY = join(VENV, 'bin', 'python');
const VENV_PIP = join(VENV, 'bin', 'pip');
const REQUIREMENTS = join(ROOT, 'test/oracles/requirements.txt');
const ORACLE = join(ROOT, 'test/oracles/pysigma/oracle.py');
const STAMP = join(VENV, '.spl2x-oracles.json');
const DATA_DIR = join(VENV, 'share', 'spl2x-oracles');
const ATTACK_JSON = join(DATA_DIR, 'enterprise-attack.json');
const ATTACK_SCRIPT = join(ROOT, 'test/oracles/pysigma/attack_data.py');
/** The pySigma release whose bundled tables give the offline ATT&CK data (exact pin; not installed). */
const ATTACK_PACKAGE = 'pysigma==0.11.23';
const PYTHON = process.env.PYTHON || 'python3';
const MIN_PYTHON = [3, 10];
const force = process.argv.includes('--force');

const rel = (p) => relative(ROOT, p) || '.';
const log = (s) => process.stdout.write(`oracles:setup: ${s}\n`);

function die(step, why, hint) {
  process.stderr.write(`oracles:setup: FAILED: ${step}\n${why.trimEnd()}\n${hint ? `→ ${hint}\n` : ''}`);
  process.exit(1);
}

/** Run a command; return its output or stop with a message naming the step. */
function run(step, cmd, args, { hint, echo = false } = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: echo ? ['ignore', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe'] });
  if (r.error) {
    const missing = r.error.code === 'ENOENT';
    die(step, missing ? `${cmd}: command not found` : `${cmd}: ${r.error.message}`, missing ? `install Python ≥ ${MIN_PYTHON.join('.')} (or set PYTHON=/path/to/python3)` : hint);
  }
  if (r.status !== 0) {
    const tail = (r.stderr || r.stdout || '').split('\n').filter((l) => l.trim() !== '').slice(-25).join('\n');
    die(step, `${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}\n${tail}`, hint);
  }
  return r.stdout ?? '';
}

const requirements = readFileSync(REQUIREMENTS, 'utf8');
const reqHash = createHash('sha256').update(requirements).update(`\n${ATTACK_PACKAGE}\n`).update(readFileSync(ATTACK_SCRIPT)).digest('hex');

// 1. The interpreter that creates the venv.
const version = run('checking Python', PYTHON, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']).trim();
const [major, minor] = version.split('.').map(Number);
if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]))
  die('checking Python', `${PYTHON} is Python ${version}; pySigma needs ≥ ${MIN_PYTHON.join('.')}`, 'install a newer Python or set PYTHON=/path/to/python3');

// 2. Already set up? (stamp matches and the oracle imports)
if (!force && existsSync(STAMP) && existsSync(VENV_PY) && existsSync(ATTACK_JSON)) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    stamp = undefined;
  }
  if (stamp?.requirements === reqHash && stamp?.python === version) {
    const check = spawnSync(VENV_PY, [ORACLE, '--versions'], { cwd: ROOT, encoding: 'utf8' });
    if (check.status === 0) {
      log(`already set up (${rel(VENV)}, Python ${version}): ${check.stdout.trim()}`);
      process.exit(0);
    }
    log('stamp present but the oracle does not import: reinstalling');
  }
}

// 3. Create (or repair) the venv.
if (!existsSync(VENV_PY)) {
  log(`creating ${rel(VENV)} with ${PYTHON} (Python ${version})`);
  run('creating the virtual environment', PYTHON, ['-m', 'venv', VENV], {
    hint: 'on Debian/Ubuntu install the venv module: apt-get install python3-venv',
  });
}
if (!existsSync(VENV_PIP)) die('creating the virtual environment', `${rel(VENV_PIP)} is missing after python -m venv`, `remove ${rel(VENV)} and run npm run oracles:setup again`);

// 4. Install the pinned packages.
log(`installing ${rel(REQUIREMENTS)} into ${rel(VENV)}`);
run('pip install', VENV_PIP, ['install', '--disable-pip-version-check', '--no-input', '-q', '-r', REQUIREMENTS], {
  hint: 'check that PyPI is reachable (pip needs network access) and the pins in test/oracles/requirements.txt exist',
});
run('pip check', VENV_PIP, ['check', '--disable-pip-version-check'], { hint: 'the pins in test/oracles/requirements.txt conflict' });

// 5. Offline ATT&CK data for the attacktag validator.
log(`preparing offline ATT&CK data from ${ATTACK_PACKAGE}`);
mkdirSync(DATA_DIR, { recursive: true });
run('pip download (ATT&CK data)', VENV_PIP, ['download', '--disable-pip-version-check', '--no-input', '-q', '--no-deps', '--only-binary=:all:', '-d', DATA_DIR, ATTACK_PACKAGE], {
  hint: 'check that PyPI is reachable (pip needs network access)',
});
const version011 = ATTACK_PACKAGE.split('==')[1];
const wheel = readdirSync(DATA_DIR).find((f) => f.startsWith(`pysigma-${version011}-`) && f.endsWith('.whl'));
if (!wheel) die('pip download (ATT&CK data)', `no pysigma ${version011} wheel in ${rel(DATA_DIR)}`);
const attack = run('preparing ATT&CK data', VENV_PY, [ATTACK_SCRIPT, join(DATA_DIR, wheel), ATTACK_JSON]).trim();
log(attack);

// 6. The oracle must import.
const versions = run('checking the oracle', VENV_PY, [ORACLE, '--versions'], { hint: `run ${rel(VENV_PY)} ${rel(ORACLE)} --versions to see the error` }).trim();
writeFileSync(STAMP, JSON.stringify({ requirements: reqHash, python: version, versions }, null, 2) + '\n');
log(`ready: ${versions}`);
