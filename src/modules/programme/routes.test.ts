import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';
import { summit } from '../tickets/test-fixtures';
import { proposalHandoff, proposalWithdrawal } from '.';
import { parseIcs } from './ics-check';
import { admit, dec1, freeTickets, post, put, ticketFor } from './test-fixtures';

/**
 * The programme's routes: placing with conflicts explained, publishing refused while any remain,
 * versions and their changelog, notices to savers, the public agenda and its iCalendar feeds,
 * workshop seats with a waiting list, feedback refusals, who may do what, and the handoff.
 */
describe.each(testDatabaseTargets())('programme routes on $kind', { timeout: 120_000 }, (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let eventId: string;
  let organizer: SignedIn;
  let visitor: SignedIn;
  let hallA: string;
  let labB: string;
  let alice: string;
  let bobUser: SignedIn;
  let bob: string;
  let talk1: string;
  let talk2: string;
  let workshop: string;
  let typeId: string;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-30T00:00:00Z');
    call = http(h);
    ({ eventId, organizer } = await summit(h, `prog-${target.kind}`));
    visitor = await h.signIn('consumer');
    bobUser = await h.signIn('consumer');
    const base = `/api/organizer/events/${eventId}`;
    const track = (
      await post(h, organizer, `${base}/tracks`, { name: { 'zh-CN': '人工智能', 'en-US': 'AI' } })
    ).track;
    hallA = (
      await post(h, organizer, `${base}/rooms`, {
        name: { 'zh-CN': 'A 厅', 'en-US': 'Hall A' },
        capacity: 200,
      })
    ).room.id;
    labB = (
      await post(h, organizer, `${base}/rooms`, {
        name: { 'zh-CN': 'B 实验室', 'en-US': 'Lab B' },
        capacity: 20,
        opensAt: '09:00',
        closesAt: '18:00',
      })
    ).room.id;
    alice = (await post(h, organizer, `${base}/speakers`, { name: 'Alice 王', company: 'Carnival' })).speaker
      .id;
    bob = (await post(h, organizer, `${base}/speakers`, { name: 'Bob 李', userId: bobUser.userId })).speaker
      .id;
    const session = async (title: string, extra: object) =>
      (
        await post(h, organizer, `${base}/sessions`, {
          kind: 'talk',
          title,
          language: 'zh-CN',
          durationMinutes: 30,
          trackId: track.id,
          ...extra,
        })
      ).session.id as string;
    talk1 = await session('大模型推理优化', { speakerIds: [alice] });
    talk2 = await session('向量数据库实践', { speakerIds: [alice] });
    workshop = await session('动手实验：微调', {
      kind: 'workshop',
      durationMinutes: 90,
      seats: 2,
      speakerIds: [bob],
    });
    typeId = await freeTickets(h, organizer, eventId);
  }, 300_000);
  afterAll(async () => h?.close());

  const place = (sessionId: string, body: unknown) =>
    put(h, organizer, `/api/organizer/sessions/${sessionId}/placement`, body);
  const publish = (note?: string) =>
    call(
      'POST',
      `/api/organizer/events/${eventId}/schedule/versions`,
      organizer,
      { note },
      `pub-${Math.random()}`,
    );

  it('saves a conflicting placement, explains it, and refuses to publish until it is fixed', async () => {
    expect((await place(talk1, { roomId: hallA, startsAt: dec1('10:00') })).conflicts).toEqual([]);
    const placed = await place(talk2, { roomId: labB, startsAt: dec1('10:15') });
    expect(placed.session.placement).toMatchObject({ roomId: labB, endsAt: dec1('10:45') });
    expect(placed.conflicts).toEqual([
      expect.objectContaining({
        kind: 'speaker_double_booked',
        speakerId: alice,
        sessionIds: [talk1, talk2],
      }),
    ]);
    const draft = (await call('GET', `/api/organizer/events/${eventId}/programme`, organizer)).json();
    expect(draft.conflicts).toHaveLength(1);
    expect(draft.unpublishedChanges.new).toHaveLength(2);

    const refused = await publish();
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('SCHEDULE_CONFLICTS');
    expect((errorOf(refused).details as { conflicts: unknown[] }).conflicts).toHaveLength(1);

    expect((await place(talk2, { roomId: labB, startsAt: dec1('11:00') })).conflicts).toEqual([]);
    expect((await place(workshop, { roomId: labB, startsAt: dec1('14:00') })).conflicts).toEqual([]);
    const v1 = await publish('第一版');
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v1.json().version).toMatchObject({
      number: 1,
      note: '第一版',
      sessionCount: 3,
      counts: { new: 3 },
    });
  });

  it('publishes version 2 with its changelog and tells savers once, in-app and by mail', async () => {
    await put(h, visitor, `/api/me/agenda/${talk1}`);
    await put(h, visitor, `/api/me/agenda/${talk2}`);
    await put(h, visitor, `/api/me/agenda/${talk2}`); // idempotent
    await place(talk1, { roomId: hallA, startsAt: dec1('13:00') });
    const cancelled = await call('DELETE' as 'GET', `/api/organizer/sessions/${talk2}`, organizer);
    expect(cancelled.json().session).toMatchObject({ status: 'cancelled', placement: null });
    const keynote = (
      await post(h, organizer, `/api/organizer/events/${eventId}/sessions`, {
        kind: 'keynote',
        title: '开幕主题演讲',
        language: 'zh-CN',
        durationMinutes: 45,
        documents: [{ title: '白皮书', url: 'https://example.com/whitepaper.pdf' }],
      })
    ).session.id as string;
    await place(keynote, { roomId: hallA, startsAt: dec1('09:00') });
    const v2 = await publish('第二版');
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().version.counts).toEqual({ new: 1, moved: 1, cancelled: 1, changed: 0 });

    const log = (await call('GET', `/api/events/${eventId}/schedule/versions/2`, null)).json();
    expect(log.changes.moved[0]).toMatchObject({
      sessionId: talk1,
      from: { startsAt: dec1('10:00') },
      to: { startsAt: dec1('13:00') },
    });
    expect(log.changes.cancelled.map((c: { sessionId: string }) => c.sessionId)).toEqual([talk2]);
    expect(log.changes.new.map((c: { sessionId: string }) => c.sessionId)).toEqual([keynote]);
    const list = (await call('GET', `/api/events/${eventId}/schedule/versions`, null)).json();
    expect(list.items.map((v: { number: number }) => v.number)).toEqual([2, 1]);

    const notices = (await call('GET', '/api/me/programme-notices', visitor)).json().items;
    expect(notices).toEqual([
      expect.objectContaining({ eventId, version: 2, sessionIds: [talk1, talk2].sort() }),
    ]);
    const mails = await h.ctx.db
      .selectFrom('mail_outbox')
      .select(['to', 'subject'])
      .where('kind', '=', 'programme.schedule_changed')
      .execute();
    expect(mails).toEqual([expect.objectContaining({ to: visitor.email })]);

    const again = await publish();
    expect(errorOf(again).code).toBe('NO_SCHEDULE_CHANGES');

    const latest = (await call('GET', `/api/events/${eventId}/agenda`, null)).json();
    expect(latest.version.number).toBe(2);
    expect(latest.sessions.map((s: { id: string }) => s.id)).not.toContain(talk2);
    expect(latest.event.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
    const first = (await call('GET', `/api/events/${eventId}/agenda?version=1`, null)).json();
    expect(first.sessions.find((s: { id: string }) => s.id === talk1).placement.startsAt).toBe(dec1('10:00'));
    expect(first.sessions.map((s: { id: string }) => s.id)).toContain(talk2);
    expect((await call('GET', `/api/events/${eventId}/agenda?version=9`, null)).statusCode).toBe(404);
  });

  it('serves valid iCalendar: the whole agenda and the personal feed by its secret URL', async () => {
    const res = await call('GET', `/api/events/${eventId}/agenda.ics`, null);
    expect(res.headers['content-type']).toContain('text/calendar');
    const cal = parseIcs(res.body);
    expect(cal.events, res.body).toHaveLength(3);
    for (const e of cal.events) {
      expect(e.UID).toMatch(/^pss_.+@carnival$/);
      expect(e.SEQUENCE).toBe('2');
      expect(e.DTSTART).toMatch(/^\d{8}T\d{6}$/); // wall time in the event's zone (TZID)
    }
    const t1 = cal.events.find((e) => e.UID === `${talk1}@carnival`);
    expect(t1?.DTSTART).toBe('20261201T130000'); // 05:00Z is 13:00 in Shanghai
    expect(res.body).toContain('DTSTART;TZID=Asia/Shanghai:20261201T130000\r\n');
    expect(res.body).toContain(
      'BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n',
    );
    expect(t1?.LOCATION).toContain('A 厅');

    const mine = (await call('GET', `/api/me/agenda?eventId=${eventId}`, visitor)).json();
    expect(mine.items.map((i: { entry: { sessionId: string } }) => i.entry.sessionId).sort()).toEqual(
      [talk1, talk2].sort(),
    );
    const feed = await call('GET', mine.feedUrl, null);
    expect(feed.statusCode, feed.body).toBe(200);
    const personal = parseIcs(feed.body);
    expect(personal.events.map((e) => e.UID).sort()).toEqual(
      [`${talk1}@carnival`, `${talk2}@carnival`].sort(),
    );
    expect(personal.events.find((e) => e.UID === `${talk2}@carnival`)?.STATUS).toBe('CANCELLED');
    expect(feed.body).toContain('TZID:Asia/Shanghai\r\n');
    expect(feed.body).toContain(`DTSTART;TZID=Asia/Shanghai:20261201T130000\r\n`);
    const rotated = (await post(h, visitor, '/api/me/agenda-feed/token', {})).feedUrl;
    expect(rotated).not.toBe(mine.feedUrl);
    expect((await call('GET', mine.feedUrl, null)).statusCode).toBe(404);
  });

  it('shows session and speaker pages from the published version', async () => {
    const page = (await call('GET', `/api/sessions/${talk1}`, visitor)).json();
    expect(page.room.id).toBe(hallA);
    expect(page.me).toMatchObject({ saved: true, seat: null, feedbackGiven: false });
    expect((await call('GET', `/api/sessions/${talk1}`, null)).json().me).toBeNull();
    const gone = (await call('GET', `/api/sessions/${talk2}`, null)).json();
    expect(gone.session.status).toBe('cancelled');
    const sp = (await call('GET', `/api/events/${eventId}/speakers/${alice}`, null)).json();
    expect(sp.speaker.name).toBe('Alice 王');
    expect(sp.sessions.map((s: { id: string }) => s.id)).toEqual([talk1]);
    expect(JSON.stringify(sp)).not.toContain('email');
  });

  it('reserves workshop seats for ticket holders, with a waiting list', async () => {
    const seat = (who: SignedIn, body: object = {}) =>
      call('POST', `/api/sessions/${workshop}/seats`, who, body, `seat-${Math.random()}`);
    expect(errorOf(await seat(visitor)).code).toBe('NO_VALID_TICKET');
    const [u1, u2, u3] = [await h.signIn('consumer'), await h.signIn('consumer'), await h.signIn('consumer')];
    for (const u of [u1, u2, u3]) await ticketFor(h, u, eventId, typeId);
    const first = await seat(u1);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().seat).toMatchObject({ status: 'reserved', position: null });
    const again = await seat(u1);
    expect(again.statusCode).toBe(200);
    expect(again.json().seat.id).toBe(first.json().seat.id);
    expect((await seat(u2)).statusCode).toBe(201);
    expect(errorOf(await seat(u3)).code).toBe('SEATS_FULL');
    const waiting = await seat(u3, { waitlist: true });
    expect(waiting.json().seat).toMatchObject({ status: 'waiting', position: 1 });
    expect((await call('DELETE' as 'GET', `/api/sessions/${workshop}/seats`, u1)).statusCode).toBe(204);
    const page = (await call('GET', `/api/sessions/${workshop}`, u3)).json();
    expect(page.me.seat).toEqual({ status: 'reserved', position: null });
    expect(page.session.seatsTaken).toBe(2);
    expect(errorOf(await call('POST', `/api/sessions/${talk1}/seats`, u1, {}, 'x-1')).code).toBe(
      'NOT_A_WORKSHOP',
    );
    const roster = (await call('GET', `/api/organizer/sessions/${workshop}/seats`, organizer)).json();
    expect(roster.items.map((i: { status: string }) => i.status)).toEqual(['reserved', 'reserved']);
  });

  it('takes feedback from checked-in attendees once, from the start; speakers read it after', async () => {
    const u = await h.signIn('consumer');
    const ticket = await ticketFor(h, u, eventId, typeId);
    const rate = (body: object = { rating: 5, comment: '很实用' }) =>
      call('POST', `/api/sessions/${workshop}/feedback`, u, body, `fb-${Math.random()}`);
    expect(errorOf(await rate()).code).toBe('SESSION_NOT_STARTED');
    h.clock.set(dec1('14:30'));
    expect(errorOf(await rate()).code).toBe('NOT_CHECKED_IN');
    await admit(h, eventId, ticket);
    expect((await rate({ rating: 9 })).statusCode).toBe(400);
    const ok = await rate();
    expect(ok.statusCode, ok.body).toBe(201);
    expect(errorOf(await rate()).code).toBe('FEEDBACK_EXISTS');

    expect((await call('GET', '/api/me/speaker-feedback', bobUser)).json().items).toEqual([]); // not over yet
    h.clock.set(dec1('16:00'));
    const mine = (await call('GET', '/api/me/speaker-feedback', bobUser)).json().items;
    expect(mine).toEqual([
      expect.objectContaining({
        ratings: 1,
        average: 5,
        feedback: [expect.objectContaining({ comment: '很实用' })],
      }),
    ]);
    const summary = (await call('GET', `/api/organizer/events/${eventId}/feedback`, organizer)).json();
    expect(summary.overall).toEqual({ ratings: 1, average: 5 });
    expect(summary.checkedIn).toBe(1);
    expect(summary.sessions.find((s: { sessionId: string }) => s.sessionId === workshop)).toMatchObject({
      ratings: 1,
      seatsTaken: 2,
    });
    const csv = await call('GET', `/api/organizer/events/${eventId}/feedback.csv`, organizer);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('很实用');
  });

  it('refuses other organizers and anonymous callers; validates input by field', async () => {
    const other = await h.signIn('organizer');
    expect((await call('GET', `/api/organizer/events/${eventId}/programme`, other)).statusCode).toBe(403);
    expect((await call('GET', `/api/organizer/events/${eventId}/programme`, null)).statusCode).toBe(401);
    const bad = await call(
      'POST',
      `/api/organizer/events/${eventId}/rooms`,
      organizer,
      {
        name: { 'zh-CN': 'C', 'en-US': 'C' },
        capacity: 10,
        opensAt: '18:00',
        closesAt: '09:00',
      },
      'room-bad',
    );
    expect(errorOf(bad)).toMatchObject({ code: 'INVALID_ROOM_HOURS', details: { field: 'closesAt' } });
    const unknown = await call('PUT', `/api/organizer/sessions/${talk1}/placement`, organizer, {
      roomId: 'rom_nope',
      startsAt: dec1('10:00'),
    });
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_ROOM', details: { field: 'roomId' } });
    const inUse = await call('DELETE' as 'GET', `/api/organizer/rooms/${hallA}`, organizer);
    expect(errorOf(inUse).code).toBe('ROOM_IN_USE');
  });

  it('hands confirmed proposals over as unscheduled sessions, and cancels withdrawn ones', async () => {
    const proposal = {
      proposalId: `prp_test_${target.kind}`,
      eventId,
      trackId: null,
      kind: 'workshop' as const,
      durationMinutes: 90,
      language: 'en-US' as const,
      title: 'Kubernetes at scale',
      abstract: 'How we run it',
      level: 'advanced' as const,
      expectedAudience: 25,
      speakers: [
        {
          profileId: `spk_test_${target.kind}`,
          userId: null,
          email: 'Speaker@Test.local',
          name: 'Carol',
          company: null,
          bio: null,
          photoUrl: null,
        },
      ],
    };
    await h.ctx.db.transaction().execute((trx) => proposalHandoff(trx, proposal));
    await h.ctx.db
      .transaction()
      .execute((trx) => proposalHandoff(trx, { ...proposal, title: 'Kubernetes at scale, v2' }));
    const draft = (await call('GET', `/api/organizer/events/${eventId}/programme`, organizer)).json();
    const made = draft.sessions.filter((s: { proposalId: string }) => s.proposalId === proposal.proposalId);
    expect(made).toEqual([
      expect.objectContaining({
        title: 'Kubernetes at scale, v2',
        placement: null,
        seats: 25,
        status: 'confirmed',
      }),
    ]);
    expect(made[0].speakers.map((s: { profileId: string }) => s.profileId)).toEqual([
      proposal.speakers[0]?.profileId,
    ]);
    expect(
      draft.speakers.filter((s: { profileId: string }) => s.profileId === proposal.speakers[0]?.profileId),
    ).toHaveLength(1);
    await proposalWithdrawal(h.ctx.db, proposal.proposalId);
    const after = (await call('GET', `/api/organizer/events/${eventId}/programme`, organizer)).json();
    expect(after.sessions.find((s: { id: string }) => s.id === made[0].id).status).toBe('cancelled');
  });
});
