import { expect } from 'vitest';
import type { Harness } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';

/** Test helpers of the call for proposals (not part of the public surface). */
let keyN = 0;
export const key = () => `cfp-fixture-${++keyN}-${Math.random().toString(36).slice(2, 8)}`;

export const settingsBody = (extra: Record<string, unknown> = {}) => ({
  opensAt: '2026-10-01T00:00:00+08:00',
  closesAt: '2026-11-15T00:00:00+08:00',
  anonymisedReview: true,
  ...extra,
});

export const proposalBody = (
  typeId: string,
  trackId: string | null,
  extra: Record<string, unknown> = {},
) => ({
  title: '大模型推理的工程实践',
  abstract: '从批处理到投机解码：线上推理服务的延迟与成本。',
  description: '详细大纲……',
  level: 'intermediate',
  language: 'zh-CN',
  notesForReviewers: '首次在大会分享',
  trackId,
  submissionTypeId: typeId,
  ...extra,
});

/** Submits as `who` (with a profile); returns the proposal id. */
export async function submitAs(
  h: Harness,
  who: SignedIn,
  eventId: string,
  body: object,
  profile: { name: string; company?: string; bio?: string },
) {
  const res = await http(h)('POST', `/api/events/${eventId}/proposals`, who, { ...body, profile }, key());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().proposal.id as string;
}

/** The latest mail to `to` in the outbox (the dev mailbox). */
export async function lastMailTo(h: Harness, to: string) {
  return h.ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}
