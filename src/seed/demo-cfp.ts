/**
 * The demo's call for proposals (issue 12): the Apsara summit that sells tickets ran a call that
 * is now closed. About forty proposals by a dozen demo speakers over four tracks, three reviewers
 * (reviewer1..3@carnival.local, appointed per track) who scored them, about half accepted and
 * most of those confirmed, so the programme's seed (which runs next) finds confirmed sessions to
 * place. Everything goes through the cfp module's own service calls, as people would.
 */
import type { createServices } from '../app';
import type { AppContext } from '../context';
import { insertTrack, listTracks } from '../modules/programme';
import type { Actor } from '../platform/auth';

type Services = ReturnType<typeof createServices>;

const TRACKS: [string, string, string][] = [
  ['人工智能', 'AI', '#722ed1'],
  ['云原生', 'Cloud native', '#1677ff'],
  ['芯片与硬件', 'Chips & hardware', '#fa8c16'],
  ['开发者', 'Developers', '#52c41a'],
];

const SPEAKERS: [string, string][] = [
  ['周子衡', '星河智算'],
  ['陈书瑶', '青禾云'],
  ['李牧之', '岚芯科技'],
  ['王若溪', '远帆数据'],
  ['赵一帆', '墨云开发者社区'],
  ['孙可欣', '北辰芯片'],
  ['Daniel Hart', 'Northwind Labs'],
  ['刘思远', '云杉网络'],
  ['黄亦舒', '蓝鲸安全'],
  ['Priya Nair', 'Quill Systems'],
  ['郑浩然', '知行机器人'],
  ['吴清越', '松果 AI'],
];

/** Title stems per track, zh; a few are written in English by English-speaking speakers. */
const TOPICS: string[][] = [
  [
    '大模型推理的成本优化',
    '多模态检索的工程实践',
    '智能体在客服中的落地',
    'RAG 的评测方法',
    '小模型蒸馏',
    '训练数据治理',
    'AI 代码助手的安全边界',
    'Serving LLMs at the edge',
    '长上下文的工程代价',
    '推荐系统与大模型',
  ],
  [
    'Kubernetes 的多集群治理',
    'Serverless 冷启动优化',
    '服务网格的取舍',
    '可观测性的成本',
    '云上数据库的弹性',
    'eBPF 在网络中的应用',
    'Platform engineering in practice',
    '混合云的迁移经验',
    '云原生安全基线',
    '容量规划与大促',
  ],
  [
    'RISC-V 服务器的进展',
    '存算一体',
    '推理芯片的编译器',
    'Chiplet 的互联',
    '数据中心的液冷',
    '端侧 NPU 的调度',
    'Open hardware for AI',
    '国产 GPU 的软件栈',
    '芯片验证的自动化',
    '边缘设备的功耗',
  ],
  [
    '开源社区的运营',
    '低代码与 AI 的融合',
    '开发者体验度量',
    '软件供应链安全',
    '测试左移',
    'API 设计的十条经验',
    'Writing docs developers read',
    '从单体到模块化',
    '技术债的偿还节奏',
    '移动端性能优化',
  ],
];

const asActor = (u: { id: string; email: string; display_name: string; role: string }): Actor => ({
  userId: u.id,
  role: u.role as Actor['role'],
  email: u.email,
  displayName: u.display_name,
  via: 'session',
});

/** The latest edition of the Apsara series the demo organizer runs (the one selling tickets). */
async function summitEdition(ctx: AppContext, ownerId: string): Promise<string | null> {
  const seeded = await ctx.db
    .selectFrom('campaigns')
    .select(['id', 'series_id'])
    .where('slug', '=', 'apsara-conference-2026')
    .executeTakeFirst();
  if (!seeded?.series_id) return seeded?.id ?? null;
  const latest = await ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('series_id', '=', seeded.series_id)
    .where('owner_id', '=', ownerId)
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest?.id ?? null;
}

async function demoUser(
  ctx: AppContext,
  services: Services,
  email: string,
  displayName: string,
  password: string,
): Promise<Actor> {
  let row = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!row) {
    await services.accounts.createUser({ email, displayName, password, role: 'consumer' });
    row = await ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  }
  return asActor(row);
}

