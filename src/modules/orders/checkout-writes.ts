import { type Kysely, type Selectable, sql } from 'kysely';
import { createShapeCache } from '../../platform/db/shapes';
import type { Claim, KeyIds } from '../../platform/http/idempotency';
import { answerUpdate } from '../../platform/http/idempotency';
import type { DB } from '../../schema';
import { soldOut } from './errors';
import type { OrderRow, SubOrderRow } from './store';
import type { OrderEventsTable, OrderLinesTable } from './tables';

/**
 * The checkout's writes, in two statements inside its transaction:
 *
 * 1. `writeOrder`: the order, its sub-orders, lines and events, the outbox event and the
 *    Idempotency-Key's answer, as data-modifying CTEs of ONE statement. The rows are built in
 *    JavaScript with every column the database would fill (defaults included), so the answer
 *    (the Order made from them by toOrder) is known before anything is written and is stored
 *    in the same statement. Foreign keys are checked at the end of the statement, when the
 *    order row is there.
 * 2. `reserveStockLast`: the SKUs' stock and campaign stock for all lines in ONE statement,
 *    issued last, so the rows every checkout of a hot SKU queues on are locked for that round
 *    trip and the COMMIT only. See its comment for the lock order.
 */

type LineRow = Selectable<OrderLinesTable>;

/** writeOrder's statement is compiled once per shape (platform/db/shapes.ts). */
const compiled = createShapeCache();
type EventRow = Selectable<OrderEventsTable>;

export interface OrderRows {
  order: OrderRow;
  subs: SubOrderRow[];
  lines: LineRow[];
  /** `id` is only their order here (the database numbers them); toOrder never shows it. */
  events: EventRow[];
}

/** Columns of orders, sub_orders and order_lines the database defaults; the draft sets them the same. */
export const ORDER_DEFAULTS = { amount_paid: 0, paid_at: null, closed_at: null, close_reason: null } as const;
export const SUB_ORDER_DEFAULTS = {
  tracking: null,
  shipped_at: null,
  delivered_at: null,
  completed_at: null,
} as const;
export const LINE_DEFAULTS = {
  refunded_amount: 0,
  refunded_quantity: 0,
  refunded_merchant: 0,
  refunded_platform: 0,
  price_protected: 0,
} as const;

/** The JSON columns as the INSERT sends them (stringified: see recordEvent on node-postgres). */
const orderValues = (r: OrderRow) => {
  const { amount_paid, paid_at, closed_at, close_reason, ...v } = r;
  return {
    ...v,
    pricing: JSON.stringify(r.pricing),
    shipping_address: r.shipping_address ? JSON.stringify(r.shipping_address) : null,
  };
};
const subOrderValues = (r: SubOrderRow) => {
  const { tracking, shipped_at, delivered_at, completed_at, ...v } = r;
  return v;
};
const lineValues = (r: LineRow) => {
  const { refunded_amount, refunded_quantity, refunded_merchant, refunded_platform, price_protected, ...v } =
    r;
  return { ...v, adjustments: JSON.stringify(r.adjustments) };
};
const eventValues = (r: EventRow) => {
  const { id, ...v } = r;
  return v;
};

/**
 * Writes the order's rows, the outbox row and the stored answer in one statement. Throws
 * `claim.lost()` when the answer's UPDATE found the claim taken over (the transaction then
 * rolls back and the new holder's answer is the one).
 */
export async function writeOrder(
  trx: Kysely<DB>,
  rows: OrderRows,
  outbox: { event_id: string; topic: string; payload: string; created_at: Date },
  answer: { claim: Pick<Claim, 'ids' | 'token' | 'lost'>; status: number; text: string },
): Promise<void> {
  const values = {
    order: orderValues(rows.order),
    subs: rows.subs.map(subOrderValues),
    lines: rows.lines.map(lineValues),
    events: rows.events.map(eventValues),
    outbox,
    ids: answer.claim.ids as KeyIds,
    token: answer.claim.token,
    answer: { status: answer.status, text: answer.text },
  };
  const shape = `write-order:${values.subs.length}:${values.lines.length}:${values.events.length}`;
  const { rows: stored } = await trx.executeQuery(
    compiled(shape, values, (v) =>
      trx
        .with('o', (db) => db.insertInto('orders').values(v.order).returning('id'))
        .with('s', (db) => db.insertInto('sub_orders').values(v.subs).returning('id'))
        .with('l', (db) => db.insertInto('order_lines').values(v.lines).returning('id'))
        .with('e', (db) => db.insertInto('order_events').values(v.events).returning('id'))
        .with('x', (db) => db.insertInto('outbox').values(v.outbox).returning('seq'))
        .with('k', (db) => answerUpdate(db, v.ids, v.token, v.answer))
        .selectFrom('k')
        .select('k.key'),
    ),
  );
  if (stored.length === 0) throw answer.claim.lost();
}

