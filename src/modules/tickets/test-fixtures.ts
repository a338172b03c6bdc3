import { expect } from 'vitest';
import type { Harness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { http, type SignedIn } from '../orders/test-fixtures';

/** Test helpers (not part of the public surface): an organizer's published summit and its setup. */
let keyN = 0;
export const key = () => `tickets-fixture-${++keyN}-${Math.random().toString(36).slice(2, 8)}`;

export const actorOf = (s: SignedIn, role: Actor['role']): Actor => ({
  userId: s.userId,
  role,
  email: s.email,
  displayName: role,
  via: 'session',
});

/** A tech summit Dec 1–3 2026 (event days from Dec 1) owned by a fresh organizer, published. */
export async function summit(h: Harness, slug: string) {
  const organizer = await h.signIn('organizer');
  const operator = await h.signIn('operator');
  const org = actorOf(organizer, 'organizer');
  const c = await h.services.campaigns.create(org, {
    slug,
    kind: 'tech_summit',
    audiences: ['developers'],
    title: { 'zh-CN': `测试峰会 ${slug}`, 'en-US': `Test summit ${slug}` },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    theme: { primaryColor: '#13c2c2', bannerUrl: null },
    organizer: { name: 'Carnival 云' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-12-01T09:00:00+08:00',
    endsAt: '2026-12-03T18:00:00+08:00',
    phases: [
      {
        key: 'event_days',
        name: { 'zh-CN': '大会日程', 'en-US': 'Event days' },
        startsAt: '2026-12-01T09:00:00+08:00',
        endsAt: '2026-12-03T18:00:00+08:00',
      },
    ],
  } as never);
  const op = actorOf(operator, 'operator');
  await h.services.campaigns.transition(org, c.id, 'in_review');
  await h.services.campaigns.transition(op, c.id, 'published');
  return { eventId: c.id, organizer, operator };
}

export function typeDraft(nameZh: string, price: number, extra: Record<string, unknown> = {}) {
  return { name: { 'zh-CN': nameZh, 'en-US': `${nameZh} (en)` }, price, ...extra };
}

/** Creates a type over HTTP as the organizer; returns its id. */
export async function addType(h: Harness, who: SignedIn, eventId: string, draft: object): Promise<string> {
  const res = await http(h)('POST', `/api/organizer/events/${eventId}/ticket-types`, who, draft, key());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().type.id as string;
}

export async function addQuota(
  h: Harness,
  who: SignedIn,
  eventId: string,
  name: string,
  size: number,
  typeIds: string[],
) {
  const res = await http(h)(
    'POST',
    `/api/organizer/events/${eventId}/ticket-quotas`,
    who,
    { name, size, typeIds },
    key(),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

export const attendee = (n: number, answers: Record<string, string> = {}) => ({
  name: `参会人 ${n}`,
  email: `attendee${n}@test.local`,
  company: '测试公司',
  answers,
});

/** Holds and checks out `typeId` × quantity; returns the order. */
export async function buy(
  h: Harness,
  who: SignedIn,
  eventId: string,
  typeId: string,
  quantity = 1,
  voucherCode?: string,
) {
  const call = http(h);
  const hold = await call(
    'POST',
    `/api/events/${eventId}/ticket-holds`,
    who,
    { items: [{ typeId, quantity }], ...(voucherCode ? { voucherCode } : {}) },
    key(),
  );
  expect(hold.statusCode, hold.body).toBe(201);
  const id = hold.json().hold.id as string;
  const out = await call(
    'POST',
    `/api/ticket-holds/${id}/checkout`,
    who,
    { attendees: Array.from({ length: quantity }, (_, i) => attendee(i)) },
    key(),
  );
  expect(out.statusCode, out.body).toBe(201);
  return out.json().order as { id: string; total: number; tickets: { id: string; status: string }[] };
}
