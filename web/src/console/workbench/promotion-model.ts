import type { MessageKey } from '../../app/i18n/zh-CN';
import { dayjs } from '../../app/time';
import { fenOf, fenToInput, isoOf, yuan } from '../money';
import type { Promotion } from '../ops-api';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Which types each layer takes (the pricing registry: src/modules/pricing/promotion-types.ts). */
export const LAYER_TYPES = {
  item: ['amount_off', 'percent_off', 'fixed_price', 'presale'],
  store: ['threshold', 'every'],
  cross_store: ['every', 'threshold'],
  platform: ['allowance', 'every', 'threshold'],
} as const;
export type Layer = keyof typeof LAYER_TYPES;
export const LAYERS = Object.keys(LAYER_TYPES) as Layer[];
export type PromotionType = Promotion['type'];

/** The promotion id as the server takes it (an entity id), kept readable for people. */
export const PROMOTION_ID = /^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/;

/** The drawer's form: money as yuan text, times as dayjs. */
export interface PromotionFormValues {
  id: string;
  layer: Layer;
  type: PromotionType;
  amount?: string;
  percent?: number;
  price?: string;
  deposit?: string;
  depositValue?: string;
  tiers?: { threshold?: string; off?: string }[];
  step?: string;
  off?: string;
  cap?: string;
  threshold?: string;
  maxOff?: string;
  window?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
  stores?: string[];
  required?: boolean;
}

type P = Record<string, unknown> & { id: string; layer: Layer; type: PromotionType };

export function toFormValues(p: Promotion, required: boolean): PromotionFormValues {
  const q = p as unknown as Record<string, unknown>;
  const y = (k: string) => (typeof q[k] === 'number' ? fenToInput(q[k] as number) : undefined);
  return {
    id: p.id,
    layer: p.layer as Layer,
    type: p.type,
    amount: y('amount'),
    percent: typeof q.percent === 'number' ? (q.percent as number) : undefined,
    price: y('price'),
    deposit: y('deposit'),
    depositValue: y('depositValue'),
    tiers: Array.isArray(q.tiers)
      ? (q.tiers as { threshold: number; off: number }[]).map((t) => ({
          threshold: fenToInput(t.threshold),
          off: fenToInput(t.off),
        }))
      : [{}],
    step: y('step'),
    off: y('off'),
    cap: y('cap'),
    threshold: y('threshold'),
    maxOff: y('maxOff'),
    window:
      p.startsAt || p.endsAt
        ? [p.startsAt ? dayjs(p.startsAt) : null, p.endsAt ? dayjs(p.endsAt) : null]
        : null,
    stores: p.stores,
    required,
  };
}

/** The engine's promotion (docs/pricing.md) from the form; fields of other types are left out. */
export function toPromotion(v: PromotionFormValues): Promotion {
  const p: P = { id: v.id.trim(), layer: v.layer, type: v.type };
  const put = (k: string, val: unknown) => {
    if (val !== undefined && val !== null) p[k] = val;
  };
  switch (v.type) {
    case 'amount_off':
      put('amount', fenOf(v.amount));
      break;
    case 'percent_off':
      put('percent', v.percent);
      break;
    case 'fixed_price':
      put('price', fenOf(v.price));
      break;
    case 'presale':
      put('deposit', fenOf(v.deposit));
      put('depositValue', fenOf(v.depositValue));
      break;
    case 'threshold':
      put(
        'tiers',
        (v.tiers ?? []).map((t) => ({ threshold: fenOf(t.threshold) ?? 0, off: fenOf(t.off) ?? 0 })),
      );
      break;
    case 'every':
      put('step', fenOf(v.step));
      put('off', fenOf(v.off));
      put('cap', fenOf(v.cap));
      break;
    case 'allowance':
      put('step', fenOf(v.step));
      put('off', fenOf(v.off));
      break;
    case 'coupon':
      put('threshold', fenOf(v.threshold));
      put('off', fenOf(v.off));
      break;
    case 'percent_coupon':
      put('threshold', fenOf(v.threshold));
      put('percent', v.percent);
      put('maxOff', fenOf(v.maxOff));
      break;
  }
  put('startsAt', isoOf(v.window?.[0]));
  put('endsAt', isoOf(v.window?.[1]));
  if (v.stores?.length) p.stores = v.stores;
  return p as unknown as Promotion;
}

/** A promotion in words, money as money: 每满 ¥300.00 减 ¥50.00. */
export function describe(p: Promotion, t: Translate): string {
  const q = p as unknown as Record<string, number | undefined> & {
    tiers?: { threshold: number; off: number }[];
  };
  const m = (k: string) => yuan(q[k] ?? 0);
  const discount = (percent: number) => String((100 - percent) / 10);
  switch (p.type) {
    case 'amount_off':
      return t('promo.amountOff', { amount: m('amount') });
    case 'percent_off':
      return t('promo.percentOff', { percent: q.percent ?? 0, discount: discount(q.percent ?? 0) });
    case 'fixed_price':
      return t('promo.fixed', { price: m('price') });
    case 'presale':
      return t('promo.presaleRule', { deposit: m('deposit'), value: m('depositValue') });
    case 'threshold':
      return (q.tiers ?? [])
        .map((tier) => t('promo.tier', { threshold: yuan(tier.threshold), off: yuan(tier.off) }))
        .join(t('console.listSep'));
    case 'every':
      return q.cap
        ? t('promo.everyCap', { step: m('step'), off: m('off'), cap: m('cap') })
        : t('promo.every', { step: m('step'), off: m('off') });
    case 'allowance':
      return t('promo.allowanceRule', { step: m('step'), off: m('off') });
    case 'coupon':
      return q.threshold
        ? t('promo.couponRule', { threshold: m('threshold'), off: m('off') })
        : t('promo.couponNoThreshold', { off: m('off') });
    case 'percent_coupon':
      return (
        t('promo.percentCouponRule', {
          threshold: m('threshold'),
          percent: q.percent ?? 0,
          discount: discount(q.percent ?? 0),
        }) + (q.maxOff ? t('promo.percentCouponCap', { maxOff: m('maxOff') }) : '')
      );
    default:
      return '';
  }
}

export function windowText(p: { startsAt?: string; endsAt?: string }, t: Translate): string {
  if (!p.startsAt && !p.endsAt) return t('promo.always');
  const f = (iso?: string) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '');
  return `${f(p.startsAt)} – ${f(p.endsAt)}`;
}
