#!/usr/bin/env node
// Compiles the server (and the parts of @piao/shared it imports) to plain JavaScript in sync-server/dist/,
// so production runs no TypeScript loader (issue 10 §3). esbuild bundles: the sources import without
// extensions and through the workspace exports `@piao/shared/*` (TypeScript files), which plain `tsc`
// output could not resolve in Node. npm packages stay external (loaded from node_modules as usual: pdfkit
// and exceljs read their own data files next to their sources).
//
// Layout: every file sits directly in dist/ (no sub-folders), because the code finds things relative to
// its own module: config.ts's REPO_ROOT is `<module dir>/../..`, and the worker pools start
// `new URL('./<name>-worker-entry.mjs', import.meta.url)`. So the three worker entries are built under
// exactly those names, beside the chunks that hold config.ts and the pools.
//
// Used three ways: `node sync-server/scripts/build.mjs` (npm run build / npm start: a clean build),
// and ensureBuilt() from bin/piao.mjs (build only when dist/ is missing or older than a source file).
// Safe while other processes run from dist/: chunks have content-hashed names and are never overwritten
// with other content; entries are written to a temporary name and renamed (atomic on one file system).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.resolve(PKG, '..');
export const DIST = path.join(PKG, 'dist');
const STAMP = path.join(DIST, '.build-stamp');

/** Entry points: output name (in dist/, + .mjs) → source. */
const ENTRIES = {
  piao: 'src/cli/main.ts',
  index: 'src/index.ts',
  'heavy-worker-entry': 'src/http/heavy-worker.ts',
  'import-worker-entry': 'src/http/import-worker.ts',
  'sqlite-worker-entry': 'src/storage/sqlite-worker.ts',
};

/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = [
  path.join(PKG, 'src'),
  path.join(REPO, 'shared', 'src'),
  path.join(PKG, 'package.json'),
  path.join(REPO, 'shared', 'package.json'),
  fileURLToPath(import.meta.url),
];

function newestMtime(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs; // a deleted file changes its folder's mtime
  for (const name of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, name)));
  return max;
}

/** True when dist/ misses an entry or a source is newer than the last build. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  for (const name of Object.keys(ENTRIES)) if (!existsSync(path.join(DIST, `${name}.mjs`))) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newestMtime(p) > built);
}

/** Keeps npm packages (and Node built-ins) external; bundles our own code and the @piao/* workspaces. */
const externalPackages = {
  name: 'external-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@piao/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Builds dist/. `clean` first removes it (a fresh build, for npm run build); otherwise old chunks stay a
 * while for processes still running from them (removed once older than an hour and no longer used).
 */
export async function build({ clean = false, quiet = false } = {}) {
  const startedAt = new Date();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: PKG,
    entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ in: src, out })),
    outdir: DIST,
    bundle: true,
    splitting: true, // the CLI's per-command dynamic imports stay lazy (piao token does not load exceljs)
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    plugins: [externalPackages],
    write: false,
    logLevel: quiet ? 'error' : 'warning',
  });
  if (clean) rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  const entryFiles = new Set(Object.keys(ENTRIES).flatMap((n) => [`${n}.mjs`, `${n}.mjs.map`]));
  const written = new Set();
  // Chunks first, entries last: an entry never points at a chunk that is not yet there.
  const ordered = [...result.outputFiles].sort(
    (a, b) => Number(entryFiles.has(path.basename(a.path))) - Number(entryFiles.has(path.basename(b.path))),
  );
  for (const file of ordered) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
    written.add(path.basename(file.path));
  }
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(DIST)) {
    const p = path.join(DIST, name);
    if (!written.has(name) && name !== '.build-stamp' && statSync(p).mtimeMs < hourAgo) rmSync(p, { force: true });
  }
  // The stamp carries the build's start time: a source saved during the build makes the next run rebuild.
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
  if (!quiet) console.log(`sync-server compilato in ${path.relative(process.cwd(), DIST) || DIST} (${written.size} file)`);
}

/** Builds when needed; used by bin/piao.mjs so `npx piao` works from a fresh clone. */
export async function ensureBuilt() {
  if (!isStale()) return;
  try {
    await build({ quiet: true });
  } catch (err) {
    // Without esbuild (a deployment that ships only dist/), run the build that is there, if any.
    if (existsSync(path.join(DIST, 'piao.mjs'))) {
      process.stderr.write(`piao: ricompilazione non riuscita, uso la versione compilata presente (${err.message})\n`);
      return;
    }
    throw err;
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  await build({ clean: process.argv.includes('--clean') });
}
