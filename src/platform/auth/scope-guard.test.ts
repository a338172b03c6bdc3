import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installScopeGuards } from './scope-guard';

describe('installScopeGuards', () => {
  it('refuses to boot when an /api route declares no scope', async () => {
    const app = Fastify();
    installScopeGuards(app);
    expect(() => app.get('/api/forgotten', async () => ({}))).toThrow(
      /GET \/api\/forgotten declares no scope/,
    );
  });

  it('refuses an unknown scope name, and leaves routes outside /api alone', async () => {
    const app = Fastify();
    installScopeGuards(app);
    app.get('/healthz', async () => ({}));
    expect(() =>
      app.get('/api/typo', { config: { scope: 'order:read' as 'orders:read' } }, async () => ({})),
    ).toThrow(/unknown scope: order:read/);
  });

  it('boots when every /api route declares one', async () => {
    const app = Fastify();
    installScopeGuards(app);
    app.get('/api/orders', { config: { scope: 'orders:read' } }, async () => ({}));
    app.post('/api/auth/login', { config: { scope: 'session-only' } }, async () => ({}));
    await app.ready();
    await app.close();
  });
});
