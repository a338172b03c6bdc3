import type { Kysely } from 'kysely';
import type { createServices } from '../../src/app';
import { productDraftSchema } from '../../src/modules/catalog';
import { rulesInputSchema } from '../../src/modules/enrollment';
import { storeDraftSchema } from '../../src/modules/merchants';
import type { Promotion } from '../../src/modules/pricing';
import type { Actor, Role } from '../../src/platform/auth';
import { newId } from '../../src/platform/ids';
import type { DB } from '../../src/schema';

/**
 * A shop for checkout tests and the bench: two stores, four SKUs approved in a live campaign
 * with 跨店每满300减50 (both stores commit), a platform 满200减10, and a pre-sale SKU. Built
 * through the services (the same rules the HTTP API applies), at `now`: the enrollment window
 * is open around `now`, and the campaign is live from `liveAt` on.
 */
type Services = ReturnType<typeof createServices>;

export const actor = (userId: string, role: Role): Actor => ({
  userId,
  role,
  email: `${userId}@t`,
  displayName: userId,
  via: 'session',
});

async function user(db: Kysely<DB>, role: Role): Promise<string> {
  const id = newId('usr');
  await db
    .insertInto('users')
    .values({
      id,
      email: `${id}@shop.test`,
      display_name: id,
      role,
      password_hash: 'x',
      created_at: new Date(),
    })
    .execute();
  return id;
}

/** Many consumers at once, written directly (hashing passwords would dominate). */
export async function consumers(db: Kysely<DB>, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId('usr'));
  for (let i = 0; i < ids.length; i += 500)
    await db
      .insertInto('users')
      .values(
        ids.slice(i, i + 500).map((id) => ({
          id,
          email: `${id}@load.test`,
          display_name: id,
          role: 'consumer' as const,
          password_hash: 'x',
          created_at: new Date(),
        })),
      )
      .execute();
  return ids;
}

export interface ShopOptions {
  /** The clock's time during setup (enrollment is open then). */
  now: Date;
  /** Campaign units of the A1 SKU (default 50). */
  a1Stock?: number;
  /** Stock on hand of the A1 SKU (default 1000). */
  a1OnHand?: number;
  extraPromotions?: Promotion[];
  depositRule?: 'forfeit' | 'refund';
  slug?: string;
}

export interface Shop {
  campaignId: string;
  slug: string;
  operator: Actor;
  merchantA: Actor;
  merchantB: Actor;
  storeA: string;
  storeB: string;
  /** A1: list 100.00, campaign 80.00 (store A). A2: 300.00 → 250.00 (A). B1: 200.00 → 160.00 (B). P1: pre-sale TV 1000.00 → 800.00, deposit 100 counts 200 (B). */
  sku: { a1: string; a2: string; b1: string; p1: string };
  /** When the campaign is live (its main phase): set the clock here to sell. */
  liveAt: Date;
  /** Pre-sale phase [presaleAt, mainAt) and main phase [mainAt, mainEndsAt) where the balance is paid. */
  presaleAt: Date;
  mainAt: Date;
  mainEndsAt: Date;
  endsAt: Date;
}

const H = 3600_000;

