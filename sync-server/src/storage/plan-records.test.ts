import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DurableLog } from './durable-log';
import { storedRecord } from './plan-records';
import { openSqliteStorage } from './sqlite';

const u = new Uint8Array([0, 0]);

it('a record of a plan room registers its plan; other rooms and malformed names register nothing', () => {
  expect(storedRecord({ room: 'asti/2025-2027/_piano', sub: 's', at: 1, update: u }).registersPlan).toEqual({ ente: 'asti', triennio: '2025-2027' });
  expect(storedRecord({ room: 'asti/2025-2027/settore', sub: 's', at: 1, update: u }).registersPlan).toBeUndefined();
  expect(storedRecord({ room: 'non valido', sub: 's', at: 1, update: u }).registersPlan).toBeUndefined();
});

it('the durable log applies the rule: a plan written only through sync is listed', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'piao-plan-records-'));
  const storage = openSqliteStorage(path.join(dir, 'piao.sqlite'));
  try {
    const log = new DurableLog(storage);
    await new Promise<number>((resolve, reject) =>
      log.enqueue({ room: 'asti/2025-2027/_piano', sub: 's', at: 1, update: u, onCommitted: resolve, onFailed: reject }),
    );
    expect(await storage.listPlans()).toEqual([{ ente: 'asti', triennio: '2025-2027' }]);
    await log.close();
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
});
