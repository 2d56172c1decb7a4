// The explorer's build: a single-page app served by the gateway under /explorer/ from
// dist/apps/explorer. `npx nx serve explorer` runs Vite's dev server with the gateway of
// `npm start` (127.0.0.1:8000) behind it, so the API stays same-origin as in production.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const gateway = 'http://127.0.0.1:8000';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/explorer/',
  plugins: [react()],
  resolve: {
    // The client library from its source, bundled for the browser like the app itself.
    alias: { '@the-eye/client': here('../../libs/client/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/apps/explorer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // Whatever the app needs ships with it: no CDN, works offline.
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/v1': gateway, '/explorer/config.json': gateway, '/explorer/jaeger': gateway },
  },
});
