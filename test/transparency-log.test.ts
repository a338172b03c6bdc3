import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransparencyLog } from '../src/modules/transparency';
import { ManualClock } from '../src/platform/clock';
import type { Database } from '../src/platform/db/connect';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { silentLogger } from '../src/platform/logger';
import { verifyCheckpoint, verifyConsistency, verifyReceipt } from '../src/verify';

for (const target of testDatabaseTargets()) {
  describe(`transparency log on ${target.kind}`, () => {
    let database: Database;
    let log: ReturnType<typeof createTransparencyLog>;
    beforeAll(async () => {
      database = await target.open();
      log = createTransparencyLog({ db: database.db, clock: new ManualClock(), logger: silentLogger });
    });
    afterAll(async () => {
      await log.stop();
      await database.close();
    });

    it('appends in the caller transaction, a rollback gives the index back', async () => {
      const a = await database.db
        .transaction()
        .execute((trx) => log.append(trx, 'donations', { amount: 2, n: 'a' }));
      expect(a.index).toBe(0);
      await expect(
        database.db.transaction().execute(async (trx) => {
          await log.append(trx, 'donations', { amount: 3 });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const b = await database.db.transaction().execute((trx) => log.append(trx, 'donations', { amount: 4 }));
      expect(b.index).toBe(1);
    });

    it('refuses floats and unknown logs', async () => {
      await expect(
        database.db.transaction().execute((trx) => log.append(trx, 'donations', { amount: 1.5 })),
      ).rejects.toThrow(/safe integer/);
      await expect(
        // biome-ignore lint/suspicious/noExplicitAny: the refusal of a name outside the type
        database.db.transaction().execute((trx) => log.append(trx, 'nope' as any, { a: 1 })),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('gives a receipt that verifies offline, and one changed byte fails it', async () => {
      const r = await log.receipt('donations', 1);
      const key = await log.publicKey();
      expect(verifyReceipt(r, key).checks.filter((c) => !c.ok)).toEqual([]);
      const tampered = {
        ...r,
        record: { ...r.record, base64: Buffer.from('{"amount":5}').toString('base64') },
      };
      const result = verifyReceipt(tampered, key);
      expect(result.ok).toBe(false);
      expect(result.checks.find((c) => c.name === 'leaf')?.ok).toBe(false);
      const badNote = { ...r, checkpoint: r.checkpoint.replace('\n2\n', '\n3\n') };
      expect(verifyReceipt(badNote, key).checks.find((c) => c.name === 'signature')?.ok).toBe(false);
    });

    it('publishes consistent checkpoints', async () => {
      const first = await log.publish('donations');
      for (let i = 0; i < 5; i++) {
        await database.db.transaction().execute((trx) => log.append(trx, 'donations', { i }));
      }
      const second = await log.publish('donations');
      expect(second.size).toBe(first.size + 5);
      const key = await log.publicKey();
      const a = verifyCheckpoint(first.note, key);
      const b = verifyCheckpoint(second.note, key);
      if (!a.ok || !b.ok) throw new Error('checkpoint does not verify');
      const proof = await log.consistency('donations', first.size, second.size);
      expect(
        verifyConsistency({
          oldSize: a.checkpoint.size,
          newSize: b.checkpoint.size,
          oldRoot: a.checkpoint.rootHash,
          newRoot: b.checkpoint.rootHash,
          proof,
        }),
      ).toBe(true);
    });
  });
}
