import { expect, it } from 'vitest';
import { storageSuite } from '../storage-suite';
import { memoryDatabase } from './memory';
import { sqliteError } from './failing-storage';

storageSuite('in memory (test double)', async () => {
  const db = memoryDatabase();
  return { open: () => db.open(), dispose: async () => {} };
});

const rec = (room: string) => ({ room, sub: 's', at: 1, update: new Uint8Array([0, 0]) });

it('in memory: an injected failure rejects writes and stores nothing, reads keep working, heal restores', async () => {
  const db = memoryDatabase();
  const s = await db.open();
  await s.append([rec('a/2022-2024/b')]);
  db.failWrites(sqliteError('SQLITE_FULL'));
  await expect(s.append([rec('a/2022-2024/b')])).rejects.toMatchObject({ code: 'SQLITE_FULL' });
  await expect(s.probe!()).rejects.toMatchObject({ code: 'SQLITE_FULL' });
  expect(db.failedWrites).toBe(2);
  expect((await s.load('a/2022-2024/b')).updates).toHaveLength(1);
  db.heal();
  expect(await s.append([rec('a/2022-2024/b')])).toEqual([2]);
});

it('in memory: held writes wait until released, then commit in order', async () => {
  const db = memoryDatabase();
  const s = await db.open();
  db.holdWrites();
  let done = false;
  const p = s.append([rec('a/2022-2024/b')]).then((v) => ((done = true), v));
  await new Promise((r) => setTimeout(r, 20));
  expect(done).toBe(false);
  db.releaseWrites();
  expect(await p).toEqual([1]);
});
