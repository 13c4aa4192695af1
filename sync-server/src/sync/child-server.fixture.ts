/**
 * A server in its own process, for tests that kill it:
 * `node sync-server/bin/run-ts.mjs <this file> <dataDir> [port] [commitDelayMs]`.
 * Prints `{"port":N}` on stdout once listening; SIGTERM closes it gracefully. `commitDelayMs` emulates a
 * slow disk, which widens the window in which a server that relayed before committing would lose data.
 */
import path from 'node:path';
import { pino } from 'pino';
import { startServer } from '../server';
import { DB_FILE } from '../data-dir';
import { openSqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';

const [dataDir, port = '0', delay = '0'] = process.argv.slice(2);
if (!dataDir) {
  console.error('uso: child-server.fixture.ts <dataDir> [porta] [ritardoCommitMs]');
  process.exit(2);
}
const commitDelayMs = Number(delay);
let storage: Storage | undefined;
if (commitDelayMs > 0) {
  const inner = openSqliteStorage(path.join(dataDir, DB_FILE));
  storage = {
    ...inner,
    append: async (records) => {
      await new Promise((r) => setTimeout(r, commitDelayMs));
      return inner.append(records);
    },
  };
}
const server = await startServer({
  port: Number(port),
  host: '127.0.0.1',
  dataDir,
  logger: pino({ level: process.env.PIAO_TEST_LOG ?? 'silent' }),
  ...(storage ? { storage } : {}),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