export async function createShop(services: Services, db: Kysely<DB>, options: ShopOptions): Promise<Shop> {
  const now = options.now;
  const at = (ms: number) => new Date(now.getTime() + ms);
  const operator = actor(await user(db, 'operator'), 'operator');
  const merchantA = actor(await user(db, 'merchant'), 'merchant');
  const merchantB = actor(await user(db, 'merchant'), 'merchant');
  const store = (name: string) =>
    storeDraftSchema.parse({ name, mainCategory: 'apparel.women', region: '浙江杭州' });
  const storeA = (await services.merchants.create(merchantA, store('云裳女装旗舰店'))).id;
  const storeB = (await services.merchants.create(merchantB, store('星河电器旗舰店'))).id;
  await services.merchants.setRating(operator, storeA, 49, 'test');
  await services.merchants.setRating(operator, storeB, 48, 'test');
  const product = (storeId: string, m: Actor, title: string, skus: { price: number; stock: number }[]) =>
    services.catalog.createProduct(
      m,
      storeId,
      productDraftSchema.parse({
        title,
        category: 'apparel.women',
        skus: skus.map((s, i) => ({ attributes: { 款: String(i + 1) }, ...s })),
      }),
    );
  const pa = await product(storeA, merchantA, '羊毛大衣', [
    { price: 10000, stock: options.a1OnHand ?? 1000 },
    { price: 30000, stock: 100 },
  ]);
  const pb = await product(storeB, merchantB, '真丝围巾', [{ price: 20000, stock: 100 }]);
  const pp = await product(storeB, merchantB, '羊绒披肩 (预售)', [{ price: 100000, stock: 100 }]);
  const sku = { a1: pa.skus[0]!.id, a2: pa.skus[1]!.id, b1: pb.skus[0]!.id, p1: pp.skus[0]!.id };

  const presaleAt = at(2 * H);
  const mainAt = at(26 * H);
  const mainEndsAt = at(50 * H);
  const endsAt = at(74 * H);
  const slug = options.slug ?? `shop-${newId('cmp').slice(-8).toLowerCase()}`;
  const campaign = await services.campaigns.create(operator, {
    slug,
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': `测试大促 ${slug}`, 'en-US': `Test festival ${slug}` },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    theme: { primaryColor: '#ff5000', bannerUrl: null },
    organizer: { name: 'Carnival' },
    timezone: 'Asia/Shanghai',
    startsAt: presaleAt.toISOString(),
    endsAt: endsAt.toISOString(),
    phases: [
      {
        key: 'presale',
        name: { 'zh-CN': '预售', 'en-US': 'Pre-sale' },
        startsAt: presaleAt.toISOString(),
        endsAt: mainAt.toISOString(),
      },
      {
        key: 'main',
        name: { 'zh-CN': '开售', 'en-US': 'Main' },
        startsAt: mainAt.toISOString(),
        endsAt: mainEndsAt.toISOString(),
      },
    ],
  });
  await services.campaigns.transition(operator, campaign.id, 'in_review');
  await services.campaigns.transition(operator, campaign.id, 'published');

  const rules = rulesInputSchema.parse({
    eligibleCategories: ['apparel'],
    minRating: 4.5,
    opensAt: at(-H).toISOString(),
    closesAt: at(H).toISOString(),
    maxPriceBp: 9000,
    promotions: [
      { id: 'x300', layer: 'cross_store', type: 'every', step: 30000, off: 5000 },
      { id: 'p200', layer: 'platform', type: 'threshold', tiers: [{ threshold: 20000, off: 1000 }] },
      {
        id: 'pre-p1',
        layer: 'item',
        type: 'presale',
        skus: [sku.p1],
        deposit: 10000,
        depositValue: 20000,
        endsAt: mainAt.toISOString(),
      },
      ...(options.extraPromotions ?? []),
    ],
    requiredPromotionIds: ['x300'],
  });
  await services.enrollment.setRules(operator, campaign.id, rules);
  if (options.depositRule)
    await db
      .updateTable('campaign_enrollment_rules')
      .set({ deposit_rule: options.depositRule })
      .where('campaign_id', '=', campaign.id)
      .execute();
  const ea = await services.enrollment.enroll(merchantA, campaign.id, {
    storeId: storeA,
    commitments: ['x300'],
  });
  const eb = await services.enrollment.enroll(merchantB, campaign.id, {
    storeId: storeB,
    commitments: ['x300'],
  });
  const na = await services.enrollment.nominate(merchantA, ea.id, {
    dryRun: false,
    items: [
      { sku: sku.a1, campaignPrice: 8000, campaignStock: options.a1Stock ?? 50 },
      { sku: sku.a2, campaignPrice: 25000, campaignStock: 50 },
    ],
  });
  const nb = await services.enrollment.nominate(merchantB, eb.id, {
    dryRun: false,
    items: [
      { sku: sku.b1, campaignPrice: 16000, campaignStock: 50 },
      { sku: sku.p1, campaignPrice: 80000, campaignStock: 20 },
    ],
  });
  const ids = [...na.nominations, ...nb.nominations].map((n: { id: string }) => n.id);
  if (ids.length !== 4) throw new Error(`nominations refused: ${JSON.stringify([na.failures, nb.failures])}`);
  await services.enrollment.reviewBulk(operator, ids, 'approve');
  return {
    campaignId: campaign.id,
    slug,
    operator,
    merchantA,
    merchantB,
    storeA,
    storeB,
    sku,
    liveAt: at(27 * H),
    presaleAt: at(3 * H),
    mainAt,
    mainEndsAt,
    endsAt,
  };
}
