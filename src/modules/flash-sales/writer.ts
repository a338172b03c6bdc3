import { type Kysely, sql, type Transaction } from 'kysely';
import { serviceUnavailable } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { PendingEntry, SlotStateStore, StoredRefusal } from './slot-state';
import { reservationAnswerText } from './store';
import { writeBatchInOneStatement } from './writer-batch';

/**
 * The group-commit writer: a reservation the KV granted is made durable here before its 201 is
 * sent. Requests queue; a flush takes up to `maxRows` of them (every `flushMs`, or at once when
 * the queue is full) in ONE statement for all its slots (writer-batch.ts), which commits only
 * when PostgreSQL accepts every row. When it does not, the careful path runs: one transaction,
 * per slot: lock the slot row, read the customers' units and live reservations, decide every
 * row in order, one multi-row INSERT, one units upsert, one conditional `taken += n`.
 * PostgreSQL is the arbiter: a row it refuses (the KV was wrong,
 * e.g. after a restart) is answered with the refusal and compensated in the KV; a flush that
 * fails (PG down) answers every waiter 503 and compensates all of them.
 *
 * Each process has one writer; flushes of one slot (of this process or others) serialise on its
 * row lock, held for one statement. Up to `maxInFlight` flushes per process run at once (so a
 * pool of connections overlaps their round trips), and the queue fills meanwhile, so batches
 * grow exactly when the load does.
 */
export interface WriteRequest {
  slotId: string;
  flashPrice: number;
  entry: PendingEntry;
  deadline: Date;
  createdAt: Date;
  answerText: string;
}

/** What PG decided for a row: durable, refused (with the refusal), or a retry of a durable one. */
type Decision =
  | { kind: 'accepted' }
  | { kind: 'refused'; refusal: StoredRefusal }
  | { kind: 'duplicate'; text: string };

export interface GroupWriter {
  /** Resolves with the answer text once durable; rejects with RefusedByDatabase or a 503. */
  submit(req: WriteRequest): Promise<string>;
  /** Flushes what is queued and stops taking new work. */
  close(): Promise<void>;
  /** `careful`: flushes the one-statement path could not take whole (the per-row path ran). */
  readonly stats: { flushes: number; rows: number; careful: number };
}

export interface GroupWriterOptions {
  db: Kysely<DB>;
  state: SlotStateStore;
  flushMs?: number;
  maxRows?: number;
  /** Flushes running at once per process (default 1; app.ts gives PostgreSQL more). */
  maxInFlight?: number;
  logger?: Logger;
}

interface Queued {
  req: WriteRequest;
  resolve(text: string): void;
  reject(e: unknown): void;
}

