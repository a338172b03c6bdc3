import type { createServices } from '../app';
import type { AppContext } from '../context';
import { insertTrack, listTracks } from '../modules/programme';
import { eventDays, eventOf } from '../modules/programme/access';
import {
  insertRooms,
  insertSessions,
  insertSpeakers,
  publishAs,
  wallInstant,
} from '../modules/programme/bulk';
import type { Actor } from '../platform/auth';

type Services = ReturnType<typeof createServices>;

/**
 * The conference programme in the demo year (docs/programme.md). The Apsara summit's edition
 * that sells tickets gets 4 rooms and a 3-day schedule (keynotes, invited talks, breaks and two
 * workshops with seats, plus any confirmed proposals the call for proposals handed over),
 * published as version 1; the demo shopper saves sessions and a workshop seat; version 2 then
 * moves one, cancels one, renames one and adds one, so the changelog and the shopper's notice
 * have something to show. The merchant conference gets a keynote agenda of the year's rule
 * changes (规则变更) with their documents. Call after the tickets (and cfp) demos.
 */
export const DEMO_PROGRAMME_SERIES = ['apsara-conference-2026', 'global-merchant-conference-2026'] as const;

const TRACKS: [string, string, string][] = [
  ['人工智能', 'AI', '#722ed1'],
  ['云原生', 'Cloud native', '#1677ff'],
  ['芯片与硬件', 'Chips & hardware', '#fa8c16'],
  ['开发者', 'Developers', '#52c41a'],
];

const SPEAKERS = [
  ['张一鸣', '云智科技', '首席架构师'],
  ['李思远', '飞天实验室', '资深专家'],
  ['王晓雨', '开源基金会', '技术委员会委员'],
  ['陈嘉怡', '芯动半导体', '芯片设计负责人'],
  ['刘子墨', '数据湖工作室', '创始人'],
  ['赵文静', '大模型研究院', '研究员'],
  ['孙浩然', '边缘计算联盟', '技术总监'],
  ['周雅琴', '云原生社区', '布道师'],
  ['吴天宇', '安全实验室', '安全研究员'],
  ['郑佳宁', '开发者平台', '产品负责人'],
  ['Emma Clarke', 'Open Cloud Inc.', 'Principal engineer'],
  ['Lukas Meyer', 'Kernel Works', 'Maintainer'],
  ['冯志强', '智能驾驶中心', '算法专家'],
  ['何婉清', '向量数据库团队', '技术负责人'],
  ['许明轩', '低代码平台', '架构师'],
  ['高静怡', 'AIoT 事业部', '高级工程师'],
  ['罗俊杰', '存储系统组', '资深工程师'],
  ['梁诗涵', '可观测性团队', '技术专家'],
  ['宋立群', 'RISC-V 联盟', '理事'],
  ['唐欣然', '前端基础设施', '技术负责人'],
  ['韩博文', '量子计算实验室', '研究员'],
  ['曹雨桐', '隐私计算中心', '首席科学家'],
  ['邓凯文', 'Serverless 团队', '产品架构师'],
  ['彭思琪', '开发者关系', '社区经理'],
  ['Priya Nair', 'ML Systems Lab', 'Research scientist'],
  ['蒋昊天', '数据库内核组', '内核专家'],
  ['沈若曦', '大模型应用部', '应用架构师'],
  ['吕浩', '网络与芯片组', '硬件工程师'],
  ['田雨萌', '云安全中心', '安全专家'],
  ['范志远', '编译器团队', '技术专家'],
] as const;

const TALKS = [
  '大模型推理的成本优化实践',
  '从零构建企业级 RAG 系统',
  'Kubernetes 多集群调度的演进',
  'Serverless 冷启动的极致优化',
  'RISC-V 在数据中心的落地',
  '向量数据库的索引与检索',
  '可观测性：从指标到全链路追踪',
  '云原生数据库的存算分离',
  'AI 编程助手的工程化落地',
  '大规模分布式训练的通信优化',
  '边缘智能与端云协同',
  '隐私计算在联合建模中的应用',
  '开源社区的可持续运营',
  'eBPF 与云原生网络',
  '多模态大模型的评测方法',
  '芯片验证中的形式化方法',
  'WebAssembly 在服务端的实践',
  '开发者体验：内部平台工程',
  '智能运维：故障自愈的探索',
  'Rust 在基础软件中的实践',
  'GPU 集群的弹性调度',
  '数据湖仓一体化架构',
  '低代码与 AI 的融合',
  '软件供应链安全',
] as const;

