#!/usr/bin/env node
// Entry point of the `piao` CLI: runs the compiled JavaScript in ../dist (no TypeScript loader at run
// time). From a fresh clone, or after a source changed, it compiles first (esbuild, well under a second).
import { ensureBuilt } from '../scripts/build.mjs';

process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources
await ensureBuilt();
await import('../dist/piao.mjs');
