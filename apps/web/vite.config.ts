import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the single-page app into dist/, which the Fastify server serves at `/`. */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's CSP forbids inline scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks each page needs (bench/web-initial-js.ts weighs the first screens).
    manifest: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: the two every page needs get chunks of their own, which stay
        // cached across releases. Other libraries go with the pages that use them (no catch-all vendor chunk,
        // which would put every page's libraries in the first screen's download).
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/.test(id)) return 'react';
          if (/[\\/]node_modules[\\/](react-aria|react-aria-components|react-stately|@react-aria|@react-stately|@react-types|@internationalized)[\\/]/.test(id)) return 'react-aria';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
