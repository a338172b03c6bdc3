import { sql } from 'kysely';
import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { DEMO_CAMPAIGNS, DEMO_SERIES, liveDemoCampaign } from './demo-campaigns';
import { seedDemoCfp } from './demo-cfp';
import { seedDemoCharity } from './demo-charity';
import { seedDemoCheckin } from './demo-checkin';
import { seedDemoFlashSales } from './demo-flash-sales';
import { seedDemoMerchantOrders } from './demo-merchant-orders';
import { seedDemoMerchants } from './demo-merchants';
import { seedDemoOperator } from './demo-operator';
import { seedDemoProgramme } from './demo-programme';
import { seedDemoShopper } from './demo-shopper';
import { seedDemoTickets } from './demo-tickets';
import { seedDemoTraceability } from './demo-traceability';

type Services = ReturnType<typeof createServices>;

/** Demo-only accounts, documented in the README; created only when the demo data is seeded. */
export const DEMO_PASSWORD = 'carnival-demo';
export const DEMO_WALLET = 200_000;
export const DEMO_USERS = [
  { email: 'organizer@carnival.local', displayName: '大会组织者', role: 'organizer' as const },
  { email: 'merchant@carnival.local', displayName: '示例旗舰店', role: 'merchant' as const },
  { email: 'consumer@carnival.local', displayName: '小明', role: 'consumer' as const },
  { email: 'partner@carnival.local', displayName: 'ISV 开发者', role: 'partner' as const },
];

/**
 * Seeds the demo year on an empty database: accounts, series, events (published through the
 * real workflow so transitions and audit entries exist), and past daily views.
 */
export async function seedDemo(ctx: AppContext, services: Services, operator: Actor): Promise<boolean> {
  const any = await ctx.db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  for (const u of DEMO_USERS) {
    const exists = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', u.email)
      .executeTakeFirst();
    if (!exists) await services.accounts.createUser({ ...u, password: DEMO_PASSWORD });
  }
  const seriesIds = new Map<string, string>();
  for (const s of DEMO_SERIES) {
    const created = await services.campaigns.createSeries(operator, { ...s, timezone: 'Asia/Shanghai' });
    seriesIds.set(s.slug, created.id);
  }
  for (const demo of [...DEMO_CAMPAIGNS, liveDemoCampaign(ctx.clock.now())]) {
    const { series, publish, views, ...draft } = demo;
    const c = await services.campaigns.create(operator, {
      ...draft,
      seriesId: series ? seriesIds.get(series) : null,
    });
    if (publish && Date.parse(c.endsAt) > ctx.clock.now().getTime()) {
      await services.campaigns.transition(operator, c.id, 'in_review');
      await services.campaigns.transition(operator, c.id, 'published');
    } else if (publish) {
      // Past editions are recorded as published history directly: the workflow refuses to
      // publish an event that is already over, which is right for people, not for history.
      await ctx.db
        .updateTable('campaigns')
        .set({ workflow_status: 'published' })
        .where('id', '=', c.id)
        .execute();
    }
    await seedViews(ctx, c.id, c.startsAt, views);
  }
  await seedDemoMerchants(ctx, services, operator, DEMO_PASSWORD);
  // The workbench's 预算 and 售后政策 of the live festival, before the demo orders burn the budgets.
  await seedDemoOperator(ctx, services, operator);
  // 秒杀 in the live festival: one running, one opening in ~10 minutes, one with a waiting room.
  await seedDemoFlashSales(ctx, services, operator);
  // The demo shopper starts with ¥2,000.00 in the wallet, so checkout works on first start: a demo
  // credit (audited, counted against the demo cap), not a top-up: no payment stands behind it.
  const shopper = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'consumer@carnival.local')
    .executeTakeFirstOrThrow();
  await services.payments.demoCredit({
    customerId: shopper.id,
    amount: DEMO_WALLET,
    idempotencyKey: 'demo-seed-wallet',
    actor: null,
  });
  // 公益宝贝 in the live festival: a verified charity's project, donors' donations, one payout.
  await seedDemoCharity(ctx, services, operator, DEMO_PASSWORD);
  await seedDemoMerchantOrders(ctx, services, DEMO_PASSWORD); // 商家订单: every state a store's pages show
  await seedDemoShopper(ctx, services, operator);
  // 溯源 and 助农: the farm store's origin tags, a lot and a bag of rice traced to the buyer.
  await seedDemoTraceability(ctx, services);
  await seedDemoTickets(ctx, services, operator);
  // Check-in at the merchant conference: lists, door staff, three attendees already in.
  await seedDemoCheckin(ctx, services, operator);
  // Issue 12: the summit's rooms and published schedule (two versions), the merchant conference's keynotes.
  // The call for proposals before the programme: its confirmed proposals become sessions to place.
  await seedDemoCfp(ctx, services, DEMO_PASSWORD);
  await seedDemoProgramme(ctx, services);
  return true;
}

/** Spreads `count` synthetic viewers over the event's first days, as rows the counter agrees with. */
async function seedViews(ctx: AppContext, campaignId: string, startsAt: string, count: number) {
  if (count <= 0) return;
  await sql`
    INSERT INTO campaign_views (campaign_id, day, viewer)
    SELECT ${campaignId}, (${startsAt}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + (g % 7), 'seed:' || g
    FROM generate_series(1, ${count}) AS g`.execute(ctx.db);
  await ctx.db.updateTable('campaigns').set({ view_count: count }).where('id', '=', campaignId).execute();
}
