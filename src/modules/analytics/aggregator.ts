import { type Kysely, sql, type Transaction } from 'kysely';
import {
  type DomainEvent,
  type EventBus,
  eventTrace,
  idempotentHandler,
  type Subscription,
} from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { type LineFacts, paidOrderFacts, refundedLineFacts } from './sources';

/** The durable consumer's name, and its key in processed_events. */
export const ANALYTICS_CONSUMER = 'analytics';

/**
 * The money-moving events the screen counts. GMV is paid order totals net of approved refunds;
 * order.closed is unpaid-only and order.deposit_paid is not yet a sale, so neither counts.
 */
export const ANALYTICS_TOPICS = ['order.paid', 'refund.approved'] as const;

interface OrderPaidPayload {
  orderId: string;
}
interface RefundApprovedPayload {
  lineId: string;
  amount: number;
  quantity: number;
}

const BREAKDOWNS = ['category', 'province', 'store', 'sku'] as const;
type Breakdown = (typeof BREAKDOWNS)[number];

const keyOf = (line: LineFacts, dim: Breakdown) =>
  dim === 'category'
    ? line.category
    : dim === 'province'
      ? line.province
      : dim === 'store'
        ? line.storeId
        : line.skuId;

export interface AggregatorDeps {
  db: Kysely<DB>;
  logger: Logger;
  /** After an event's sums committed: the push hub reads the campaign again at once. */
  onApplied?: (campaignId: string, eventId: string) => void;
}

/**
 * From the event stream to the screen's sums, exactly once. Each event is applied in the
 * transaction that claims it in processed_events (idempotentHandler), so a redelivered or
 * duplicated event changes nothing, and every figure is an addition, so the order events arrive
 * in does not matter. Every transaction updates the campaign's row first: that row lock orders
 * all writers of one campaign (several processes sharing the durable consumer included), which
 * keeps `seq` gap-free and the other rows free of lock-order deadlocks.
 */
export function createAggregator(deps: AggregatorDeps) {
  const { db, logger } = deps;
  /** Applies one event (idempotently); resolves once its transaction has committed. */
  async function consume(event: DomainEvent<unknown>): Promise<void> {
    // One handler a call, so concurrent deliveries never share the campaign they report.
    let campaignId: string | null = null;
    eventTrace.mark(event.id, 'recorded', Date.parse(event.occurredAt));
    eventTrace.mark(event.id, 'delivered');
    await idempotentHandler<unknown>(db, ANALYTICS_CONSUMER, async (e, trx) => {
      campaignId = await apply(trx, e);
    })(event);
    if (campaignId) {
      eventTrace.mark(event.id, 'applied');
      deps.onApplied?.(campaignId, event.id);
    }
  }

  let subscription: Subscription | null = null;

  return {
    consume,
    /** Subscribes as the durable consumer, after catching up with what the outbox holds. */
    async start(bus: EventBus) {
      await catchUp();
      subscription = await bus.subscribe(ANALYTICS_CONSUMER, [...ANALYTICS_TOPICS], consume);
    },
    async stop() {
      await subscription?.close();
      subscription = null;
    },
    catchUp,
  };

  /**
   * Applies every recorded event of the topics that this consumer has not claimed yet, in
   * outbox order: what an in-process bus lost in a crash, or what arrived while no aggregator
   * ran. Safe beside the live subscription (each event is claimed once).
   */
  async function catchUp(batch = 500): Promise<number> {
    let total = 0;
    let after = '0';
    for (;;) {
      const rows = await db
        .selectFrom('outbox as o')
        .select(['o.seq', 'o.event_id', 'o.topic', 'o.payload', 'o.created_at'])
        .where('o.topic', 'in', [...ANALYTICS_TOPICS])
        .where('o.seq', '>', after as never)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('processed_events as p')
                .select('p.event_id')
                .where('p.consumer', '=', ANALYTICS_CONSUMER)
                .whereRef('p.event_id', '=', 'o.event_id'),
            ),
          ),
        )
        .orderBy('o.seq')
        .limit(batch)
        .execute();
      for (const r of rows) {
        const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
        await consume({
          id: r.event_id,
          topic: r.topic,
          occurredAt: new Date(r.created_at).toISOString(),
          payload,
        });
      }
      total += rows.length;
      if (rows.length < batch) break;
      after = String(rows[rows.length - 1]!.seq);
    }
    if (total) logger.info({ events: total }, 'analytics caught up from the outbox');
    return total;
  }
}

export type Aggregator = ReturnType<typeof createAggregator>;

