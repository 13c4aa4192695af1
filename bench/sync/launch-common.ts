/**
 * What both server launchers share, so the two servers are driven identically: report the port once
 * listening, answer memory queries (after a full GC when `--expose-gc` is on), record a CPU profile of
 * a chosen window (the same V8 sampler as `node --cpu-prof`, but only while the load runs), stop on
 * request or when the harness goes away.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function memory(): Record<string, number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

export function serveIpc(server: Listening, kind: string): void {
  const send = (m: object) => process.send?.(m);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(code), 8_000);
    force.unref();
    try {
      await server.close();
    } finally {
      // Handles left open by either server must not keep the child alive.
      process.exit(code);
    }
  };
  // Event-loop delay since the last query: a stalled loop delays every message behind it.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const loopStats = () => {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const out = { type: 'loop', p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
    loop.reset();
    return out;
  };
  let session: Session | null = null;
  const profStart = async () => {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    // Allocation sampling, including objects already collected: it says who feeds the garbage collector.
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    send({ type: 'prof-started' });
  };
  const profStop = async (file: string) => {
    if (!session) throw new Error('profilo non avviato');
    const { profile } = await session.post('Profiler.stop');
    const heap = await session.post('HeapProfiler.stopSampling');
    writeFileSync(file, JSON.stringify(profile));
    writeFileSync(file.replace(/\.cpuprofile$/, '') + '.heapprofile', JSON.stringify(heap.profile));
    session.disconnect();
    session = null;
    send({ type: 'prof', file });
  };
  const fail = (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.on('message', (raw) => {
    const m = raw as { type?: string; file?: string };
    if (m.type === 'mem') send({ type: 'mem', ...memory() });
    else if (m.type === 'loop') send(loopStats());
    else if (m.type === 'prof-start') profStart().catch(fail);
    else if (m.type === 'prof-stop' && m.file) profStop(m.file).catch(fail);
    else if (m.type === 'stop') void stop(0);
  });
  // The harness died: do not outlive it.
  process.on('disconnect', () => void stop(0));
  send({ type: 'ready', port: server.port, pid: process.pid, kind });
}
