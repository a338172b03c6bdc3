import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The server's render of public pages (web/src/ssr/entry-server.tsx → web/dist-ssr), built with
 * the browser's bundle by scripts/build.mjs. Every dependency is bundled in (noExternal): the
 * server imports one file and needs none of the web app's packages at run time. Styles are the
 * browser's business: CSS imports are dropped here.
 */
export default defineConfig({
  root,
  plugins: [react()],
  ssr: { noExternal: true },
  // React, the router and antd pick their production builds (no dev checks, antd's hashed class).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    ssr: 'src/ssr/entry-server.tsx',
    outDir: 'dist-ssr',
    emptyOutDir: true,
    minify: false,
    rolldownOptions: { output: { entryFileNames: 'entry-server.mjs', format: 'esm' } },
  },
});
