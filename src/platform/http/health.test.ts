import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusStatus, EventBus } from '../bus';
import { createMemoryBus } from '../bus';
import { type Database, openDatabase } from '../db';
import { createMemoryKv, type Kv, KvUnavailableError } from '../kv';
import { silentLogger } from '../logger';
import { installHealthRoutes } from './health';
import { createResponseSerializer } from './response-serializer';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ pgliteDir: 'memory://' });
});
afterAll(() => database.close());

async function appWith(kv: Kv, bus: EventBus, checkTimeoutMs = 200) {
  const app = Fastify();
  // As app.ts: zod validates and serializes, strictly, so the answers are checked against their schemas.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializer({ strict: true }));
  installHealthRoutes(app, { db: database.db, kv, bus, checkTimeoutMs });
  await app.ready();
  return app;
}

describe('/healthz and /readyz', () => {
  it('/healthz says ok and names no backend', async () => {
    const app = await appWith(createMemoryKv({ prefix: 't:' }), createMemoryBus({ logger: silentLogger }));
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 with every dependency checked when all are up', async () => {
    const app = await appWith(createMemoryKv({ prefix: 't:' }), createMemoryBus({ logger: silentLogger }));
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ready');
    for (const name of ['database', 'kv', 'bus']) {
      expect(body.checks[name]).toMatchObject({ ok: true });
      expect(typeof body.checks[name].latencyMs).toBe('number');
    }
  });

  it('/readyz is 503 naming the KV that fails and the one that hangs, within the check timeout', async () => {
    const failing = createMemoryKv({ prefix: 't:' });
    failing.get = async () => {
      throw new KvUnavailableError();
    };
    const app = await appWith(failing, createMemoryBus({ logger: silentLogger }));
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toMatchObject({ kv: { ok: false, reason: 'error' }, database: { ok: true } });

    const hanging = createMemoryKv({ prefix: 't:' });
    hanging.get = () => new Promise(() => {});
    const slow = await appWith(hanging, createMemoryBus({ logger: silentLogger }), 100);
    const started = Date.now();
    const res2 = await slow.inject({ url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res2.statusCode).toBe(503);
    expect(res2.json().checks.kv).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('/readyz is 503 naming the bus while it reports not ready', async () => {
    const bus = createMemoryBus({ logger: silentLogger });
    let status: BusStatus = { ready: false, detail: 'disconnected' };
    const reporting: EventBus = Object.assign(Object.create(bus), { status: () => status });
    const app = await appWith(createMemoryKv({ prefix: 't:' }), reporting);
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', checks: { bus: { ok: false } } });
    status = { ready: true };
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
