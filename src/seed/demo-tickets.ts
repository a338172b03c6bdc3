import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { DEMO_CAMPAIGNS } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

/**
 * Conference tickets in the demo year (docs/tickets.md): the global merchant conference and the
 * Apsara summit (its next edition when the seeded one is already over) sell early bird, standard
 * and merchant-only tickets with a workshop add-on and a dinner that is sold out with the demo
 * shopper on its waiting list. The demo organizer runs both. All through the real services.
 */
export const DEMO_TICKET_EVENTS = ['global-merchant-conference-2026', 'apsara-conference-2026'] as const;

interface Plan {
  early: number;
  standard: number;
  merchant: number;
  workshop: number;
  names: { workshop: [string, string]; dinner: [string, string] };
}

const PLANS: Record<(typeof DEMO_TICKET_EVENTS)[number], Plan> = {
  'global-merchant-conference-2026': {
    early: 29_900,
    standard: 59_900,
    merchant: 19_900,
    workshop: 9_900,
    names: {
      workshop: ['店铺增长工作坊', 'Store growth workshop'],
      dinner: ['商家之夜晚宴', 'Merchant night dinner'],
    },
  },
  'apsara-conference-2026': {
    early: 68_000,
    standard: 128_000,
    merchant: 48_000,
    workshop: 19_900,
    names: {
      workshop: ['开发者动手实验室', 'Hands-on developer lab'],
      dinner: ['开发者之夜', 'Developers’ night'],
    },
  },
};

const asActor = (u: { id: string; email: string; display_name: string; role: string }): Actor => ({
  userId: u.id,
  role: u.role as Actor['role'],
  email: u.email,
  displayName: u.display_name,
  via: 'session',
});

