import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { testDatabaseTargets } from '../db/testing';
import { AppError } from '../errors';
import { requestFingerprint, runIdempotent } from './idempotency';

describe.each(testDatabaseTargets())('runIdempotent on $kind', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  const write =
    (key: string, value: string) => async (trx: Parameters<Parameters<typeof runIdempotent>[2]>[0]) => {
      await trx
        .insertInto('audit_log')
        .values({
          id: `aud_${key}_${Math.random()}`,
          actor_id: null,
          actor_role: null,
          action: value,
          entity_type: 't',
          entity_id: key,
          before: null,
          after: null,
          reason: null,
          at: new Date(),
        })
        .execute();
      return { status: 201, body: { value } };
    };
  const count = async (key: string) =>
    Number(
      (
        await database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity_id', '=', key)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('runs once and replays the first answer', async () => {
    const ids = { scope: 's', key: 'k1', fingerprint: requestFingerprint(['a']) };
    const first = await runIdempotent(database.db, ids, write('k1', 'one'));
    const second = await runIdempotent(database.db, ids, write('k1', 'two'));
    expect(first).toEqual({ status: 201, body: { value: 'one' }, text: '{"value":"one"}', replayed: false });
    expect(second).toEqual({ status: 201, body: { value: 'one' }, text: '{"value":"one"}', replayed: true });
    expect(await count('k1')).toBe(1);
  });

  it('refuses the same key with a different request', async () => {
    await runIdempotent(
      database.db,
      { scope: 's', key: 'k2', fingerprint: requestFingerprint([{ a: 1, b: 2 }]) },
      write('k2', 'x'),
    );
    // Key order does not change the fingerprint.
    await expect(
      runIdempotent(
        database.db,
        { scope: 's', key: 'k2', fingerprint: requestFingerprint([{ b: 2, a: 1 }]) },
        write('k2', 'y'),
      ),
    ).resolves.toMatchObject({ replayed: true });
    await expect(
      runIdempotent(
        database.db,
        { scope: 's', key: 'k2', fingerprint: requestFingerprint([{ a: 9 }]) },
        write('k2', 'z'),
      ),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
  });

  it('leaves nothing when the work fails midway, so a retry runs again', async () => {
    const ids = { scope: 's', key: 'k3', fingerprint: 'f' };
    await expect(
      runIdempotent(database.db, ids, async (trx) => {
        await write('k3', 'half')(trx);
        throw new Error('crash between steps');
      }),
    ).rejects.toThrow('crash');
    expect(await count('k3')).toBe(0);
    expect((await runIdempotent(database.db, ids, write('k3', 'whole'))).body).toEqual({ value: 'whole' });
  });

  it('stores a business refusal so a retry sees the same refusal', async () => {
    const ids = { scope: 's', key: 'k4', fingerprint: 'f' };
    await expect(
      runIdempotent(database.db, ids, async () => {
        throw new AppError('SOLD_OUT', 'gone', 409);
      }),
    ).rejects.toMatchObject({ code: 'SOLD_OUT' });
    const again = await runIdempotent(database.db, ids, write('k4', 'later'));
    expect(again).toMatchObject({ status: 409, replayed: true, body: { error: { code: 'SOLD_OUT' } } });
  });

  it('lets one of many concurrent requests with one key do the work', async () => {
    const ids = { scope: 's', key: 'k5', fingerprint: 'f' };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => runIdempotent(database.db, ids, write('k5', `v${i}`))),
    );
    expect(await count('k5')).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => !r.replayed).length).toBe(1);
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const row = (key: string) =>
    database.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', 's')
      .where('key', '=', key)
      .executeTakeFirst();

  it('claims the key before the work runs, in its own statement', async () => {
    const ids = { scope: 's', key: 'c1', fingerprint: 'f' };
    let seenDuringWork: { claim_token: string | null; completed_at: unknown } | undefined;
    await runIdempotent(database.db, ids, async (trx) => {
      seenDuringWork = await trx
        .selectFrom('idempotency_keys')
        .select(['claim_token', 'completed_at'])
        .where('scope', '=', 's')
        .where('key', '=', 'c1')
        .executeTakeFirst();
      return write('c1', 'x')(trx);
    });
    expect(seenDuringWork?.claim_token).toEqual(expect.any(String));
    expect(seenDuringWork?.completed_at ?? null).toBeNull();
    const after = await row('c1');
    expect(after).toMatchObject({ claim_token: null, status_code: 201, response_text: '{"value":"x"}' });
    expect(after?.completed_at).not.toBeNull();
  });

  it('a duplicate waits for the holder and gets its answer, never running the business checks', async () => {
    const ids = { scope: 's', key: 'c2', fingerprint: 'f' };
    let runs = 0;
    const slowOnce = async (trx: Parameters<Parameters<typeof runIdempotent>[2]>[0]) => {
      runs++;
      // A second run would refuse, as CART_EMPTY does after the first checkout took the cart.
      if (runs > 1) throw new AppError('CART_EMPTY', 'empty', 409);
      await sleep(200);
      return write('c2', 'first')(trx);
    };
    const first = runIdempotent(database.db, ids, slowOnce);
    await sleep(20);
    const second = await runIdempotent(database.db, ids, slowOnce);
    expect(second).toMatchObject({ status: 201, body: { value: 'first' }, replayed: true });
    expect((await first).text).toBe(second.text);
    expect(runs).toBe(1);
  });

  // PGlite has one connection, held by the holder's transaction: a duplicate there queues
  // behind it and never needs to wait (the claim by another process is the next test).
  it.skipIf(target.kind === 'pglite')(
    'answers 409 IDEMPOTENCY_IN_PROGRESS with a retry delay when the holder takes longer than the wait',
    async () => {
      const ids = { scope: 's', key: 'c3', fingerprint: 'f' };
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const first = runIdempotent(database.db, ids, async (trx) => {
        await gate;
        return write('c3', 'slow')(trx);
      });
      await sleep(20);
      const started = Date.now();
      const err = await runIdempotent(database.db, ids, write('c3', 'dup'), { waitMs: 150 }).catch((e) => e);
      expect(err).toMatchObject({
        code: 'IDEMPOTENCY_IN_PROGRESS',
        status: 409,
        details: { field: 'Idempotency-Key', retryAfterSeconds: 1 },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      release();
      expect((await first).body).toEqual({ value: 'slow' });
      expect(await count('c3')).toBe(1);
    },
  );

  it('takes over a claim left by a crashed holder after the lease, and the old holder cannot commit', async () => {
    const ids = { scope: 's', key: 'c4', fingerprint: 'f' };
    // A crashed process: its claim is there, nothing ever finishes it.
    await database.db
      .insertInto('idempotency_keys')
      .values({
        scope: 's',
        key: 'c4',
        request_hash: 'f',
        status_code: null,
        response: null,
        claim_token: 'dead-process',
        locked_at: new Date(Date.now() - 120_000),
      })
      .execute();
    const r = await runIdempotent(database.db, ids, write('c4', 'taken over'), { leaseMs: 60_000 });
    expect(r).toMatchObject({ status: 201, body: { value: 'taken over' }, replayed: false });
    expect(await count('c4')).toBe(1);
  });

  it('does not take over a claim another process holds within its lease: 409 after the wait', async () => {
    const ids = { scope: 's', key: 'c5', fingerprint: 'f' };
    await database.db
      .insertInto('idempotency_keys')
      .values({
        scope: 's',
        key: 'c5',
        request_hash: 'f',
        status_code: null,
        response: null,
        claim_token: 'live-elsewhere',
        locked_at: new Date(),
      })
      .execute();
    const started = Date.now();
    await expect(
      runIdempotent(database.db, ids, write('c5', 'no'), { leaseMs: 60_000, waitMs: 150 }),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_IN_PROGRESS',
      status: 409,
      details: { field: 'Idempotency-Key', retryAfterSeconds: 1 },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await count('c5')).toBe(0);
  });

  // PGlite has one connection: a second writer cannot act while the holder's transaction runs.
  it.skipIf(target.kind === 'pglite')(
    'a holder whose claim was taken over rolls its work back and never stores an answer',
    async () => {
      const ids = { scope: 's', key: 'c6', fingerprint: 'f' };
      const err = await runIdempotent(
        database.db,
        ids,
        async (trx) => {
          const out = await write('c6', 'stale holder')(trx);
          // Another process took the claim over meanwhile (its own connection, committed).
          await database.db
            .updateTable('idempotency_keys')
            .set({ claim_token: 'other', locked_at: new Date() })
            .where('scope', '=', 's')
            .where('key', '=', 'c6')
            .execute();
          return out;
        },
        { waitMs: 100 },
      ).catch((e) => e);
      expect(err).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
      expect(await count('c6')).toBe(0);
      expect(await row('c6')).toMatchObject({ claim_token: 'other', status_code: null });
    },
  );

  it('stores a refusal as the exact error envelope, and replays it byte for byte', async () => {
    const ids = { scope: 's', key: 'c7', fingerprint: 'f' };
    await expect(
      runIdempotent(database.db, ids, async () => {
        throw new AppError('ORDER_NOT_PAYABLE', 'paid already', 409, { status: 'paid' });
      }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    const again = await runIdempotent(database.db, ids, write('c7', 'later'));
    expect(again.text).toBe(
      '{"error":{"code":"ORDER_NOT_PAYABLE","message":"paid already","details":{"status":"paid"}}}',
    );
    expect(await count('c7')).toBe(0);
  });

  it('releases the claim on a 5xx so the retry runs again, and does not store a rate limit', async () => {
    const ids = { scope: 's', key: 'c8', fingerprint: 'f' };
    await expect(
      runIdempotent(database.db, ids, async () => {
        throw new AppError('REFUND_PAYOUT_FAILED', 'provider down', 502);
      }),
    ).rejects.toMatchObject({ status: 502 });
    expect(await row('c8')).toBeUndefined();
    await expect(
      runIdempotent(database.db, ids, async () => {
        throw new AppError('RATE_LIMITED', 'slow down', 429, { retryAfterSeconds: 1 });
      }),
    ).rejects.toMatchObject({ status: 429 });
    expect(await row('c8')).toBeUndefined();
    expect((await runIdempotent(database.db, ids, write('c8', 'ok'))).replayed).toBe(false);
  });

  it('replays a row written before claims existed (jsonb response, no claim)', async () => {
    await database.db
      .insertInto('idempotency_keys')
      .values({ scope: 's', key: 'c9', request_hash: 'f', status_code: 200, response: '{"old":true}' })
      .execute();
    const r = await runIdempotent(
      database.db,
      { scope: 's', key: 'c9', fingerprint: 'f' },
      write('c9', 'new'),
    );
    expect(r).toMatchObject({ status: 200, body: { old: true }, text: '{"old":true}', replayed: true });
  });
});
