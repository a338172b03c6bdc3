import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { liveDemoCampaign } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

const DAY = 24 * 3600 * 1000;

/** The coupons of the live festival's 领券中心: one platform-wide, one of the demo merchant's store. */
export const DEMO_COUPONS = {
  platform: { threshold: 30000, off: 3000 },
  store: { storeName: '示例旗舰店', threshold: 20000, off: 2000 },
} as const;

/** The 购物津贴 the operator grants the demo shopper in the live festival. */
export const DEMO_ALLOWANCE = 6000;

/** The demo shopper's address book: the default in 杭州, another in 上海. */
export const DEMO_ADDRESSES = [
  {
    name: '小明',
    phone: '13800138000',
    provinceCode: '33',
    cityCode: '3301',
    districtCode: '330106',
    detail: '文三路 90 号 东部软件园 2 号楼',
    isDefault: true,
  },
  {
    name: '小明',
    phone: '13800138000',
    provinceCode: '31',
    cityCode: '3101',
    districtCode: '310115',
    detail: '世纪大道 100 号 18 楼',
  },
];

/**
 * The shopper's side of the demo (issue 9): in the live festival a platform coupon and a store
 * coupon to claim in the 领券中心, an allowance grant for consumer@carnival.local, and their
 * shipping addresses, all through the services an operator, a merchant and the shopper use.
 */
export async function seedDemoShopper(ctx: AppContext, services: Services, operator: Actor): Promise<void> {
  const now = ctx.clock.now();
  const live = liveDemoCampaign(now);
  const campaign = await ctx.db
    .selectFrom('campaigns')
    .select(['id', 'ends_at'])
    .where('slug', '=', live.slug)
    .executeTakeFirstOrThrow();
  const claimStartsAt = new Date(now.getTime() - DAY).toISOString();
  const claimEndsAt = new Date(campaign.ends_at).toISOString();

  await services.promotions.create(operator, {
    campaignId: campaign.id,
    scope: 'platform',
    promotion: { layer: 'platform', type: 'coupon', ...DEMO_COUPONS.platform },
    claimStartsAt,
    claimEndsAt,
    perCustomerLimit: 1,
    totalQuantity: 10_000,
  });

  const store = await ctx.db
    .selectFrom('stores')
    .innerJoin('store_members as m', 'm.store_id', 'stores.id')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['stores.id', 'users.id as ownerId', 'users.email', 'users.display_name'])
    .where('stores.name', '=', DEMO_COUPONS.store.storeName)
    .where('m.role', '=', 'owner')
    .executeTakeFirstOrThrow();
  const owner: Actor = {
    userId: store.ownerId,
    role: 'merchant',
    email: store.email,
    displayName: store.display_name,
    via: 'session',
  };
  await services.promotions.create(owner, {
    campaignId: campaign.id,
    scope: 'store',
    storeId: store.id,
    promotion: {
      layer: 'store',
      type: 'coupon',
      threshold: DEMO_COUPONS.store.threshold,
      off: DEMO_COUPONS.store.off,
    },
    claimStartsAt,
    claimEndsAt,
    perCustomerLimit: 1,
    totalQuantity: 5_000,
  });

  await services.promotions.grantAllowance(
    operator,
    campaign.id,
    { email: 'consumer@carnival.local', amount: DEMO_ALLOWANCE, reason: '年终好物节 新客津贴' },
    'demo-seed-allowance',
  );

  const shopper = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'consumer@carnival.local')
    .executeTakeFirstOrThrow();
  for (const a of DEMO_ADDRESSES) await services.addresses.create(shopper.id, a);
}
