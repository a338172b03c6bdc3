import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Generated, Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { type Actor, actorOf, requireRole } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Timestamp } from '../../platform/db/tables';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { DB } from '../../schema';
import type { MerchantsService } from '../merchants';
import type { Nomination } from './model';
import { priceChangeListSchema, priceDropResultSchema } from './responses';
import { toNomination } from './store';
import { invalidateVenue } from './venue-cache';

/**
 * Campaign prices after approval. A merchant may only ever LOWER the campaign price of an
 * approved nomination (raising it mid-campaign would make the venue's 价保 and the 30-day-lowest
 * rule meaningless); each change is recorded in `nomination_price_changes` and the audit log, and
 * announced as `nomination.price_lowered`, so price protection (orders/price-protection.ts) and
 * anyone else can tell what the price was when.
 */
export type NominationPriceChangesTable = {
  id: Generated<number>;
  nomination_id: string;
  campaign_id: string;
  store_id: string;
  sku_id: string;
  from_price: number;
  to_price: number;
  reason: string;
  actor_id: string;
  at: Timestamp;
};

export type CampaignPriceTables = {
  nomination_price_changes: NominationPriceChangesTable;
};

const withPriceTables = (db: Kysely<DB>) => db.withTables<CampaignPriceTables>();

export interface CurrentCampaignPrice {
  nominationId: string;
  storeId: string;
  campaignPrice: number;
}

/**
 * The campaign price a SKU sells at NOW in a campaign: its approved nomination's price, or null
 * when the SKU is not (or no longer) on sale there. Pass the caller's transaction when inside one.
 */
