// Worker thread entry of validation and export: loads the TypeScript sources through tsx, as bin/piao.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./heavy-worker.ts');
