/**
 * Many hub events written straight into `campaigns` (batched INSERTs, no service calls), for
 * the hub benchmark and the query-plan tests: bilingual titles, summaries and bodies from
 * festival, summit, merchant and charity vocabularies, mixed kinds, audiences and workflow
 * statuses, dates over ten years around `now` (so most are ended, some live, some upcoming).
 * Deterministic for a given `seed`, so the old and the new schema get the same events.
 */
import { type Insertable, type Kysely, sql } from 'kysely';
import { gramsVector } from '../../src/modules/campaigns/drafts';
import { searchableText, slugify } from '../../src/modules/campaigns/search';
import type { DB } from '../../src/schema';

export interface HubSeedOptions {
  count: number;
  now: Date;
  /** PRNG seed; the same seed gives the same events. */
  seed?: number;
  batchSize?: number;
  /**
   * The schema before migration 0014: no `search_grams`, and `search_text` stored spaced and
   * compact (`<text> <compact>`), as the old code wrote it. For measuring the old server.
   */
  legacy?: boolean;
  /** Called after each batch with the number of rows written so far. */
  onProgress?: (written: number) => void;
}

export interface HubSeedResult {
  ownerId: string;
  /** Slugs of published events, to open their pages. */
  publishedSlugs: string[];
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES: [string, string][] = [
  ['杭州', 'Hangzhou'],
  ['上海', 'Shanghai'],
  ['北京', 'Beijing'],
  ['深圳', 'Shenzhen'],
  ['成都', 'Chengdu'],
  ['广州', 'Guangzhou'],
  ['武汉', 'Wuhan'],
  ['西安', "Xi'an"],
  ['南京', 'Nanjing'],
  ['重庆', 'Chongqing'],
  ['苏州', 'Suzhou'],
  ['厦门', 'Xiamen'],
  ['长沙', 'Changsha'],
  ['青岛', 'Qingdao'],
  ['昆明', 'Kunming'],
  ['义乌', 'Yiwu'],
];

type Kind = 'shopping_festival' | 'merchant_growth' | 'tech_summit' | 'public_welfare';
const TOPICS: Record<Kind, [string, string][]> = {
  shopping_festival: [
    ['双十一全球狂欢节', 'Double 11 Global Shopping Festival'],
    ['618 年中大促', '618 Mid-year Sale'],
    ['年货节', 'Spring Festival Goods Fair'],
    ['开学季', 'Back to School Season'],
    ['家装节', 'Home Makeover Festival'],
    ['美妆节', 'Beauty Festival'],
    ['数码焕新季', 'Digital Upgrade Season'],
    ['女王节', "Queen's Day Sale"],
    ['超级品牌日', 'Super Brand Day'],
    ['直播好物节', 'Livestream Picks Festival'],
  ],
  merchant_growth: [
    ['商家成长大会', 'Merchant Growth Conference'],
    ['新商家训练营', 'New Merchant Bootcamp'],
    ['跨境出海峰会', 'Cross-border Export Summit'],
    ['品牌增长论坛', 'Brand Growth Forum'],
    ['直播带货公开课', 'Livestream Selling Open Class'],
    ['供应链开放日', 'Supply Chain Open Day'],
    ['服务商大会', 'Service Partner Conference'],
  ],
  tech_summit: [
    ['云栖大会', 'Apsara Conference'],
    ['开发者大会', 'Developer Conference'],
    ['人工智能峰会', 'AI Summit'],
    ['数据库技术沙龙', 'Database Tech Salon'],
    ['开源技术周', 'Open Source Week'],
    ['云原生论坛', 'Cloud Native Forum'],
    ['大模型应用挑战赛', 'LLM Application Challenge'],
  ],
  public_welfare: [
    ['公益宝贝计划', 'Charity Goods Programme'],
    ['乡村振兴助农行动', 'Rural Revitalisation Farm Aid'],
    ['丰收节', 'Harvest Festival'],
    ['95 公益周', '95 Charity Week'],
    ['植树公益行', 'Tree Planting Charity Walk'],
    ['助学公益计划', 'Education Aid Programme'],
    ['适老化公益课堂', 'Digital Inclusion Classes for Seniors'],
  ],
};

const SENTENCES_ZH = [
  '本次活动面向全国商家与消费者开放，报名通道将在开幕前一周开启。',
  '现场设有主论坛、分论坛与互动展区，嘉宾将分享一线实践经验。',
  '活动期间跨店每满 300 元减 50 元，部分品类叠加平台优惠券。',
  '请提前完成实名认证，并在活动页面确认参会时间与地点。',
  '主办方提供线上直播，无法到场的观众也可以实时参与问答。',
  '优秀案例将获得流量扶持与专属运营指导。',
  '我们鼓励中小商家参与，平台为新入驻商家提供培训与工具。',
  '所有订单支持七天无理由退货，售后问题请联系店铺客服。',
  '活动收入的一部分将捐赠给乡村学校，用于改善教学条件。',
  '开发者可以通过开放平台接入活动接口，获取实时数据。',
  '本届大会聚焦云计算、数据智能与产业数字化的最新进展。',
  '志愿者招募同步开启，欢迎关注公益的朋友加入我们。',
  '预售阶段支付定金，尾款在正式开售后支付。',
  '每位用户每天可领取一次会场红包，先到先得。',
  '请注意防范诈骗，官方不会以任何理由索要验证码。',
  '展区按照行业划分，包括服饰、家电、美妆、食品与数码。',
  '参会者可在签到处领取资料包与纪念品。',
  '分会场将邀请行业专家解读最新政策与市场趋势。',
];

const SENTENCES_EN = [
  'The event is open to merchants and shoppers nationwide; registration opens one week before the start.',
  'There is a main stage, breakout sessions and an interactive expo where speakers share hands-on experience.',
  'During the event every 300 yuan spent across stores takes 50 yuan off, and some categories stack platform coupons.',
  'Please verify your identity in advance and confirm the time and venue on the event page.',
  'The organisers stream every session online, so remote attendees can join the Q&A live.',
  'Outstanding cases receive traffic support and dedicated operations coaching.',
  'Small merchants are encouraged to take part; new stores get training and tools from the platform.',
  'All orders can be returned within seven days without a reason; contact the store for after-sales help.',
  'Part of the proceeds goes to rural schools to improve their classrooms.',
  'Developers can use the open platform APIs of the event to receive real-time data.',
  'This year the conference focuses on cloud computing, data intelligence and the digital economy.',
  'Volunteer sign-up is open as well; everyone who cares about public welfare is welcome.',
  'Pay a deposit during the pre-sale and the balance once the main sale begins.',
  'Each user can claim one venue red packet a day, first come first served.',
  'Beware of fraud: the official team never asks for your verification code.',
  'The expo is organised by industry: apparel, appliances, beauty, food and electronics.',
  'Attendees can collect a welcome pack and a souvenir at the check-in desk.',
  'Breakout sessions feature industry experts on the latest policies and market trends.',
];

const ORGANIZERS = [
  'Carnival 平台运营中心',
  '商家发展部',
  '开发者关系团队',
  '公益基金会',
  '城市合作伙伴',
  '品牌联盟',
  '技术委员会',
  '跨境事业部',
];

const AUDIENCES = ['consumers', 'merchants', 'developers', 'partners', 'institutions'] as const;
const KIND_AUDIENCES: Record<Kind, (typeof AUDIENCES)[number][]> = {
  shopping_festival: ['consumers', 'merchants'],
  merchant_growth: ['merchants', 'partners'],
  tech_summit: ['developers', 'partners', 'institutions'],
  public_welfare: ['consumers', 'institutions', 'partners'],
};
const HOUR = 3600_000;
const DURATIONS = [2 * HOUR, 6 * HOUR, 24 * HOUR, 48 * HOUR, 72 * HOUR, 7 * 24 * HOUR, 14 * 24 * HOUR];

export async function seedHubEvents(db: Kysely<DB>, options: HubSeedOptions): Promise<HubSeedResult> {
  const rnd = mulberry32(options.seed ?? 20261111);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ownerId = `usr_hubbench${String(options.seed ?? 0).padStart(6, '0')}`;
  await db
    .insertInto('users')
    .values({
      id: ownerId,
      email: `hub-bench-${ownerId}@carnival.local`,
      display_name: 'Hub bench organizer',
      role: 'organizer',
      password_hash: 'not-a-hash',
      created_at: options.now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();

  const now = options.now.getTime();
  const span = 10 * 365 * 24 * HOUR; // eight years back, two ahead
  const first = now - 8 * 365 * 24 * HOUR;
  const batchSize = options.batchSize ?? 500;
  const publishedSlugs: string[] = [];
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // The legacy rows lack a column of today's schema, so they are not typed as today's rows.
    await db
      .insertInto('campaigns')
      .values(batch as unknown as Insertable<DB['campaigns']>[])
      .execute();
    batch = [];
  };

  for (let i = 0; i < options.count; i++) {
    const r = rnd();
    const kind: Kind =
      r < 0.4
        ? 'shopping_festival'
        : r < 0.65
          ? 'merchant_growth'
          : r < 0.85
            ? 'tech_summit'
            : 'public_welfare';
    const [topicZh, topicEn] = pick(TOPICS[kind]);
    const [cityZh, cityEn] = pick(CITIES);
    const startsAt = Math.floor((first + rnd() * span) / (15 * 60_000)) * 15 * 60_000;
    const endsAt = startsAt + pick(DURATIONS);
    const year = new Date(startsAt).getUTCFullYear();
    const session = 1 + Math.floor(rnd() * 30);
    const title = {
      'zh-CN': `${year} ${cityZh}${topicZh} 第${session}场`,
      'en-US': `${year} ${topicEn} ${cityEn} #${session}`,
    };
    const sentences = (pool: string[], n: number) => Array.from({ length: n }, () => pick(pool));
    const summary = {
      'zh-CN': `${cityZh}站：${pick(SENTENCES_ZH)}`,
      'en-US': `${cityEn}: ${pick(SENTENCES_EN)}`,
    };
    const body = {
      'zh-CN': sentences(SENTENCES_ZH, 4 + Math.floor(rnd() * 6)).join('\n\n'),
      'en-US': sentences(SENTENCES_EN, 4 + Math.floor(rnd() * 6)).join('\n\n'),
    };
    const organizer = { name: pick(ORGANIZERS) };
    const audiences = KIND_AUDIENCES[kind].filter(() => rnd() < 0.6);
    if (audiences.length === 0) audiences.push(KIND_AUDIENCES[kind][0]!);
    if (rnd() < 0.1) audiences.push(pick(AUDIENCES.filter((a) => !audiences.includes(a))));
    const w = rnd();
    const workflow = w < 0.85 ? 'published' : w < 0.93 ? 'draft' : w < 0.96 ? 'in_review' : 'archived';
    const slug = `${slugify(title['en-US'])}-${i}`;
    if (workflow === 'published' && publishedSlugs.length < 5000) publishedSlugs.push(slug);
    const phases =
      rnd() < 0.5
        ? []
        : [
            {
              key: 'warm_up',
              name: { 'zh-CN': '预热', 'en-US': 'Warm-up' },
              startsAt: new Date(startsAt).toISOString(),
              endsAt: new Date((startsAt + endsAt) / 2).toISOString(),
            },
            {
              key: 'main',
              name: { 'zh-CN': '正式', 'en-US': 'Main' },
              startsAt: new Date((startsAt + endsAt) / 2).toISOString(),
              endsAt: new Date(endsAt).toISOString(),
            },
          ];
    const text = searchableText({ slug, title, summary, body, organizer });
    const compact = text.replace(/ /g, '');
    batch.push({
      id: `cmp_hub${String(i).padStart(9, '0')}${String(options.seed ?? 0).padStart(6, '0')}`,
      slug,
      kind,
      audiences,
      workflow_status: workflow,
      title: JSON.stringify(title),
      summary: JSON.stringify(summary),
      body: JSON.stringify(body),
      theme: JSON.stringify({ primaryColor: '#ff5000', bannerUrl: null }),
      organizer_name: organizer.name,
      owner_id: ownerId,
      timezone: 'Asia/Shanghai',
      starts_at: new Date(startsAt),
      ends_at: new Date(endsAt),
      phases: JSON.stringify(phases),
      series_id: null,
      edition: null,
      view_count: Math.floor(rnd() * 50_000),
      created_at: new Date(startsAt - 30 * 24 * HOUR),
      updated_at: new Date(startsAt - 30 * 24 * HOUR),
      ...(options.legacy
        ? { search_text: `${text} ${compact}` }
        : { search_text: compact, search_grams: gramsVector(compact) }),
    });
    if (batch.length >= batchSize) {
      await flush();
      options.onProgress?.(i + 1);
    }
  }
  await flush();
  options.onProgress?.(options.count);
  return { ownerId, publishedSlugs };
}

/** After a bulk load: the visibility map (index-only scans) and fresh planner statistics. */
export async function vacuumAnalyzeCampaigns(db: Kysely<DB>): Promise<void> {
  await sql`VACUUM ANALYZE campaigns`.execute(db);
}
