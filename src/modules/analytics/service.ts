import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { Campaign, CampaignsService } from '../campaigns';
import { createAggregator } from './aggregator';
import {
  basisPoints,
  discountsByFunder,
  flashSaleResults,
  hourlyCurve,
  newBuyers,
  storeFigures,
  topCategories,
  topStores,
  visitors,
} from './figures';
import { createScreenHub } from './hub';
import type { CampaignReport, ScreenSnapshot, StoreAnalytics } from './schemas';
import { readSnapshot } from './snapshot';
import { headlineFromOrders, verifyCampaign } from './verify';

export interface AnalyticsDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  campaigns: Pick<CampaignsService, 'getCached'>;
  /** The stores a user works in (merchants' index). */
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** How often the hub reads seq for its clients (default 200 ms). */
  pollMs?: number;
}

/** Issue 16: the live screen, merchant analytics and the post-event report. */
export function createAnalyticsModule(deps: AnalyticsDeps) {
  const { db, clock } = deps;
  const campaignOf = (idOrSlug: string, actor: Actor | null) => deps.campaigns.getCached(idOrSlug, actor);

  const snapshotOf = async (campaign: Campaign): Promise<ScreenSnapshot> =>
    readSnapshot(db, campaign, clock.now());
  // The hub watches campaigns a client could already see: it reads them as the operator would.
  const hub = createScreenHub({
    db,
    logger: deps.logger,
    pollMs: deps.pollMs,
    snapshot: async (campaignId) => snapshotOf(await campaignOf(campaignId, SYSTEM)),
  });
  const aggregator = createAggregator({
    db,
    logger: deps.logger,
    onApplied: (id, eventId) => hub.nudge(id, eventId),
  });

  async function storeAnalytics(
    actor: Actor,
    storeId: string,
    campaignIdOrSlug: string,
  ): Promise<StoreAnalytics> {
    if (actor.role !== 'operator' && !(await deps.storeIdsOf(actor.userId)).includes(storeId))
      throw forbidden('Only the store’s members and operators see its analytics');
    const store = await db.selectFrom('stores').select('id').where('id', '=', storeId).executeTakeFirst();
    if (!store) throw notFound('Store', storeId);
    const campaign = await campaignOf(campaignIdOrSlug, actor);
    const previous = await previousEdition(db, campaign.id);
    return {
      storeId,
      current: await storeFigures(db, campaign.id, storeId),
      previous: previous ? await storeFigures(db, previous, storeId) : null,
    };
  }

  async function report(actor: Actor, campaignIdOrSlug: string): Promise<CampaignReport> {
    const campaign = await campaignOf(campaignIdOrSlug, actor);
    if (clock.now() < new Date(campaign.endsAt))
      throw conflict('CAMPAIGN_NOT_ENDED', 'The report is ready once the campaign has ended', {
        endsAt: campaign.endsAt,
      });
    const head = await headlineFromOrders(db, campaign.id);
    const seen = await visitors(db, campaign.id);
    return {
      campaignId: campaign.id,
      title: campaign.title,
      startsAt: campaign.startsAt,
      endsAt: campaign.endsAt,
      currency: 'CNY',
      gmv: head.gmv,
      grossGmv: head.gmv + head.refundAmount,
      refundAmount: head.refundAmount,
      orders: head.orders,
      buyers: head.buyers,
      newBuyers: await newBuyers(db, campaign.id),
      visitors: seen,
      conversionBp: basisPoints(head.buyers, seen),
      discounts: await discountsByFunder(db, campaign.id),
      topStores: await topStores(db, campaign.id),
      topCategories: await topCategories(db, campaign.id),
      flashSales: await flashSaleResults(db, campaign.id),
      hourly: await hourlyCurve(db, campaign.id),
    };
  }

  /** A page view of the campaign, a store or a SKU by a signed-in visitor: distinct per day. */
  async function recordVisit(actor: Actor, input: { campaignId: string; storeId?: string; skuId?: string }) {
    const campaign = await campaignOf(input.campaignId, actor);
    const now = clock.now();
    const inserted = await db
      .insertInto('analytics_visits')
      .values({
        campaign_id: campaign.id,
        day: now.toISOString().slice(0, 10),
        store_id: input.storeId ?? '',
        sku_id: input.skuId ?? '',
        visitor: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('visitor')
      .executeTakeFirst();
    return { counted: Boolean(inserted) };
  }

  return {
    aggregator,
    hub,
    campaignOf,
    snapshot: async (idOrSlug: string, actor: Actor | null) => snapshotOf(await campaignOf(idOrSlug, actor)),
    verify: async (idOrSlug: string, actor: Actor | null) =>
      verifyCampaign(db, (await campaignOf(idOrSlug, actor)).id),
    storeAnalytics,
    report,
    recordVisit,
    async start(bus: EventBus) {
      await aggregator.start(bus);
    },
    async stop() {
      hub.stop();
      await aggregator.stop();
    },
  };
}

export type AnalyticsModule = ReturnType<typeof createAnalyticsModule>;

/** The hub's reader: it only reads campaigns a client was already allowed to open. */
const SYSTEM: Actor = {
  userId: 'usr_system_analytics',
  role: 'operator',
  email: 'analytics@carnival.local',
  displayName: 'analytics',
  via: 'session',
};

/** The campaign of the same series with the edition before this one, if any. */
async function previousEdition(db: Kysely<DB>, campaignId: string): Promise<string | null> {
  const c = await db
    .selectFrom('campaigns')
    .select(['series_id', 'edition'])
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!c?.series_id || c.edition == null) return null;
  const prev = await db
    .selectFrom('campaigns')
    .select('id')
    .where('series_id', '=', c.series_id)
    .where('edition', '<', c.edition)
    .orderBy('edition', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prev?.id ?? null;
}
