import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { installTimeRoute } from './time';

describe('GET /api/time', () => {
  it('answers the injected clock, never cached', async () => {
    const clock = new ManualClock('2026-11-10T15:59:58.250Z');
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installTimeRoute(app, { clock });
    await app.ready();
    const res = await app.inject({ url: '/api/time' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      now: '2026-11-10T15:59:58.250Z',
      epochMs: Date.parse('2026-11-10T15:59:58.250Z'),
    });
    clock.advance(1750);
    expect((await app.inject({ url: '/api/time' })).json().epochMs).toBe(Date.parse('2026-11-10T16:00:00Z'));
    await app.close();
  });
});
