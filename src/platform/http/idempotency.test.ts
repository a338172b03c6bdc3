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
    expect(first).toEqual({ status: 201, body: { value: 'one' }, replayed: false });
    expect(second).toEqual({ status: 201, body: { value: 'one' }, replayed: true });
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
});
