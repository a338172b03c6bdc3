import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Compression of what the server writes at run time (API JSON, /docs), br or gzip as the client
 * accepts. Registered before the routes: the plugin attaches itself to routes as they are added.
 *
 * - Below 1 KiB the bytes saved do not pay for the CPU and the header, so small answers
 *   (/healthz, most errors) go out as they are.
 * - brotli at quality 4 (the plugin's default): 11 costs ~50x the CPU for a few % less.
 * - Request bodies are not decompressed (globalDecompression: false): Carnival accepts none,
 *   and an inflater on the request path would be one more thing a client could make expensive.
 * - Server-sent events must never be buffered by a compressor. `text/event-stream` is not on
 *   the compressible list (the plugin's default pattern excludes it and mime-db does not know
 *   it); an SSE route should still say `compress: false` in its route options, so that a
 *   future change of the list cannot hold back its events. (web-assets.test.ts checks it.)
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
  });
}

/**
 * Vite writes content-hashed file names into `assets/` (`index-BxY3k2Za.js`): a changed file is
 * a new URL. Matched on the file sent, which may be the pre-compressed `.br`/`.gz` beside it.
 */
export const HASHED_ASSET = /\/assets\/[^/]+-[\w-]{8,}\.\w+(?:\.br|\.gz)?$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and anything not hashed) is revalidated on every load, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';

/**
 * The web bundle. Hashed assets are cached for a year and never revalidated; the rest (the SPA
 * shell index.html) must be revalidated (ETag/Last-Modified make that a 304). The build writes
 * `.br` and `.gz` beside each text file (scripts/build.mjs), served as they are (preCompressed)
 * instead of compressing a 100 KB script on every request; a file without them is compressed
 * on the fly by installCompression.
 */
export async function installWebAssets(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per file, read once at start: unknown paths fall to the not-found handler,
    // which answers client-side routes with index.html.
    wildcard: false,
    globIgnore: ['**/*.br', '**/*.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('cache-control', HASHED_ASSET.test(path) ? IMMUTABLE : REVALIDATE);
      // The same URL answers br, gzip or identity bytes: caches must key on the encoding.
      res.setHeader('vary', 'accept-encoding');
    },
  });
}
