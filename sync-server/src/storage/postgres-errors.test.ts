import { expect, it } from 'vitest';
import { REASON_STORAGE_FULL } from '@piao/shared/protocol/resilience';
import { DurableLog } from './durable-log';
import { memoryDatabase } from './testing/memory';

// PostgreSQL reports a full disk as SQLSTATE 53100 disk_full (https://www.postgresql.org/docs/current/errcodes-appendix.html);
// node-postgres puts the SQLSTATE in `err.code` (https://node-postgres.com/apis/client#error-handling).
it('a PostgreSQL disk_full (53100) is told to authors as a full store, like SQLITE_FULL', async () => {
  const db = memoryDatabase();
  const log = new DurableLog(await db.open());
  db.failWrites(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }));
  await expect(
    new Promise((resolve, reject) => log.enqueue({ room: 'a/2022-2024/b', sub: 's', at: 1, update: new Uint8Array([0, 0]), onCommitted: resolve, onFailed: reject })),
  ).rejects.toMatchObject({ code: '53100' });
  expect(log.failureReason).toBe(REASON_STORAGE_FULL);
  db.heal();
  await log.close();
});
