import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openThreadedSqliteStorage } from './sqlite-thread';
import { storageSuite } from './storage-suite';

// The same contract as the in-thread store: the worker thread changes where SQLite runs, nothing else.
storageSuite('SQLite in its own thread', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'piao-sqlite-thread-'));
  return {
    open: () => openThreadedSqliteStorage(path.join(dir, 'piao.sqlite')),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});
