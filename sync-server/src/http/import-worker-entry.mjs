// Worker thread entry of the import parser: loads the TypeScript sources through tsx (vitest, benchmarks); the compiled server has its own entry of this name in sync-server/dist (scripts/build.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
