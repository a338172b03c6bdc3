import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db';
import type { EventHandler } from './bus';
import type { DomainEvent } from './event';

/**
 * Turns at-least-once delivery into exactly-once effects: the handler runs in a transaction
 * that first claims `(consumer, event id)` in processed_events, so a redelivered event finds
 * the claim and is skipped, and a handler that throws rolls its claim back with its effects.
 * Two concurrent deliveries of one event serialize on the primary key; the second sees the
 * first's claim once it commits. Effects must go through `trx` to share that guarantee.
 */
export function idempotentHandler<T = unknown>(
  db: Kysely<DB>,
  consumer: string,
  handler: (event: DomainEvent<T>, trx: Transaction<DB>) => Promise<void>,
): EventHandler<T> {
  return async (event) => {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('processed_events')
        .values({ consumer, event_id: event.id })
        .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!claimed) return;
      await handler(event, trx);
    });
  };
}
