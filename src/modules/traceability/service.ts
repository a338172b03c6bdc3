import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { MerchantsService } from '../merchants';
import type { TransparencyModule } from '../transparency';
import { eventInFuture, invalidLot, skuNotOfStore, traceCodeExists } from './errors';
import { provenanceRecord } from './record';
import type { ProvenanceDraft, TraceCodeDraft } from './schemas';
import type { ProvenanceKind, TraceCodeKind, TraceCodesTable } from './tables';
import { createTraceVerifier } from './verify';

/** What traceability needs of the transparency module. */
export type ProvenanceLog = Pick<TransparencyModule, 'append' | 'proveEntry' | 'publicKey'>;

export interface TraceabilityDeps {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access'>;
  log: ProvenanceLog;
}

/** Clocks drift: an event up to five minutes ahead of the server is not "in the future". */
const FUTURE_SLACK_MS = 5 * 60_000;

export interface TraceCode {
  code: string;
  kind: TraceCodeKind;
  storeId: string;
  skuId: string | null;
  lotCode: string | null;
  productName: string;
  origin: string;
  createdAt: string;
}

export interface ProvenanceEvent {
  id: string;
  code: string;
  kind: ProvenanceKind;
  place: string;
  occurredAt: string;
  by: string;
  note: string;
  logIndex: number;
  leafHash: string;
}

export type CodeRow = Selectable<TraceCodesTable>;

/** A store's serial or lot as its merchants list them: with how many events it has so far. */
export interface TraceCodeSummary extends TraceCode {
  eventCount: number;
  lastEventAt: string | null;
}

const toCode = (r: CodeRow): TraceCode => ({
  code: r.code,
  kind: r.kind,
  storeId: r.store_id,
  skuId: r.sku_id,
  lotCode: r.lot_code,
  productName: r.product_name,
  origin: r.origin,
  createdAt: new Date(r.created_at).toISOString(),
});

