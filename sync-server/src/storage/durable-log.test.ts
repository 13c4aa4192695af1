import { describe, expect, it } from 'vitest';
import { DurableLog } from './durable-log';
import type { Storage, UpdateRecord } from './types';

/** A store that records each append call and can be told to fail or to be slow. */
function fakeStorage(opts: { failOn?: number; delayMs?: number } = {}) {
  const calls: UpdateRecord[][] = [];
  let seq = 0;
  const storage = {
    async append(records: readonly UpdateRecord[]) {
      calls.push([...records]);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.failOn === calls.length) throw new Error('disco pieno');
      return records.map(() => ++seq);
    },
  } as unknown as Storage;
  return { storage, calls };
}

const rec = (n: number) => ({ room: 'a/2022-2024/b', sub: 's', at: n, update: new Uint8Array([n]) });

describe('DurableLog (group commit)', () => {
  it('commits everything enqueued in one turn as one append, callbacks in order', async () => {
    const { storage, calls } = fakeStorage();
    const log = new DurableLog(storage);
    const done: number[] = [];
    for (let i = 0; i < 5; i++) log.enqueue({ ...rec(i), onCommitted: (seq) => done.push(seq), onFailed: () => done.push(-1) });
    expect(calls).toHaveLength(0);
    await log.drain();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((r) => r.at)).toEqual([0, 1, 2, 3, 4]);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps one batch in flight; what arrives meanwhile goes in the next batch, in order', async () => {
    const { storage, calls } = fakeStorage({ delayMs: 30 });
    const log = new DurableLog(storage);
    const done: number[] = [];
    const push = (i: number) => log.enqueue({ ...rec(i), onCommitted: () => done.push(i), onFailed: () => done.push(-i) });
    push(1);
    await new Promise((r) => setTimeout(r, 5));
    push(2);
    push(3);
    await log.drain();
    expect(calls.map((c) => c.map((r) => r.at))).toEqual([[1], [2, 3]]);
    expect(done).toEqual([1, 2, 3]);
  });

  it('a failed commit fails exactly its batch, and the log goes on', async () => {
    const { storage } = fakeStorage({ failOn: 1 });
    const log = new DurableLog(storage);
    const out: string[] = [];
    log.enqueue({ ...rec(1), onCommitted: () => out.push('ok1'), onFailed: () => out.push('fail1') });
    await log.drain();
    log.enqueue({ ...rec(2), onCommitted: () => out.push('ok2'), onFailed: () => out.push('fail2') });
    await log.drain();
    expect(out).toEqual(['fail1', 'ok2']);
  });
});