export async function currentCampaignPrice(
  db: Kysely<DB>,
  campaignId: string,
  skuId: string,
): Promise<CurrentCampaignPrice | null> {
  const row = await db
    .selectFrom('nominations')
    .select(['id', 'store_id', 'campaign_price'])
    .where('campaign_id', '=', campaignId)
    .where('sku_id', '=', skuId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row
    ? { nominationId: row.id, storeId: row.store_id, campaignPrice: Number(row.campaign_price) }
    : null;
}

/**
 * currentCampaignPrice for many SKUs of one campaign in one query (an order's lines): SKU id →
 * campaign price now; SKUs not (or no longer) on sale there are absent.
 */
export async function currentCampaignPrices(
  db: Kysely<DB>,
  campaignId: string,
  skuIds: readonly string[],
): Promise<Map<string, number>> {
  if (skuIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('nominations')
    .select(['sku_id', 'campaign_price'])
    .where('campaign_id', '=', campaignId)
    .where('sku_id', 'in', [...new Set(skuIds)])
    .where('status', '=', 'approved')
    .execute();
  return new Map(rows.map((r) => [r.sku_id, Number(r.campaign_price)]));
}

/** Campaigns in which any of the stores has an approved nomination (the merchant's campaign picker). */
export async function campaignsWithApprovedNominations(
  db: Kysely<DB>,
  storeIds: readonly string[],
): Promise<string[]> {
  if (storeIds.length === 0) return [];
  const rows = await db
    .selectFrom('nominations')
    .select('campaign_id')
    .distinct()
    .where('store_id', 'in', [...storeIds])
    .where('status', '=', 'approved')
    .execute();
  return rows.map((r) => r.campaign_id);
}

export interface CampaignPriceChange {
  id: number;
  nominationId: string;
  campaignId: string;
  storeId: string;
  skuId: string;
  fromPrice: number;
  toPrice: number;
  reason: string;
  actorId: string;
  at: string;
}

export interface CampaignPricesDeps {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access'>;
  onEventsRecorded?: () => void;
}

export function createCampaignPricesService({ db, clock, merchants, onEventsRecorded }: CampaignPricesDeps) {
  async function loadFor(actor: Actor, id: string, need: 'read' | 'staff') {
    const row = await db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Nomination', id);
    await merchants.access(actor, row.store_id, need, { what: 'Nomination', id });
    return row;
  }

  /**
   * Lowers an approved nomination's campaign price. The row is locked, the new price must be
   * strictly lower (422 PRICE_NOT_LOWER), and the update is conditional on the status and the
   * price read, so two concurrent drops are recorded one after the other with exact from/to.
   */
  async function lower(
    actor: Actor,
    id: string,
    input: { campaignPrice: number; reason: string },
  ): Promise<{ nomination: Nomination; change: CampaignPriceChange }> {
    if (actor.role !== 'merchant')
      throw forbidden('Only the store’s own merchants change its campaign prices');
    await loadFor(actor, id, 'staff');
    const now = clock.now();
    const result = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('nominations')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (before.status !== 'approved')
        throw conflict(
          'NOT_APPROVED',
          `Only an approved nomination’s price can be lowered; this one is ${before.status} (edit a pending one with PATCH)`,
          { status: before.status },
        );
      const from = Number(before.campaign_price);
      if (input.campaignPrice >= from)
        throw unprocessable('PRICE_NOT_LOWER', `campaignPrice: must be below the current ${from}`, {
          field: 'campaignPrice',
          current: from,
          given: input.campaignPrice,
        });
      const after = await trx
        .updateTable('nominations')
        .set((eb) => ({
          campaign_price: input.campaignPrice,
          version: eb('version', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .where('campaign_price', '=', from)
        .returningAll()
        .executeTakeFirst();
      if (!after)
        throw conflict('VERSION_CONFLICT', 'The nomination changed meanwhile; reload and retry', {});
      const change = await withPriceTables(trx)
        .insertInto('nomination_price_changes')
        .values({
          nomination_id: id,
          campaign_id: after.campaign_id,
          store_id: after.store_id,
          sku_id: after.sku_id,
          from_price: from,
          to_price: input.campaignPrice,
          reason: input.reason,
          actor_id: actor.userId,
          at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'nomination.price_lowered',
        entityType: 'nomination',
        entityId: id,
        before: { campaignPrice: from },
        after: { campaignPrice: input.campaignPrice },
        reason: input.reason,
      });
      await recordEvent(
        trx,
        'nomination.price_lowered',
        {
          nominationId: id,
          campaignId: after.campaign_id,
          storeId: after.store_id,
          skuId: after.sku_id,
          fromPrice: from,
          toPrice: input.campaignPrice,
        },
        clock,
      );
      return { after, change };
    });
    invalidateVenue(db, result.after.campaign_id);
    onEventsRecorded?.();
    return { nomination: toNomination(result.after), change: toChange(result.change) };
  }

  /** Every recorded change of a nomination's campaign price, oldest first (members and operators). */
  async function history(actor: Actor, id: string): Promise<CampaignPriceChange[]> {
    await loadFor(actor, id, 'read');
    const rows = await withPriceTables(db)
      .selectFrom('nomination_price_changes')
      .selectAll()
      .where('nomination_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map(toChange);
  }

  return {
    lower,
    history,
    current: (campaignId: string, skuId: string) => currentCampaignPrice(db, campaignId, skuId),
  };
}

export type CampaignPricesService = ReturnType<typeof createCampaignPricesService>;

const toChange = (r: Selectable<NominationPriceChangesTable>): CampaignPriceChange => ({
  id: Number(r.id),
  nominationId: r.nomination_id,
  campaignId: r.campaign_id,
  storeId: r.store_id,
  skuId: r.sku_id,
  fromPrice: Number(r.from_price),
  toPrice: Number(r.to_price),
  reason: r.reason,
  actorId: r.actor_id,
  at: new Date(r.at).toISOString(),
});

const MINOR = 'must be a non-negative integer in minor units';
export const priceDropSchema = z.object({
  campaignPrice: z.number({ error: MINOR }).int(MINOR).min(0, MINOR).max(Number.MAX_SAFE_INTEGER, MINOR),
  reason: z.string().trim().min(1, 'is required').max(500),
});

const idParams = z.object({ id: z.string().min(1).max(100) });

export async function campaignPriceRoutes(
  app: FastifyInstance,
  { campaignPrices }: { campaignPrices: CampaignPricesService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enrollment'];
  r.post(
    '/api/nominations/:id/price-drops',
    {
      schema: {
        tags,
        summary: 'Lower an approved nomination’s campaign price (recorded; 价保 compares against it)',
        params: idParams,
        body: priceDropSchema,
        response: { 201: priceDropResultSchema },
      },
      config: { scope: 'enrollment:write', idempotent: true },
      preHandler: requireRole('merchant'),
    },
    async (request, reply) =>
      reply.status(201).send(await campaignPrices.lower(actorOf(request), request.params.id, request.body)),
  );
  r.get(
    '/api/nominations/:id/price-changes',
    {
      schema: {
        tags,
        summary: 'The campaign price changes of a nomination, oldest first',
        params: idParams,
        response: { 200: priceChangeListSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({ items: await campaignPrices.history(actorOf(request), request.params.id) }),
  );
}
