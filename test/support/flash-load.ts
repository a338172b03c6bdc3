import type { Kysely } from 'kysely';
import type { Client } from '../../bench/lib/load';
import { createServices } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContextOn } from '../../src/context';
import { createMemoryBus } from '../../src/platform/bus';
import type { Clock } from '../../src/platform/clock';
import type { Database } from '../../src/platform/db';
import { createMemoryKv } from '../../src/platform/kv';
import { silentLogger } from '../../src/platform/logger';
import type { DB } from '../../src/schema';
import { createShop, type Shop } from './checkout-fixtures';
import { relaxedLimits } from './limits';
import { insertSignedInUsers, type LoadUser } from './load-customers';

/**
 * The set-up of the flash-sale rush tests and bench: a live campaign (test/support/checkout-
 * fixtures.ts, built through the services at a clock 27 h in the past so it is live on the
 * servers' real clock), SKUs with plenty of stock to carve slots from, an operator and N
 * customers signed in by SQL (load-customers.ts). Slots are then made over HTTP by the server
 * under test, so its KV holds their state from the start.
 */
const H = 3600_000;

class PastClock implements Clock {
  now() {
    return new Date(Date.now() - 27 * H - 60_000);
  }
}

export interface FlashShop {
  shop: Shop;
  /** SKUs slots can be carved from (approved in the campaign, stock `skuStock` each). */
  skus: string[];
  operator: LoadUser;
  customers: LoadUser[];
}

export async function seedFlashShop(
  database: Pick<Database, 'db' | 'kind'>,
  options: { customers: number; skuStock?: number },
): Promise<FlashShop> {
  const skuStock = options.skuStock ?? 1_000_000;
  const clock = new PastClock();
  const config = loadConfig(
    { dataDir: 'memory://', logLevel: 'silent', seedDemo: false, limits: relaxedLimits() },
    {},
  );
  // The caller keeps the database open (it checks the counts afterwards): close() here is a no-op.
  const ctx = await createContextOn(
    config,
    { ...database, close: async () => {} },
    {
      clock,
      logger: silentLogger,
      kv: createMemoryKv({ prefix: 'seed:', clock }),
      bus: createMemoryBus({ logger: silentLogger }),
    },
  );
  try {
    const services = createServices(ctx);
    const shop = await createShop(services, ctx.db, {
      now: clock.now(),
      a1Stock: skuStock,
      a1OnHand: skuStock,
    });
    const skus = [shop.sku.a1, shop.sku.a2, shop.sku.b1];
    await ctx.db.updateTable('skus').set({ stock: skuStock }).where('id', 'in', skus).execute();
    await ctx.db
      .updateTable('nominations')
      .set({ campaign_stock: skuStock })
      .where('campaign_id', '=', shop.campaignId)
      .where('sku_id', 'in', skus)
      .execute();
    const [operator] = await insertSignedInUsers(ctx.db, 1, { role: 'operator' });
    const customers = await insertSignedInUsers(ctx.db, options.customers);
    return { shop, skus, operator: operator!, customers };
  } finally {
    await ctx.close();
  }
}

export interface SlotInput {
  campaignId: string;
  skuId: string;
  stock: number;
  flashPrice?: number;
  perCustomerLimit?: number;
  checkoutMinutes?: number;
  /** From now (default 2 s: a slot may not start in the past). */
  startsInMs?: number;
  durationMs?: number;
  limits?: {
    slotRatePerSec?: number | null;
    customerRatePerSec?: number | null;
    ipRatePerSec?: number | null;
  };
}

export interface SlotJson {
  id: string;
  stock: number;
  remaining: number;
  status: string;
  startsAt: string;
}

let slotCounter = 0;

/** POST /api/flash-sales as the operator; throws with the answer unless 201. */
export async function createSlot(client: Client, operator: LoadUser, input: SlotInput): Promise<SlotJson> {
  const startsAt = new Date(Date.now() + (input.startsInMs ?? 2_000));
  const endsAt = new Date(startsAt.getTime() + (input.durationMs ?? 2 * H));
  const a = await client.send({
    method: 'POST',
    path: '/api/flash-sales',
    headers: {
      cookie: operator.cookie,
      'idempotency-key': `slot-${process.pid}-${++slotCounter}-${Date.now()}`,
    },
    body: JSON.stringify({
      campaignId: input.campaignId,
      skuId: input.skuId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      flashPrice: input.flashPrice ?? 5000,
      stock: input.stock,
      perCustomerLimit: input.perCustomerLimit ?? 1,
      checkoutMinutes: input.checkoutMinutes ?? 5,
      ...(input.limits ? { limits: input.limits } : {}),
    }),
  });
  if (a.status !== 201) throw new Error(`create slot: ${a.status} ${a.body}`);
  return (JSON.parse(a.body) as { slot: SlotJson }).slot;
}

