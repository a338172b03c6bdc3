/**
 * The venue's pure 秒杀 helpers: countdown text, stock share, the status by the server's clock.
 * (The clock offset itself is web/src/app/server-clock.ts, tested in test/server-clock.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { FlashSlot } from '../../web/src/api/flash-sales';
import { formatCountdown, takenPercent } from '../../web/src/flash/countdown';
import { statusAt } from '../../web/src/flash/slot-status';

const slot = (over: Partial<FlashSlot> = {}): FlashSlot => ({
  id: 'fsl_1',
  campaignId: 'cmp_1',
  skuId: 'sku_1',
  storeId: 'sto_1',
  title: '双面羊毛大衣',
  listPrice: 89900,
  flashPrice: 59900,
  currency: 'CNY',
  stock: 5,
  remaining: 5,
  perCustomerLimit: 1,
  checkoutMinutes: 5,
  startsAt: '2026-11-10T16:00:00.000Z',
  endsAt: '2026-11-10T17:00:00.000Z',
  status: 'scheduled',
  waitingRoom: false,
  minAccountAgeHours: 0,
  limits: { slotRatePerSec: null, customerRatePerSec: null, ipRatePerSec: null },
  soldOutAt: null,
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe('formatCountdown', () => {
  it('rounds up to the second, so 00:00:00 shows only at the moment itself', () => {
    expect(formatCountdown(3_001)).toBe('00:00:04');
    expect(formatCountdown(3_000)).toBe('00:00:03');
    expect(formatCountdown(1)).toBe('00:00:01');
    expect(formatCountdown(0)).toBe('00:00:00');
    expect(formatCountdown(-5_000)).toBe('00:00:00');
  });
  it('shows hours past a day, or the day word when given one', () => {
    const ms = (26 * 3600 + 5 * 60 + 7) * 1000;
    expect(formatCountdown(ms)).toBe('26:05:07');
    expect(formatCountdown(ms, (n) => `${n} 天`)).toBe('1 天 02:05:07');
  });
});

describe('takenPercent', () => {
  it('is the share taken, whole percent, within 0..100', () => {
    expect(takenPercent(5, 4)).toBe(20);
    expect(takenPercent(3, 1)).toBe(67);
    expect(takenPercent(0, 0)).toBe(0);
    expect(takenPercent(5, 9)).toBe(0);
  });
});

describe('statusAt (the server clock between polls)', () => {
  it('opens a scheduled slot at its start without waiting for the next poll', () => {
    expect(statusAt(slot(), at('2026-11-10T15:59:59.999Z'))).toBe('scheduled');
    expect(statusAt(slot(), at('2026-11-10T16:00:00.000Z'))).toBe('running');
  });
  it('is sold out at no stock, ended at the end, paused until the end, closed always', () => {
    expect(statusAt(slot({ remaining: 0 }), at('2026-11-10T16:10:00Z'))).toBe('sold_out');
    expect(statusAt(slot({ status: 'running' }), at('2026-11-10T17:00:00Z'))).toBe('ended');
    expect(statusAt(slot({ status: 'paused' }), at('2026-11-10T16:10:00Z'))).toBe('paused');
    expect(statusAt(slot({ status: 'paused' }), at('2026-11-10T17:00:00Z'))).toBe('ended');
    expect(statusAt(slot({ status: 'closed' }), at('2026-11-10T16:10:00Z'))).toBe('closed');
  });
});
