import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { liveDemoCampaign } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

/**
 * Public welfare in the demo year (docs/charity.md): a verified charity and its project,
 * charity items (公益宝贝) in the live festival, two demo donors' orders carried through to
 * completion so their donations accrue (their 爱心足迹 shows them), one disbursement, and a signed
 * checkpoint of the donations log so every receipt verifies on first start. All through the
 * real services, as the operator, merchants and donors would. Call after seedDemoMerchants.
 */
export const DEMO_CHARITY = {
  nameZh: '中华乡村儿童发展基金会',
  nameEn: 'China Rural Children Development Foundation',
  // A code whose GB 32100-2015 check character is right (the demo's, not a real organisation's).
  creditCode: '53100000500021676K',
  publicFundraising: true,
  contact: { name: '李老师', phone: '010-6500-0000', email: 'contact@charity.carnival.local' },
  bankAccount: '中国工商银行 北京东城支行 0200 0000 0000 0000',
};

export const DEMO_PROJECT = {
  titleZh: '山区小学营养午餐',
  titleEn: 'Nutritious lunches for mountain schools',
  description: '为云南怒江山区 12 所小学的学生提供每日营养午餐，每一份公益宝贝订单都会捐出一部分。',
  descriptionEn:
    'Daily nutritious lunches for pupils of 12 primary schools in the mountains of Nujiang, Yunnan; every charity item order gives part of its price.',
  targetAmount: 50_000_000,
  beneficiaries: '云南怒江 12 所小学的 1,800 名学生',
  beneficiariesEn: '1,800 pupils of 12 primary schools in Nujiang, Yunnan',
  region: '云南怒江',
  regionEn: 'Nujiang, Yunnan',
  startsOn: '2026-10-01',
  endsOn: '2027-09-30',
};

/** Charity items of the live festival: product title → rule (fixed fen per unit, or basis points). */
export const DEMO_CHARITY_ITEMS: { product: string; kind: 'fixed' | 'percent'; amount: number }[] = [
  { product: '高山云雾绿茶', kind: 'fixed', amount: 200 },
  { product: '每日坚果礼盒', kind: 'percent', amount: 300 },
  { product: '羊绒围巾', kind: 'percent', amount: 100 },
];

/**
 * Demo donors (password: the demo password), so the demo shopper's wallet stays as the README
 * says: each gets a demo credit of what their orders cost, buys, and confirms receipt.
 */
export const DEMO_DONORS = [
  { email: 'donor1@carnival.local', displayName: '爱心买家小红', role: 'consumer' as const },
  { email: 'donor2@carnival.local', displayName: '爱心买家小刚', role: 'consumer' as const },
];

/** The donors' completed orders (each one checkout): product title → quantity. */
const DEMO_ORDERS: {
  donor: string;
  lines: Record<string, number>;
  /** Green choices at checkout: the donor's 绿色积分 (docs/traceability.md). */
  green?: ('no-extra-packaging' | 'paperless-invoice')[];
}[] = [
  {
    donor: 'donor1@carnival.local',
    lines: { 高山云雾绿茶: 2, 每日坚果礼盒: 1 },
    green: ['no-extra-packaging', 'paperless-invoice'],
  },
  { donor: 'donor2@carnival.local', lines: { 羊绒围巾: 1 } },
  { donor: 'donor2@carnival.local', lines: { 高山云雾绿茶: 1 } },
];

async function actorOf(ctx: AppContext, email: string): Promise<Actor> {
  const u = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, role: u.role, email: u.email, displayName: u.display_name, via: 'session' };
}