/** Applies one claimed event; returns the campaign it changed, or null. */
async function apply(trx: Transaction<DB>, event: DomainEvent<unknown>): Promise<string | null> {
  const at = new Date(event.occurredAt);
  if (event.topic === 'order.paid') {
    const facts = await paidOrderFacts(trx, (event.payload as OrderPaidPayload).orderId);
    if (!facts) return null;
    const c = facts.campaignId;
    await bumpCampaign(trx, c, at, { gmv: facts.total, orders: 1 });
    // One order counts once per key (two lines of one store are one order of that store).
    const breakdowns = BREAKDOWNS.map((dim) => {
      const sums = new Map<string, { gmv: number; units: number }>();
      for (const l of facts.lines) {
        const s = sums.get(keyOf(l, dim)) ?? { gmv: 0, units: 0 };
        s.gmv += l.total;
        s.units += l.quantity;
        sums.set(keyOf(l, dim), s);
      }
      return {
        dim,
        rows: [...sums]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, s]) => ({ key, gmv: s.gmv, orders: 1, units: s.units })),
      };
    });
    await addFigures(trx, c, {
      buyer: { customerId: facts.customerId, firstPaidAt: facts.paidAt },
      second: { t: Math.floor(at.getTime() / 1000), gmv: facts.total },
      breakdowns,
    });
    return c;
  }
  if (event.topic === 'refund.approved') {
    const p = event.payload as RefundApprovedPayload;
    const facts = await refundedLineFacts(trx, p.lineId);
    if (!facts) return null;
    const c = facts.campaignId;
    const amount = Number(p.amount);
    const quantity = Number(p.quantity ?? 0);
    await bumpCampaign(trx, c, at, { gmv: -amount, refundAmount: amount, refunds: 1 });
    await addFigures(trx, c, {
      breakdowns: BREAKDOWNS.map((dim) => ({
        dim,
        rows: [{ key: keyOf(facts.line, dim), gmv: -amount, orders: 0, units: -quantity }],
      })),
    });
    return c;
  }
  return null;
}

/**
 * The campaign's row: created on its first event, seq + 1 on every applied event. Always the
 * transaction's first write, in a statement of its own: its row lock orders every writer of the
 * campaign before any of them touches the campaign's other rows (addFigures).
 */
async function bumpCampaign(
  trx: Transaction<DB>,
  campaignId: string,
  at: Date,
  d: { gmv: number; orders?: number; refundAmount?: number; refunds?: number },
) {
  const orders = d.orders ?? 0;
  const refundAmount = d.refundAmount ?? 0;
  const refunds = d.refunds ?? 0;
  await sql`
    INSERT INTO analytics_campaigns (campaign_id, seq, gmv, orders, buyers, refund_amount, refunds, updated_at)
    VALUES (${campaignId}, 1, ${d.gmv}, ${orders}, 0, ${refundAmount}, ${refunds}, ${at})
    ON CONFLICT (campaign_id) DO UPDATE SET
      seq = analytics_campaigns.seq + 1,
      gmv = analytics_campaigns.gmv + EXCLUDED.gmv,
      orders = analytics_campaigns.orders + EXCLUDED.orders,
      refund_amount = analytics_campaigns.refund_amount + EXCLUDED.refund_amount,
      refunds = analytics_campaigns.refunds + EXCLUDED.refunds,
      updated_at = GREATEST(analytics_campaigns.updated_at, EXCLUDED.updated_at)`.execute(trx);
}

interface BreakdownRows {
  dim: Breakdown;
  rows: { key: string; gmv: number; orders: number; units: number }[];
}

/**
 * Everything else an event adds, in ONE statement (data-modifying CTEs): the buyer (and the
 * campaign's distinct-buyer count when it is their first purchase), the per-second row and every
 * breakdown row. It used to be a statement each, ten or more round trips per payment while the
 * campaign's row lock was held, which is what every other event of the campaign waited for.
 * Keys are unique within each table's VALUES (summed by the caller), so no row is hit twice.
 */
async function addFigures(
  trx: Transaction<DB>,
  c: string,
  f: {
    buyer?: { customerId: string; firstPaidAt: Date };
    second?: { t: number; gmv: number };
    breakdowns: BreakdownRows[];
  },
) {
  const ctes = [];
  if (f.buyer)
    ctes.push(
      sql`first_purchase AS (
        INSERT INTO analytics_buyers (campaign_id, customer_id, first_paid_at)
        VALUES (${c}, ${f.buyer.customerId}, ${f.buyer.firstPaidAt})
        ON CONFLICT (campaign_id, customer_id) DO NOTHING RETURNING customer_id)`,
      sql`new_buyer AS (
        UPDATE analytics_campaigns SET buyers = buyers + 1
        WHERE campaign_id = ${c} AND EXISTS (SELECT 1 FROM first_purchase) RETURNING 1)`,
    );
  if (f.second)
    ctes.push(sql`per_second AS (
      INSERT INTO analytics_seconds (campaign_id, t, gmv, orders) VALUES (${c}, ${f.second.t}, ${f.second.gmv}, 1)
      ON CONFLICT (campaign_id, t) DO UPDATE
      SET gmv = analytics_seconds.gmv + EXCLUDED.gmv, orders = analytics_seconds.orders + 1 RETURNING 1)`);
  for (const { dim, rows } of f.breakdowns) {
    if (rows.length === 0) continue;
    const table = sql.table(`analytics_by_${dim}`);
    const values = sql.join(rows.map((r) => sql`(${c}, ${r.key}, ${r.gmv}, ${r.orders}, ${r.units})`));
    ctes.push(sql`${sql.raw(`by_${dim}`)} AS (
      INSERT INTO ${table} (campaign_id, key, gmv, orders, units) VALUES ${values}
      ON CONFLICT (campaign_id, key) DO UPDATE SET
        gmv = ${table}.gmv + EXCLUDED.gmv,
        orders = ${table}.orders + EXCLUDED.orders,
        units = ${table}.units + EXCLUDED.units
      RETURNING 1)`);
  }
  if (ctes.length === 0) return;
  await sql`WITH ${sql.join(ctes)} SELECT 1`.execute(trx);
}
