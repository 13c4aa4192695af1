/**
 * The load generator child, driven step by step over IPC so the harness can interleave the two
 * servers' steps (background load on the machine then hits both alike):
 *   {type:'connect', config}          → {type:'connected', clients, connectMs}
 *   {type:'step', step, rate, seconds} → {type:'step', result}   (then waits until every client is synced)
 *   {type:'stop'}                      → exits
 *   node sync-server/bin/run-ts.mjs bench/load/loadgen.ts   (started by bench/sync/propagation.ts)
 */
import { Fleet } from './fleet';
import type { LoadConfig } from './types';

const send = (m: object) => process.send?.(m);
let fleet: Fleet | null = null;

async function handle(m: { type?: string; config?: LoadConfig; step?: number; rate?: number; seconds?: number }): Promise<void> {
  if (m.type === 'connect' && m.config) {
    fleet = new Fleet(m.config);
    fleet.onPhase = (phase, step, rate) => send({ type: 'progress', phase, step, rate });
    const connectMs = await fleet.connect();
    send({ type: 'connected', clients: fleet.size, connectMs });
  } else if (m.type === 'step') {
    if (!fleet) throw new Error('passo richiesto prima della connessione');
    const result = await fleet.step(m.step ?? 0, m.rate ?? 0, m.seconds ?? 1);
    try {
      await fleet.settle(15_000);
    } catch {
      // Clients the server dropped and did not take back: a failed step, not a broken harness.
      result.pass = false;
      result.unsettled = true;
    }
    send({ type: 'step', result });
  } else if (m.type === 'stop') {
    fleet?.destroy();
    process.exit(0);
  }
}

process.on('message', (raw) => {
  handle(raw as Parameters<typeof handle>[0]).catch((err: unknown) =>
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
