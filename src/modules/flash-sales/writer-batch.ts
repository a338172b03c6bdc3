import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';
import type { WriteRequest } from './writer';

/**
 * The group-commit writer's common case: a whole batch, every slot in it, in ONE statement and
 * no explicit transaction (a single statement commits on its own), so a flush is one round trip
 * on PostgreSQL and one query on PGlite, and the slot rows are locked for that statement only.
 * Data-modifying CTEs over the batch (one jsonb parameter, which both drivers pass the same way):
 *
 *   locked  the batch's slot rows FOR UPDATE in id order (byte order, as the careful path
 *      sorts them), so two flushes of several slots (this process's overlapping ones, or other
 *      processes') cannot deadlock;
 *   s  conditional `taken += n` per slot (`taken + n <= stock`) on the locked rows: u and r read
 *      s, so they run after it and every writer of a slot queues on its row before touching
 *      that slot's other rows (the careful path's order);
 *   u  conditional per-customer units upsert (`units + n <= per_customer_limit`);
 *   r  INSERT reservations ON CONFLICT DO NOTHING: a live reservation (partial unique index),
 *      a reused key or id is skipped rather than failing;
 *
 * and a final check that every slot, every customer and every row was accepted. When one was
 * not (the KV was wrong, a retry of a durable key, a customer twice in one batch), the check
 * raises, the statement rolls back as a whole, and the caller takes the careful per-row path,
 * which decides each row and gives the exact refusal. The raise is a cast of a text to integer
 * inside a subquery, so the planner cannot fold it away before the CTEs ran.
 *
 * Returns true when the batch is durable; false when it rolled back (nothing written).
 */
export async function writeBatchInOneStatement(
  db: Kysely<DB>,
  batch: readonly WriteRequest[],
): Promise<boolean> {
  const rows = batch.map((r) => ({
    id: r.entry.reservationId,
    slot_id: r.slotId,
    customer_id: r.entry.customerId,
    quantity: r.entry.quantity,
    idempotency_key: r.entry.idempotencyKey,
    deadline: r.deadline.toISOString(),
    created_at: r.createdAt.toISOString(),
  }));
  try {
    await sql`WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(id text, slot_id text,
          customer_id text, quantity int, idempotency_key text, deadline timestamptz, created_at timestamptz)),
      per_slot AS (SELECT slot_id, sum(quantity)::int AS n, max(created_at) AS now FROM input GROUP BY slot_id),
      per_customer AS (
        SELECT slot_id, customer_id, sum(quantity)::int AS n FROM input GROUP BY slot_id, customer_id),
      locked AS (
        SELECT id FROM flash_sale_slots WHERE id IN (SELECT slot_id FROM per_slot)
        ORDER BY id COLLATE "C" FOR UPDATE),
      s AS (
        UPDATE flash_sale_slots f SET taken = f.taken + p.n,
          sold_out_at = CASE WHEN f.taken + p.n = f.stock THEN coalesce(f.sold_out_at, p.now) ELSE f.sold_out_at END
        FROM per_slot p JOIN locked l ON l.id = p.slot_id
        WHERE f.id = p.slot_id AND f.taken + p.n <= f.stock
        RETURNING f.id, f.per_customer_limit),
      u AS (
        INSERT INTO flash_sale_customer_units (slot_id, customer_id, units)
        SELECT c.slot_id, c.customer_id, c.n FROM per_customer c JOIN s ON s.id = c.slot_id
        WHERE c.n <= s.per_customer_limit
        ON CONFLICT (slot_id, customer_id) DO UPDATE SET units = flash_sale_customer_units.units + excluded.units
        WHERE flash_sale_customer_units.units + excluded.units
          <= (SELECT per_customer_limit FROM flash_sale_slots WHERE id = excluded.slot_id)
        RETURNING customer_id),
      r AS (
        INSERT INTO flash_sale_reservations
          (id, slot_id, customer_id, quantity, status, idempotency_key, deadline, created_at)
        SELECT i.id, i.slot_id, i.customer_id, i.quantity, 'reserved', i.idempotency_key, i.deadline, i.created_at
        FROM input i JOIN s ON s.id = i.slot_id
        ON CONFLICT DO NOTHING
        RETURNING id)
      SELECT CASE WHEN (SELECT count(*) FROM s) = (SELECT count(*) FROM per_slot)
          AND (SELECT count(*) FROM u) = (SELECT count(*) FROM per_customer)
          AND (SELECT count(*) FROM r) = (SELECT count(*) FROM input)
        THEN 0 ELSE (SELECT ${sql.lit(NOT_ALL)} || count(*) FROM input)::int END AS refused`.execute(db);
    return true;
  } catch (e) {
    if (String((e as Error).message).includes(NOT_ALL)) return false;
    throw e;
  }
}

/** The text the statement casts to integer when a row was not accepted; its error carries it. */
const NOT_ALL = 'carnival-flash-batch-not-all-accepted:';