/**
 * Takes stock on hand and campaign stock for every line, in one statement, or nothing: a chain
 * of single-row conditional UPDATEs (`stock >= q`, `campaign_sold + q <= campaign_stock`), one
 * per SKU and table, each running only if the one before it took its row (an uncorrelated
 * EXISTS on the previous step, which PostgreSQL evaluates before it scans). So the rows are
 * locked in a fixed order, SKU by SKU in id order, stock then campaign stock (the order of
 * releaseLines, and of the old per-line statements), and concurrent checkouts cannot deadlock;
 * the chain stops at the first SKU short, which the refusal names as SOLD_OUT (stock first),
 * and the caller's transaction rolls back everything it wrote.
 *
 * `commit: true` (PostgreSQL over node-postgres) sends the statement and COMMIT in ONE round
 * trip, so the hot rows are locked for the statement and the commit only, not also for the
 * trip back to this process and its event loop (measured: that turnaround was 7 ms of a 10 ms
 * hold under load). It uses the simple query protocol, which runs several statements per call
 * but takes no parameters: the values are inlined as literals (sql.lit doubles quotes; they are
 * ids and integers). A refusal must then stop the COMMIT, so the statement raises instead of
 * answering: its last column casts a text naming the first SKU short to integer, the error
 * aborts the rest of the call, and the caller's transaction rolls back. On success it has
 * committed and opened a new, empty transaction (`BEGIN`), which the caller's COMMIT then
 * ends at no cost.
 */
export async function reserveStockLast(
  trx: Kysely<DB>,
  campaignId: string,
  items: readonly { sku: string; quantity: number }[],
  options: { commit?: boolean } = {},
): Promise<void> {
  const bySku = new Map<string, number>();
  for (const i of items) bySku.set(i.sku, (bySku.get(i.sku) ?? 0) + i.quantity);
  const lines = [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (lines.length === 0) return;
  const commit = options.commit === true;
  const v = (x: string | number) => (commit ? sql.lit(x) : sql`${x}`);
  const ctes = [];
  const checks = [];
  const firstShort = [];
  let previous: string | null = null;
  for (const [i, [sku, qty]] of lines.entries()) {
    const after = (name: string | null) =>
      name === null ? sql`` : sql` AND EXISTS (SELECT 1 FROM ${sql.table(name)})`;
    const s = `s${i}`;
    const n = `n${i}`;
    ctes.push(
      sql`${sql.table(s)} AS (UPDATE skus SET stock = stock - ${v(qty)} WHERE id = ${v(sku)} AND stock >= ${v(qty)}${after(previous)} RETURNING id)`,
      sql`${sql.table(n)} AS (UPDATE nominations SET campaign_sold = campaign_sold + ${v(qty)} WHERE campaign_id = ${v(campaignId)} AND sku_id = ${v(sku)} AND status = 'approved' AND campaign_sold + ${v(qty)} <= campaign_stock${after(s)} RETURNING id)`,
    );
    checks.push(
      sql`EXISTS (SELECT 1 FROM ${sql.table(s)}) AS ${sql.ref(s)}`,
      sql`EXISTS (SELECT 1 FROM ${sql.table(n)}) AS ${sql.ref(n)}`,
    );
    firstShort.push(
      sql`WHEN NOT EXISTS (SELECT 1 FROM ${sql.table(s)}) THEN ${sql.lit(`${i}:stock`)}`,
      sql`WHEN NOT EXISTS (SELECT 1 FROM ${sql.table(n)}) THEN ${sql.lit(`${i}:campaign_stock`)}`,
    );
    previous = n;
  }
  if (commit) {
    // The cast sits in a subquery so the planner cannot fold it (and fail) before execution.
    const refusal = sql`(SELECT ${sql.lit(REFUSED)} || (CASE ${sql.join(firstShort, sql` `)} END))::int`;
    const statement = sql`WITH ${sql.join(ctes)} SELECT CASE WHEN ${sql.join(
      lines.map((_, i) => sql`EXISTS (SELECT 1 FROM ${sql.table(`n${i}`)})`),
      sql` AND `,
    )} THEN 0 ELSE ${refusal} END AS refused; COMMIT; BEGIN`;
    try {
      await statement.execute(trx);
    } catch (e) {
      const m = new RegExp(`"${REFUSED}(\\d+):(stock|campaign_stock)"`).exec(String((e as Error).message));
      if (!m) throw e;
      throw soldOut(lines[Number(m[1])]![0], m[2] as 'stock' | 'campaign_stock');
    }
    return;
  }
  const result = await sql<
    Record<string, boolean>
  >`WITH ${sql.join(ctes)} SELECT ${sql.join(checks)}`.execute(trx);
  const taken = result.rows[0] ?? {};
  for (const [i, [sku]] of lines.entries()) {
    if (taken[`s${i}`] !== true) throw soldOut(sku, 'stock');
    if (taken[`n${i}`] !== true) throw soldOut(sku, 'campaign_stock');
  }
}

/** The text the combined statement casts to integer on a refusal; its error message carries it. */
const REFUSED = 'carnival-stock-refused:';
