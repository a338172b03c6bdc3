import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    // dist/.vite/manifest.json: which chunk is which page, for the server's page hints
    // (src/platform/http/page-hints.ts: a first visit fetches a page's chunk with the shell).
    manifest: true,
    rolldownOptions: {
      output: {
        // React and the router change less often than the app: their own chunk stays cached across
        // releases. antd is left to the default splitting so the console's widgets load with the console.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
