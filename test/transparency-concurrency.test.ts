/**
 * Issue 10, acceptance: appends racing each other (each in its own transaction, some rolled back,
 * from two log instances as two API processes would) while two publishers sign checkpoints give
 * entries with no gap and no duplicate index, and every committed entry's receipt verifies against
 * the first checkpoint published after it. On PostgreSQL when DATABASE_URL is set (the real
 * contention: the head row lock), and on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransparencyLog } from '../src/modules/transparency';
import { ManualClock } from '../src/platform/clock';
import type { Database } from '../src/platform/db/connect';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { silentLogger } from '../src/platform/logger';
import { verifyConsistency, verifyReceipt } from '../src/verify';

const COMMITTED = 200;
const ROLLED_BACK = 40;
const seed = new Uint8Array(32).fill(42);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const target of testDatabaseTargets()) {
  describe(`concurrent appends on ${target.kind}`, () => {
    let database: Database;
    let logs: ReturnType<typeof createTransparencyLog>[];

    beforeAll(async () => {
      database = await target.open();
      // Two instances with one key: two API processes of one deployment.
      logs = [0, 1].map(() =>
        createTransparencyLog({
          db: database.db,
          clock: new ManualClock(),
          logger: silentLogger,
          signingKey: seed,
        }),
      );
    });
    afterAll(() => database.close());

    it(`${COMMITTED} committed appends among ${ROLLED_BACK} rolled back: dense indices, every receipt verifies`, async () => {
      const attempts = Array.from({ length: COMMITTED + ROLLED_BACK }, (_, i) => i);
      // Every sixth attempt rolls back after appending: its index must be given back.
      const rollsBack = (i: number) => i % 6 === 5;
      expect(attempts.filter(rollsBack).length).toBe(ROLLED_BACK);

      let appending = true;
      const publishers = logs.map(async (log) => {
        while (appending) {
          await log.publish('donations');
          await sleep(5);
        }
      });
      const results = await Promise.allSettled(
        attempts.map((i) =>
          database.db.transaction().execute(async (trx) => {
            const appended = await logs[i % 2]!.append(trx, 'donations', {
              kind: 'donation',
              attempt: i,
              amount: 100 + i,
            });
            // Some work after the append keeps the head row locked across a round trip.
            if (i % 3 === 0) await sleep(1);
            if (rollsBack(i)) throw new Error(`rollback ${i}`);
            return { attempt: i, index: appended.index };
          }),
        ),
      );
      appending = false;
      await Promise.all(publishers);
      const latest = await logs[0]!.publish('donations');

      const committed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(
        refused.every((m) => /rollback \d+/.test(m)),
        refused.join('; '),
      ).toBe(true);
      expect(committed).toHaveLength(COMMITTED);
      expect(committed.map((c) => c.index).sort((a, b) => a - b)).toEqual(
        Array.from({ length: COMMITTED }, (_, i) => i),
      );

      // The table agrees: no gap, no duplicate, no rolled-back record.
      const rows = await database.db
        .selectFrom('transparency_entries')
        .select(['idx', 'record'])
        .where('log', '=', 'donations')
        .orderBy('idx')
        .execute();
      expect(rows.map((r) => r.idx)).toEqual(Array.from({ length: COMMITTED }, (_, i) => i));
      const attemptsStored = rows.map((r) => (JSON.parse(r.record) as { attempt: number }).attempt);
      expect(attemptsStored.some(rollsBack)).toBe(false);
      for (const c of committed) expect(attemptsStored[c.index]).toBe(c.attempt);
      expect(latest.size).toBe(COMMITTED);

      // Each entry against the first checkpoint that holds it, as a donor's receipt would be made.
      const checkpoints = await logs[0]!.checkpoints('donations', 1, 10_000);
      expect(checkpoints.map((c) => c.size)).toEqual(
        [...new Set(checkpoints.map((c) => c.size))].sort((a, b) => a - b),
      );
      // Published while the appends ran, not only at the end (PGlite runs one transaction at a
      // time, so there the publishers' reads queue behind every append).
      if (target.kind === 'postgres') expect(checkpoints.length).toBeGreaterThan(2);
      const key = await logs[1]!.publicKey();
      for (let index = 0; index < COMMITTED; index++) {
        const next = checkpoints.find((c) => c.size > index)!;
        const receipt = await logs[index % 2]!.receipt('donations', index, next.size);
        const result = verifyReceipt(receipt, key);
        expect(
          result.checks.filter((c) => !c.ok),
          `entry ${index} at size ${next.size}`,
        ).toEqual([]);
      }
      // And the checkpoints, published by two instances in a race, form one growing tree.
      for (let i = 1; i < checkpoints.length; i++) {
        const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
        const proof = await logs[i % 2]!.consistency('donations', a.size, b.size);
        expect(
          verifyConsistency({
            oldSize: a.size,
            newSize: b.size,
            oldRoot: a.rootHash,
            newRoot: b.rootHash,
            proof,
          }),
          `${a.size} -> ${b.size}`,
        ).toBe(true);
      }
    });
  });
}
