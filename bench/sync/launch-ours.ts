/**
 * Starts our sync server (durable SQLite log, JWT auth on) on 127.0.0.1 and a free port, exactly as
 * `piao serve` configures it (default limits, default pino logger at level info), for the benchmark.
 *   node [--cpu-prof] sync-server/bin/run-ts.mjs bench/sync/launch-ours.ts <dataDir>
 */
import { startServer } from '../../sync-server/src/server';
import { serveIpc } from './launch-common';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('uso: launch-ours.ts <cartella dati>');

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir });
serveIpc({ port: server.port, close: () => server.close() }, 'ours');
