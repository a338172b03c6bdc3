import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { openFreshPostgres } from '../../platform/db/testing';
import { summit } from '../tickets/test-fixtures';
import { freeTickets, key, post, ticketFor } from './test-fixtures';

/**
 * Issue 12 acceptance: workshop seats under concurrency on the real PostgreSQL. 200 ticket
 * holders ask for 30 seats at once; exactly 30 get one, the counter says 30, and nobody holds two.
 */
const url = process.env.DATABASE_URL;
describe.skipIf(!url)('workshop seats under concurrency (PostgreSQL)', () => {
  it('200 users for 30 seats: exactly 30 reserved', { timeout: 300_000 }, async () => {
    const h = await createHarness(await openFreshPostgres(url as string, 40));
    try {
      const { eventId, organizer } = await summit(h, 'prog-seats-race');
      const typeId = await freeTickets(h, organizer, eventId, 10);
      const buyer = await h.signIn('consumer');
      const ticket = await ticketFor(h, buyer, eventId, typeId);
      const order = await h.ctx.db
        .selectFrom('tickets')
        .selectAll()
        .where('id', '=', ticket)
        .executeTakeFirstOrThrow();
      const session = (
        await post(h, organizer, `/api/organizer/events/${eventId}/sessions`, {
          kind: 'workshop',
          title: '并发工作坊',
          language: 'zh-CN',
          durationMinutes: 90,
          seats: 30,
        })
      ).session.id as string;
      // 200 ticket holders, written directly (argon2 for 200 sign-ups would take minutes here).
      const now = new Date();
      const users: Actor[] = Array.from({ length: 200 }, (_, i) => ({
        userId: `usr_race_${i}`,
        role: 'consumer',
        email: `race${i}@test.local`,
        displayName: `race ${i}`,
        via: 'session',
      }));
      await h.ctx.db
        .insertInto('users')
        .values(
          users.map((u) => ({
            id: u.userId,
            email: u.email,
            display_name: u.displayName,
            role: 'consumer' as const,
            password_hash: 'x',
            created_at: now,
          })),
        )
        .execute();
      await h.ctx.db
        .insertInto('tickets')
        .values(
          users.map((u, i) => ({
            ...order,
            id: `tkt_race_${i}`,
            attendee_email: u.email,
            answers: JSON.stringify(order.answers),
            quota_ids: JSON.stringify(order.quota_ids),
          })),
        )
        .execute();
      const results = await Promise.allSettled(
        users.map((u) => h.services.programme.reserveSeat(u, session, false)),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter(
        (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'SEATS_FULL',
      );
      expect(ok).toHaveLength(30);
      expect(refused).toHaveLength(170);
      const row = await h.ctx.db
        .selectFrom('programme_sessions')
        .select('seats_taken')
        .where('id', '=', session)
        .executeTakeFirstOrThrow();
      expect(row.seats_taken).toBe(30);
      const seats = await h.ctx.db
        .selectFrom('programme_seats')
        .select('user_id')
        .where('session_id', '=', session)
        .execute();
      expect(seats).toHaveLength(30);
      expect(new Set(seats.map((s) => s.user_id)).size).toBe(30);
      void key;
    } finally {
      await h.close();
    }
  });
});
