import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openSqliteStorage } from './sqlite';
import { storageSuite } from './storage-suite';

storageSuite('SQLite', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'piao-sqlite-'));
  return {
    open: async () => openSqliteStorage(path.join(dir, 'piao.sqlite')),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});

it('SQLite uses WAL, so committed records sit in the -wal file until checkpoint', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'piao-sqlite-'));
  try {
    const s = openSqliteStorage(path.join(dir, 'piao.sqlite'));
    await s.append([{ room: 'a/2022-2024/b', sub: 'x', at: 1, update: new Uint8Array([0, 0]) }]);
    expect((await stat(path.join(dir, 'piao.sqlite-wal'))).size).toBeGreaterThan(0);
    await s.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