export function createGroupWriter(options: GroupWriterOptions): GroupWriter {
  const { db, state, logger } = options;
  const flushMs = options.flushMs ?? 2;
  const maxRows = options.maxRows ?? 200;
  let queue: Queued[] = [];
  let timer: NodeJS.Timeout | null = null;
  const maxInFlight = options.maxInFlight ?? 1;
  const flushing = new Set<Promise<void>>();
  let closed = false;
  const stats = { flushes: 0, rows: 0, careful: 0 };

  const startFlush = () => {
    const p: Promise<void> = flushNow().finally(() => {
      flushing.delete(p);
      schedule();
    });
    flushing.add(p);
  };

  const schedule = () => {
    if (flushing.size >= maxInFlight || queue.length === 0) return;
    // Full batch, or a flush already waiting on the database: a full batch goes at once.
    if (queue.length >= maxRows) {
      if (timer) clearTimeout(timer);
      timer = null;
      startFlush();
      if (queue.length) schedule();
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      if (flushing.size >= maxInFlight || queue.length === 0) return;
      startFlush();
    }, flushMs);
  };

  async function flushNow(): Promise<void> {
    const batch = queue.slice(0, maxRows);
    queue = queue.slice(batch.length);
    if (batch.length === 0) return;
    stats.flushes++;
    stats.rows += batch.length;
    let decisions: Map<Queued, Decision>;
    try {
      decisions = await writeFastOrCarefully(db, batch, logger, () => stats.careful++);
    } catch (error) {
      logger?.error({ err: error, rows: batch.length }, 'flash-sale reservation flush failed');
      // Not durable: give every unit back and forget the keys, so a retry runs again.
      await Promise.all(
        batch.map(async (q) => {
          await state.compensate(q.req.slotId, q.req.entry, null).catch(() => undefined);
          q.reject(
            serviceUnavailable(
              'FLASH_SALE_UNAVAILABLE',
              'The reservation could not be recorded; retry shortly',
              1,
            ),
          );
        }),
      );
      return;
    }
    const committed = new Map<string, Array<{ entry: PendingEntry; answerText: string }>>();
    await Promise.all(
      batch.map(async (q) => {
        const d = decisions.get(q)!;
        if (d.kind === 'accepted') {
          const list = committed.get(q.req.slotId) ?? [];
          list.push({ entry: q.req.entry, answerText: q.req.answerText });
          committed.set(q.req.slotId, list);
          return;
        }
        // The KV granted what PG refused: undo the KV's take and record PG's answer.
        const refusal = d.kind === 'refused' ? d.refusal : null;
        await state.compensate(q.req.slotId, q.req.entry, refusal).catch((err) => {
          logger?.warn({ err }, 'flash-sale compensation failed; the reconciler will return the unit');
        });
        if (d.kind === 'duplicate')
          await state
            .commit(q.req.slotId, [{ entry: q.req.entry, answerText: d.text }])
            .catch(() => undefined);
      }),
    );
    // Records become final answers (and pending entries go) after the commit; if this fails the
    // reconciler finds the rows in PG and does it.
    await Promise.all(
      [...committed].map(([slotId, done]) =>
        state.commit(slotId, done).catch((err) => logger?.warn({ err }, 'flash-sale commit marker failed')),
      ),
    );
    for (const q of batch) {
      const d = decisions.get(q)!;
      if (d.kind === 'accepted') q.resolve(q.req.answerText);
      else if (d.kind === 'duplicate') q.resolve(d.text);
      else q.reject(new RefusedByDatabase(d.refusal));
    }
  }

  return {
    stats,
    submit(req) {
      if (closed)
        return Promise.reject(serviceUnavailable('SHUTTING_DOWN', 'The server is shutting down', 1));
      return new Promise<string>((resolve, reject) => {
        queue.push({ req, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      while (flushing.size || queue.length) {
        if (flushing.size) await Promise.all([...flushing]);
        else startFlush();
      }
    },
  };
}

/** PG refused the row; the caller turns it into the same AppError a replay of the key gives. */
export class RefusedByDatabase extends Error {
  constructor(readonly refusal: StoredRefusal) {
    super(`refused: ${refusal.code}`);
  }
}

/**
 * The one-statement path first; the careful one when PostgreSQL did not take every row (or the
 * statement failed, e.g. a deadlock between two flushes of several slots: the careful path locks
 * slots in id order).
 */
async function writeFastOrCarefully(
  db: Kysely<DB>,
  batch: Queued[],
  logger: Logger | undefined,
  onCareful: () => void,
): Promise<Map<Queued, Decision>> {
  const accepted = await writeBatchInOneStatement(
    db,
    batch.map((q) => q.req),
  ).catch((err) => {
    logger?.debug({ err, rows: batch.length }, 'flash-sale batch statement failed; per-row path');
    return false;
  });
  if (accepted) return new Map(batch.map((q) => [q, { kind: 'accepted' } as const]));
  onCareful();
  return db.transaction().execute((trx) => writeBatch(trx, batch));
}

/** Decides and writes one batch inside one transaction; slots in id order (no deadlocks). */
async function writeBatch(trx: Transaction<DB>, batch: Queued[]): Promise<Map<Queued, Decision>> {
  const bySlot = new Map<string, Queued[]>();
  for (const q of batch) bySlot.set(q.req.slotId, [...(bySlot.get(q.req.slotId) ?? []), q]);
  const decisions = new Map<Queued, Decision>();
  for (const slotId of [...bySlot.keys()].sort()) {
    const rows = bySlot.get(slotId)!;
    for (const [q, d] of await writeSlot(trx, slotId, rows)) decisions.set(q, d);
  }
  return decisions;
}

async function writeSlot(
  trx: Transaction<DB>,
  slotId: string,
  rows: Queued[],
): Promise<Map<Queued, Decision>> {
  const out = new Map<Queued, Decision>();
  // The slot row lock serialises every writer of this slot (all processes) for this transaction.
  const slot = await trx
    .selectFrom('flash_sale_slots')
    .select(['stock', 'taken', 'per_customer_limit', 'flash_price'])
    .where('id', '=', slotId)
    .forUpdate()
    .executeTakeFirst();
  if (!slot) {
    for (const q of rows) out.set(q, { kind: 'refused', refusal: { code: 'SOLD_OUT', reason: '' } });
    return out;
  }
  const customers = [...new Set(rows.map((q) => q.req.entry.customerId))];
  const keys = [...new Set(rows.map((q) => q.req.entry.idempotencyKey))];
  const [unitRows, existing] = [
    await trx
      .selectFrom('flash_sale_customer_units')
      .select(['customer_id', 'units'])
      .where('slot_id', '=', slotId)
      .where('customer_id', 'in', customers)
      .execute(),
    await trx
      .selectFrom('flash_sale_reservations')
      .select(['id', 'slot_id', 'customer_id', 'quantity', 'deadline', 'status', 'idempotency_key'])
      .where('slot_id', '=', slotId)
      .where('customer_id', 'in', customers)
      .where((eb) => eb.or([eb('status', '=', 'reserved'), eb('idempotency_key', 'in', keys)]))
      .execute(),
  ];
  const units = new Map(unitRows.map((u) => [u.customer_id, u.units]));
  const live = new Set(existing.filter((r) => r.status === 'reserved').map((r) => r.customer_id));
  const byKey = new Map(existing.map((r) => [`${r.customer_id}\u0000${r.idempotency_key}`, r]));
  let taken = slot.taken;
  const accepted: Queued[] = [];
  const added = new Map<string, number>();
  for (const q of rows) {
    const { customerId, quantity, idempotencyKey } = q.req.entry;
    const prior = byKey.get(`${customerId}\u0000${idempotencyKey}`);
    if (prior?.id === q.req.entry.reservationId) {
      // This very row: an earlier attempt at this batch committed (its answer was lost on the way).
      out.set(q, { kind: 'accepted' });
      continue;
    }
    if (prior) {
      out.set(q, { kind: 'duplicate', text: reservationAnswerText(prior, Number(slot.flash_price)) });
      continue;
    }
    const refuse = (code: StoredRefusal['code'], reason = '') =>
      out.set(q, { kind: 'refused', refusal: { code, reason } });
    if (live.has(customerId)) refuse('LIMIT_REACHED', 'live_reservation');
    else if ((units.get(customerId) ?? 0) + quantity > slot.per_customer_limit)
      refuse('LIMIT_REACHED', 'limit');
    else if (taken + quantity > slot.stock) refuse('SOLD_OUT');
    else {
      taken += quantity;
      live.add(customerId);
      units.set(customerId, (units.get(customerId) ?? 0) + quantity);
      added.set(customerId, (added.get(customerId) ?? 0) + quantity);
      accepted.push(q);
      out.set(q, { kind: 'accepted' });
    }
  }
  if (accepted.length === 0) return out;
  await trx
    .insertInto('flash_sale_reservations')
    .values(
      accepted.map((q) => ({
        id: q.req.entry.reservationId,
        slot_id: slotId,
        customer_id: q.req.entry.customerId,
        quantity: q.req.entry.quantity,
        status: 'reserved' as const,
        idempotency_key: q.req.entry.idempotencyKey,
        deadline: q.req.deadline,
        created_at: q.req.createdAt,
      })),
    )
    .execute();
  // Conditional even though the lock makes it so: a limit is only ever moved by a guarded write.
  const upserted = await trx
    .insertInto('flash_sale_customer_units')
    .values([...added].map(([customer_id, n]) => ({ slot_id: slotId, customer_id, units: n })))
    .onConflict((oc) =>
      oc
        .columns(['slot_id', 'customer_id'])
        .doUpdateSet({ units: sql`flash_sale_customer_units.units + excluded.units` })
        .where(sql<boolean>`flash_sale_customer_units.units + excluded.units <= ${slot.per_customer_limit}`),
    )
    .returning('customer_id')
    .execute();
  if (upserted.length !== added.size) throw new Error('flash-sale customer units moved under the slot lock');
  const n = taken - slot.taken;
  const now = accepted[accepted.length - 1]!.req.createdAt;
  const updated = await trx
    .updateTable('flash_sale_slots')
    .set({
      taken: sql`taken + ${n}`,
      sold_out_at: sql`CASE WHEN taken + ${n} = stock THEN coalesce(sold_out_at, ${now}) ELSE sold_out_at END`,
    })
    .where('id', '=', slotId)
    .where(sql<boolean>`taken + ${n} <= stock`)
    .returning('taken')
    .executeTakeFirst();
  if (!updated) throw new Error('flash-sale slot taken moved under the slot lock');
  return out;
}
