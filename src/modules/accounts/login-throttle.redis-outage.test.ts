import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKv } from '../../platform/kv';
import { passwordVerifications } from './password-hashing';
import { type AccountsTestApp, openAccountsTestApp } from './test-app';

/**
 * Login on a Redis of its own (never the shared one), which the test stops and restarts: while
 * it is down sign-in fails closed with a quick 503; after a restart with its append-only file
 * the failure counters are still there, so a restart does not hand an attacker fresh attempts.
 */
const REDIS_SERVER = '/usr/bin/redis-server';
const STRONG = 'Velvet-Orbit-Harbor-7';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

describe.skipIf(!existsSync(REDIS_SERVER))('login across a Redis outage', () => {
  let port: number;
  let dir: string;
  let redis: ChildProcess | undefined;
  let t: AccountsTestApp;

  const startRedis = async () => {
    redis = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(true));
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = async () => {
    const child = redis;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'carnival-redis-'));
    await startRedis();
    t = await openAccountsTestApp(() =>
      createRedisKv({
        url: `redis://127.0.0.1:${port}`,
        prefix: 'outage:',
        redis: { maxRetriesPerRequest: 1, retryStrategy: () => 200 },
      }),
    );
    await t.services.accounts.createUser({
      email: 'out@test.local',
      password: STRONG,
      displayName: 'o',
      role: 'consumer',
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await stopRedis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails closed with a quick 503 while Redis is down, and keeps the counters over a restart', async () => {
    // Guess, waiting out each delay, until the account's wait is long enough to outlast a restart.
    for (;;) {
      const res = await t.login('out@test.local', 'wrong-guess');
      if (res.statusCode !== 429) continue;
      const wait = Number(res.headers['retry-after']);
      if (wait >= 8) break;
      await new Promise((r) => setTimeout(r, wait * 1000 + 50));
    }

    await stopRedis();
    const before = passwordVerifications.count;
    const started = Date.now();
    const down = await t.login('out@test.local', STRONG);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('KV_UNAVAILABLE');
    expect(passwordVerifications.count).toBe(before);

    await startRedis();
    // Give ioredis a moment to reconnect; the account is still throttled.
    let after = await t.login('out@test.local', STRONG);
    for (let i = 0; i < 20 && after.statusCode === 503; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await t.login('out@test.local', STRONG);
    }
    expect(after.statusCode).toBe(429);
  }, 60_000);
});
