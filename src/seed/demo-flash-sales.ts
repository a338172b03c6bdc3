import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { liveDemoCampaign } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

/**
 * Demo flash sales (秒杀) in the live festival, timed from the first start so the venue and
 * the console have something to show at once: one running now, one opening in about ten
 * minutes (the countdown), and one with a waiting room a little later (the queue). Created
 * through the flash-sales service, as an operator would: each slot's stock is carved out of
 * the SKU and its approved nomination (seeded by demo-merchants.ts, half the stock each).
 */
interface DemoSlot {
  product: string;
  /** The SKU's attribute values, to pick one SKU of the product. */
  attributes: Record<string, string>;
  /** Minutes from now. */
  startsIn: number;
  lastsMinutes: number;
  flashPrice: number;
  stock: number;
  perCustomerLimit: number;
  waitingRoom?: boolean;
  limits?: { slotRatePerSec?: number; customerRatePerSec?: number; ipRatePerSec?: number };
}

export const DEMO_FLASH_SLOTS: DemoSlot[] = [
  {
    product: '降噪蓝牙耳机',
    attributes: { 颜色: '黑' },
    startsIn: -5,
    lastsMinutes: 120,
    flashPrice: 49900,
    stock: 50,
    perCustomerLimit: 1,
  },
  {
    product: '五常稻花香大米',
    attributes: { 规格: '5kg' },
    startsIn: 10,
    lastsMinutes: 60,
    flashPrice: 5900,
    stock: 200,
    perCustomerLimit: 2,
  },
  {
    product: '智能手表 S3',
    attributes: { 表盘: '42mm' },
    startsIn: 20,
    lastsMinutes: 60,
    flashPrice: 99900,
    stock: 30,
    perCustomerLimit: 1,
    waitingRoom: true,
    limits: { slotRatePerSec: 200, customerRatePerSec: 2, ipRatePerSec: 20 },
  },
];

/** Creates the demo slots; returns their ids. Call after seedDemoMerchants (the nominations). */
export async function seedDemoFlashSales(
  ctx: AppContext,
  services: Pick<Services, 'flashSales'>,
  operator: Actor,
): Promise<string[]> {
  const now = ctx.clock.now();
  const slug = liveDemoCampaign(now).slug;
  const campaign = await ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (const [i, s] of DEMO_FLASH_SLOTS.entries()) {
    const candidates = await ctx.db
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select(['skus.id', 'skus.attributes'])
      .where('products.title', '=', s.product)
      .execute();
    const sku = candidates.find((c) =>
      Object.entries(s.attributes).every(([k, v]) => (c.attributes as Record<string, string>)[k] === v),
    );
    if (!sku) throw new Error(`demo flash sale: no SKU of ${s.product} with ${JSON.stringify(s.attributes)}`);
    // Whole minutes, so the countdown reads like a schedule (10:40, not 10:40:17).
    const startsAt = new Date(Math.floor((now.getTime() + s.startsIn * 60_000) / 60_000) * 60_000);
    const created = await services.flashSales.slots.create(
      operator,
      {
        campaignId: campaign.id,
        skuId: sku.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + s.lastsMinutes * 60_000),
        flashPrice: s.flashPrice,
        stock: s.stock,
        perCustomerLimit: s.perCustomerLimit,
        waitingRoom: s.waitingRoom ?? false,
        limits: s.limits,
      },
      `demo-flash-sale-${i + 1}`,
    );
    if (created.status !== 201)
      throw new Error(`demo flash sale ${s.product}: ${JSON.stringify(created.body)}`);
    ids.push(created.body.slot.id);
  }
  ctx.logger.info({ slots: ids.length }, 'demo flash sales seeded');
  return ids;
}
