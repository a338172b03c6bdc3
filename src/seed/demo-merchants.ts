import { createMerchantServices } from '../app';
import type { AppContext } from '../context';
import type { AccountsService } from '../modules/accounts';
import type { CampaignsService } from '../modules/campaigns';
import type { CategoryCode } from '../modules/catalog';
import type { RulesInput } from '../modules/enrollment';
import type { Actor } from '../platform/auth';
import { ManualClock } from '../platform/clock';
import { liveDemoCampaign } from './demo-campaigns';
import { productImageUrl } from './demo-images';

/**
 * Demo merchants (招商 already done): stores for merchant@carnival.local and two other
 * merchants, ~20 SKUs whose prices moved over the autumn, the enrollment rules and
 * promotions of Double 11 2026 and 618 2027, and reviewed nominations, so the venues are
 * alive on first start. Written through the real services on a clock walked through the
 * past, so price histories, reviews and audit entries carry believable times.
 */

export const DEMO_MERCHANTS = [
  { email: 'merchant2@carnival.local', displayName: '山野农场', role: 'merchant' as const },
  { email: 'merchant3@carnival.local', displayName: '极光数码', role: 'merchant' as const },
];

interface DemoSku {
  attributes: Record<string, string>;
  /** List prices in fen: at creation (Aug 1), then optional changes on the given dates. */
  prices: [number, ...[string, number][]];
  stock: number;
}
interface DemoProduct {
  title: string;
  category: string;
  skus: DemoSku[];
}
interface DemoStore {
  owner: string;
  name: string;
  mainCategory: string;
  region: string;
  rating: number;
  /** Which campaigns it enrolls in. */
  in: ('d11' | '618')[];
  products: DemoProduct[];
}

const S = (
  attributes: Record<string, string>,
  stock: number,
  first: number,
  ...changes: [string, number][]
): DemoSku => ({
  attributes,
  prices: [first, ...changes],
  stock,
});

