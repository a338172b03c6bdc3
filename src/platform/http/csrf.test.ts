import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCsrfProtection } from './csrf';
import { installErrorHandling } from './error-handler';
import { frameworkErrors } from './fastify-errors';

/** A bare app with the hook and the real error handler; `hits` counts handler runs. */
async function appWith(options: { publicUrl?: string; trustProxy?: string[] } = {}) {
  const app = Fastify({ trustProxy: options.trustProxy ?? false, frameworkErrors });
  installErrorHandling(app);
  installCsrfProtection(app, { publicUrl: options.publicUrl });
  let hits = 0;
  const handler = async () => {
    hits++;
    return { ok: true };
  };
  app.post('/api/orders/:id/cancel', handler);
  app.delete('/api/things/:id', handler);
  app.put('/api/things/:id', handler);
  app.get('/api/things', handler);
  await app.ready();
  return { app, hits: () => hits };
}

const HOST = 'shop.test:3000';

describe('CSRF protection', () => {
  let app: FastifyInstance;
  let hits: () => number;
  beforeAll(async () => {
    ({ app, hits } = await appWith());
  });
  afterAll(() => app.close());

  const cancel = (headers: Record<string, string>, payload?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/orders/o1/cancel',
      headers: { host: HOST, ...headers },
      payload,
    });

  it('refuses a text/plain form post to a body-less route with 415, before the handler runs', async () => {
    const before = hits();
    const res = await cancel({ 'content-type': 'text/plain' }, 'x=1');
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { field: 'Content-Type' },
    });
    // Even same-origin: the API only reads JSON.
    const same = await cancel({ 'content-type': 'text/plain;charset=UTF-8', origin: `http://${HOST}` }, '');
    expect(same.statusCode).toBe(415);
    expect(hits()).toBe(before);
  });

  it('refuses form-urlencoded and multipart bodies on POST, PUT and DELETE', async () => {
    const form = await cancel({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    expect(form.statusCode).toBe(415);
    const multipart = await app.inject({
      method: 'PUT',
      url: '/api/things/t1',
      headers: { host: HOST, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--',
    });
    expect(multipart.statusCode).toBe(415);
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/things/t1',
      headers: { host: HOST, 'content-type': 'text/plain' },
    });
    expect(del.statusCode).toBe(415);
  });

  it('lets clients without Origin or Sec-Fetch-* through (curl, the CLI, partners)', async () => {
    expect((await cancel({})).statusCode).toBe(200);
    expect((await cancel({ 'content-type': 'application/json' }, '{}')).statusCode).toBe(200);
    const del = await app.inject({ method: 'DELETE', url: '/api/things/t1', headers: { host: HOST } });
    expect(del.statusCode).toBe(200);
  });

  it('accepts the page of this very origin', async () => {
    const res = await cancel(
      { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      '{}',
    );
    expect(res.statusCode).toBe(200);
    // Default ports and case do not matter: browsers write the origin normalised.
    const plain = await app.inject({
      method: 'POST',
      url: '/api/orders/o1/cancel',
      headers: { host: 'Shop.Test:80', origin: 'http://shop.test' },
    });
    expect(plain.statusCode).toBe(200);
  });

  it('refuses another origin, naming why', async () => {
    const before = hits();
    const res = await cancel({ origin: 'https://evil.test', 'content-type': 'application/json' }, '{}');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'CSRF_REJECTED', details: { reason: 'ORIGIN_MISMATCH' } });
    // Same host, other scheme or port: another origin.
    expect((await cancel({ origin: `https://${HOST}` })).statusCode).toBe(403);
    expect((await cancel({ origin: 'http://shop.test:3001' })).statusCode).toBe(403);
    expect(hits()).toBe(before);
  });

  it('refuses Origin: null', async () => {
    const res = await cancel({ origin: 'null' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details.reason).toBe('ORIGIN_NULL');
  });

  it('refuses Sec-Fetch-Site cross-site, and same-site without our Origin', async () => {
    const cross = await cancel({ 'sec-fetch-site': 'cross-site' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error.details.reason).toBe('CROSS_SITE');
    const sibling = await cancel({ 'sec-fetch-site': 'same-site' });
    expect(sibling.statusCode).toBe(403);
    expect(sibling.json().error.details.reason).toBe('SAME_SITE_NOT_ORIGIN');
    const siblingWithOrigin = await cancel({ 'sec-fetch-site': 'same-site', origin: 'http://api.shop.test' });
    expect(siblingWithOrigin.statusCode).toBe(403);
  });

  it('needs no Origin check for a bearer API key, but the content-type rule holds', async () => {
    const keyed = await cancel({ authorization: 'Bearer ck_live_x', origin: 'https://partner.test' });
    expect(keyed.statusCode).toBe(200);
    const keyedText = await cancel({ authorization: 'Bearer ck_live_x', 'content-type': 'text/plain' }, 'x');
    expect(keyedText.statusCode).toBe(415);
  });

  it('leaves reads alone', async () => {
    const res = await app.inject({
      url: '/api/things',
      headers: { host: HOST, origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('CSRF protection with CARNIVAL_PUBLIC_URL', () => {
  it('allows only the public origin, whatever Host the request names', async () => {
    const { app } = await appWith({ publicUrl: 'https://events.example.com' });
    try {
      const post = (origin: string, host = '10.0.0.5:3000') =>
        app.inject({ method: 'POST', url: '/api/orders/o1/cancel', headers: { host, origin } });
      expect((await post('https://events.example.com')).statusCode).toBe(200);
      // The internal address the proxy talks to is not where browsers are.
      expect((await post('http://10.0.0.5:3000')).statusCode).toBe(403);
      expect((await post('https://evil.test', 'evil.test')).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('takes the scheme and host from X-Forwarded-* only when the proxy is trusted', async () => {
    const untrusted = await appWith();
    const trusted = await appWith({ trustProxy: ['127.0.0.1'] });
    try {
      const headers = {
        host: '127.0.0.1:3000',
        origin: 'https://evil.test',
        'x-forwarded-host': 'evil.test',
        'x-forwarded-proto': 'https',
      };
      const post = (app: FastifyInstance) =>
        app.inject({ method: 'POST', url: '/api/orders/o1/cancel', headers });
      expect((await post(untrusted.app)).statusCode).toBe(403);
      // inject() comes from 127.0.0.1: a trusted proxy's word counts.
      expect((await post(trusted.app)).statusCode).toBe(200);
    } finally {
      await untrusted.app.close();
      await trusted.app.close();
    }
  });
});
