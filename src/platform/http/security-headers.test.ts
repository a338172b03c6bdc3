import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installSecurityHeaders, type SecurityHeadersOptions } from './security-headers';

async function headersFor(options: SecurityHeadersOptions, signedIn = false) {
  const app = Fastify();
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (signedIn)
      request.actor = { userId: 'usr_1', role: 'consumer', email: 'a@b.c', displayName: 'a', via: 'session' };
  });
  await installSecurityHeaders(app, options);
  app.get('/json', async () => ({ ok: true }));
  app.get('/text', async (_req, reply) => reply.type('text/calendar').send('BEGIN:VCALENDAR'));
  try {
    const json = await app.inject({ url: '/json' });
    const text = await app.inject({ url: '/text' });
    return { json: json.headers, text: text.headers };
  } finally {
    await app.close();
  }
}

describe('security headers', () => {
  it('sends HSTS only when the site is known to be HTTPS', async () => {
    expect((await headersFor({ secureCookies: false })).json['strict-transport-security']).toBeUndefined();
    expect(
      (await headersFor({ secureCookies: false, publicUrl: 'http://x.test' })).json[
        'strict-transport-security'
      ],
    ).toBeUndefined();
    expect((await headersFor({ secureCookies: true })).json['strict-transport-security']).toBe(
      'max-age=31536000',
    );
    expect(
      (await headersFor({ secureCookies: false, publicUrl: 'https://x.test' })).json[
        'strict-transport-security'
      ],
    ).toBe('max-age=31536000');
  });

  it('marks only JSON for a signed-in caller no-store', async () => {
    const signedIn = await headersFor({ secureCookies: false }, true);
    expect(signedIn.json['cache-control']).toBe('no-store');
    expect(signedIn.text['cache-control']).toBeUndefined();
    expect((await headersFor({ secureCookies: false })).json['cache-control']).toBeUndefined();
  });
});