/** Exported for demo-images.test.ts: every demo product gets a picture the catalogue accepts. */
export const STORES: DemoStore[] = [
  {
    owner: 'merchant@carnival.local',
    name: '示例旗舰店',
    mainCategory: 'apparel.women',
    region: '浙江杭州',
    rating: 4.8,
    in: ['d11', '618'],
    products: [
      {
        title: '双面羊毛大衣',
        category: 'apparel.women',
        skus: [
          S({ 颜色: '驼色', 尺码: 'M' }, 300, 89900, ['2026-08-20', 79900], ['2026-09-15', 89900]),
          S({ 颜色: '黑色', 尺码: 'L' }, 200, 89900),
        ],
      },
      {
        title: '桑蚕丝衬衫',
        category: 'apparel.women',
        skus: [
          S({ 颜色: '白', 尺码: 'S' }, 500, 45900, ['2026-11-01', 42900]),
          S({ 颜色: '雾蓝', 尺码: 'M' }, 400, 45900),
        ],
      },
      {
        title: '羊绒围巾',
        category: 'apparel.women',
        skus: [S({ 颜色: '燕麦' }, 800, 29900, ['2026-09-01', 25900])],
      },
    ],
  },
  {
    owner: 'merchant@carnival.local',
    name: '示例家居馆',
    mainCategory: 'home',
    region: '广东佛山',
    rating: 4.7,
    in: ['d11'],
    products: [
      {
        title: '长绒棉四件套',
        category: 'home.textiles',
        skus: [S({ 尺寸: '1.5m' }, 300, 59900), S({ 尺寸: '1.8m' }, 300, 69900, ['2026-08-25', 64900])],
      },
      { title: '不粘炒锅 32cm', category: 'home.kitchen', skus: [S({ 颜色: '灰' }, 600, 19900)] },
      { title: '香薰蜡烛礼盒', category: 'home', skus: [S({ 香型: '雪松' }, 1000, 12900)] },
    ],
  },
  {
    owner: 'merchant2@carnival.local',
    name: '山野农场',
    mainCategory: 'food.farm',
    region: '黑龙江五常',
    rating: 4.9,
    in: ['d11', '618'],
    products: [
      {
        title: '五常稻花香大米',
        category: 'food.farm',
        skus: [S({ 规格: '5kg' }, 2000, 12900, ['2026-09-05', 11900]), S({ 规格: '10kg' }, 1000, 23900)],
      },
      { title: '高山云雾绿茶', category: 'food', skus: [S({ 规格: '250g' }, 500, 16800)] },
      {
        title: '每日坚果礼盒',
        category: 'food.snacks',
        skus: [S({ 规格: '30袋' }, 1500, 9900, ['2026-11-02', 8900])],
      },
    ],
  },
  {
    owner: 'merchant2@carnival.local',
    name: '花漾美妆',
    mainCategory: 'beauty.skincare',
    region: '上海',
    rating: 4.8,
    in: ['d11', '618'],
    products: [
      { title: '修护精华液 30ml', category: 'beauty.skincare', skus: [S({ 规格: '30ml' }, 800, 39900)] },
      {
        title: '补水面膜 10片',
        category: 'beauty.skincare',
        skus: [S({ 规格: '10片' }, 1200, 12900, ['2026-08-18', 9900], ['2026-09-10', 12900])],
      },
    ],
  },
  {
    owner: 'merchant3@carnival.local',
    name: '极光数码',
    mainCategory: 'electronics.phones',
    region: '广东深圳',
    rating: 4.6,
    in: ['d11', '618'],
    products: [
      {
        title: '降噪蓝牙耳机',
        category: 'electronics',
        skus: [S({ 颜色: '黑' }, 600, 99900, ['2026-09-01', 89900]), S({ 颜色: '白' }, 400, 99900)],
      },
      { title: '20000mAh 充电宝', category: 'electronics', skus: [S({ 颜色: '银' }, 900, 14900)] },
      {
        title: '智能手表 S3',
        category: 'electronics',
        skus: [S({ 表盘: '42mm' }, 300, 149900), S({ 表盘: '46mm' }, 300, 169900, ['2026-11-03', 159900])],
      },
    ],
  },
];

interface Plan {
  slug: string;
  rulesAt: string;
  nominateAt: string;
  reviewAt: string;
  /** Ratio of the 30-day lowest price the demo merchants offer (in basis points). */
  offerBp: number;
  rules: Omit<RulesInput, 'version'>;
}

const CAMPAIGNS: Record<'d11' | '618', Plan> = {
  d11: {
    slug: 'double-11-2026',
    rulesAt: '2026-09-01T10:00:00+08:00',
    nominateAt: '2026-09-20T10:00:00+08:00',
    reviewAt: '2026-09-25T10:00:00+08:00',
    /** Ratio of the 30-day lowest price the demo merchants offer (in basis points). */
    offerBp: 8500,
    rules: {
      eligibleCategories: ['apparel', 'beauty', 'electronics', 'home', 'food'] as CategoryCode[],
      /** In tenths: the rules schema's output (4.5 in the API). */
      minRating: 45,
      opensAt: '2026-09-10T00:00:00+08:00',
      closesAt: '2026-10-25T00:00:00+08:00',
      maxPriceBp: 9000,
      promotions: [
        { id: 'd11-x300', layer: 'cross_store' as const, type: 'every' as const, step: 30000, off: 5000 },
        {
          id: 'd11-coupon',
          layer: 'platform' as const,
          type: 'coupon' as const,
          threshold: 50000,
          off: 6000,
        },
      ],
      requiredPromotionIds: ['d11-x300'],
    },
  },
  '618': {
    slug: '618-2027',
    rulesAt: '2026-11-10T10:00:00+08:00',
    nominateAt: '2026-11-18T10:00:00+08:00',
    reviewAt: '2026-11-20T10:00:00+08:00',
    offerBp: 8800,
    rules: {
      eligibleCategories: ['apparel', 'beauty', 'electronics', 'home', 'food'] as CategoryCode[],
      minRating: 46,
      opensAt: '2026-11-15T00:00:00+08:00',
      closesAt: '2027-05-15T00:00:00+08:00',
      maxPriceBp: 9000,
      promotions: [
        { id: '618-x300', layer: 'cross_store' as const, type: 'every' as const, step: 30000, off: 5000 },
        {
          id: '618-allowance',
          layer: 'platform' as const,
          type: 'allowance' as const,
          step: 20000,
          off: 1500,
        },
      ],
      requiredPromotionIds: ['618-x300'],
    },
  },
};

