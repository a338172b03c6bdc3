import type { Localized } from '../campaigns';

/**
 * Green choices at checkout (issue 10 item 7, docs/traceability.md#green-points): what each
 * earns, and the CO2 estimate behind it with its basis and source, shown to the customer as is.
 * The estimates are deliberately simple and published: per parcel, not per product.
 */
export const GREEN_CHOICE_IDS = ['no-extra-packaging', 'paperless-invoice'] as const;
export type GreenChoiceId = (typeof GREEN_CHOICE_IDS)[number];

export interface GreenChoice {
  id: GreenChoiceId;
  /** Green points earned per parcel (sub-order) of an order that makes the choice. */
  points: number;
  /** Estimated CO2-equivalent avoided per parcel, grams. */
  co2Grams: number;
  /** How the estimate is made, in words. */
  basis: Localized;
  /** Where its factor comes from. */
  source: Localized;
}

export const GREEN_CHOICES: Record<GreenChoiceId, GreenChoice> = {
  'no-extra-packaging': {
    id: 'no-extra-packaging',
    points: 10,
    co2Grams: 150,
    basis: {
      'zh-CN': '每个包裹少用一个外箱及填充物：约 150 克瓦楞纸板，按每千克纸板约 1 千克二氧化碳当量计。',
      'en-US':
        'One outer carton and its filler not used per parcel: about 150 g of corrugated board at about 1 kg CO2e per kg of board.',
    },
    source: {
      'zh-CN':
        'Carnival 估算；瓦楞纸板生命周期研究（如 FEFCO 欧洲数据库）给出的排放因子约为每千克 0.6 至 1.2 千克二氧化碳当量。请以承运商经审计的因子替换。',
      'en-US':
        'Carnival estimate; corrugated board life-cycle studies (e.g. FEFCO’s European database) report roughly 0.6 to 1.2 kg CO2e per kg. Replace with an audited factor for your carriers.',
    },
  },
  'paperless-invoice': {
    id: 'paperless-invoice',
    points: 2,
    co2Grams: 10,
    basis: {
      'zh-CN': '以电子发票代替包裹内的纸质单据：约 5 克办公用纸，按每千克纸约 2 千克二氧化碳当量计。',
      'en-US':
        'An electronic invoice instead of printed slips in the parcel: about 5 g of office paper at about 2 kg CO2e per kg.',
    },
    source: {
      'zh-CN':
        'Carnival 估算；办公用纸生命周期研究给出的排放因子约为每千克 1 至 3 千克二氧化碳当量（含印刷与运输）。',
      'en-US':
        'Carnival estimate; office paper life-cycle studies report roughly 1 to 3 kg CO2e per kg of paper, printing and transport included.',
    },
  },
};

export const isGreenChoice = (value: string): value is GreenChoiceId =>
  (GREEN_CHOICE_IDS as readonly string[]).includes(value);
