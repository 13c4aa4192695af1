/**
 * The product server in its own process, for pane tests that run under jsdom (where the server cannot
 * start: jsdom's `import.meta.url` is not a file URL):
 * `node sync-server/bin/run-ts.mjs <this file> <ente> <triennio> <sector> <updateBase64>`.
 * Creates a plan with `sector` in a temporary data directory, stores `updateBase64` (a Yjs update) in
 * the sector's room, starts the server on 127.0.0.1 and prints `{"syncUrl":…,"token":…}` (an editor of
 * the sector) on stdout. SIGTERM stops it and removes the data directory.
 */
import * as Y from 'yjs';
import { roomName } from '@piao/shared/doc/rooms';
import { openDataDir } from '../../../../sync-server/src/data-dir';
import { makeDataDir, seedPlan, silentLogger, startTestServer } from '../../../../test/support/server-harness';

const [ente, triennio, sector, updateBase64] = process.argv.slice(2);
if (!ente || !triennio || !sector || updateBase64 === undefined) {
  console.error('uso: seeded-server.fixture.ts <ente> <triennio> <settore> <aggiornamentoBase64>');
  process.exit(2);
}
const dataDir = await makeDataDir();
await seedPlan(dataDir, { ente, triennio, sectors: [sector] });
const dd = await openDataDir(dataDir, { logger: silentLogger });
const update = new Uint8Array(Buffer.from(updateBase64, 'base64'));
if (update.length > 0) {
  // Checked here: a malformed update would otherwise be stored and fail later, far from its cause.
  Y.applyUpdate(new Y.Doc(), update);
  await dd.appendUpdate(roomName(ente, triennio, sector), update, 'seed');
}
await dd.close();
const t = await startTestServer({ dataDir });
const token = await t.token({ role: 'editor', ente, sectors: [sector] });
process.stdout.write(`${JSON.stringify({ syncUrl: t.syncUrl, token })}\n`);
process.on('SIGTERM', () => {
  void t.stop().then(() => process.exit(0));
});
