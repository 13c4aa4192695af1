// Worker thread entry of the import parser: loads the TypeScript sources through tsx, as bin/piao.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
