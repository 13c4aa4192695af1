/**
 * One cluster instance in its own process, for tests that kill it with SIGKILL:
 * `node sync-server/bin/run-ts.mjs test/cluster/instance.fixture.ts <dataDir> <databaseUrl>`.
 * Prints `{"port":N}` on stdout once listening; SIGTERM closes it gracefully. The data folder only holds
 * the signing key, shared by every instance as behind one balancer (records live in PostgreSQL).
 */
import { pino } from 'pino';
import { startServer } from '../../sync-server/src/server';

const [dataDir, databaseUrl] = process.argv.slice(2);
if (!dataDir || !databaseUrl) {
  console.error('uso: instance.fixture.ts <cartellaDati> <postgres://…>');
  process.exit(2);
}
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  databaseUrl,
  compactThreshold: 50,
  logger: pino({ level: process.env.PIAO_TEST_LOG ?? 'silent' }),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
