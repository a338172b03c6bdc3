import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { leafHash } from '../../verify';
import { http, merchantActor, type SignedIn } from '../orders/test-fixtures';

/**
 * Traceability (docs/traceability.md): serials and lots, provenance events appended to the
 * provenance log, the public trace, and verification that names the entry a changed row breaks.
 */
describe.each(testDatabaseTargets())('traceability on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let owner: SignedIn;
  let stranger: SignedIn;
  let storeId: string;
  let otherStoreId: string;
  let keyN = 0;
  const key = () => `tr-${++keyN}`;
  const at = (minutesAgo: number) => new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString();

  const openStore = async (who: SignedIn, name: string) =>
    (
      await h.services.merchants.create(merchantActor(who.userId), {
        name,
        mainCategory: 'food.fresh',
        region: '云南普洱',
        currency: 'CNY',
        qualifications: [],
      })
    ).id;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    owner = await h.signIn('merchant');
    stranger = await h.signIn('merchant');
    storeId = await openStore(owner, '普洱茶园直营店');
    otherStoreId = await openStore(stranger, '别家店');
  });
  afterAll(() => h.close());

  it('registers a lot and a serial in it, appends events to both, and shows them as one trace', async () => {
    const lot = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { code: 'LOT-2026-PE-01', kind: 'lot', productName: '普洱生茶', origin: '云南·普洱' },
      key(),
    );
    expect(lot.statusCode).toBe(201);
    const serial = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      {
        code: 'PE0001',
        kind: 'serial',
        productName: '普洱生茶 357g',
        origin: '云南·普洱',
        lotCode: 'LOT-2026-PE-01',
      },
      key(),
    );
    expect(serial.statusCode).toBe(201);
    expect(serial.json().traceCode).toMatchObject({ code: 'PE0001', lotCode: 'LOT-2026-PE-01', storeId });

    const events = [
      [
        'LOT-2026-PE-01',
        { kind: 'origin', place: '普洱市思茅区茶园', occurredAt: at(600), note: '春茶采摘' },
      ],
      ['LOT-2026-PE-01', { kind: 'inspection', place: '普洱市质检站', occurredAt: at(500) }],
      ['PE0001', { kind: 'warehouse_in', place: '昆明仓', occurredAt: at(400) }],
      ['PE0001', { kind: 'shipment', place: '昆明仓', occurredAt: at(300), note: '顺丰 SF1001' }],
    ] as const;
    for (const [code, body] of events) {
      const res = await call('POST', `/api/trace/${code}/events`, owner, body, key());
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().event).toMatchObject({ code, kind: body.kind, by: '普洱茶园直营店' });
    }

    const trace = await call('GET', '/api/trace/PE0001', null);
    expect(trace.statusCode).toBe(200);
    const body = trace.json();
    expect(body.store.name).toBe('普洱茶园直营店');
    expect(body.lot.code).toBe('LOT-2026-PE-01');
    expect(body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'origin',
      'inspection',
      'warehouse_in',
      'shipment',
    ]);
    // Each event is the provenance log's entry at its index, hash for hash.
    for (const e of body.events) {
      const entry = await call('GET', `/api/transparency/provenance/entries/${e.logIndex}`, null);
      expect(entry.json().leafHash).toBe(e.leafHash);
      expect(leafHash(Buffer.from(entry.json().record, 'base64'))).toBe(e.leafHash);
      expect(entry.json().decoded).toMatchObject({ type: 'provenance', code: e.code, place: e.place });
    }
    const verified = await call('GET', '/api/trace/PE0001/verification', null);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true, mismatch: null, checkpoint: { size: 4 } });
    expect(verified.json().events.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('lists the store’s serials and lots to its merchants (and operators), refusing everyone else', async () => {
    const res = await call('GET', `/api/stores/${storeId}/trace-codes`, owner);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      code: string;
      kind: string;
      eventCount: number;
      lastEventAt: string;
    }[];
    // Newest first; both were registered at the same instant of the manual clock, so by code.
    expect(items.map((c) => [c.code, c.kind, c.eventCount])).toEqual([
      ['LOT-2026-PE-01', 'lot', 2],
      ['PE0001', 'serial', 2],
    ]);
    expect(items[1]?.lastEventAt).toBe(at(300));
    const operator = await h.signIn('operator');
    expect((await call('GET', `/api/stores/${storeId}/trace-codes`, operator)).statusCode).toBe(200);
    // The other store's merchant learns nothing: the same 404 as a store that does not exist.
    const hidden = await call('GET', `/api/stores/${storeId}/trace-codes`, stranger);
    expect(hidden.statusCode).toBe(404);
    expect((await call('GET', '/api/stores/str_missing/trace-codes', owner)).statusCode).toBe(404);
    expect((await call('GET', `/api/stores/${otherStoreId}/trace-codes`, stranger)).json().items).toEqual([]);
    const consumer = await h.signIn('consumer');
    expect((await call('GET', `/api/stores/${storeId}/trace-codes`, consumer)).statusCode).toBe(403);
    expect((await call('GET', `/api/stores/${storeId}/trace-codes`, null)).statusCode).toBe(401);
  });

  it('names the entry whose stored event was changed afterwards, and the fields', async () => {
    const target = await h.ctx.db
      .selectFrom('provenance_events')
      .select(['id', 'log_index', 'place'])
      .where('serial', '=', 'PE0001')
      .where('kind', '=', 'warehouse_in')
      .executeTakeFirstOrThrow();
    await sql`UPDATE provenance_events SET place = '上海仓' WHERE id = ${target.id}`.execute(h.ctx.db);
    const res = (await call('GET', '/api/trace/PE0001/verification', null)).json();
    expect(res.ok).toBe(false);
    expect(res.mismatch).toMatchObject({
      eventId: target.id,
      logIndex: target.log_index,
      problem: 'event_changed',
      fields: ['place'],
    });
    expect(res.events.filter((c: { ok: boolean }) => !c.ok)).toHaveLength(1);
    await sql`UPDATE provenance_events SET place = ${target.place} WHERE id = ${target.id}`.execute(h.ctx.db);
    expect((await call('GET', '/api/trace/PE0001/verification', null)).json().ok).toBe(true);
  });

  it('detects a changed log record, and a record rewritten with its hashes, by the signed checkpoint', async () => {
    const ev = await h.ctx.db
      .selectFrom('provenance_events')
      .selectAll()
      .where('serial', '=', 'LOT-2026-PE-01')
      .where('kind', '=', 'inspection')
      .executeTakeFirstOrThrow();
    const entry = await h.ctx.db
      .selectFrom('transparency_entries')
      .selectAll()
      .where('log', '=', 'provenance')
      .where('idx', '=', ev.log_index)
      .executeTakeFirstOrThrow();
    const forged = entry.record.replace('普洱市质检站', '某某质检站');
    await sql`UPDATE transparency_entries SET record = ${forged} WHERE log = 'provenance' AND idx = ${ev.log_index}`.execute(
      h.ctx.db,
    );
    let res = (await call('GET', '/api/trace/PE0001/verification', null)).json();
    // The event row still says 质检站: the entry no longer is its record.
    expect(res.mismatch).toMatchObject({
      logIndex: ev.log_index,
      problem: 'event_changed',
      fields: ['place'],
    });

    // Rewrite everything the database holds consistently: row, record, both leaf hashes.
    const forgedLeaf = leafHash(new TextEncoder().encode(forged));
    await sql`UPDATE transparency_entries SET leaf_hash = ${forgedLeaf} WHERE log = 'provenance' AND idx = ${ev.log_index}`.execute(
      h.ctx.db,
    );
    await sql`UPDATE provenance_events SET place = '某某质检站', leaf_hash = ${forgedLeaf} WHERE id = ${ev.id}`.execute(
      h.ctx.db,
    );
    res = (await call('GET', '/api/trace/PE0001/verification', null)).json();
    expect(res.ok).toBe(false);
    expect(res.mismatch).toMatchObject({ logIndex: ev.log_index, problem: 'not_signed' });

    // A record changed but not its leaf hash: the record no longer hashes to it.
    await sql`UPDATE transparency_entries SET leaf_hash = ${entry.leaf_hash} WHERE log = 'provenance' AND idx = ${ev.log_index}`.execute(
      h.ctx.db,
    );
    res = (await call('GET', '/api/trace/PE0001/verification', null)).json();
    expect(res.mismatch).toMatchObject({ logIndex: ev.log_index, problem: 'record_changed' });

    // Put it all back: it verifies again.
    await sql`UPDATE transparency_entries SET record = ${entry.record} WHERE log = 'provenance' AND idx = ${ev.log_index}`.execute(
      h.ctx.db,
    );
    await sql`UPDATE provenance_events SET place = ${ev.place}, leaf_hash = ${ev.leaf_hash} WHERE id = ${ev.id}`.execute(
      h.ctx.db,
    );
    expect((await call('GET', '/api/trace/PE0001/verification', null)).json().ok).toBe(true);
  });

  it('refuses strangers, other roles, bad input by field, duplicates, foreign lots and SKUs', async () => {
    const draft = { code: 'PE0002', kind: 'serial', productName: '普洱生茶', origin: '云南·普洱' };
    expect((await call('POST', `/api/stores/${storeId}/trace-codes`, null, draft, key())).statusCode).toBe(
      401,
    );
    const consumer = await h.signIn('consumer');
    expect(
      (await call('POST', `/api/stores/${storeId}/trace-codes`, consumer, draft, key())).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/stores/${storeId}/trace-codes`, stranger, draft, key())).statusCode,
    ).toBe(404);
    const event = { kind: 'delivery', place: '北京', occurredAt: at(1) };
    const foreign = await call('POST', '/api/trace/PE0001/events', stranger, event, key());
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).message).toContain('TraceCode');
    expect((await call('POST', '/api/trace/PE0001/events', consumer, event, key())).statusCode).toBe(403);
    expect((await call('POST', '/api/trace/NOPE-404/events', owner, event, key())).statusCode).toBe(404);
    expect((await call('GET', '/api/trace/NOPE-404', null)).statusCode).toBe(404);

    const badCode = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { ...draft, code: 'a b' },
      key(),
    );
    expect(badCode.statusCode).toBe(400);
    expect(errorOf(badCode).details?.field).toBe('code');
    const badKind = await call(
      'POST',
      '/api/trace/PE0001/events',
      owner,
      { ...event, kind: 'teleport' },
      key(),
    );
    expect(errorOf(badKind).details?.field).toBe('kind');
    const noZone = await call(
      'POST',
      '/api/trace/PE0001/events',
      owner,
      { ...event, occurredAt: '2026-01-01T00:00:00' },
      key(),
    );
    expect(errorOf(noZone).details?.field).toBe('occurredAt');
    const future = await call(
      'POST',
      '/api/trace/PE0001/events',
      owner,
      { ...event, occurredAt: new Date(h.clock.now().getTime() + 3600_000).toISOString() },
      key(),
    );
    expect(future.statusCode).toBe(422);
    expect(errorOf(future)).toMatchObject({ code: 'EVENT_IN_FUTURE', details: { field: 'occurredAt' } });

    const dup = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { ...draft, code: 'PE0001' },
      key(),
    );
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup)).toMatchObject({ code: 'TRACE_CODE_EXISTS', details: { field: 'code' } });
    await call(
      'POST',
      `/api/stores/${otherStoreId}/trace-codes`,
      stranger,
      { code: 'LOT-OTHER', kind: 'lot', productName: 'x', origin: 'y' },
      key(),
    );
    const foreignLot = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { ...draft, lotCode: 'LOT-OTHER' },
      key(),
    );
    expect(foreignLot.statusCode).toBe(422);
    expect(errorOf(foreignLot)).toMatchObject({ code: 'INVALID_TRACE_LOT', details: { field: 'lotCode' } });
    const lotInLot = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { ...draft, kind: 'lot', lotCode: 'LOT-2026-PE-01' },
      key(),
    );
    expect(errorOf(lotInLot).code).toBe('INVALID_TRACE_LOT');
    const sku = await call(
      'POST',
      `/api/stores/${storeId}/trace-codes`,
      owner,
      { ...draft, skuId: 'sku_nope' },
      key(),
    );
    expect(sku.statusCode).toBe(422);
    expect(errorOf(sku)).toMatchObject({ code: 'SKU_NOT_OF_STORE', details: { field: 'skuId' } });
    // Nothing refused was appended: the log holds the four accepted events only.
    expect(await h.services.transparency.committedSize('provenance')).toBe(4);
  });
});