const DAY = 24 * 3600 * 1000;
const isoAt = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();

/** The live festival (see liveDemoCampaign): rules, nominations and review in the days before it opened. */
function livePlan(now: Date): Plan {
  const live = liveDemoCampaign(now);
  return {
    slug: live.slug,
    rulesAt: isoAt(now, -6),
    nominateAt: isoAt(now, -5),
    reviewAt: isoAt(now, -4),
    offerBp: 8500,
    rules: {
      eligibleCategories: ['apparel', 'beauty', 'electronics', 'home', 'food'] as CategoryCode[],
      minRating: 45,
      opensAt: isoAt(now, -6),
      closesAt: live.startsAt,
      maxPriceBp: 9000,
      promotions: [
        { id: 'yes-x300', layer: 'cross_store' as const, type: 'every' as const, step: 30000, off: 5000 },
        { id: 'yes-999', layer: 'platform', type: 'threshold', tiers: [{ threshold: 99900, off: 10000 }] },
        // 购物津贴: 15 off every 200, paid from the allowance demo-shopper.ts grants.
        { id: 'yes-allowance', layer: 'platform', type: 'allowance', step: 20000, off: 1500 },
      ],
      requiredPromotionIds: ['yes-x300'],
    },
  };
}

/** The product's colour (颜色) when every SKU has the same one. */
export const colourOf = (p: DemoProduct): string | undefined => {
  const colours = new Set(p.skus.map((k) => k.attributes.颜色));
  return colours.size === 1 ? [...colours][0] : undefined;
};

/** An offer below the rule: `bp` of the lowest, down to a price ending in 9 yuan. */
const offer = (lowest: number, bp: number) =>
  Math.max(100, Math.floor((lowest * bp) / 10000 / 1000) * 1000 - 100);

