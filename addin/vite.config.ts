import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The task pane build. The PIAO Collab server serves `dist/` at `/` on the same HTTPS origin as the sync
 * endpoint. index.html references office.js at `/office-js/office.js` (the packaged copy, which the
 * server also serves); Vite leaves that classic script alone, and the server rewrites it to Microsoft's
 * CDN unless started with `--office-js local`.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    // One Yjs instance for the pane and the shared package (two copies break `instanceof` checks).
    dedupe: ['yjs', 'y-protocols', 'lib0', 'react', 'react-dom'],
  },
  // `npm run dev-server -w addin`: hot reload on 127.0.0.1:3001, everything else from `npm start` (:3000).
  server: {
    host: '127.0.0.1',
    port: 3001,
    proxy: Object.fromEntries(
      ['/api', '/sync', '/office-js'].map((p) => [p, { target: process.env.PIAO_SERVER ?? 'https://localhost:3000', secure: false, ws: p === '/sync', changeOrigin: true }]),
    ),
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
