/**
 * A server in its own process, for tests that kill it (`node sync-server/bin/run-ts.mjs <this file>
 * <dataDir> [port]`). Prints `{"port":N}` on stdout once listening; SIGTERM closes it gracefully.
 */
import { pino } from 'pino';
import { startServer } from '../server';

const [dataDir, port = '0'] = process.argv.slice(2);
if (!dataDir) {
  console.error('uso: child-server.fixture.ts <dataDir> [porta]');
  process.exit(2);
}
const server = await startServer({
  port: Number(port),
  host: '127.0.0.1',
  dataDir,
  logger: pino({ level: process.env.PIAO_TEST_LOG ?? 'silent' }),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