export async function seedDemoCharity(
  ctx: AppContext,
  services: Services,
  operator: Actor,
  password: string,
): Promise<void> {
  const { charity, orders } = services;
  for (const u of DEMO_DONORS) {
    const exists = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', u.email)
      .executeTakeFirst();
    if (!exists) await services.accounts.createUser({ ...u, password });
  }
  const registered = await charity.registerCharity(operator, DEMO_CHARITY);
  await charity.verifyCharity(operator, registered.id, {
    decision: 'verify',
    reason: '登记证书、公开募捐资格证书与年检报告已核验',
  });
  const project = await charity.createProject(operator, { ...DEMO_PROJECT, charityId: registered.id });
  await charity.setProjectStatus(operator, project.id, {
    status: 'fundraising',
    reason: '双十一公益周开始募捐',
  });
  await charity.addUpdate(operator, project.id, {
    body: '第一批 600 份午餐已送达福贡县两所小学，孩子们吃上了热饭热菜。',
    bodyEn:
      'The first 600 lunches reached two primary schools in Fugong County: the children now have hot meals.',
    photoUrls: ['https://picsum.photos/seed/carnival-lunch-1/800/600'],
  });

  const campaign = await ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('slug', '=', liveDemoCampaign(ctx.clock.now()).slug)
    .executeTakeFirstOrThrow();
  const skuOf = new Map<string, { id: string; storeId: string }>();
  for (const item of DEMO_CHARITY_ITEMS) {
    const sku = await ctx.db
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .innerJoin('store_members', 'store_members.store_id', 'products.store_id')
      .innerJoin('users', 'users.id', 'store_members.user_id')
      .select(['skus.id', 'products.store_id', 'users.email'])
      .where('products.title', '=', item.product)
      .orderBy('skus.id')
      .executeTakeFirstOrThrow();
    skuOf.set(item.product, { id: sku.id, storeId: sku.store_id });
    await charity.setRule(await actorOf(ctx, sku.email), sku.id, {
      projectId: project.id,
      kind: item.kind,
      amount: item.amount,
    });
  }

  // The donors buy, the stores ship and deliver, the donors confirm: donations accrue.
  for (const [i, { donor, lines, green }] of DEMO_ORDERS.entries()) {
    const shopper = await actorOf(ctx, donor);
    for (const [product, quantity] of Object.entries(lines))
      await orders.cart.setItem(shopper, {
        campaignId: campaign.id,
        skuId: skuOf.get(product)!.id,
        quantity,
      });
    const placed = await orders.checkout(
      shopper,
      { campaignId: campaign.id, greenChoices: green },
      `demo-charity-checkout-${i}`,
    );
    if (placed.status !== 201) throw new Error(`demo charity checkout: ${placed.text}`);
    const order = placed.body.order;
    await services.payments.demoCredit({
      customerId: shopper.userId,
      amount: order.total,
      idempotencyKey: `demo-charity-wallet-${i}`,
      actor: null,
    });
    const paid = await orders.pay(shopper, order.id, `demo-charity-pay-${i}`);
    if (paid.status !== 200) throw new Error(`demo charity payment: ${paid.text}`);
    for (const sub of order.subOrders) {
      const staff = await ctx.db
        .selectFrom('store_members')
        .innerJoin('users', 'users.id', 'store_members.user_id')
        .select('users.email')
        .where('store_members.store_id', '=', sub.storeId)
        .executeTakeFirstOrThrow();
      const merchant = await actorOf(ctx, staff.email);
      await orders.ship(merchant, sub.id, {
        carrier: '顺丰速运',
        trackingNumber: `SF10${i}${sub.id.slice(-6)}`,
      });
      await orders.deliver(merchant, sub.id);
      await orders.confirm(shopper, sub.id);
    }
  }

  // One disbursement: half of what was raised goes to the charity for the first lunches.
  const page = await charity.projectPage(project.id, operator);
  const amount = Math.floor(page.escrow / 2);
  if (amount > 0) {
    const paidOut = await charity.disburse(
      operator,
      {
        projectId: project.id,
        amount,
        purpose: '采购福贡县两所小学 12 月午餐食材',
        purposeEn: 'Ingredients for December lunches at two primary schools in Fugong County',
        reason: '第一次季度拨付',
      },
      'demo-charity-disbursement',
    );
    if (paidOut.status !== 201) throw new Error(`demo disbursement: ${paidOut.text}`);
  }
  await services.transparency.publishAll();
  ctx.logger.info({ projectId: project.id, raised: page.raised, disbursed: amount }, 'demo charity seeded');
}
