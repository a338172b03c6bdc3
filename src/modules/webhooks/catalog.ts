import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import { nominationScope } from '../enrollment';
import { orderScope, subOrderScope } from '../orders';

/**
 * The event types an endpoint may subscribe to: the bus topics the modules record (grep
 * recordEvent/outboxRow), minus those only their own customer may see (wallet top-ups) and the
 * internal ones (campaign drafts, rule edits). Each has an audience: public (anyone may know it),
 * or the stores it concerns, so an event reaches an endpoint only if its owner may see it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.deposit_paid',
  'order.paid',
  'order.closed',
  'order.completed',
  'sub_order.shipped',
  'sub_order.delivered',
  'sub_order.completed',
  'sub_order.cancelled',
  'refund.requested',
  'refund.approved',
  'refund.rejected',
  'price_protection.claimed',
  'campaign.published',
  'campaign.archived',
  'enrollment.created',
  'nomination.submitted',
  'nomination.approved',
  'nomination.rejected',
  'nomination.withdrawn',
  'nomination.price_lowered',
  'webhook.endpoint_disabled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);
export const isWebhookEventType = (topic: string): topic is WebhookEventType => KNOWN.has(topic);

/** Who may see an event: everyone, the members of these stores, these users; operators always. */
export interface Audience {
  public: boolean;
  campaignId: string | null;
  storeIds: string[];
  userIds?: string[];
}

type Payload = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * The audience of one event, from its payload and, where the payload names only an order, a
 * sub-order or a nomination, from that record. An unknown record yields an empty audience
 * (operators only), never a guess.
 */
export async function audienceOf(
  db: Kysely<DB>,
  topic: WebhookEventType,
  payload: Payload,
): Promise<Audience> {
  const campaignId = str(payload.campaignId);
  const storeId = str(payload.storeId);
  const scoped = (scope: { campaignId: string; storeIds: string[] } | null): Audience => ({
    public: false,
    campaignId: scope?.campaignId ?? campaignId,
    storeIds: scope?.storeIds ?? [],
  });
  switch (topic) {
    case 'campaign.published':
    case 'campaign.archived':
      return { public: true, campaignId, storeIds: [] };
    case 'order.created':
      return { public: false, campaignId, storeIds: strs(payload.stores) };
    case 'order.deposit_paid':
    case 'order.paid':
    case 'order.closed':
    case 'order.completed':
      return scoped(await orderScope(db, str(payload.orderId) ?? ''));
    case 'sub_order.shipped':
    case 'sub_order.delivered':
    case 'sub_order.completed':
    case 'sub_order.cancelled':
      return scoped(await subOrderScope(db, str(payload.subOrderId) ?? ''));
    case 'refund.requested':
    case 'refund.approved':
    case 'refund.rejected':
    case 'price_protection.claimed': {
      const order = await orderScope(db, str(payload.orderId) ?? '');
      return { public: false, campaignId: order?.campaignId ?? null, storeIds: storeId ? [storeId] : [] };
    }
    case 'enrollment.created':
    case 'nomination.submitted':
    case 'nomination.approved':
    case 'nomination.rejected':
    case 'nomination.price_lowered':
      return { public: false, campaignId, storeIds: storeId ? [storeId] : [] };
    case 'nomination.withdrawn':
      return scoped(await nominationScope(db, str(payload.nominationId) ?? ''));
    case 'webhook.endpoint_disabled':
      return { public: false, campaignId: null, storeIds: [], userIds: strs([payload.ownerId]) };
  }
}

/** Whether an endpoint's owner may see an event of this audience. */
export function ownerMaySee(
  owner: { id: string; role: string; storeIds: readonly string[] },
  audience: Audience,
): boolean {
  if (owner.role === 'operator' || audience.public) return true;
  if (audience.userIds?.includes(owner.id)) return true;
  return audience.storeIds.some((s) => owner.storeIds.includes(s));
}
