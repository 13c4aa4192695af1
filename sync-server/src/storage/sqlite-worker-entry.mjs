// Worker thread entry of the SQLite store: loads the TypeScript sources through tsx, as bin/piao.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-worker.ts');
