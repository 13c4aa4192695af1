import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
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
  plugins: [
    react(),
    // The app shell in a service worker (Workbox), so the pane opens with no network and works on the
    // rooms kept in IndexedDB (issue 9 item 3). The page itself is network-first (the server writes the
    // office.js URL into it), the cached copy only when the network fails.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: false,
      filename: 'sw.js',
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico,woff2}'],
        // The bundle is one large chunk (~700 kB) plus its source map, which is not precached.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: null,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        runtimeCaching: [
          {
            // A sign-in link carries its token in the query: never store that URL in a cache.
            urlPattern: ({ request, url }) => request.mode === 'navigate' && url.searchParams.has('token'),
            handler: 'NetworkOnly',
            options: { precacheFallback: { fallbackURL: 'index.html' } },
          },
          {
            urlPattern: ({ request, url }) => request.mode === 'navigate' && !/^\/(api|sync|office-js)\//.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'piao-pages', networkTimeoutSeconds: 4, precacheFallback: { fallbackURL: 'index.html' } },
          },
          {
            // office.js, packaged or from Microsoft's CDN, and the files it loads beside it.
            urlPattern: ({ url }) => url.pathname.startsWith('/office-js/') || url.href.startsWith('https://appsforoffice.microsoft.com/lib/1/hosted/'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'piao-office-js', cacheableResponse: { statuses: [0, 200] } },
          },
        ],
      },
    }),
  ],
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
