import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../src/server';

/**
 * Issue 8, point 8: three processes started at once on an empty PostgreSQL database all come
 * up; the bootstrap lock makes one of them migrate, create the first operator and seed the
 * demo, and the others find it done. PostgreSQL only (DATABASE_URL); three servers in this
 * process, each with its own pool, race as three processes would.
 */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('simultaneous first start on an empty PostgreSQL database', () => {
  const name = `carnival_t_boot_${randomBytes(5).toString('hex')}`;
  const dbUrl = (() => {
    const u = new URL(url ?? 'postgres://x@127.0.0.1/x');
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await c.query(query);
    } finally {
      await c.end();
    }
  };
  let servers: StartedServer[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (let i = 0; i < 50; i++) {
      try {
        await admin(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('three servers at once: all serve, one operator, one demo seed', async () => {
    await admin(`CREATE DATABASE ${name}`);
    const started = await Promise.allSettled(
      [0, 1, 2].map(() =>
        startServer(
          {
            port: 0,
            host: '127.0.0.1',
            dataDir: 'memory://',
            databaseUrl: dbUrl,
            logLevel: 'silent',
            adminPassword: 'operator-pass-1',
            seedDemo: true,
          },
          { env: {} },
        ),
      ),
    );
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(
      started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)),
    ).toEqual([]);
    for (const s of servers) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    // Exactly one of them created the operator.
    expect(servers.filter((s) => s.bootstrap !== null)).toHaveLength(1);
    const db = servers[0]!.ctx.db;
    const operators = await db.selectFrom('users').select('id').where('role', '=', 'operator').execute();
    expect(operators).toHaveLength(1);
    const slugs = await db.selectFrom('campaigns').select('slug').execute();
    expect(slugs.length).toBeGreaterThan(0);
    expect(new Set(slugs.map((c) => c.slug)).size).toBe(slugs.length);
    const migrations = await db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(new Set(migrations.map((m) => (m as { name: string }).name)).size).toBe(migrations.length);
  }, 180_000);
});
