import { describe, expect, it } from 'vitest';
import { consoleEnUS } from '../../web/src/app/i18n/console.en-US';
import { consoleZhCN } from '../../web/src/app/i18n/console.zh-CN';
import {
  describe as describePromotion,
  toFormValues,
  toPromotion,
} from '../../web/src/console/workbench/promotion-model';

const t = (key: string, vars?: Record<string, string | number>) =>
  ((consoleZhCN as Record<string, string>)[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) =>
    String(vars?.[n] ?? ''),
  );

describe('the workbench promotion form', () => {
  it('turns yuan typed into fen, keeps only the fields of the type, and round-trips', () => {
    const p = toPromotion({
      id: ' cross-300-50 ',
      layer: 'cross_store',
      type: 'every',
      step: '300',
      off: '50.5',
      amount: '9',
      tiers: [{ threshold: '100', off: '10' }],
      window: null,
    });
    expect(p).toEqual({ id: 'cross-300-50', layer: 'cross_store', type: 'every', step: 30_000, off: 5_050 });
    expect(toPromotion(toFormValues(p, true))).toEqual(p);
  });

  it('writes tiers in ascending order and percent coupons with their cap', () => {
    const tiers = toPromotion({
      id: 'tiers-1',
      layer: 'store',
      type: 'threshold',
      tiers: [
        { threshold: '199', off: '20' },
        { threshold: '399', off: '50' },
      ],
    });
    expect(tiers).toMatchObject({
      tiers: [
        { threshold: 19_900, off: 2_000 },
        { threshold: 39_900, off: 5_000 },
      ],
    });
    expect(describePromotion(tiers, t as never)).toBe('满 ¥199.00 减 ¥20.00，满 ¥399.00 减 ¥50.00');
    const every = toPromotion({
      id: 'x',
      layer: 'cross_store',
      type: 'every',
      step: '300',
      off: '50',
      cap: '200',
    });
    expect(describePromotion(every, t as never)).toBe('每满 ¥300.00 减 ¥50.00，最多减 ¥200.00');
    const pct = toPromotion({ id: 'p', layer: 'item', type: 'percent_off', percent: 20 });
    expect(describePromotion(pct, t as never)).toBe('打 8 折');
  });
});

describe('the console catalogue', () => {
  it('has every key in both languages, zh-CN without English words and en-US without Han', () => {
    expect(Object.keys(consoleEnUS).sort()).toEqual(Object.keys(consoleZhCN).sort());
    for (const [key, zh] of Object.entries(consoleZhCN)) {
      const words = (zh.replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g) ?? []).filter((w) => w !== 'CNY');
      expect(words, `zh-CN ${key}`).toEqual([]);
    }
    for (const [key, en] of Object.entries(consoleEnUS)) {
      expect(en.match(/\p{Script=Han}/gu) ?? [], `en-US ${key}`).toEqual([]);
      expect(en.trim(), `en-US ${key}`).not.toBe('');
    }
  });
});
