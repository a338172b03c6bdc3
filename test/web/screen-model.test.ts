import { describe, expect, it } from 'vitest';
import { toScreenBody } from '../../web/src/screen/api';
import {
  countdownText,
  fitDesign,
  money,
  nextMilestone,
  perSecondWindow,
  WINDOW_SECONDS,
} from '../../web/src/screen/model';

/** The big screen's pure helpers and the wire adapter (issue 16). */
describe('big screen helpers', () => {
  it('maps the server snapshot to the page body (fen kept, seconds to ms)', () => {
    const body = toScreenBody({
      campaignId: 'cmp_1',
      seq: 7,
      at: '2026-11-11T00:00:05.000Z',
      lastEventAt: '2026-11-11T00:00:05.000Z',
      currency: 'CNY',
      gmv: 12345,
      orders: 3,
      buyers: 2,
      refundAmount: 100,
      refunds: 1,
      perSecond: [{ t: 1_794_355_205, gmv: 12345, orders: 3 }],
      byCategory: [{ key: 'apparel', gmv: 12345, orders: 3, units: 4 }],
      byProvince: [{ key: '浙江', gmv: 12345, orders: 3, units: 4 }],
      topStores: [{ key: 'str_1', name: '店', gmv: 12345, orders: 3, units: 4 }],
      topSkus: [{ key: 'sku_1', title: '品', storeId: 'str_1', units: 4, gmv: 12345, orders: 3 }],
      flashSales: [
        {
          slotId: 'fs_1',
          title: '秒杀',
          stock: 5,
          taken: 5,
          startsAt: 'x',
          endsAt: 'z',
          soldOutAt: 'y',
          sellOutSeconds: 3,
        },
      ],
      campaign: {
        title: { 'zh-CN': '双十一', 'en-US': 'Double 11' },
        timezone: 'Asia/Shanghai',
        startsAt: '2026-11-11T00:00:00.000Z',
        endsAt: '2026-11-12T00:00:00.000Z',
        phases: [],
      },
    });
    expect(body.totals).toEqual({ gmvFen: 12345, orders: 3, buyers: 2, refundFen: 100 });
    expect(body.perSecond[0]).toEqual({ t: 1_794_355_205_000, gmvFen: 12345, orders: 3 });
    expect(body.byProvince[0]).toEqual({ province: '浙江', gmvFen: 12345, orders: 3 });
    expect(body.flashSales[0]?.sold).toBe(5);
  });

  it('keeps the per-second window at a fixed length whatever arrives', () => {
    const end = Date.parse('2026-11-11T00:10:00Z');
    const points = Array.from({ length: 2000 }, (_, i) => ({ t: end - i * 1000, gmvFen: 1, orders: 1 }));
    const w = perSecondWindow(points, end);
    expect(w).toHaveLength(WINDOW_SECONDS);
    expect(w.every((p) => p.orders === 1)).toBe(true);
  });

  it('formats money in integer fen, fits 1920x1080 letterboxed, counts down to the next phase', () => {
    expect(money(123456789)).toBe('¥1,234,567.89');
    expect(money(-5)).toBe('-¥0.05');
    expect(fitDesign(960, 1080)).toEqual({ scale: 0.5, left: 0, top: 270 });
    const phases = [
      {
        key: 'main',
        name: { 'zh-CN': '开售' },
        startsAt: '2026-11-11T00:00:00Z',
        endsAt: '2026-11-12T00:00:00Z',
      },
    ];
    const next = nextMilestone(phases, '2026-11-12T00:00:00Z', Date.parse('2026-11-10T23:59:00Z'));
    expect(next.kind).toBe('phase');
    expect(countdownText(90_061_000, 'zh-CN')).toBe('1天 01:01:01');
  });
});