export async function getSlot(client: Client, slotId: string): Promise<SlotJson> {
  const a = await client.send({ path: `/api/flash-sales/${slotId}` });
  if (a.status !== 200) throw new Error(`get slot: ${a.status} ${a.body}`);
  return (JSON.parse(a.body) as { slot: SlotJson }).slot;
}

/** Polls the slot until `check` holds (the slot opening, its remaining settling...). */
export async function waitForSlot(
  client: Client,
  slotId: string,
  what: string,
  check: (s: SlotJson) => boolean,
  timeoutMs = 30_000,
): Promise<SlotJson> {
  const deadline = Date.now() + timeoutMs;
  let last: SlotJson | undefined;
  for (;;) {
    last = await getSlot(client, slotId).catch(() => last);
    if (last && check(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`slot ${slotId}: timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What PostgreSQL says about a slot: the final arbiter every rush test checks. */
export interface SlotLedger {
  stock: number;
  taken: number;
  live: number;
  ordered: number;
  expired: number;
  /** Customers holding more units (live + ordered) than the slot's per-customer limit. */
  overLimit: number;
  /** Customers with more than one live reservation (the partial unique index forbids it). */
  doubleLive: number;
  limit: number;
}

// The flash tables arrive with flash-core's migration; raw SQL keeps this helper independent of
// its Kysely types.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDb = Kysely<any>;

export async function slotLedger(db: Kysely<DB>, slotId: string): Promise<SlotLedger> {
  const q = db as unknown as AnyDb;
  const slot = await q
    .selectFrom('flash_sale_slots')
    .select(['stock', 'taken', 'per_customer_limit'])
    .where('id', '=', slotId)
    .executeTakeFirstOrThrow();
  const byStatus = await q
    .selectFrom('flash_sale_reservations')
    .select(['status', (eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('units')])
    .where('slot_id', '=', slotId)
    .groupBy('status')
    .execute();
  const units = (s: string) => Number(byStatus.find((r) => r.status === s)?.units ?? 0);
  const perCustomer = await q
    .selectFrom('flash_sale_reservations')
    .select([
      'customer_id',
      (eb) => eb.fn.sum<number>('quantity').as('held'),
      (eb) => eb.fn.countAll<number>().filterWhere('status', '=', 'reserved').as('live'),
    ])
    .where('slot_id', '=', slotId)
    .where('status', 'in', ['reserved', 'ordered'])
    .groupBy('customer_id')
    .execute();
  const limit = Number(slot.per_customer_limit);
  return {
    stock: Number(slot.stock),
    taken: Number(slot.taken),
    live: units('reserved'),
    ordered: units('ordered'),
    expired: units('expired'),
    overLimit: perCustomer.filter((r) => Number(r.held) > limit).length,
    doubleLive: perCustomer.filter((r) => Number(r.live) > 1).length,
    limit,
  };
}

/** The reservation ids of `ids` PostgreSQL does not have (must be none: a 201 is durable). */
export async function missingReservations(db: Kysely<DB>, ids: string[]): Promise<string[]> {
  const q = db as unknown as AnyDb;
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await q
      .selectFrom('flash_sale_reservations')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.add(r.id as string);
  }
  return ids.filter((id) => !found.has(id));
}

/** Moves `count` live reservations' deadlines into the past, so the sweeper expires them. */
export async function expireSoon(db: Kysely<DB>, slotId: string, count: number): Promise<string[]> {
  const q = db as unknown as AnyDb;
  const rows = await q
    .selectFrom('flash_sale_reservations')
    .select('id')
    .where('slot_id', '=', slotId)
    .where('status', '=', 'reserved')
    .orderBy('id')
    .limit(count)
    .execute();
  const ids = rows.map((r) => r.id as string);
  if (ids.length)
    await q
      .updateTable('flash_sale_reservations')
      .set({ deadline: new Date(Date.now() - 1_000) })
      .where('id', 'in', ids)
      .execute();
  return ids;
}