export function createTraceabilityService(deps: TraceabilityDeps) {
  const { db, clock } = deps;

  async function codeRow(code: string, trx: Kysely<DB> = db) {
    const row = await trx.selectFrom('trace_codes').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) throw notFound('TraceCode', code);
    return row;
  }

  /** Registers a serial or lot of the store (its merchants only). */
  async function createCode(actor: Actor, storeId: string, input: TraceCodeDraft): Promise<TraceCode> {
    await deps.merchants.access(actor, storeId, 'staff');
    if (input.lotCode) {
      if (input.kind !== 'serial') throw invalidLot('Only a serial belongs to a lot');
      const lot = await db
        .selectFrom('trace_codes')
        .select(['kind', 'store_id'])
        .where('code', '=', input.lotCode)
        .executeTakeFirst();
      if (!lot || lot.store_id !== storeId || lot.kind !== 'lot')
        throw invalidLot('The lot must be a lot code of this store');
    }
    if (input.skuId) {
      const sku = await db
        .selectFrom('skus')
        .innerJoin('products', 'products.id', 'skus.product_id')
        .select('products.store_id')
        .where('skus.id', '=', input.skuId)
        .executeTakeFirst();
      if (!sku || sku.store_id !== storeId) throw skuNotOfStore(input.skuId);
    }
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('trace_codes')
        .values({
          code: input.code,
          kind: input.kind,
          store_id: storeId,
          sku_id: input.skuId ?? null,
          lot_code: input.lotCode ?? null,
          product_name: input.productName,
          origin: input.origin,
          created_by: actor.userId,
          created_at: now,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw traceCodeExists(input.code);
      await recordAudit(trx, clock, {
        actor,
        action: 'trace.code.create',
        entityType: 'trace_code',
        entityId: input.code,
        after: input,
      });
      return toCode(row);
    });
  }

  /** The store's serials and lots, newest first, each with its event count (its members; operators read). */
  async function listCodes(actor: Actor, storeId: string): Promise<{ items: TraceCodeSummary[] }> {
    await deps.merchants.access(actor, storeId, 'read');
    const rows = await db
      .selectFrom('trace_codes')
      .leftJoin('provenance_events', 'provenance_events.serial', 'trace_codes.code')
      .selectAll('trace_codes')
      .select((eb) => [
        eb.fn.count<string>('provenance_events.id').as('event_count'),
        eb.fn.max('provenance_events.occurred_at').as('last_event_at'),
      ])
      .where('trace_codes.store_id', '=', storeId)
      .groupBy('trace_codes.code')
      .orderBy('trace_codes.created_at', 'desc')
      .orderBy('trace_codes.code')
      .execute();
    return {
      items: rows.map(({ event_count, last_event_at, ...r }) => ({
        ...toCode(r),
        eventCount: Number(event_count),
        lastEventAt: last_event_at ? new Date(last_event_at).toISOString() : null,
      })),
    };
  }

  /**
   * Appends a provenance event of a code: the event row and its transparency-log entry commit
   * together (one transaction), so every stored event has its entry and no entry is orphaned.
   */
  async function appendEvent(actor: Actor, code: string, input: ProvenanceDraft): Promise<ProvenanceEvent> {
    const trace = await codeRow(code);
    const { store } = await deps.merchants.access(actor, trace.store_id, 'staff', {
      what: 'TraceCode',
      id: code,
    });
    const now = clock.now();
    const occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw eventInFuture();
    const id = newId('pve', now.getTime());
    const event = {
      id,
      serial: code,
      store_id: trace.store_id,
      actor_name: store.name,
      product_name: trace.product_name,
      kind: input.kind,
      place: input.place,
      occurred_at: occurredAt,
      note: input.note ?? '',
    };
    return db.transaction().execute(async (trx) => {
      const appended = await deps.log.append(trx, 'provenance', provenanceRecord(event, trace));
      await trx
        .insertInto('provenance_events')
        .values({
          ...event,
          actor_id: actor.userId,
          log_index: appended.index,
          leaf_hash: appended.leafHash,
          created_at: now,
        })
        .execute();
      return toEvent({ ...event, log_index: appended.index, leaf_hash: appended.leafHash });
    });
  }

  function toEvent(r: {
    id: string;
    serial: string;
    kind: ProvenanceKind;
    place: string;
    occurred_at: Date;
    actor_name: string;
    note: string;
    log_index: number;
    leaf_hash: string;
  }): ProvenanceEvent {
    return {
      id: r.id,
      code: r.serial,
      kind: r.kind,
      place: r.place,
      occurredAt: new Date(r.occurred_at).toISOString(),
      by: r.actor_name,
      note: r.note,
      logIndex: r.log_index,
      leafHash: r.leaf_hash,
    };
  }

  /** A code's events and its lot's, oldest first (the order the goods went through them). */
  async function eventRows(trace: CodeRow) {
    const codes = trace.lot_code ? [trace.code, trace.lot_code] : [trace.code];
    return db
      .selectFrom('provenance_events')
      .selectAll()
      .where('serial', 'in', codes)
      .orderBy('occurred_at')
      .orderBy('log_index')
      .execute();
  }

  /** The public trace page of a serial or lot: anyone with the QR code may read it. */
  async function trace(code: string) {
    const row = await codeRow(code);
    const [store, lot, events] = await Promise.all([
      db.selectFrom('stores').select(['id', 'name']).where('id', '=', row.store_id).executeTakeFirstOrThrow(),
      row.lot_code ? codeRow(row.lot_code) : null,
      eventRows(row),
    ]);
    return {
      traceCode: toCode(row),
      store: { id: store.id, name: store.name },
      lot: lot ? toCode(lot) : null,
      events: events.map(toEvent),
    };
  }

  const verifier = createTraceVerifier({ db, clock, log: deps.log, codeRow });

  return {
    createCode,
    listCodes,
    appendEvent,
    trace,
    /** Checks every event of the trace against its log entry and the signed tree. */
    verify: async (code: string) => {
      const row = await codeRow(code);
      return verifier.verify(row, await eventRows(row));
    },
  };
}

export type TraceabilityService = ReturnType<typeof createTraceabilityService>;
