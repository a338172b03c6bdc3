import type { CampaignDraft } from '../modules/campaigns';

/**
 * A believable year of official events, in the spirit of the seed text: two shopping
 * festivals, a merchant conference, a marketing summit, an Apsara-style tech summit, a
 * harvest-festival rural campaign and a charity week. Times are Beijing time.
 */
export interface DemoSeries {
  slug: string;
  name: CampaignDraft['title'];
  rrule: string;
}

export const DEMO_SERIES: DemoSeries[] = [
  {
    slug: 'double-11',
    name: { 'zh-CN': '双十一全球狂欢节', 'en-US': 'Double 11 Global Shopping Festival' },
    rrule: 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=14',
  },
  {
    slug: '618',
    name: { 'zh-CN': '618 理想生活狂欢季', 'en-US': '618 Mid-Year Shopping Festival' },
    rrule: 'FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=20',
  },
  {
    slug: 'apsara',
    name: { 'zh-CN': '云栖大会', 'en-US': 'Apsara Conference' },
    rrule: 'FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=24',
  },
];

export type Demo = CampaignDraft & { slug: string; series?: string; publish: boolean; views: number };

const p = (key: string, zh: string, en: string, startsAt: string, endsAt: string) => ({
  key,
  name: { 'zh-CN': zh, 'en-US': en },
  startsAt,
  endsAt,
});

