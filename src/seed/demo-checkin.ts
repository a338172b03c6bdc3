import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { newId } from '../platform/ids';

type Services = ReturnType<typeof createServices>;

/** The conference whose doors the demo opens (its event days are 8–10 December 2026). */
export const DEMO_CHECKIN_EVENT = 'global-merchant-conference-2026';
export const DEMO_CHECKIN_LIST = '全场通行';
/** The demo attendees' names (the consumer's two tickets first). */
export const DEMO_ATTENDEES = [
  { name: '小明', company: '示例旗舰店', mine: true },
  { name: '小红', company: '示例旗舰店', mine: true },
  { name: '王磊', company: '杭州云帆科技' },
  { name: '陈静', company: '上海优品电商' },
  { name: '刘洋', company: '深圳极光数码' },
  { name: '赵敏', company: '成都川味食品' },
  { name: '孙浩', company: '广州锦绣服饰' },
  { name: '周婷', company: '北京知行教育' },
  { name: '吴刚', company: '义乌小商品城' },
  { name: '郑爽', company: '宁波海港物流' },
];

/**
 * Check-in in the demo year (docs/checkin.md): the merchant conference's lists (the whole event,
 * one per event day, the workshop when the tickets demo has one), the demo organizer as door
 * staff, and three attendees already through the gate (synced from an offline tablet), so the
 * live attendance has something to show. When the tickets module's demo has not sold the
 * conference any tickets, a few demo attendees' tickets are written for it (one free type).
 */
export async function seedDemoCheckin(ctx: AppContext, services: Services, operator: Actor) {
  const event = await ctx.db
    .selectFrom('campaigns')
    .select(['id'])
    .where('slug', '=', DEMO_CHECKIN_EVENT)
    .executeTakeFirst();
  if (!event) return;
  const eventId = event.id;
  const consumer = await ctx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', 'consumer@carnival.local')
    .executeTakeFirstOrThrow();

  const any = await ctx.db
    .selectFrom('tickets')
    .select('id')
    .where('event_id', '=', eventId)
    .limit(1)
    .execute();
  if (any.length === 0) await writeDemoTickets(ctx, eventId, consumer.id);

  const types = await ctx.db
    .selectFrom('ticket_types')
    .select(['id', 'name'])
    .where('event_id', '=', eventId)
    .execute();
  const workshop = types.find((t) => /工作坊|workshop/i.test(`${t.name['zh-CN']} ${t.name['en-US']}`));

  await services.checkin.addStaff(operator, eventId, 'organizer@carnival.local');
  const main = await services.checkin.createList(operator, eventId, {
    name: DEMO_CHECKIN_LIST,
    kind: 'event',
    typeIds: workshop ? types.filter((t) => t.id !== workshop.id).map((t) => t.id) : [],
    validDays: [],
    allowReentry: false,
  });
  for (const [day, label] of [
    ['2026-12-08', '12月8日 主论坛'],
    ['2026-12-09', '12月9日 行业分会场'],
    ['2026-12-10', '12月10日 闭幕'],
  ] as const)
    await services.checkin.createList(operator, eventId, {
      name: label,
      kind: 'day',
      typeIds: [],
      validDays: [day],
      allowReentry: true,
    });
  if (workshop)
    await services.checkin.createList(operator, eventId, {
      name: '商家成长工作坊',
      kind: 'workshop',
      typeIds: [workshop.id],
      validDays: [],
      allowReentry: false,
    });

  // Three attendees scanned in at the gate by a tablet that was offline, synced since.
  const all = (await ctx.db
    .selectFrom('tickets')
    .select(['id', 'attendee_name'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'valid')
    .orderBy('created_at')
    .execute()) as { id: string; attendee_name: string }[];
  const now = ctx.clock.now().getTime();
  const walkIns = all
    .filter((t) => !DEMO_ATTENDEES.slice(0, 2).some((a) => a.name === t.attendee_name))
    .slice(0, 3);
  await services.checkin.sync(operator, main.id, {
    deviceId: 'demo-gate-tablet',
    scans: walkIns.map((t, i) => ({
      ticketId: t.id,
      scannedAt: new Date(now - (30 - i * 5) * 60_000).toISOString(),
      clientScanId: `demo-${i}`,
    })),
  });
}

/** One free type and the demo attendees' paid-free orders, as the tickets module writes them. */
async function writeDemoTickets(ctx: AppContext, eventId: string, consumerId: string) {
  const at = ctx.clock.now();
  const typeId = newId('ttp', at.getTime());
  await ctx.db
    .insertInto('ticket_types')
    .values({
      id: typeId,
      event_id: eventId,
      name: JSON.stringify({ 'zh-CN': '商家通票', 'en-US': 'Merchant pass' }),
      description: JSON.stringify({
        'zh-CN': '三天主论坛与分会场',
        'en-US': 'Three days, keynotes and tracks',
      }),
      price: 0,
      sale_starts_at: null,
      sale_ends_at: null,
      max_per_account: null,
      created_at: at,
    })
    .execute();
  for (const [i, a] of DEMO_ATTENDEES.entries()) {
    const orderId = newId('tor', at.getTime() + i);
    const buyerId = a.mine ? consumerId : `demo-attendee-${i}`;
    const email = a.mine ? 'consumer@carnival.local' : `attendee${i}@demo.carnival.local`;
    await ctx.db
      .insertInto('ticket_orders')
      .values({
        id: orderId,
        event_id: eventId,
        hold_id: newId('thd', at.getTime() + i),
        buyer_id: buyerId,
        buyer_name: a.name,
        buyer_email: email,
        status: 'paid',
        total: 0,
        quota_moves: JSON.stringify({}),
        paid_at: at,
        created_at: at,
      })
      .execute();
    await ctx.db
      .insertInto('tickets')
      .values({
        id: newId('tkt', at.getTime() + i),
        order_id: orderId,
        event_id: eventId,
        type_id: typeId,
        buyer_id: buyerId,
        parent_ticket_id: null,
        status: 'valid',
        price: 0,
        attendee_name: a.name,
        attendee_email: email,
        attendee_company: a.company,
        answers: JSON.stringify({}),
        created_at: new Date(at.getTime() + i * 1000),
        cancelled_at: null,
      })
      .execute();
  }
}
