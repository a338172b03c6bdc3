import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Client } from '../../bench/lib/load';
import type { DB } from '../../src/schema';
import { waitFor } from '../faults/support';
import {
  createSlot,
  expireSoon,
  type FlashShop,
  missingReservations,
  slotLedger,
  waitForSlot,
} from './flash-load';
import { mismatchedDuplicates, type RushResult, rush } from './flash-rush';

/**
 * The acceptance rush of issue 15, shared by the PostgreSQL + Redis suite (3 processes) and the
 * embedded one (1 process, PGlite, in-process KV): the same crowd, the same exact counts.
 *
 * 1. 5,000 customers (1-3 tries each, every 10th sending its first try twice at once with one
 *    key, to two servers when there are several) rush 100 units, limit 1 a customer.
 * 2. Expiry "moves time" by moving deadlines: 10 live reservations get a deadline in the past in
 *    PostgreSQL, and the servers' own sweeper (every second) expires them; their units come back
 *    to the KV once, and a second wave of customers buys exactly those 10.
 */
export const RUSH_CUSTOMERS = 5_000;
export const RUSH_STOCK = 100;
const EXPIRED = 10;

export async function runRushScenario(input: {
  clients: Client[];
  db: Kysely<DB>;
  fixture: FlashShop;
  log?: (line: string) => void;
}): Promise<void> {
  const { clients, db, fixture } = input;
  const log = input.log ?? (() => {});
  const slot = await createSlot(clients[0]!, fixture.operator, {
    campaignId: fixture.shop.campaignId,
    skuId: fixture.skus[0]!,
    stock: RUSH_STOCK,
    perCustomerLimit: 1,
    startsInMs: 1_500,
  });
  // Every server sees it open (each reads the slot from its own KV connection and clock).
  for (const c of clients) await waitForSlot(c, slot.id, 'the slot to open', (s) => s.status === 'running');

  const t0 = performance.now();
  const first = await rush({ clients, slotId: slot.id, customers: fixture.customers, seed: 15 });
  log(
    `rush: ${first.attempts.length} answers in ${Math.round(performance.now() - t0)} ms ${JSON.stringify(first.statuses)}`,
  );
  await expectExact(db, clients, slot.id, first, RUSH_STOCK);

  // Expiry: EXPIRED units come back once and sell again.
  const expiring = await expireSoon(db, slot.id, EXPIRED);
  expect(expiring).toHaveLength(EXPIRED);
  await waitFor(
    'the sweeper to expire the reservations',
    async () => (await slotLedger(db, slot.id)).expired === EXPIRED,
    20_000,
    100,
  );
  for (const c of clients)
    await waitForSlot(c, slot.id, 'the expired units back in the KV', (s) => s.remaining === EXPIRED, 20_000);
  const holders = new Set(first.reservedIds.length ? await liveHolders(db, slot.id) : []);
  const secondWave = fixture.customers.filter((c) => !holders.has(c.userId)).slice(0, 1_000);
  const second = await rush({
    clients,
    slotId: slot.id,
    customers: secondWave,
    seed: 16,
    duplicateEvery: 7,
    keyPrefix: 'wave2',
  });
  log(`second wave: ${JSON.stringify(second.statuses)}`);
  expect(second.reservedIds).toHaveLength(EXPIRED);
  const ledger = await expectExact(db, clients, slot.id, second, RUSH_STOCK, first.reservedIds.length);
  expect(ledger.expired).toBe(EXPIRED);
}

async function liveHolders(db: Kysely<DB>, slotId: string): Promise<string[]> {
  // biome-ignore lint/suspicious/noExplicitAny: the flash tables are flash-core's
  const rows = await (db as unknown as Kysely<any>)
    .selectFrom('flash_sale_reservations')
    .select('customer_id')
    .where('slot_id', '=', slotId)
    .where('status', '=', 'reserved')
    .execute();
  return rows.map((r) => r.customer_id as string);
}

/** The invariants after a rush has finished: exact in PostgreSQL, and the KV agreeing. */
export async function expectExact(
  db: Kysely<DB>,
  clients: Client[],
  slotId: string,
  result: RushResult,
  stock: number,
  reservedBefore = 0,
) {
  const ledger = await slotLedger(db, slotId);
  expect(await missingReservations(db, result.reservedIds)).toEqual([]);
  expect(mismatchedDuplicates(result.attempts)).toEqual([]);
  expect(result.attempts.filter((a) => a.status >= 500 || a.status === 0)).toEqual([]);
  expect(ledger.live + ledger.ordered).toBe(stock);
  expect(ledger.taken).toBe(stock);
  expect(result.reservedIds.length + reservedBefore - ledger.expired).toBe(stock);
  expect(ledger.overLimit).toBe(0);
  expect(ledger.doubleLive).toBe(0);
  // remaining(KV) + live + ordered == stock, on every server.
  for (const c of clients)
    await waitForSlot(c, slotId, 'the KV to agree with PostgreSQL', (s) => s.remaining === 0, 10_000);
  return ledger;
}
