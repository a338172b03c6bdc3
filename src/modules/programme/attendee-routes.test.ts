import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';
import { summit } from '../tickets/test-fixtures';
import { dec1, freeTickets, post, put, ticketFor } from './test-fixtures';

/**
 * The attendee's reads the programme pages need (docs/programme.md): my seats and places in
 * line, whether I hold a ticket (the session page), change notices that name their sessions and what happened to them, the unread count and
 * marking them read; all signed in, each user seeing only their own.
 */
describe.each(testDatabaseTargets())('programme attendee routes on $kind', { timeout: 120_000 }, (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let eventId: string;
  let organizer: SignedIn;
  let hall: string;
  let hallB: string;
  let talk: string;
  let other: string;
  let workshop: string;

  const place = (id: string, roomId: string, startsAt: string) =>
    put(h, organizer, `/api/organizer/sessions/${id}/placement`, { roomId, startsAt });
  const publish = (note: string) =>
    post(h, organizer, `/api/organizer/events/${eventId}/schedule/versions`, { note });

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-30T00:00:00Z');
    call = http(h);
    ({ eventId, organizer } = await summit(h, `prog-att-${target.kind}`));
    const base = `/api/organizer/events/${eventId}`;
    const room = async (zh: string, en: string) =>
      (await post(h, organizer, `${base}/rooms`, { name: { 'zh-CN': zh, 'en-US': en }, capacity: 100 })).room
        .id as string;
    hall = await room('一号厅', 'Hall 1');
    hallB = await room('二号厅', 'Hall 2');
    const session = async (title: string, extra: object = {}) =>
      (
        await post(h, organizer, `${base}/sessions`, {
          kind: 'talk',
          title,
          language: 'zh-CN',
          durationMinutes: 30,
          ...extra,
        })
      ).session.id as string;
    talk = await session('可观测性实践');
    other = await session('数据库内核');
    workshop = await session('动手实验：调优', { kind: 'workshop', durationMinutes: 60, seats: 1 });
    await place(talk, hall, dec1('10:00'));
    await place(other, hall, dec1('11:00'));
    await place(workshop, hallB, dec1('14:00'));
    await publish('首版');
  }, 300_000);
  afterAll(async () => h?.close());

  it('lists my seats and places in line with their sessions; only mine', async () => {
    const typeId = await freeTickets(h, organizer, eventId);
    const [a, b, c] = [await h.signIn('consumer'), await h.signIn('consumer'), await h.signIn('consumer')];
    for (const u of [a, b]) await ticketFor(h, u, eventId, typeId);
    const seat = (who: SignedIn, body: object = {}) =>
      call('POST', `/api/sessions/${workshop}/seats`, who, body, `seat-${Math.random()}`);
    expect((await seat(a)).statusCode).toBe(201);
    expect((await seat(b, { waitlist: true })).json().seat).toMatchObject({ status: 'waiting', position: 1 });

    const mine = (who: SignedIn) => call('GET', '/api/me/seats', who);
    const ofA = (await mine(a)).json().items;
    expect(ofA).toEqual([
      {
        seat: expect.objectContaining({ sessionId: workshop, status: 'reserved', position: null }),
        session: expect.objectContaining({ id: workshop, title: '动手实验：调优', seats: 1, seatsTaken: 1 }),
      },
    ]);
    expect((await mine(b)).json().items).toEqual([
      expect.objectContaining({ seat: expect.objectContaining({ status: 'waiting', position: 1 }) }),
    ]);
    expect((await mine(c)).json().items).toEqual([]);
    // The session page says whether the caller holds a ticket (the page offers one to buy if not).
    const page = async (who: SignedIn) => (await call('GET', `/api/sessions/${workshop}`, who)).json().me;
    expect(await page(a)).toMatchObject({ hasTicket: true, seat: { status: 'reserved', position: null } });
    expect(await page(c)).toMatchObject({ hasTicket: false, seat: null });
    expect((await call('GET', `/api/sessions/${talk}`, a)).json().me.hasTicket).toBe(false);
    expect((await mine(null as unknown as SignedIn)).statusCode).toBe(401);
  });

  it('names the changed sessions in notices, counts the unread ones and marks them read', async () => {
    const saver = await h.signIn('consumer');
    const bystander = await h.signIn('consumer');
    await put(h, saver, `/api/me/agenda/${talk}`);
    await put(h, saver, `/api/me/agenda/${other}`);
    await place(talk, hallB, dec1('16:00'));
    await call('DELETE' as 'GET', `/api/organizer/sessions/${other}`, organizer);
    await publish('第二版');

    const notices = (await call('GET', '/api/me/programme-notices', saver)).json().items;
    expect(notices).toHaveLength(1);
    const n = notices[0];
    expect(n).toMatchObject({
      eventId,
      version: 2,
      readAt: null,
      event: { id: eventId, slug: `prog-att-${target.kind}`, timezone: 'Asia/Shanghai' },
    });
    expect(n.changes.moved).toEqual([
      expect.objectContaining({
        sessionId: talk,
        title: '可观测性实践',
        from: expect.objectContaining({ roomId: hall, startsAt: dec1('10:00') }),
        to: expect.objectContaining({ roomId: hallB, startsAt: dec1('16:00') }),
      }),
    ]);
    expect(n.changes.cancelled.map((c: { sessionId: string }) => c.sessionId)).toEqual([other]);
    expect(n.changes.new).toEqual([]);
    expect(n.rooms.map((r: { id: string }) => r.id).sort()).toEqual([hall, hallB].sort());

    const unread = (who: SignedIn) => call('GET', '/api/me/programme-notices/unread', who);
    expect((await unread(saver)).json()).toEqual({ unread: 1 });
    expect((await unread(bystander)).json()).toEqual({ unread: 0 });

    const read = (who: SignedIn, body: object) => call('POST', '/api/me/programme-notices/read', who, body);
    expect((await read(bystander, {})).json()).toEqual({ updated: 0 });
    expect((await read(saver, { eventId, version: 9 })).json()).toEqual({ updated: 0 });
    const done = await read(saver, { eventId, version: 2 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ updated: 1 });
    expect((await unread(saver)).json()).toEqual({ unread: 0 });
    const after = (await call('GET', '/api/me/programme-notices', saver)).json().items;
    expect(after[0].readAt).toEqual(expect.any(String));
    expect((await read(saver, {})).json()).toEqual({ updated: 0 });
    expect((await read(null as unknown as SignedIn, {})).statusCode).toBe(401);
    expect((await read(saver, { version: 'x' })).statusCode).toBe(400);
  });
});
