import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';

type Services = ReturnType<typeof createServices>;

/** The farm store of the demo (山野农场) and what it traces. */
const FARM_MERCHANT = 'merchant2@carnival.local';
const FARM_STORE = '山野农场';

export const DEMO_ORIGIN = {
  farm: true,
  region: '黑龙江·五常',
  tags: ['地理标志产品', '产地直发', '助农'],
};

/** A lot of rice and one bag of it: the bag's trace page shows the lot's events and its own. */
export const DEMO_TRACE = {
  lot: { code: 'WC-2026-R01', productName: '五常稻花香大米（2026 新米）', origin: '黑龙江·五常·民乐乡' },
  serial: { code: 'WC2026R0001', productName: '五常稻花香大米 5kg', origin: '黑龙江·五常·民乐乡' },
};

const DAY = 86_400_000;

/** Events, days before the seed runs: the lot's harvest to warehouse, then the bag's way to a buyer. */
const DEMO_EVENTS: { on: 'lot' | 'serial'; daysAgo: number; kind: string; place: string; note: string }[] = [
  {
    on: 'lot',
    daysAgo: 60,
    kind: 'origin',
    place: '黑龙江省五常市民乐乡稻田',
    note: '秋收，稻花香 2 号，收割后当日烘干',
  },
  {
    on: 'lot',
    daysAgo: 52,
    kind: 'inspection',
    place: '五常市农产品质量检测站',
    note: '农残与重金属检测合格，报告 WC-QC-2026-1187',
  },
  { on: 'lot', daysAgo: 50, kind: 'warehouse_in', place: '五常产地仓', note: '低温仓储，15°C 以下' },
  { on: 'serial', daysAgo: 6, kind: 'warehouse_out', place: '五常产地仓', note: '现磨现发，真空包装' },
  { on: 'serial', daysAgo: 6, kind: 'shipment', place: '黑龙江五常', note: '顺丰速运 SF1026000001' },
  { on: 'serial', daysAgo: 3, kind: 'delivery', place: '上海市浦东新区', note: '买家签收' },
];

/**
 * Traceability and rural in the demo (docs/traceability.md): 山野农场 is a farm-produce store with
 * its origin tags; a lot of its rice and one bag of it are traced from the paddy to the buyer,
 * every event an entry of the provenance log, and a checkpoint is published so the trace page
 * verifies on first start (/trace/WC2026R0001). Through the real services, as the merchant would.
 */
export async function seedDemoTraceability(ctx: AppContext, services: Services): Promise<void> {
  const u = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', FARM_MERCHANT)
    .executeTakeFirstOrThrow();
  const merchant: Actor = {
    userId: u.id,
    role: u.role,
    email: u.email,
    displayName: u.display_name,
    via: 'session',
  };
  const store = await ctx.db
    .selectFrom('stores')
    .innerJoin('store_members', 'store_members.store_id', 'stores.id')
    .select('stores.id')
    .where('store_members.user_id', '=', u.id)
    .where('stores.name', '=', FARM_STORE)
    .executeTakeFirstOrThrow();
  await services.rural.setOrigin(merchant, store.id, DEMO_ORIGIN);

  const rice = await ctx.db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select('skus.id')
    .where('products.store_id', '=', store.id)
    .where('products.title', '=', '五常稻花香大米')
    .orderBy('skus.id')
    .executeTakeFirst();
  const { traceability } = services;
  await traceability.createCode(merchant, store.id, { ...DEMO_TRACE.lot, kind: 'lot', skuId: rice?.id });
  await traceability.createCode(merchant, store.id, {
    ...DEMO_TRACE.serial,
    kind: 'serial',
    skuId: rice?.id,
    lotCode: DEMO_TRACE.lot.code,
  });
  const now = ctx.clock.now().getTime();
  for (const e of DEMO_EVENTS)
    await traceability.appendEvent(merchant, e.on === 'lot' ? DEMO_TRACE.lot.code : DEMO_TRACE.serial.code, {
      kind: e.kind as 'origin',
      place: e.place,
      note: e.note,
      occurredAt: new Date(now - e.daysAgo * DAY).toISOString(),
    });
  await services.transparency.publish('provenance');
  ctx.logger.info({ serial: DEMO_TRACE.serial.code, events: DEMO_EVENTS.length }, 'demo traceability seeded');
}
