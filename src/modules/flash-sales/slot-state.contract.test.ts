import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestKvTarget, testKvTargets } from '../../platform/kv/testing';
import type { ReserveInput, SlotSnapshot, SlotStateStore } from './slot-state';
import { slotStateFor } from './slot-states';

/** One contract, both implementations: in-process always, Redis (Lua) when REDIS_URL is set. */
describe.each(testKvTargets())('SlotStateStore contract: %s', (_kind, makeTarget) => {
  let target: TestKvTarget;
  let states: SlotStateStore[];
  let state: SlotStateStore;
  let n = 0;
  let slotId: string;

  beforeEach(() => {
    target = makeTarget();
    states = target.open(4).map(slotStateFor);
    state = states[0]!;
    slotId = `fsl_contract${++n}`;
  });
  afterEach(async () => {
    await target.cleanup();
  });

  const empty = (remaining: number, extra: Partial<SlotSnapshot> = {}): SlotSnapshot => ({
    remaining,
    units: [],
    live: [],
    answers: [],
    ended: [],
    stateTtlMs: 60_000,
    ...extra,
  });
  let seq = 0;
  const input = (customerId: string, key: string, extra: Partial<ReserveInput> = {}): ReserveInput => ({
    slotId,
    customerId,
    idempotencyKey: key,
    quantity: 1,
    perCustomerLimit: 1,
    reservationId: `fsr_${++seq}`,
    answerText: `{"reservation":{"id":"fsr_${seq}"}}`,
    nowMs: Date.now(),
    liveTtlMs: 60_000,
    stateTtlMs: 60_000,
    gate: null,
    ...extra,
  });
  const entryOf = (i: ReserveInput) => ({
    reservationId: i.reservationId,
    customerId: i.customerId,
    quantity: i.quantity,
    idempotencyKey: i.idempotencyKey,
  });
  const remainingOf = async () => (await state.remaining([slotId])).get(slotId);

  it('is warming until rebuilt, and a rebuild of a ready slot changes nothing', async () => {
    expect(await state.reserve(input('c1', 'k'))).toEqual({ kind: 'warming' });
    expect(await state.isReady(slotId)).toBe(false);
    expect(await remainingOf()).toBeNull();
    expect(await state.rebuild(slotId, empty(3))).toBe(true);
    expect(await state.rebuild(slotId, empty(99))).toBe(false);
    expect(await remainingOf()).toBe(3);
    await state.forget(slotId);
    expect(await state.isReady(slotId)).toBe(false);
  });

  it('reserves, keeps the key in flight until commit, then replays the answer', async () => {
    await state.rebuild(slotId, empty(2));
    const first = input('c1', 'k1');
    expect(await state.reserve(first)).toEqual({ kind: 'reserved', remaining: 1 });
    expect(await state.reserve(input('c1', 'k1'))).toEqual({ kind: 'in_flight' });
    await state.commit(slotId, [{ entry: entryOf(first), answerText: first.answerText }]);
    expect(await state.reserve(input('c1', 'k1'))).toEqual({ kind: 'replay', text: first.answerText });
    expect(await state.stalePending(slotId, Date.now() + 1_000)).toEqual([]);
  });

  it('tells the stored answer of a key without taking anything', async () => {
    await state.rebuild(slotId, empty(1));
    expect(await state.storedAnswer(slotId, 'c1', 'k1', Date.now())).toBeNull();
    const first = input('c1', 'k1');
    await state.reserve(first);
    expect(await state.storedAnswer(slotId, 'c1', 'k1', Date.now())).toEqual({ kind: 'in_flight' });
    await state.commit(slotId, [{ entry: entryOf(first), answerText: first.answerText }]);
    expect(await states[1]!.storedAnswer(slotId, 'c1', 'k1', Date.now())).toEqual({
      kind: 'replay',
      text: first.answerText,
    });
    await state.reserve(input('c2', 'k2'));
    expect(await state.storedAnswer(slotId, 'c2', 'k2', Date.now())).toEqual({
      kind: 'refused',
      refusal: { code: 'SOLD_OUT', reason: '' },
      replayed: true,
    });
    expect(await state.storedAnswer(slotId, 'c2', 'other', Date.now())).toBeNull();
    expect(await remainingOf()).toBe(0);
  });

  it('refuses in order: gate, live reservation, limit, sold out; each refusal replays', async () => {
    await state.rebuild(slotId, empty(3));
    expect(await state.reserve(input('c1', 'early', { gate: 'NOT_STARTED' }))).toEqual({
      kind: 'refused',
      refusal: { code: 'NOT_STARTED', reason: '' },
      replayed: false,
    });
    expect(await state.reserve(input('c1', 'early'))).toMatchObject({ kind: 'refused', replayed: true });
    expect((await state.reserve(input('c1', 'a', { perCustomerLimit: 2 }))).kind).toBe('reserved');
    expect(await state.reserve(input('c1', 'b', { perCustomerLimit: 2 }))).toMatchObject({
      refusal: { code: 'LIMIT_REACHED', reason: 'live_reservation' },
    });
    expect(await state.reserve(input('c2', 'a', { quantity: 2 }))).toMatchObject({
      refusal: { code: 'LIMIT_REACHED', reason: 'limit' },
    });
    expect((await state.reserve(input('c2', 'b', { quantity: 2, perCustomerLimit: 2 }))).kind).toBe(
      'reserved',
    );
    expect(await state.reserve(input('c3', 'a'))).toMatchObject({
      refusal: { code: 'SOLD_OUT' },
      replayed: false,
    });
    expect(await state.reserve(input('c3', 'a'))).toMatchObject({
      refusal: { code: 'SOLD_OUT' },
      replayed: true,
    });
    expect(await remainingOf()).toBe(0);
  });

  it('compensates once, recording the refusal or forgetting the key', async () => {
    await state.rebuild(slotId, empty(1));
    const a = input('c1', 'k');
    await state.reserve(a);
    expect(await state.compensate(slotId, entryOf(a), { code: 'SOLD_OUT', reason: '' })).toBe(true);
    expect(await state.compensate(slotId, entryOf(a), { code: 'SOLD_OUT', reason: '' })).toBe(false);
    expect(await remainingOf()).toBe(1);
    expect(await state.reserve(input('c1', 'k'))).toMatchObject({
      refusal: { code: 'SOLD_OUT' },
      replayed: true,
    });
    const b = input('c1', 'k2');
    expect((await state.reserve(b)).kind).toBe('reserved');
    expect(await state.compensate(slotId, entryOf(b), null)).toBe(true);
    // Forgotten: the same key runs again, and the unit and the customer's limit are free.
    expect((await state.reserve(input('c1', 'k2'))).kind).toBe('reserved');
  });

  it('returns a released unit at most once, and lists stale pending entries', async () => {
    await state.rebuild(slotId, empty(1));
    const a = input('c1', 'k', { nowMs: 1_000 });
    await state.reserve(a);
    expect(await state.stalePending(slotId, 2_000)).toEqual([entryOf(a)]);
    expect(await state.stalePending(slotId, 500)).toEqual([]);
    await state.commit(slotId, [{ entry: entryOf(a), answerText: a.answerText }]);
    const unit = { reservationId: a.reservationId, customerId: 'c1', quantity: 1, markerTtlMs: 60_000 };
    const twice = await Promise.all([state.release(slotId, unit), states[1]!.release(slotId, unit)]);
    expect(twice.filter(Boolean)).toHaveLength(1);
    expect(await remainingOf()).toBe(1);
    // The customer's live reservation and unit are gone: they may reserve again.
    expect((await state.reserve(input('c1', 'k-again'))).kind).toBe('reserved');
  });

  it('a release that lands before a rebuild is counted back by the rebuild, once', async () => {
    const unit = { reservationId: 'fsr_x', customerId: 'c1', quantity: 1, markerTtlMs: 60_000 };
    expect(await state.release(slotId, unit)).toBe(false);
    await state.rebuild(
      slotId,
      empty(0, {
        units: [['c1', 1]],
        live: [{ customerId: 'c1', reservationId: 'fsr_x', quantity: 1, ttlMs: 60_000 }],
        answers: [{ customerId: 'c1', idempotencyKey: 'old', text: '{"old":1}' }],
        ended: ['fsr_gone'],
      }),
    );
    expect(await remainingOf()).toBe(1);
    expect(await state.release(slotId, unit)).toBe(false);
    expect(await state.release(slotId, { ...unit, reservationId: 'fsr_gone' })).toBe(false);
    expect(await state.reserve(input('c1', 'old'))).toEqual({ kind: 'replay', text: '{"old":1}' });
    expect((await state.reserve(input('c1', 'new'))).kind).toBe('reserved');
  });

  it('rebuilds live reservations and units, so limits hold across a restart', async () => {
    await state.rebuild(
      slotId,
      empty(5, {
        units: [['c1', 1]],
        live: [{ customerId: 'c1', reservationId: 'fsr_live', quantity: 1, ttlMs: 60_000 }],
      }),
    );
    expect(await state.reserve(input('c1', 'x', { perCustomerLimit: 3 }))).toMatchObject({
      refusal: { reason: 'live_reservation' },
    });
    await state.clearLive(slotId, 'c1', 'fsr_live');
    expect(await state.reserve(input('c1', 'y', { quantity: 2 }))).toMatchObject({
      refusal: { reason: 'limit' },
    });
    expect((await state.reserve(input('c1', 'z', { quantity: 2, perCustomerLimit: 3 }))).kind).toBe(
      'reserved',
    );
  });

  it('repairs remaining only at a quiet moment and only from the value observed', async () => {
    await state.rebuild(slotId, empty(5));
    expect(await state.quietRemaining(slotId)).toBe(5);
    expect(await state.repairRemaining(slotId, 4, 2)).toBe(false);
    expect(await state.repairRemaining(slotId, 5, 2)).toBe(true);
    expect(await remainingOf()).toBe(2);
    const a = input('c1', 'k');
    await state.reserve(a);
    expect(await state.quietRemaining(slotId)).toBeNull();
    expect(await state.repairRemaining(slotId, 1, 9)).toBe(false);
    await state.commit(slotId, [{ entry: entryOf(a), answerText: a.answerText }]);
    expect(await state.quietRemaining(slotId)).toBe(1);
  });

  it('never takes more than there is under parallel callers on separate connections', async () => {
    await state.rebuild(slotId, empty(10));
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => states[i % states.length]!.reserve(input(`c${i % 50}`, `k${i}`))),
    );
    const reserved = outcomes.filter((o) => o.kind === 'reserved');
    expect(reserved).toHaveLength(10);
    expect(await remainingOf()).toBe(0);
    expect(await state.stalePending(slotId, Date.now() + 1_000)).toHaveLength(10);
  });
});
