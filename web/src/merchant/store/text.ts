import type { Translate } from '../../app/i18n';
import { parseYuan } from '../format';

/** A SKU's sales attributes as people read them: 颜色 红 / 尺码 M; 默认规格 when it has none. */
export function skuLabel(sku: { attributes: Record<string, string> }, t: Translate): string {
  const parts = Object.entries(sku.attributes).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(' / ') : t('merchant.products.defaultSpec');
}

/** A form rule for an amount typed in yuan (at most two decimals, above zero unless `zero`). */
export function yuanRule(t: Translate, opts: { zero?: boolean } = {}) {
  return {
    validator: async (_: unknown, v: unknown) => {
      const fen = parseYuan(v as string);
      if (fen === null || (!opts.zero && fen === 0)) throw new Error(t('merchant.form.yuan'));
    },
  };
}

const y = (fen = 0) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** A store coupon in words: 满300减30, 无门槛减10, 9折 (最多减20). */
export function couponText(
  p: { type: string; threshold?: number; off?: number; percent?: number; maxOff?: number },
  t: Translate,
): string {
  if (p.type === 'coupon')
    return p.threshold
      ? t('merchant.coupons.text.threshold', { threshold: y(p.threshold), off: y(p.off) })
      : t('merchant.coupons.text.noThreshold', { off: y(p.off) });
  if (p.type === 'percent_coupon')
    return t('merchant.coupons.text.percent', {
      percent: String(p.percent ?? 0),
      zhe: String((100 - (p.percent ?? 0)) / 10),
      max: y(p.maxOff),
    });
  return t('merchant.coupons.text.other');
}
