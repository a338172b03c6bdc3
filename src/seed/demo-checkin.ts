import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';

type Services = ReturnType<typeof createServices>;

/** The conference whose doors the demo opens (its event days are 8–10 December 2026). */
export const DEMO_CHECKIN_EVENT = 'global-merchant-conference-2026';
export const DEMO_CHECKIN_LIST = '全场通行';

/**
 * Check-in in the demo year (docs/checkin.md): the merchant conference's lists (the whole event,
 * one per event day, the workshop when the tickets demo has one), the demo organizer as door
 * staff, and the attendees other than the demo shopper's and merchant's already through the gate
 * (synced from an offline tablet), so the live attendance has something to show. Call after
 * seedDemoTickets (src/seed/demo-tickets.ts), whose sales these lists admit.
 */
export async function seedDemoCheckin(ctx: AppContext, services: Services, operator: Actor) {
  const event = await ctx.db
    .selectFrom('campaigns')
    .select(['id'])
    .where('slug', '=', DEMO_CHECKIN_EVENT)
    .executeTakeFirst();
  if (!event) return;
  const eventId = event.id;
  const demoBuyers = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', 'in', ['consumer@carnival.local', 'merchant@carnival.local'])
    .execute();

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
      name: workshop.name['zh-CN'],
      kind: 'workshop',
      typeIds: [workshop.id],
      validDays: [],
      allowReentry: false,
    });

  // Attendees other than the demo shopper's and merchant's, let in by a tablet that was offline.
  const walkIns = await ctx.db
    .selectFrom('tickets')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'valid')
    .$if(main.typeIds.length > 0, (q) => q.where('type_id', 'in', main.typeIds))
    .where(
      'buyer_id',
      'not in',
      demoBuyers.map((b) => b.id),
    )
    .orderBy('created_at')
    .limit(3)
    .execute();
  const now = ctx.clock.now().getTime();
  await services.checkin.sync(operator, main.id, {
    deviceId: 'demo-gate-tablet',
    scans: walkIns.map((t, i) => ({
      ticketId: t.id,
      scannedAt: new Date(now - (30 - i * 5) * 60_000).toISOString(),
      clientScanId: `demo-${i}`,
    })),
  });
}
