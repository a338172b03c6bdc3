import type { CampaignDraft } from '../campaigns';

/**
 * 秋分 (the autumnal equinox) of a year 2001-2099 in Beijing time, the day of the 中国农民丰收节
 * (Chinese Farmers' Harvest Festival) since 2018: the 21st-century formula for the solar term,
 * floor(Y x 0.2422 + 23.042) - floor(Y / 4) with Y the year's last two digits (September).
 */
export function autumnEquinoxDay(year: number): number {
  const y = year % 100;
  return Math.floor(y * 0.2422 + 23.042) - Math.floor(y / 4);
}

const iso = (year: number, day: number) => `${year}-09-${String(day).padStart(2, '0')}T00:00:00+08:00`;

/**
 * The harvest-festival (丰收节) campaign preset: a public-welfare campaign whose venue is the
 * 助农 venue (farm-produce stores with their origin tags), a warm-up of five days before 秋分 and
 * a festival week from 秋分. Operators create it as a draft and edit it like any campaign.
 */
export function harvestFestivalPreset(year: number): CampaignDraft {
  const day = autumnEquinoxDay(year);
  const warmUp = iso(year, day - 5);
  const festival = iso(year, day);
  const end = iso(year, day + 7);
  return {
    slug: `harvest-festival-${year}`,
    kind: 'public_welfare',
    audiences: ['consumers', 'merchants', 'institutions'],
    title: { 'zh-CN': `${year} 丰收节 · 助农专场`, 'en-US': `${year} Harvest Festival: Farm Produce` },
    summary: {
      'zh-CN': '中国农民丰收节：产地直发的农产品，每件都标明产地，可扫码溯源。',
      'en-US':
        'The Farmers’ Harvest Festival: produce shipped from the farm, each item with its origin and a trace code.',
    },
    body: {
      'zh-CN':
        '助农专场汇集农产品店铺，商品标明产地（产地标签），支持扫码查看从采摘、检验、入库到发货的溯源记录。结算时选择“不要额外包装”可获得绿色积分。',
      'en-US':
        'The farm-produce venue gathers farm stores; items show their origin tags and a trace code from harvest and inspection to warehouse and shipment. Choosing no extra packaging at checkout earns green points.',
    },
    theme: { primaryColor: '#d48806', bannerUrl: null },
    organizer: { name: 'Carnival 助农' },
    timezone: 'Asia/Shanghai',
    startsAt: warmUp,
    endsAt: end,
    phases: [
      {
        key: 'warm_up',
        name: { 'zh-CN': '预热', 'en-US': 'Warm-up' },
        startsAt: warmUp,
        endsAt: festival,
      },
      {
        key: 'main',
        name: { 'zh-CN': '丰收节', 'en-US': 'Harvest festival' },
        startsAt: festival,
        endsAt: end,
      },
    ],
    seriesId: null,
  };
}
