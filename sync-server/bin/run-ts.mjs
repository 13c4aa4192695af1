#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader, so the CLI needs no build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('uso: run-ts.mjs <file.ts> [argomenti…]');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(path.resolve(entry)).href);
