/**
 * Starts the reference server, `@y/websocket-server@0.1.1`, the way its own `bin` does (an http server,
 * the package's own `ws` WebSocketServer in noServer mode, `setupWSConnection` on every upgrade; no
 * persistence, no auth) — only bound to 127.0.0.1 on a free port and driven over IPC like ours.
 *   node [--cpu-prof] sync-server/bin/run-ts.mjs bench/sync/launch-reference.ts
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { serveIpc } from './launch-common';

// The package's own `ws` (6.x), as its bin uses it, not the root one.
const require = createRequire(createRequire(import.meta.url).resolve('@y/websocket-server/package.json'));
const WS = require('ws') as { Server: typeof import('ws').WebSocketServer };

const wss = new WS.Server({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
serveIpc(
  {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        server.close(() => resolve());
      }),
  },
  'reference',
);