export async function seedDemoTickets(ctx: AppContext, services: Services, operator: Actor): Promise<void> {
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role'])
    .where('email', 'in', [
      'organizer@carnival.local',
      'merchant@carnival.local',
      'partner@carnival.local',
      'consumer@carnival.local',
    ])
    .execute();
  const user = (email: string) => asActor(users.find((u) => u.email === email)!);
  const organizer = user('organizer@carnival.local');
  const merchant = user('merchant@carnival.local');
  const partner = user('partner@carnival.local');
  const shopper = user('consumer@carnival.local');
  await services.payments.demoCredit({
    customerId: merchant.userId,
    amount: 150_000,
    idempotencyKey: 'demo-tickets',
    actor: null,
  });
  const now = ctx.clock.now();
  const t = services.tickets;

  for (const slug of DEMO_TICKET_EVENTS) {
    let event = await ctx.db
      .selectFrom('campaigns')
      .select(['id', 'ends_at', 'series_id'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!event) continue;
    if (new Date(event.ends_at) <= now && event.series_id) {
      // The seeded edition is history: tickets are on sale for next year's (a year later, same days).
      const demo = DEMO_CAMPAIGNS.find((d) => d.slug === slug)!;
      const { series: _s, publish: _p, views: _v, ...draft } = demo;
      const bump = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll('2026', '2027'));
      const next = await services.campaigns.create(operator, { ...bump(draft), seriesId: event.series_id });
      await services.campaigns.transition(operator, next.id, 'in_review');
      await services.campaigns.transition(operator, next.id, 'published');
      event = { id: next.id, ends_at: new Date(next.endsAt), series_id: event.series_id };
    }
    // The demo organizer runs the conference: its console shows these events.
    await ctx.db
      .updateTable('campaigns')
      .set({ owner_id: organizer.userId })
      .where('id', '=', event.id)
      .execute();
    const plan = PLANS[slug];
    const id = event.id;
    const type = async (zh: string, en: string, price: number, extra: Record<string, unknown> = {}) =>
      (
        await t.createType(organizer, id, {
          name: { 'zh-CN': zh, 'en-US': en },
          description: { 'zh-CN': '', 'en-US': '' },
          price,
          maxPerOrder: 5,
          visibility: 'public',
          audience: 'anyone',
          audienceRoles: [],
          addonOf: [],
          position: 0,
          ...extra,
        } as never)
      ).id;
    const earlyEnds = new Date(Math.min(now.getTime() + 14 * 86_400_000, new Date(event.ends_at).getTime()));
    const early = await type('早鸟票', 'Early bird', plan.early, {
      saleEndsAt: earlyEnds.toISOString(),
      maxPerAccount: 2,
      position: 1,
    });
    const standard = await type('标准票', 'Standard', plan.standard, { position: 2 });
    const merchantOnly = await type('商家专享票', 'Merchants only', plan.merchant, {
      audience: 'merchants',
      maxPerAccount: 2,
      position: 3,
    });
    const workshop = await type(plan.names.workshop[0], plan.names.workshop[1], plan.workshop, {
      addonOf: [early, standard, merchantOnly],
      position: 4,
    });
    const dinner = await type(plan.names.dinner[0], plan.names.dinner[1], 0, {
      maxPerAccount: 1,
      position: 5,
    });
    await t.createQuota(organizer, id, {
      name: '主会场',
      size: 800,
      typeIds: [early, standard, merchantOnly],
    });
    await t.createQuota(organizer, id, { name: '早鸟名额', size: 200, typeIds: [early] });
    await t.createQuota(organizer, id, { name: '工作坊座位', size: 40, typeIds: [workshop] });
    await t.createQuota(organizer, id, { name: '晚宴席位', size: 2, typeIds: [dinner] });
    await t.createQuestion(organizer, id, {
      kind: 'invoice_title',
      label: { 'zh-CN': '发票抬头', 'en-US': 'Invoice title (发票抬头)' },
      options: [],
      typeIds: [early, standard, merchantOnly],
      required: false,
      position: 1,
    });
    await t.createQuestion(organizer, id, {
      kind: 'choice',
      label: { 'zh-CN': '您的行业', 'en-US': 'Your industry' },
      options: ['服饰', '美妆', '食品', '数码', '其他'],
      typeIds: [merchantOnly],
      required: true,
      position: 2,
    });
    await t.createQuestion(organizer, id, {
      kind: 'dietary',
      label: { 'zh-CN': '饮食需求', 'en-US': 'Dietary needs' },
      options: [],
      typeIds: [dinner],
      required: false,
      position: 3,
    });
    await t.createVouchers(organizer, id, {
      effect: 'reserve',
      value: 5,
      typeIds: [standard],
      maxUses: 1,
      code: `ISV-${slug.slice(0, 6).toUpperCase()}`,
      count: 1,
      prefix: '',
    });
    await t.createVouchers(organizer, id, {
      effect: 'amount',
      value: 5_000,
      typeIds: [early],
      maxUses: 100,
      code: `EARLY50-${slug.slice(0, 6).toUpperCase()}`,
      count: 1,
      prefix: '',
    });
    if (new Date(event.ends_at) <= now) continue;
    const industry = (await t.setup(organizer, id)).questions.find((q) => q.kind === 'choice')!.id;
    // The demo merchant: a merchant-only ticket with the workshop, and a dinner seat.
    const h1 = await t.createHold(merchant, id, {
      items: [
        { typeId: merchantOnly, quantity: 1 },
        { typeId: workshop, quantity: 1 },
      ],
    });
    await t.checkout(merchant, h1.id, [
      {
        name: '示例旗舰店 王店长',
        email: merchant.email,
        company: '示例旗舰店',
        answers: { [industry]: '服饰' },
      },
      { name: '示例旗舰店 王店长', email: merchant.email, company: '示例旗舰店', answers: {} },
    ]);
    for (const who of [merchant, partner]) {
      const h = await t.createHold(who, id, { items: [{ typeId: dinner, quantity: 1 }] });
      await t.checkout(who, h.id, [{ name: who.displayName, email: who.email, company: '', answers: {} }]);
    }
    // The dinner is sold out: the demo shopper waits for a seat.
    await t.joinWaitlist(shopper, dinner);
  }
}
