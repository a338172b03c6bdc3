import type { Kysely } from 'kysely';
import type { Harness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';

/** Test fixtures shared by this module's suites. */
export const CAMPAIGN_DRAFT = {
  kind: 'shopping_festival',
  audiences: ['consumers'],
  title: { 'zh-CN': '双十一', 'en-US': 'Double 11' },
  organizer: { name: 'Carnival' },
  timezone: 'Asia/Shanghai',
  startsAt: '2026-11-10T20:00:00+08:00',
  endsAt: '2026-11-20T00:00:00+08:00',
} as const;

export const actorFor = (userId: string, role: Actor['role']): Actor => ({
  userId,
  role,
  email: `${userId}@t`,
  displayName: userId,
  via: 'session',
});

/** A campaign row, via the campaigns service (the FK target of allowance and budgets). */
export async function makeCampaign(h: Harness, operatorId: string, slug: string): Promise<string> {
  const c = await h.services.campaigns.create(actorFor(operatorId, 'operator'), {
    ...CAMPAIGN_DRAFT,
    audiences: [...CAMPAIGN_DRAFT.audiences],
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    theme: { primaryColor: '#ff5000', bannerUrl: null },
    phases: [],
    slug,
  });
  return c.id;
}

/** Many consumers at once, written directly (argon2 hashing 200 passwords would dominate the test). */
export async function makeConsumers(db: Kysely<DB>, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId('usr'));
  for (let i = 0; i < ids.length; i += 500)
    await db
      .insertInto('users')
      .values(
        ids.slice(i, i + 500).map((id) => ({
          id,
          email: `${id}@load.test`,
          display_name: id,
          role: 'consumer' as const,
          password_hash: 'x',
          created_at: new Date(),
        })),
      )
      .execute();
  return ids;
}

export const couponDraft = (over: Record<string, unknown> = {}) => ({
  scope: 'platform' as const,
  promotion: { layer: 'platform', type: 'coupon', threshold: 20000, off: 3000 },
  claimStartsAt: '2026-10-31T00:00:00+08:00',
  claimEndsAt: '2026-11-12T00:00:00+08:00',
  perCustomerLimit: 1,
  totalQuantity: 100,
  ...over,
});