export async function seedDemoMerchants(
  ctx: AppContext,
  services: { accounts: AccountsService; campaigns: CampaignsService },
  operator: Actor,
  password: string,
): Promise<void> {
  const clock = new ManualClock('2026-08-01T10:00:00+08:00');
  const { merchants, catalog, enrollment } = createMerchantServices({ db: ctx.db, clock });

  for (const u of DEMO_MERCHANTS) {
    const exists = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', u.email)
      .executeTakeFirst();
    if (!exists) await services.accounts.createUser({ ...u, password });
  }
  const actorOf = async (email: string): Promise<Actor> => {
    const u = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return { userId: u.id, role: u.role, email: u.email, displayName: u.display_name, via: 'session' };
  };

  // Aug 1: stores and catalogs; Aug 2: the platform rates the stores.
  const built: {
    store: DemoStore;
    id: string;
    owner: Actor;
    skus: { id: string; price: number; stock: number }[];
  }[] = [];
  const changes: { at: string; sku: string; price: number; owner: Actor }[] = [];
  for (const s of STORES) {
    clock.set('2026-08-01T10:00:00+08:00');
    const owner = await actorOf(s.owner);
    const store = await merchants.create(owner, {
      name: s.name,
      mainCategory: s.mainCategory as CategoryCode,
      region: s.region,
      currency: 'CNY',
      qualifications: [
        {
          type: 'business_license',
          number: `9133${String(built.length + 1).padStart(14, '0')}`,
          expiresAt: '2031-12-31',
        },
      ],
    });
    const skus: { id: string; price: number; stock: number }[] = [];
    for (const p of s.products) {
      const product = await catalog.createProduct(owner, store.id, {
        title: p.title,
        category: p.category as CategoryCode,
        description: '',
        // A picture drawn in code (demo-images.ts: nothing downloaded), in the product's colour when
        // it comes in one; a picture is the product's, not one SKU's, so a choice of colours gets none.
        imageUrls: [productImageUrl({ title: p.title, category: p.category, colour: colourOf(p) })],
        skus: p.skus.map((k) => ({ attributes: k.attributes, price: k.prices[0], stock: k.stock })),
      });
      product.skus.forEach((sku, i) => {
        skus.push({ id: sku.id, price: sku.price, stock: sku.stock });
        for (const [date, price] of p.skus[i]!.prices.slice(1) as [string, number][])
          changes.push({ at: `${date}T09:00:00+08:00`, sku: sku.id, price, owner });
      });
    }
    clock.set('2026-08-02T10:00:00+08:00');
    await merchants.setRating(operator, store.id, Math.round(s.rating * 10), '2026 Q2 service score');
    built.push({ store: s, id: store.id, owner, skus });
  }

  const walkTo = async (until: string) => {
    const due = changes
      .filter((c) => Date.parse(c.at) <= Date.parse(until))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const c of due) {
      clock.set(c.at);
      const current = await catalog.getProduct(
        c.owner,
        (await catalog.skuInfos([c.sku])).get(c.sku)!.productId,
      );
      const sku = current.skus.find((k) => k.id === c.sku)!;
      await catalog.changePrice(c.owner, c.sku, c.price, sku.version);
      changes.splice(changes.indexOf(c), 1);
    }
  };

  let reviewCount = 0;
  const plans: [string, Plan][] = [
    ['d11', CAMPAIGNS.d11],
    ['618', CAMPAIGNS['618']],
    ['live', livePlan(ctx.clock.now())],
  ];
  for (const [key, plan] of plans) {
    const campaign = await services.campaigns.get(plan.slug, operator);
    await walkTo(plan.rulesAt);
    clock.set(plan.rulesAt);
    await enrollment.setRules(operator, campaign.id, { ...plan.rules, version: undefined });
    await walkTo(plan.nominateAt);
    clock.set(plan.nominateAt);
    const nominated: string[] = [];
    for (const b of built.filter((x) => key === 'live' || (x.store.in as string[]).includes(key))) {
      const enr = await enrollment.enroll(b.owner, campaign.id, {
        storeId: b.id,
        commitments: [...plan.rules.requiredPromotionIds],
      });
      const items = [];
      for (const sku of b.skus) {
        const lowest = (await catalog.lowestPriceBefore(sku.id, clock.now())) ?? sku.price;
        items.push({
          sku: sku.id,
          campaignPrice: offer(lowest, plan.offerBp),
          campaignStock: Math.max(1, Math.floor(sku.stock / 2)),
        });
      }
      const result = await enrollment.nominate(b.owner, enr.id, { items, dryRun: false });
      nominated.push(...result.nominations.map((n) => n.id));
    }
    clock.set(plan.reviewAt);
    // Most are approved; in 618 a few wait for review and one is turned down, so every state shows.
    for (const [i, id] of nominated.entries()) {
      reviewCount++;
      if (key === '618' && i >= nominated.length - 2) continue;
      if (key === '618' && i === 3)
        await enrollment.review(operator, id, 'reject', '价格力不足：请参考近30天最低价再让利');
      else await enrollment.review(operator, id, 'approve');
    }
  }
  ctx.logger.info({ stores: built.length, nominations: reviewCount }, 'demo merchants seeded');
}