export async function seedDemoCfp(ctx: AppContext, services: Services, password: string): Promise<void> {
  const organizerRow = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role'])
    .where('email', '=', 'organizer@carnival.local')
    .executeTakeFirst();
  if (!organizerRow) return;
  const organizer = asActor(organizerRow);
  const eventId = await summitEdition(ctx, organizer.userId);
  if (!eventId) return;
  const cfp = services.cfp;
  const existing = await ctx.db
    .selectFrom('cfp_proposals')
    .select('id')
    .where('event_id', '=', eventId)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;

  const now = ctx.clock.now();
  let tracks = await listTracks(ctx.db, eventId);
  if (!tracks.length) {
    for (const [i, [zh, en, color]] of TRACKS.entries())
      tracks.push(await insertTrack(ctx.db, { eventId, nameZh: zh, nameEn: en, color, position: i }, now));
  }
  tracks = tracks.slice(0, 4);

  // Open while the speakers submit; closed (an hour ago) once the review is done.
  const opensAt = new Date(now.getTime() - 60 * 86_400_000).toISOString();
  await cfp.saveCfp(organizer, eventId, {
    opensAt,
    closesAt: new Date(now.getTime() + 3_600_000).toISOString(),
    anonymisedReview: true,
  });
  const settings = (await cfp.organizerCfp(organizer, eventId))!;
  const typeOf = (kind: string) => settings.submissionTypes.find((t) => t.kind === kind)!.id;

  const speakers: Actor[] = [];
  for (const [i, [name]] of SPEAKERS.entries())
    speakers.push(await demoUser(ctx, services, `speaker${i + 1}@carnival.local`, name, password));
  const reviewers: Actor[] = [];
  for (let i = 1; i <= 3; i++)
    reviewers.push(await demoUser(ctx, services, `reviewer${i}@carnival.local`, `评审 ${i}`, password));
  // reviewer1 reviews the AI and developer tracks, reviewer2 cloud native and chips, reviewer3 all.
  await cfp.appointReviewer(organizer, eventId, {
    email: 'reviewer1@carnival.local',
    trackIds: [tracks[0]!.id, tracks[3]!.id],
  });
  await cfp.appointReviewer(organizer, eventId, {
    email: 'reviewer2@carnival.local',
    trackIds: [tracks[1]!.id, tracks[2]!.id],
  });
  await cfp.appointReviewer(organizer, eventId, {
    email: 'reviewer3@carnival.local',
    trackIds: tracks.map((t) => t.id),
  });

  const proposals: { id: string; speaker: Actor; track: number; n: number }[] = [];
  let n = 0;
  for (const [track, topics] of TOPICS.entries()) {
    for (const topic of topics) {
      const speaker = speakers[n % speakers.length]!;
      const [name, company] = SPEAKERS[n % SPEAKERS.length]!;
      const english = /^[A-Z]/.test(topic);
      const kind = n % 9 === 4 ? 'workshop' : n % 7 === 3 ? 'lightning' : 'talk';
      const { id } = await cfp.submit(speaker, eventId, {
        title: topic,
        abstract: english
          ? `What we learned about ${topic.toLowerCase()}, with numbers from production.`
          : `${topic}：来自生产环境的经验、数据与踩过的坑。`,
        description: '',
        level: (['beginner', 'intermediate', 'advanced'] as const)[n % 3]!,
        language: english ? 'en-US' : 'zh-CN',
        notesForReviewers: '',
        trackId: tracks[track]!.id,
        submissionTypeId: typeOf(kind),
        expectedAudience: kind === 'workshop' ? 40 : null,
        profile: { name, company, bio: `${company}。`, photoUrl: null },
      });
      proposals.push({ id, speaker, track, n });
      n++;
    }
  }

  // Scores: a deterministic spread so the dashboard ranks them (higher for lower n within a track).
  for (const p of proposals) {
    const mine = reviewers.filter((_, i) => i === 2 || (i === 0 ? [0, 3] : [1, 2]).includes(p.track));
    for (const [ri, reviewer] of mine.entries()) {
      const base = 5 - ((p.n + ri) % 5 === 4 ? 3 : (p.n % 10) >> 2);
      const scores = Object.fromEntries(
        settings.criteria.map((c, ci) => [c.key, Math.min(5, Math.max(1, base - ((ci + ri) % 2)))]),
      );
      await cfp.score(reviewer, p.id, {
        scores,
        comment: base >= 4 ? '内容扎实，推荐录用。' : '主题不错，细节不足。',
      });
    }
  }

  // Half accepted per track (the first five of each), the rest rejected; most accepted confirm.
  for (const p of proposals) {
    const index = p.n % 10;
    if (index < 5) {
      await cfp.decide(organizer, p.id, 'accept');
      if (index < 4) await cfp.confirm(p.speaker, p.id);
    } else {
      await cfp.decide(organizer, p.id, 'reject', '名额有限');
    }
  }

  await cfp.saveCfp(organizer, eventId, {
    opensAt,
    closesAt: new Date(now.getTime() - 3_600_000).toISOString(),
    anonymisedReview: true,
  });
}