export const DEMO_CAMPAIGNS: Demo[] = [
  {
    slug: 'double-11-2026',
    series: 'double-11',
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': '2026 双十一全球狂欢节', 'en-US': '2026 Double 11 Global Shopping Festival' },
    summary: {
      'zh-CN': '一年一度的全球购物狂欢：跨店满减、定金膨胀、购物津贴，零点开抢。',
      'en-US':
        'The yearly global shopping festival: cross-store discounts, pre-sale deposits, shopping allowances, doors open at midnight.',
    },
    body: {
      'zh-CN':
        '预热期领取购物津贴与店铺券；预售期支付定金，定金膨胀抵扣尾款；11月11日零点正式开抢，跨店每满300减50。\n\n公益宝贝：带有公益标识的商品每成交一笔，商家将捐出约定金额。',
      'en-US':
        'Warm up by collecting allowances and store coupons; pay a pre-sale deposit that counts for more at the balance; the main sale opens at midnight on 11 November with 50 off every 300 across stores.\n\nCharity items: every sale of a marked item donates an agreed amount.',
    },
    theme: { primaryColor: '#ff5000', bannerUrl: null },
    organizer: { name: 'Carnival 平台活动中心' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-10-14T20:00:00+08:00',
    endsAt: '2026-11-20T00:00:00+08:00',
    phases: [
      p('warm_up', '预热', 'Warm-up', '2026-10-14T20:00:00+08:00', '2026-10-20T20:00:00+08:00'),
      p('presale', '预售', 'Pre-sale', '2026-10-20T20:00:00+08:00', '2026-10-31T20:00:00+08:00'),
      p('main', '正式开售', 'Main sale', '2026-10-31T20:00:00+08:00', '2026-11-12T00:00:00+08:00'),
      p('after_sale', '返场', 'After-sale', '2026-11-12T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
    ],
    publish: true,
    views: 171,
  },
  {
    slug: '618-2026',
    series: '618',
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': '2026 天猫618 理想生活狂欢季', 'en-US': '2026 618 Mid-Year Shopping Festival' },
    summary: {
      'zh-CN': '年中大促，满减叠加，品质好物一站购齐。',
      'en-US': 'The mid-year festival: stacked discounts on quality goods.',
    },
    body: {
      'zh-CN': '5月20日开启预售，6月18日巅峰狂欢。',
      'en-US': 'Pre-sale from 20 May, peak day on 18 June.',
    },
    theme: { primaryColor: '#e4393c', bannerUrl: null },
    organizer: { name: 'Carnival 平台活动中心' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-05-20T20:00:00+08:00',
    endsAt: '2026-06-21T00:00:00+08:00',
    phases: [
      p('presale', '预售', 'Pre-sale', '2026-05-20T20:00:00+08:00', '2026-05-31T20:00:00+08:00'),
      p('main', '正式开售', 'Main sale', '2026-05-31T20:00:00+08:00', '2026-06-19T00:00:00+08:00'),
      p('after_sale', '返场', 'After-sale', '2026-06-19T00:00:00+08:00', '2026-06-21T00:00:00+08:00'),
    ],
    publish: true,
    views: 96,
  },
  {
    slug: '618-2027',
    series: '618',
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': '2027 天猫618 理想生活狂欢季', 'en-US': '2027 618 Mid-Year Shopping Festival' },
    summary: {
      'zh-CN': '2027 年中大促，商家招商即将开启。',
      'en-US': 'The 2027 mid-year festival; merchant enrollment opens soon.',
    },
    body: { 'zh-CN': '招商规则将于三月发布。', 'en-US': 'Enrollment rules will be published in March.' },
    theme: { primaryColor: '#e4393c', bannerUrl: null },
    organizer: { name: 'Carnival 平台活动中心' },
    timezone: 'Asia/Shanghai',
    startsAt: '2027-05-20T20:00:00+08:00',
    endsAt: '2027-06-21T00:00:00+08:00',
    phases: [
      p('presale', '预售', 'Pre-sale', '2027-05-20T20:00:00+08:00', '2027-05-31T20:00:00+08:00'),
      p('main', '正式开售', 'Main sale', '2027-05-31T20:00:00+08:00', '2027-06-19T00:00:00+08:00'),
      p('after_sale', '返场', 'After-sale', '2027-06-19T00:00:00+08:00', '2027-06-21T00:00:00+08:00'),
    ],
    publish: true,
    views: 12,
  },
  {
    slug: 'global-merchant-conference-2026',
    kind: 'merchant_growth',
    audiences: ['merchants', 'partners'],
    title: { 'zh-CN': '2026 全球商家大会', 'en-US': '2026 Global Merchant Conference' },
    summary: {
      'zh-CN': '发布年度经营策略、平台规则与新工具，助力商家数字化增长。',
      'en-US': 'The year’s strategy, platform rules and new tools for merchant growth.',
    },
    body: {
      'zh-CN': '两天主论坛与行业分会场；现场发布商家成长计划。',
      'en-US': 'Two days of keynotes and industry tracks; the merchant growth plan is announced on stage.',
    },
    theme: { primaryColor: '#1677ff', bannerUrl: null },
    organizer: { name: 'Carnival 商家发展部' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-11-10T10:00:00+08:00',
    endsAt: '2026-12-10T18:00:00+08:00',
    phases: [
      p('registration', '报名', 'Registration', '2026-11-10T10:00:00+08:00', '2026-12-08T09:00:00+08:00'),
      p('event_days', '大会日程', 'Event days', '2026-12-08T09:00:00+08:00', '2026-12-10T18:00:00+08:00'),
    ],
    publish: true,
    views: 58,
  },
  {
    slug: 'marketing-summit-2027',
    kind: 'merchant_growth',
    audiences: ['merchants', 'partners', 'institutions'],
    title: { 'zh-CN': '2027 营销峰会', 'en-US': '2027 Marketing Summit' },
    summary: {
      'zh-CN': '全域营销方法论与广告新产品发布。',
      'en-US': 'Full-funnel marketing methods and new advertising products.',
    },
    body: {
      'zh-CN': '品牌、商家与服务商共同探讨年度营销趋势。',
      'en-US': 'Brands, merchants and agencies on the year’s marketing trends.',
    },
    theme: { primaryColor: '#722ed1', bannerUrl: null },
    organizer: { name: 'Carnival 营销平台' },
    timezone: 'Asia/Shanghai',
    startsAt: '2027-01-12T09:00:00+08:00',
    endsAt: '2027-01-13T18:00:00+08:00',
    phases: [
      p('event_days', '峰会', 'Summit days', '2027-01-12T09:00:00+08:00', '2027-01-13T18:00:00+08:00'),
    ],
    publish: true,
    views: 23,
  },
  {
    slug: 'apsara-conference-2026',
    series: 'apsara',
    kind: 'tech_summit',
    audiences: ['developers', 'partners', 'institutions'],
    title: { 'zh-CN': '2026 云栖大会', 'en-US': '2026 Apsara Conference' },
    summary: {
      'zh-CN': '云计算、人工智能与芯片的年度技术盛会。',
      'en-US': 'The yearly summit on cloud computing, AI and chips.',
    },
    body: {
      'zh-CN': '主论坛、百场分论坛与开发者动手实验室。',
      'en-US': 'Keynotes, a hundred tracks and hands-on developer labs.',
    },
    theme: { primaryColor: '#13c2c2', bannerUrl: null },
    organizer: { name: 'Carnival 云' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-08-01T10:00:00+08:00',
    endsAt: '2026-09-27T18:00:00+08:00',
    phases: [
      p(
        'registration',
        '报名与征集议题',
        'Registration and call for proposals',
        '2026-08-01T10:00:00+08:00',
        '2026-09-24T09:00:00+08:00',
      ),
      p('event_days', '大会日程', 'Event days', '2026-09-24T09:00:00+08:00', '2026-09-27T18:00:00+08:00'),
    ],
    publish: true,
    views: 240,
  },
  {
    slug: 'harvest-festival-2026',
    kind: 'public_welfare',
    audiences: ['consumers', 'merchants', 'institutions'],
    title: { 'zh-CN': '2026 丰收节 · 助农兴农', 'en-US': '2026 Harvest Festival for Rural Growth' },
    summary: {
      'zh-CN': '产地直发好物，帮助农户把丰收卖向全国。',
      'en-US': 'Produce shipped from the farm, helping growers sell their harvest nationwide.',
    },
    body: {
      'zh-CN': '精选产区直播带货，平台补贴物流费用。',
      'en-US': 'Live selling from growing regions; the platform subsidises shipping.',
    },
    theme: { primaryColor: '#d48806', bannerUrl: null },
    organizer: { name: 'Carnival 公益' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-09-18T00:00:00+08:00',
    endsAt: '2026-09-30T00:00:00+08:00',
    phases: [p('main', '丰收季', 'Harvest season', '2026-09-18T00:00:00+08:00', '2026-09-30T00:00:00+08:00')],
    publish: true,
    views: 77,
  },
  {
    slug: 'charity-week-2026',
    kind: 'public_welfare',
    audiences: ['consumers', 'merchants', 'institutions'],
    title: { 'zh-CN': '2026 年终公益周', 'en-US': '2026 Year-End Charity Week' },
    summary: {
      'zh-CN': '购买公益宝贝，每一笔捐赠都可在公开账本中查验。',
      'en-US': 'Buy charity items; every donation can be checked in the public ledger.',
    },
    body: {
      'zh-CN': '公益宝贝每成交一笔即捐出约定金额，账本公开可验证。',
      'en-US': 'Each sale of a charity item donates the agreed amount to a public, verifiable ledger.',
    },
    theme: { primaryColor: '#52c41a', bannerUrl: null },
    organizer: { name: 'Carnival 公益' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-11-23T00:00:00+08:00',
    endsAt: '2026-12-01T00:00:00+08:00',
    phases: [p('main', '公益周', 'Charity week', '2026-11-23T00:00:00+08:00', '2026-12-01T00:00:00+08:00')],
    publish: true,
    views: 35,
  },
];

const DAY = 24 * 3600 * 1000;

/** Midnight in Beijing, `days` from the Beijing date of `now`, as ISO with +08:00. */
function beijingMidnight(now: Date, days: number): string {
  const local = new Date(now.getTime() + 8 * 3600 * 1000 + days * DAY);
  return `${local.toISOString().slice(0, 10)}T00:00:00+08:00`;
}

/**
 * A festival that is live whenever the demo is first started (two days in, nineteen to go),
 * so a new user can shop the venue, check out and pay right away, whatever today's date.
 */
export function liveDemoCampaign(now: Date): Demo {
  const start = beijingMidnight(now, -2);
  const mainFrom = beijingMidnight(now, -1);
  const end = beijingMidnight(now, 19);
  const year = start.slice(0, 4);
  return {
    slug: `year-end-festival-${year}`,
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': `${year} 年终好物节`, 'en-US': `${year} Year-End Shopping Festival` },
    summary: {
      'zh-CN': '年终好物，跨店每满300减50，满999再减100，正在热卖。',
      'en-US': 'Year-end deals on now: 50 off every 300 across stores, and 100 off orders of 999.',
    },
    body: {
      'zh-CN': '进入会场挑选好物，加入购物车即可看到跨店满减与凑单提示；下单后用钱包支付，支持退款与价保。',
      'en-US':
        'Shop the venue: the cart shows the cross-store discount and how much more to add for the next one. Pay from your wallet; refunds and price protection included.',
    },
    theme: { primaryColor: '#fa541c', bannerUrl: null },
    organizer: { name: 'Carnival 平台活动中心' },
    timezone: 'Asia/Shanghai',
    startsAt: start,
    endsAt: end,
    phases: [
      p('warm_up', '预热', 'Warm-up', start, mainFrom),
      p('main', '正式开售', 'Main sale', mainFrom, end),
    ],
    publish: true,
    views: 64,
  };
}
