import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { verifyCode } from './keys';
import { createEvent, http, insertTicket, insertType } from './test-fixtures';
import { fromBase64Url, toBase64Url } from './ticket-code';

type SignedIn = { cookie: string; userId: string; email: string };

/**
 * Check-in (issue 11 item 6): signed codes, list rules, every refusal of a scan, the second
 * scan's "when and where first", offline sync with two devices, staff, attendance.
 */
describe.each(testDatabaseTargets())('check-in routes on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let organizer: SignedIn;
  let buyer: SignedIn;
  let stranger: SignedIn;
  let eventId: string;
  let otherEventId: string;
  let early: string;
  let workshop: string;
  let listId: string;
  let n = 0;
  const scanId = () => `s-${++n}`;

  const codeOf = async (ticketId: string, who: SignedIn = buyer) => {
    const res = await call('GET', `/api/tickets/${ticketId}/qr`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().payload as string;
  };
  const scan = (body: object, who: SignedIn = organizer, list = listId) =>
    call('POST', `/api/checkin-lists/${list}/scans`, who, {
      deviceId: 'door-1',
      scannedAt: h.clock.now().toISOString(),
      clientScanId: scanId(),
      ...body,
    });
  const ticket = (name: string, typeId = early, status: 'valid' | 'cancelled' = 'valid') =>
    insertTicket(h.ctx.db, { eventId, typeId, buyerId: buyer.userId, name, company: '阿里云' }, status);

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-20T01:30:00Z');
    call = http(h);
    organizer = await h.signIn('organizer');
    buyer = await h.signIn('consumer');
    stranger = await h.signIn('organizer');
    eventId = await createEvent(h, organizer, 'apsara-checkin');
    otherEventId = await createEvent(h, stranger, 'other-summit');
    early = await insertType(h.ctx.db, eventId, '早鸟票');
    workshop = await insertType(h.ctx.db, eventId, '工作坊');
    const created = await call('POST', `/api/events/${eventId}/checkin-lists`, organizer, {
      name: '主会场',
      kind: 'event',
    });
    expect(created.statusCode, created.body).toBe(201);
    listId = created.json().list.id;
  });
  afterAll(() => h.close());

  it('publishes the public key; the QR code verifies with it alone, only for the ticket’s holder', async () => {
    const key = await call('GET', `/api/events/${eventId}/checkin-key`, null);
    expect(key.statusCode).toBe(200);
    expect(key.json()).toMatchObject({ eventId, algorithm: 'Ed25519', format: 'raw-base64url' });
    const id = await ticket('张三');
    const code = await codeOf(id);
    expect(verifyCode(key.json().publicKey, code)).toMatchObject({ eventId, ticketId: id, typeId: early });
    expect((await call('GET', `/api/tickets/${id}/qr`, stranger)).statusCode).toBe(404);
    expect((await call('GET', `/api/tickets/${id}/qr`, null)).statusCode).toBe(401);
    expect((await call('GET', '/api/events/cmp_nope/checkin-key', null)).statusCode).toBe(404);
    const unpaid = await insertTicket(
      h.ctx.db,
      { eventId, typeId: early, buyerId: buyer.userId, name: 'x' },
      'pending',
    );
    expect((await call('GET', `/api/tickets/${unpaid}/qr`, buyer)).statusCode).toBe(404);
    const mine = await call('GET', '/api/me/ticket-codes', buyer);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((t: { ticketId: string }) => t.ticketId)).toEqual([id]);
    expect(mine.json().items[0]).toMatchObject({ typeName: '早鸟票', event: { slug: 'apsara-checkin' } });
    expect((await call('GET', '/api/me/ticket-codes', stranger)).json().items).toEqual([]);
  });

  it('keeps lists to the event’s organizer and operators, and names bad fields', async () => {
    const draft = { name: '第一天', kind: 'day', validDays: ['2026-11-20'] };
    expect((await call('POST', `/api/events/${eventId}/checkin-lists`, buyer, draft)).statusCode).toBe(403);
    const theirs = await call('POST', `/api/events/${eventId}/checkin-lists`, stranger, draft);
    expect(theirs.statusCode).toBe(404);
    const bad = await call('POST', `/api/events/${eventId}/checkin-lists`, organizer, {
      ...draft,
      validDays: ['20.11.2026'],
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('validDays.0');
    const shop = await createEvent(h, organizer, 'not-ticketed', 'shopping_festival');
    const refused = await call('POST', `/api/events/${shop}/checkin-lists`, organizer, draft);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({ code: 'NOT_A_TICKETED_EVENT', details: { field: 'eventId' } });
    const patched = await call('PATCH', `/api/checkin-lists/${listId}`, stranger, { name: 'x' });
    expect(patched.statusCode).toBe(404);
    expect((await call('GET', `/api/events/${eventId}/checkin-lists`, organizer)).json().items).toHaveLength(
      1,
    );
  });

  it('admits a ticket once; the second scan is refused with when and where it was first scanned', async () => {
    const id = await ticket('李四');
    const payload = await codeOf(id);
    const first = await scan({ payload, clientScanId: 'first' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().scan).toMatchObject({
      result: 'admitted',
      ticket: { ticketId: id, attendeeName: '李四' },
    });
    // The same scan retried (a flaky network) is the same answer, not a duplicate.
    const retried = await scan({ payload, clientScanId: 'first' });
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual(first.json());
    h.clock.advance(60_000);
    const second = await call('POST', `/api/checkin-lists/${listId}/scans`, organizer, {
      payload,
      deviceId: 'door-2',
      scannedAt: h.clock.now().toISOString(),
      clientScanId: 'second',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'ALREADY_CHECKED_IN',
      details: {
        ticket: { ticketId: id },
        firstScan: { deviceId: 'door-1', listName: '主会场', scannedAt: first.json().scan.scannedAt },
      },
    });
    // By ticket id (the name search's pick) it is the same ticket.
    expect((await scan({ ticketId: id })).statusCode).toBe(409);
  });

  it('admits a ticket once when ten doors scan it at the same moment', async () => {
    const id = await ticket('并发');
    const payload = await codeOf(id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', `/api/checkin-lists/${listId}/scans`, organizer, {
          payload,
          deviceId: `door-${i}`,
          scannedAt: h.clock.now().toISOString(),
          clientScanId: `race-${i}`,
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    const rows = await h.ctx.db
      .selectFrom('checkin_scans')
      .select('result')
      .where('ticket_id', '=', id)
      .execute();
    expect(rows.filter((r) => r.result === 'admitted')).toHaveLength(1);
    expect(rows).toHaveLength(10);
  });

  it('refuses codes that are not ours, changed, for another event, off the list, off the day, cancelled', async () => {
    const id = await ticket('王五');
    const payload = await codeOf(id);
    const [prefix, body, sig] = payload.split('.') as [string, string, string];
    const bytes = fromBase64Url(body)!;
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    const changed = await scan({ payload: `${prefix}.${toBase64Url(bytes)}.${sig}` });
    expect(changed.statusCode).toBe(422);
    expect(errorOf(changed).code).toBe('BAD_SIGNATURE');
    expect(errorOf(await scan({ payload: 'hello' })).code).toBe('INVALID_CODE');
    expect((await scan({ payload: 'hello' })).statusCode).toBe(400);
    expect(errorOf(await scan({ ticketId: 'tkt_none' })).code).toBe('UNKNOWN_TICKET');

    const otherType = await insertType(h.ctx.db, otherEventId, '别家票');
    const foreign = await insertTicket(h.ctx.db, {
      eventId: otherEventId,
      typeId: otherType,
      buyerId: buyer.userId,
      name: '外人',
    });
    expect(errorOf(await scan({ payload: await codeOf(foreign) })).code).toBe('WRONG_EVENT');

    const ws = await call('POST', `/api/events/${eventId}/checkin-lists`, organizer, {
      name: '工作坊',
      kind: 'workshop',
      typeIds: [workshop],
      validDays: ['2026-11-21'],
    });
    const wsList = ws.json().list.id as string;
    expect(errorOf(await scan({ payload }, organizer, wsList)).code).toBe('NOT_ON_LIST');
    const seat = await ticket('赵六', workshop);
    // 2026-11-20 09:30 in Shanghai: the workshop list admits on the 21st only.
    expect(errorOf(await scan({ ticketId: seat }, organizer, wsList)).code).toBe('NOT_VALID_TODAY');
    const cancelled = await ticket('钱七', early, 'cancelled');
    expect(errorOf(await scan({ ticketId: cancelled })).code).toBe('TICKET_CANCELLED');
    const both = await scan({ ticketId: id, payload });
    expect(both.statusCode).toBe(400);
    expect(errorOf(both).details?.field).toBe('payload');
  });

  it('lets only staff scan: the organizer adds them by e-mail', async () => {
    const helper = await h.signIn('consumer');
    const id = await ticket('孙八');
    const denied = await scan({ ticketId: id }, helper);
    expect(denied.statusCode).toBe(403);
    expect(errorOf(denied).code).toBe('NOT_CHECKIN_STAFF');
    const unknown = await call('PUT', `/api/events/${eventId}/checkin-staff`, organizer, {
      email: 'nobody@test.local',
    });
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown)).toMatchObject({ code: 'USER_NOT_FOUND', details: { field: 'email' } });
    const byStranger = await call('PUT', `/api/events/${eventId}/checkin-staff`, stranger, {
      email: helper.email,
    });
    expect(byStranger.statusCode).toBe(404);
    const added = await call('PUT', `/api/events/${eventId}/checkin-staff`, organizer, {
      email: helper.email,
    });
    expect(added.statusCode).toBe(200);
    expect((await scan({ ticketId: id }, helper)).statusCode).toBe(201);
    const mine = await call('GET', '/api/checkin-lists/mine', helper);
    expect(mine.json().items.map((l: { id: string }) => l.id)).toContain(listId);
    const removed = await call('DELETE', `/api/events/${eventId}/checkin-staff/${helper.userId}`, organizer);
    expect(removed.statusCode).toBe(204);
    expect((await scan({ ticketId: id }, helper)).statusCode).toBe(403);
    const again = await call('DELETE', `/api/events/${eventId}/checkin-staff/${helper.userId}`, organizer);
    expect(again.statusCode).toBe(404);
  });

  it('records two devices that admitted one ticket offline; the later scan is the duplicate', async () => {
    const id = await ticket('周九');
    const payload = await codeOf(id);
    const t0 = h.clock.now().getTime();
    // Device B admitted at +2s, device A at +5s; A syncs first, B later: B's scan wins anyway.
    const a = await call('POST', `/api/checkin-lists/${listId}/sync`, organizer, {
      deviceId: 'tablet-A',
      scans: [{ payload, scannedAt: new Date(t0 + 5000).toISOString(), clientScanId: 'a1' }],
    });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ recorded: 1, duplicates: [], results: [{ result: 'admitted' }] });
    const b = await call('POST', `/api/checkin-lists/${listId}/sync`, organizer, {
      deviceId: 'tablet-B',
      scans: [{ payload, scannedAt: new Date(t0 + 2000).toISOString(), clientScanId: 'b1' }],
    });
    expect(b.json()).toMatchObject({ recorded: 1, duplicates: [], results: [{ result: 'admitted' }] });
    // A's retry of the same batch now learns its scan was the duplicate.
    const aAgain = await call('POST', `/api/checkin-lists/${listId}/sync`, organizer, {
      deviceId: 'tablet-A',
      scans: [{ payload, scannedAt: new Date(t0 + 5000).toISOString(), clientScanId: 'a1' }],
    });
    expect(aAgain.json()).toMatchObject({ duplicates: ['a1'], results: [{ result: 'duplicate' }] });
    const ofTicket = await h.ctx.db
      .selectFrom('checkin_scans')
      .select(['device_id', 'result', 'mode'])
      .where('ticket_id', '=', id)
      .execute();
    expect(ofTicket.map((r) => `${r.device_id}:${r.result}:${r.mode}`).sort()).toEqual([
      'tablet-A:duplicate:offline',
      'tablet-B:admitted:offline',
    ]);
    // Online, the ticket is in: first scanned by tablet-B.
    const online = await scan({ payload });
    expect(online.json().error.details.firstScan.deviceId).toBe('tablet-B');
  });

  it('shows live attendance, finds attendees by name, and hands devices the list offline', async () => {
    const stats = await call('GET', `/api/checkin-lists/${listId}/stats`, organizer);
    expect(stats.statusCode).toBe(200);
    const s = stats.json();
    expect(s.admitted).toBeGreaterThanOrEqual(3);
    expect(s.expected).toBeGreaterThan(s.admitted);
    expect(s.byType.find((t: { typeId: string }) => t.typeId === early)).toMatchObject({
      typeName: '早鸟票',
    });
    const found = (
      await call('GET', `/api/checkin-lists/${listId}/search?q=${encodeURIComponent('李')}`, organizer)
    ).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ attendeeName: '李四' });
    expect(found.items[0].checkedInAt).not.toBeNull();
    const dl = await call('GET', `/api/checkin-lists/${listId}/download`, organizer);
    expect(dl.statusCode).toBe(200);
    const key = (await call('GET', `/api/events/${eventId}/checkin-key`, null)).json().publicKey;
    expect(dl.json()).toMatchObject({
      algorithm: 'Ed25519',
      publicKey: key,
      event: { timezone: 'Asia/Shanghai' },
    });
    expect(dl.json().tickets.length).toBe(s.expected + 1); // the cancelled one is listed, as cancelled
    expect((await call('GET', `/api/checkin-lists/${listId}/download`, stranger)).statusCode).toBe(403);
    const gone = await call('DELETE', `/api/checkin-lists/${listId}?reason=test`, stranger);
    expect(gone.statusCode).toBe(404);
  });
});
