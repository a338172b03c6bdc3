import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock';
import { isAppError } from '../../../platform/errors';
import { type TestKvTarget, testKvTargets } from '../../../platform/kv/testing';
import { type AdmissionTokens, createAdmissionTokens } from './admission-token';
import { createWaitingRoom, type WaitingRoom, type WaitingRoomSlot } from './waiting-room';

const START = new Date('2026-11-11T00:00:00+08:00');

interface Env {
  clock: ManualClock;
  tokens: AdmissionTokens;
  room: WaitingRoom;
  slot: WaitingRoomSlot;
}

describe.each(testKvTargets())('the waiting room on %s', (_kind, makeTarget) => {
  const withRoom = async (admitPerSec: number, run: (env: Env) => Promise<void>) => {
    const target = makeTarget();
    try {
      await run(env(target, admitPerSec));
    } finally {
      await target.cleanup();
    }
  };
  function env(target: TestKvTarget, admitPerSec: number): Env {
    const clock = new ManualClock(new Date(START.getTime() - 600_000));
    const tokens = createAdmissionTokens({ secret: async () => 's', ttlMs: 120_000 });
    const room = createWaitingRoom({ kv: target.open()[0]!, tokens });
    const slot = { slotId: `fsl_${Math.random().toString(36).slice(2)}`, startsAt: START, admitPerSec };
    return { clock, tokens, room, slot };
  }

  it('early arrivals are shuffled, later ones follow in arrival order', async () => {
    await withRoom(10, async ({ clock, room, slot }) => {
      const early = Array.from({ length: 30 }, (_, i) => `usr_e${String(i).padStart(2, '0')}`);
      for (const c of early) {
        clock.advance(1_000);
        const s = await room.join(slot, c, clock.now());
        expect(s.admitted).toBe(false);
      }
      const place = async (c: string) => (await room.status(slot, c, clock.now())).position;
      const positions = await Promise.all(early.map(place));
      expect([...positions].sort((a, b) => a - b)).toEqual(early.map((_, i) => i + 1));
      // 1 in 30! that a shuffle keeps the arrival order.
      expect(positions).not.toEqual(early.map((_, i) => i + 1));
      clock.set(new Date(START.getTime() + 5));
      for (const c of ['usr_l1', 'usr_l0', 'usr_l2']) {
        clock.advance(3);
        await room.join(slot, c, clock.now());
      }
      expect(await place('usr_l1')).toBe(31);
      expect(await place('usr_l0')).toBe(32);
      expect(await place('usr_l2')).toBe(33);
    });
  });

  it('re-joining keeps the first place', async () => {
    await withRoom(10, async ({ clock, room, slot }) => {
      for (let i = 0; i < 20; i++) await room.join(slot, `usr_${i}`, clock.now());
      const first = (await room.status(slot, 'usr_7', clock.now())).position;
      for (let i = 0; i < 5; i++) expect((await room.join(slot, 'usr_7', clock.now())).position).toBe(first);
    });
  });

  it('admits at the rate from the start, tells the wait, and hands the admitted a token', async () => {
    await withRoom(2, async ({ clock, room, slot, tokens }) => {
      clock.set(new Date(START.getTime() + 1));
      for (let i = 0; i < 5; i++) {
        clock.advance(1);
        await room.join(slot, `usr_${i}`, clock.now());
      }
      clock.set(new Date(START.getTime() - 10_000));
      expect(await room.status(slot, 'usr_0', clock.now())).toEqual({
        position: 1,
        admitted: false,
        estimatedWaitSec: 10,
      });
      clock.set(START);
      const first = await room.status(slot, 'usr_0', clock.now());
      expect(first).toMatchObject({ position: 1, admitted: true, estimatedWaitSec: 0 });
      expect(await tokens.verify(first.token, slot.slotId, 'usr_0', clock.now())).toBe('ok');
      expect(first.tokenExpiresAt).toBe(new Date(START.getTime() + 120_000).toISOString());
      // 2/s: rank 4 goes in at +2 s.
      expect(await room.status(slot, 'usr_4', clock.now())).toEqual({
        position: 5,
        admitted: false,
        estimatedWaitSec: 2,
      });
      clock.set(new Date(START.getTime() + 1_000));
      expect((await room.status(slot, 'usr_2', clock.now())).admitted).toBe(true);
      expect((await room.status(slot, 'usr_3', clock.now())).admitted).toBe(false);
    });
  });

  it('someone who never joined is told to', async () => {
    await withRoom(2, async ({ clock, room, slot }) => {
      const e = await room.status(slot, 'usr_x', clock.now()).catch((err: unknown) => err);
      expect(isAppError(e) && e.code).toBe('NOT_IN_QUEUE');
    });
  });
});
