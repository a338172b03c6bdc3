import { useI18n } from '../app/i18n';

import { yuan } from '../app/money';

export { yuan };

/** "159" or "159.9" or "159.90" (as typed) to fen; null when it is not an amount with at most two decimals. */
export function parseYuan(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * An order's number as people quote it: the id's last 12 characters (its time and randomness,
 * unique in practice), without the `ord_`/`sub_` prefix that is for machines.
 */
export const orderNo = (id: string) =>
  id
    .replace(/^[a-z]+_/, '')
    .slice(-12)
    .toUpperCase();

/** Fen to the plain input text "159.00". */
export const fenToInput = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Describes a promotion in words: 跨店每满300减50. */
export function describePromotion(
  p: {
    type: string;
    layer: string;
    step?: number;
    off?: number;
    threshold?: number;
    tiers?: { threshold: number; off: number }[];
    percent?: number;
  },
  zh: boolean,
): string {
  const y = (f = 0) => (f % 100 === 0 ? String(f / 100) : (f / 100).toFixed(2));
  const scope =
    p.layer === 'cross_store'
      ? zh
        ? '跨店'
        : 'Cross-store: '
      : p.layer === 'platform'
        ? zh
          ? '平台'
          : 'Platform: '
        : '';
  switch (p.type) {
    case 'every':
      return zh ? `${scope}每满${y(p.step)}减${y(p.off)}` : `${scope}${y(p.off)} off every ${y(p.step)}`;
    case 'allowance':
      return zh ? `购物津贴 每满${y(p.step)}减${y(p.off)}` : `Allowance: ${y(p.off)} off every ${y(p.step)}`;
    case 'coupon':
      return zh
        ? `${scope}券 满${y(p.threshold)}减${y(p.off)}`
        : `${scope}coupon ${y(p.off)} off ${y(p.threshold)}`;
    case 'threshold':
      return (p.tiers ?? [])
        .map((t) => (zh ? `满${y(t.threshold)}减${y(t.off)}` : `${y(t.off)} off ${y(t.threshold)}`))
        .join(zh ? '，' : ', ');
    case 'percent_off':
      return zh ? `${100 - (p.percent ?? 0)}折` : `${p.percent}% off`;
    default:
      return p.type;
  }
}

const TEXT = {
  'rule.ENROLLMENT_WINDOW': ['报名时间', 'Enrollment window'],
  'rule.STORE_CATEGORY': ['店铺类目', 'Store category'],
  'rule.STORE_RATING': ['店铺评分', 'Store rating'],
  'rule.STORE_CURRENCY': ['币种', 'Currency'],
  'rule.PROMOTION_COMMITMENT': ['承诺活动', 'Promotion commitment'],
  'rule.DISCOUNT_DEPTH': ['真实折扣', 'Real discount'],
  'rule.CAMPAIGN_STOCK': ['活动库存', 'Campaign stock'],
  'rule.SKU_NOT_IN_STORE': ['非本店商品', 'Not this store’s SKU'],
  'rule.DUPLICATE_SKU': ['重复提报', 'Listed twice'],
  'rule.ALREADY_NOMINATED': ['已提报', 'Already nominated'],
  'status.pending': ['待审核', 'Pending'],
  'status.approved': ['已通过', 'Approved'],
  'status.rejected': ['已驳回', 'Rejected'],
  'status.withdrawn': ['已撤回', 'Withdrawn'],
  needed: ['要求', 'needed'],
  given: ['提报', 'given'],
} as const;

export type TextKey = keyof typeof TEXT;

/** The small vocabulary shared by the merchant, review and venue pages, in both locales. */
export function useText() {
  const i18n = useI18n();
  const zh = i18n.locale === 'zh-CN';
  const tx = (key: TextKey | string): string =>
    (TEXT as Record<string, readonly [string, string]>)[key]?.[zh ? 0 : 1] ?? key;
  /** Inline bilingual text for one-off labels. */
  const l = (zhText: string, enText: string) => (zh ? zhText : enText);
  return { ...i18n, zh, tx, l };
}

export const STATUS_COLORS: Record<string, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** needed/given of a failure as text: money rules in yuan. */
export function showValue(rule: string, v: unknown): string {
  if (typeof v === 'number' && rule === 'DISCOUNT_DEPTH') return yuan(v);
  if (typeof v === 'number' && rule === 'STORE_RATING') return (v / 10).toFixed(1);
  if (Array.isArray(v)) return v.join(', ');
  if (v && typeof v === 'object') return Object.values(v as Record<string, unknown>).join(' – ');
  return String(v);
}