async function findEdition(ctx: AppContext, seedSlug: string, ownerId: string) {
  const seeded = await ctx.db
    .selectFrom('campaigns')
    .select(['id', 'series_id'])
    .where('slug', '=', seedSlug)
    .executeTakeFirst();
  if (!seeded) return null;
  if (!seeded.series_id) return seeded.id;
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

const asActor = (u: { id: string; email: string; display_name: string; role: string }): Actor => ({
  userId: u.id,
  role: u.role as Actor['role'],
  email: u.email,
  displayName: u.display_name,
  via: 'session',
});

export async function seedDemoProgramme(ctx: AppContext, services: Services): Promise<void> {
  const users = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role'])
    .where('email', 'in', ['organizer@carnival.local', 'consumer@carnival.local'])
    .execute();
  const organizerRow = users.find((u) => u.email === 'organizer@carnival.local');
  const shopperRow = users.find((u) => u.email === 'consumer@carnival.local');
  if (!organizerRow) return;
  const organizer = asActor(organizerRow);
  const apsara = await findEdition(ctx, 'apsara-conference-2026', organizer.userId);
  if (apsara) await seedSummit(ctx, services, organizer, shopperRow ? asActor(shopperRow) : null, apsara);
  const merchant = await findEdition(ctx, 'global-merchant-conference-2026', organizer.userId);
  if (merchant) await seedMerchantKeynotes(ctx, organizer, merchant);
}

async function hasProgramme(ctx: AppContext, eventId: string) {
  const r = await ctx.db
    .selectFrom('programme_rooms')
    .select('id')
    .where('event_id', '=', eventId)
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

async function seedSummit(
  ctx: AppContext,
  services: Services,
  organizer: Actor,
  shopper: Actor | null,
  eventId: string,
) {
  if (await hasProgramme(ctx, eventId)) return;
  const db = ctx.db;
  const now = ctx.clock.now();
  const ev = await eventOf(db, eventId);
  const days = eventDays(ev).slice(0, 3);
  let tracks = await listTracks(db, eventId);
  if (!tracks.length)
    for (const [i, [zh, en, color]] of TRACKS.entries())
      tracks.push(await insertTrack(db, { eventId, nameZh: zh, nameEn: en, color, position: i }, now));
  tracks = tracks.slice(0, 4);
  const [main, hallA, hallB, lab] = (await insertRooms(
    db,
    eventId,
    [
      { zh: '主会场', en: 'Main hall', capacity: 2000 },
      { zh: '分会场 A', en: 'Hall A', capacity: 400 },
      { zh: '分会场 B', en: 'Hall B', capacity: 400 },
      { zh: '动手实验室', en: 'Hands-on lab', capacity: 40 },
    ],
    now,
  )) as [string, string, string, string];
  const speakers = await insertSpeakers(
    db,
    eventId,
    SPEAKERS.map(([name, company, role]) => ({ name, company, bio: `${company}${role}。` })),
    now,
  );
  // Two pools, so no speaker is in two places at once: the main hall and lab (15 a day), the halls.
  let nextMain = 0;
  let nextHall = 0;
  const speaker = () => speakers[nextMain++ % 15]!;
  const hallSpeaker = () => speakers[15 + (nextHall++ % 15)]!;
  const at = (d: number, hhmm: string) => wallInstant(days[d]!.date, hhmm, ev.timezone);
  const track = (i: number) => tracks[i % tracks.length]?.id ?? null;

  // Confirmed proposals the call for proposals handed over: placed first, in the halls' slots.
  const handed = await db
    .selectFrom('programme_sessions')
    .select(['id', 'duration_minutes'])
    .where('event_id', '=', eventId)
    .where('proposal_id', 'is not', null)
    .where('status', '=', 'confirmed')
    .where('room_id', 'is', null)
    .orderBy('id')
    .execute();
  const hallSlots = [
    '10:00',
    '10:30',
    '11:00',
    '11:30',
    '13:00',
    '13:30',
    '14:00',
    '14:30',
    '15:30',
    '16:00',
    '16:30',
  ];
  type Slot = { roomId: string; startsAt: Date };
  const slots: Slot[] = [];
  for (let d = 0; d < days.length; d++)
    for (const t of hallSlots)
      for (const roomId of [hallA, hallB]) slots.push({ roomId, startsAt: at(d, t) });

  const grid: Parameters<typeof insertSessions>[2] = [];
  for (let d = 0; d < days.length; d++) {
    grid.push(
      {
        kind: 'keynote',
        title: d === 0 ? '开幕主题演讲：智能时代的云计算' : `主题演讲：第 ${d + 1} 天`,
        abstract: '大会主题演讲，回顾一年来的技术进展并展望未来。',
        durationMinutes: 60,
        speakerIds: [speaker()],
        roomId: main,
        startsAt: at(d, '09:00'),
        documents: [{ title: '演讲幻灯片', url: `https://example.com/apsara/keynote-day${d + 1}.pdf` }],
      },
      {
        kind: 'keynote',
        title: `主论坛：${TALKS[d]}`,
        durationMinutes: 45,
        trackId: track(d),
        speakerIds: [speaker()],
        roomId: main,
        startsAt: at(d, '10:00'),
      },
      { kind: 'break', title: '茶歇', durationMinutes: 15, roomId: main, startsAt: at(d, '10:45') },
      {
        kind: 'talk',
        title: `主论坛：${TALKS[d + 3]}`,
        durationMinutes: 30,
        trackId: track(d + 1),
        speakerIds: [speaker()],
        roomId: main,
        startsAt: at(d, '11:00'),
      },
      {
        kind: 'lightning',
        title: '闪电演讲合集',
        durationMinutes: 30,
        speakerIds: [speaker(), speaker()],
        roomId: main,
        startsAt: at(d, '11:30'),
      },
      { kind: 'break', title: '午餐', durationMinutes: 60, roomId: main, startsAt: at(d, '12:00') },
      { kind: 'break', title: '茶歇', durationMinutes: 30, roomId: main, startsAt: at(d, '15:00') },
      {
        kind: 'workshop',
        title: d % 2 === 0 ? '动手实验：用大模型搭建智能客服' : '动手实验：Kubernetes 故障排查',
        abstract: '自带电脑，跟随讲师完成一个完整的实验。',
        durationMinutes: 90,
        trackId: track(d),
        speakerIds: [speaker()],
        seats: 30,
        roomId: lab,
        startsAt: at(d, '10:00'),
      },
      {
        kind: 'workshop',
        title: d % 2 === 0 ? '动手实验：RISC-V 开发板入门' : '动手实验：向量检索实战',
        durationMinutes: 90,
        trackId: track(d + 2),
        speakerIds: [speaker()],
        seats: 30,
        roomId: lab,
        startsAt: at(d, '14:00'),
      },
    );
    for (const [i, t] of ['13:00', '13:30', '14:00', '14:30', '15:30', '16:00', '16:30'].entries())
      grid.push({
        kind: 'talk',
        title: TALKS[(d * 7 + i + 6) % TALKS.length]!,
        durationMinutes: 30,
        trackId: track(i),
        speakerIds: [speaker()],
        roomId: main,
        startsAt: at(d, t),
      });
  }
  // A speaker of two proposals never gets two slots at the same time; longer ones stay unscheduled.
  const placedHanded: { id: string; slot: Slot }[] = [];
  const busy = new Set<string>();
  for (const h of handed) {
    if (h.duration_minutes > 30) continue;
    const who = (
      await db
        .selectFrom('programme_session_speakers')
        .select('speaker_id')
        .where('session_id', '=', h.id)
        .execute()
    ).map((r) => r.speaker_id);
    const i = slots.findIndex((sl) => who.every((w) => !busy.has(`${w}@${sl.startsAt.getTime()}`)));
    if (i < 0) continue;
    const [slot] = slots.splice(i, 1) as [Slot];
    for (const w of who) busy.add(`${w}@${slot.startsAt.getTime()}`);
    placedHanded.push({ id: h.id, slot });
  }
  for (const [i, slot] of slots.entries())
    grid.push({
      kind: 'talk',
      title: TALKS[i % TALKS.length]!,
      abstract: '一线工程团队分享的实践与经验。',
      durationMinutes: 30,
      trackId: track(i),
      speakerIds: [hallSpeaker()],
      ...slot,
    });
  const ids = await insertSessions(db, eventId, grid, now);
  for (const p of placedHanded)
    await db
      .updateTable('programme_sessions')
      .set({
        room_id: p.slot.roomId,
        starts_at: p.slot.startsAt,
        ends_at: new Date(p.slot.startsAt.getTime() + 30 * 60_000),
      })
      .where('id', '=', p.id)
      .execute();
  await publishAs(db, organizer, eventId, '首版日程', now);

  // The shopper's schedule: the sessions version 2 moves, cancels and renames, and a workshop seat.
  const sessions = await db
    .selectFrom('programme_sessions')
    .select(['id', 'kind', 'room_id', 'starts_at'])
    .where('id', 'in', ids)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  const talksA = sessions.filter((s) => s.room_id === hallA && s.kind === 'talk');
  const toMove = talksA.at(-1)!;
  const toCancel = talksA.at(-2)!;
  const toRename = sessions.filter((s) => s.room_id === hallB && s.kind === 'talk')[0]!;
  const workshop = sessions.find((s) => s.kind === 'workshop')!;
  const p = services.programme;
  if (shopper) {
    for (const s of [toMove, toCancel, toRename, sessions[0]!]) await p.saveSession(shopper, s.id);
    await p.reserveSeat(shopper, workshop.id, true).catch(() => undefined); // needs a ticket
  }
  // Version 2: hall A's last talk moves to hall B at 17:00, another is cancelled, one is renamed, one is new.
  await p.place(organizer, toMove.id, { roomId: hallB, startsAt: at(0, '17:00').toISOString() });
  await p.cancelSession(organizer, toCancel.id);
  await p.updateSession(organizer, toRename.id, { title: '（更新）云原生可观测性的最佳实践' });
  const added = await p.createSession(organizer, eventId, {
    kind: 'talk',
    title: '新增议题：AI Agent 的工程化',
    abstract: '应观众要求加开的议题。',
    language: 'zh-CN',
    durationMinutes: 30,
    trackId: track(0),
    speakerIds: [speaker()],
  });
  await p.place(organizer, added.id, { roomId: hallA, startsAt: at(1, '17:00').toISOString() });
  await p.publish(organizer, eventId, '第二版：调整会场，取消一场，新增一场');
}

async function seedMerchantKeynotes(ctx: AppContext, organizer: Actor, eventId: string) {
  if (await hasProgramme(ctx, eventId)) return;
  const db = ctx.db;
  const now = ctx.clock.now();
  const ev = await eventOf(db, eventId);
  const day = eventDays(ev)[0]!;
  const at = (hhmm: string) => wallInstant(day.date, hhmm, ev.timezone);
  const [main] = (await insertRooms(
    db,
    eventId,
    [{ zh: '主会场', en: 'Main hall', capacity: 1500 }],
    now,
  )) as [string];
  const [host, rules, policy, logistics] = await insertSpeakers(
    db,
    eventId,
    [
      { name: '林主持', company: '平台商家发展部', bio: '大会主持人。' },
      { name: '黄规则', company: '平台规则中心', bio: '负责年度规则修订。' },
      { name: '欧阳政策', company: '平台商家服务部', bio: '负责商家服务与保证金政策。' },
      { name: '钱物流', company: '平台物流与售后中心', bio: '负责物流时效与售后规则。' },
    ],
    now,
  );
  const doc = (title: string, file: string) => ({ title, url: `https://example.com/rules/2027/${file}.pdf` });
  await insertSessions(
    db,
    eventId,
    [
      {
        kind: 'keynote',
        title: '开幕致辞：与商家共同成长',
        durationMinutes: 30,
        speakerIds: [host!],
        roomId: main,
        startsAt: at('09:30'),
      },
      {
        kind: 'keynote',
        title: '规则变更：2027 年度平台规则总览',
        abstract: '一次讲清今年的规则变化、生效日期与过渡安排。',
        durationMinutes: 45,
        speakerIds: [rules!],
        roomId: main,
        startsAt: at('10:00'),
        documents: [doc('2027 年度规则变更公告', 'overview'), doc('规则变更对照表', 'diff-table')],
      },
      { kind: 'break', title: '茶歇', durationMinutes: 15, roomId: main, startsAt: at('10:45') },
      {
        kind: 'keynote',
        title: '规则变更：商家服务与保证金规则调整',
        durationMinutes: 45,
        speakerIds: [policy!],
        roomId: main,
        startsAt: at('11:00'),
        documents: [doc('保证金规则（2027 版）', 'deposit')],
      },
      { kind: 'break', title: '午餐', durationMinutes: 60, roomId: main, startsAt: at('12:00') },
      {
        kind: 'keynote',
        title: '规则变更：大促价格力与优惠叠加规则',
        durationMinutes: 45,
        speakerIds: [rules!],
        roomId: main,
        startsAt: at('13:00'),
        documents: [doc('营销活动规则（2027 版）', 'promotions')],
      },
      {
        kind: 'keynote',
        title: '规则变更：物流时效与售后规则',
        durationMinutes: 45,
        speakerIds: [logistics!],
        roomId: main,
        startsAt: at('14:00'),
        documents: [doc('物流与售后规则（2027 版）', 'logistics')],
      },
      {
        kind: 'talk',
        title: '圆桌：新规则下的增长策略',
        durationMinutes: 45,
        speakerIds: [rules!, policy!, logistics!],
        roomId: main,
        startsAt: at('15:00'),
      },
    ],
    now,
  );
  await publishAs(db, organizer, eventId, '主论坛议程', now);
}
