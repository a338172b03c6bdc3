import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './error-handler';
import { HASHED_ASSET, IMMUTABLE, installCompression, installWebAssets, REVALIDATE } from './web-assets';

const SCRIPT = `console.log(${JSON.stringify('hub '.repeat(2000))});\n`;
const STYLE = `body { color: red; }\n`.repeat(200);
const SHELL = `<!doctype html><html><head><title>Carnival</title></head><body>${'<div></div>'.repeat(200)}</body></html>`;
const BIG_JSON = { items: Array.from({ length: 200 }, (_, i) => ({ id: `evt_${i}`, title: 'Double 11' })) };

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'carnival-web-'));
  mkdirSync(join(root, 'assets'));
  // What scripts/build.mjs leaves: a hashed script with its .br/.gz, a hashed stylesheet
  // without (compressed on the fly), and the shell with its .br.
  writeFileSync(join(root, 'assets', 'index-BxY3k2Za.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'index-BxY3k2Za.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(root, 'assets', 'index-BxY3k2Za.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(root, 'assets', 'VenuePage-D5Y_nSv4.css'), STYLE);
  writeFileSync(join(root, 'index.html'), SHELL);
  writeFileSync(join(root, 'index.html.br'), brotliCompressSync(SHELL));

  app = Fastify();
  installErrorHandling(app, { spaFallback: true });
  await installCompression(app);
  app.get('/api/big', async () => BIG_JSON);
  app.get('/api/small', async () => ({ ok: true }));
  app.get('/api/stream', async (_req, reply) =>
    reply.type('text/event-stream').send(`data: ${'x'.repeat(4000)}\n\n`),
  );
  await installWebAssets(app, root);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) =>
  app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('web assets: caching headers', () => {
  it('caches hashed assets for a year, immutable, and sends the pre-compressed file', async () => {
    const br = await get('/assets/index-BxY3k2Za.js', 'br, gzip');
    expect(br.statusCode).toBe(200);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);

    const gz = await get('/assets/index-BxY3k2Za.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-BxY3k2Za.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body).toBe(SCRIPT);
  });

  it('compresses a hashed asset without a pre-compressed file on the fly, still immutable', async () => {
    const res = await get('/assets/VenuePage-D5Y_nSv4.css', 'gzip');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(STYLE);
  });

  it('makes index.html revalidate (no-cache) whether asked for directly or as the SPA fallback', async () => {
    for (const url of ['/', '/index.html', '/events/double-11', '/console/nominations']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(SHELL);
    }
    const conditional = await app.inject({
      url: '/',
      headers: { 'if-none-match': (await get('/')).headers.etag as string },
    });
    expect(conditional.statusCode).toBe(304);
  });

  it('serves no route for the .br/.gz files themselves', async () => {
    expect((await get('/assets/index-BxY3k2Za.js.br')).headers['content-type']).toMatch(/text\/html/);
  });

  it('knows hashed names from the rest', () => {
    expect(HASHED_ASSET.test('/srv/web/dist/assets/ConsoleRoutes-D9Rar91i.js')).toBe(true);
    expect(HASHED_ASSET.test('/srv/web/dist/assets/ConsoleRoutes-D9Rar91i.js.br')).toBe(true);
    expect(HASHED_ASSET.test('/srv/web/dist/index.html')).toBe(false);
    expect(HASHED_ASSET.test('/srv/web/dist/favicon.svg')).toBe(false);
  });
});

describe('compression of API answers', () => {
  it('compresses JSON over 1 KiB with br, or gzip when that is all the client takes', async () => {
    const br = await get('/api/big', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(BIG_JSON);
    const gz = await get('/api/big', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(BIG_JSON);
  });

  it('leaves small answers, clients that ask for none, and event streams as they are', async () => {
    expect((await get('/api/small', 'br')).headers['content-encoding']).toBeUndefined();
    expect((await get('/api/big')).headers['content-encoding']).toBeUndefined();
    const stream = await get('/api/stream', 'br, gzip');
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.body.startsWith('data: x')).toBe(true);
  });

  it('does not inflate compressed request bodies (Carnival accepts none)', async () => {
    const route = Fastify();
    await installCompression(route);
    route.post('/echo', async (req) => ({ got: req.body }));
    const res = await route.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ a: 1 })),
    });
    expect(res.statusCode).toBe(400);
    await route.close();
  });
});
