import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import { reserveStock, skuInfosIn } from '../catalog';
import { campaignStockLeft, reserveCampaignStock } from '../enrollment';
import type { SlotDefinitions } from './definitions';
import { type Slot, type SlotDefinition, type SlotDraft, slotStatusAt } from './model';
import type { Recovery } from './recovery';
import type { SlotStateStore } from './slot-state';
import { listSlotRows, toDefinition } from './store';

/**
 * Slots: created by operators from an approved nomination (the stock is carved out of the SKU
 * and the nomination in the creating transaction), paused and resumed with a reason (audited),
 * listed publicly per campaign and for the console and merchants. `remaining` comes from the
 * KV copy, so a poll costs no SQL once the slot and the campaign's list are warm.
 */
export interface SlotsDeps {
  db: Kysely<DB>;
  clock: Clock;
  state: SlotStateStore;
  definitions: SlotDefinitions;
  recovery: Recovery;
  campaigns: Pick<CampaignsService, 'get'>;
  storeIdsOf(userId: string): Promise<string[]>;
}

const LIST_TTL_MS = 1_000;

export function createSlots(deps: SlotsDeps) {
  const { db, clock, state, definitions, recovery } = deps;
  const campaignLists = new Map<string, { at: number; ids: Promise<SlotDefinition[]> }>();

  /** Views of definitions with the KV's remaining; a slot not built yet is built first. */
  async function views(defs: SlotDefinition[]): Promise<Slot[]> {
    let remaining = await state.remaining(defs.map((d) => d.id));
    const cold = defs.filter((d) => remaining.get(d.id) === null && d.storedStatus !== 'closed');
    if (cold.length) {
      await Promise.all(cold.map((d) => recovery.ensureReady(d.id)));
      remaining = await state.remaining(defs.map((d) => d.id));
    }
    const now = clock.now();
    return defs.map((d) => toSlot(d, remaining.get(d.id) ?? 0, now));
  }

  async function campaignSlots(campaignId: string): Promise<SlotDefinition[]> {
    const now = clock.now().getTime();
    const hit = campaignLists.get(campaignId);
    if (hit && now >= hit.at && now - hit.at < LIST_TTL_MS) return hit.ids;
    const ids = listSlotRows(db, { campaignId }).then((rows) => rows.map(toDefinition));
    ids.catch(() => campaignLists.delete(campaignId));
    if (campaignLists.size > 10_000) campaignLists.clear();
    campaignLists.set(campaignId, { at: now, ids });
    return ids;
  }

  async function create(
    actor: Actor,
    draft: SlotDraft,
    key: string,
  ): Promise<IdempotentResult<{ slot: Slot }>> {
    // Read before the transaction: on PGlite (one connection) a read outside it would wait for it.
    const campaign = await deps.campaigns.get(draft.campaignId, actor);
    const result = await runIdempotent(
      db,
      { scope: `flash-slot:${actor.userId}`, key, fingerprint: requestFingerprint(['flash-slot', draft]) },
      async (trx) => {
        const def = await carve(trx, actor, campaign, draft);
        return { status: 201, body: { slot: toSlot(def, def.stock, clock.now()) } };
      },
    );
    if (!result.replayed) {
      campaignLists.delete(draft.campaignId);
      // Warm the KV now, so the first rush does not meet SLOT_WARMING.
      await recovery.ensureReady(result.body.slot.id).catch(() => undefined);
    }
    return result;
  }

  async function carve(
    trx: Kysely<DB>,
    actor: Actor,
    campaign: { startsAt: string; endsAt: string },
    draft: SlotDraft,
  ): Promise<SlotDefinition> {
    const now = clock.now();
    if (draft.endsAt <= draft.startsAt) throw badRequest('endsAt must be after startsAt', 'endsAt');
    if (draft.startsAt < new Date(campaign.startsAt))
      throw badRequest('startsAt must be inside the campaign', 'startsAt', {
        campaignStartsAt: campaign.startsAt,
      });
    if (draft.endsAt > new Date(campaign.endsAt))
      throw badRequest('endsAt must be inside the campaign', 'endsAt', { campaignEndsAt: campaign.endsAt });
    if (draft.endsAt <= now) throw badRequest('endsAt must be in the future', 'endsAt');
    const sku = (await skuInfosIn(trx, [draft.skuId])).get(draft.skuId);
    if (!sku) throw badRequest('No such SKU', 'skuId');
    if (draft.flashPrice >= sku.price)
      throw badRequest('flashPrice must be below the list price', 'flashPrice', { listPrice: sku.price });
    if ((draft.perCustomerLimit ?? 1) > draft.stock)
      throw badRequest('perCustomerLimit must not exceed stock', 'perCustomerLimit');
    const left = (await campaignStockLeft(trx, draft.campaignId, [draft.skuId])).get(draft.skuId);
    if (left === undefined)
      throw conflict('NOT_NOMINATED', 'This SKU is not approved in the campaign', { field: 'skuId' });
    const nomination = await reserveCampaignStock(trx, draft.campaignId, draft.skuId, draft.stock);
    if (!nomination)
      throw conflict('STOCK_SHORT', 'The campaign stock of this SKU is short', {
        field: 'stock',
        available: left,
      });
    const onHand = await reserveStock(trx, draft.skuId, draft.stock);
    if (onHand === null)
      throw conflict('STOCK_SHORT', 'The SKU has fewer units on hand', {
        field: 'stock',
        available: sku.stock,
      });
    const id = newId('fsl', now.getTime());
    const row = await trx
      .insertInto('flash_sale_slots')
      .values({
        id,
        campaign_id: draft.campaignId,
        sku_id: draft.skuId,
        store_id: sku.storeId,
        nomination_id: nomination.nominationId,
        title: sku.productTitle,
        list_price: sku.price,
        flash_price: draft.flashPrice,
        currency: 'CNY',
        stock: draft.stock,
        per_customer_limit: draft.perCustomerLimit ?? 1,
        checkout_minutes: draft.checkoutMinutes ?? 5,
        starts_at: draft.startsAt,
        ends_at: draft.endsAt,
        paused_at: null,
        waiting_room: draft.waitingRoom ?? false,
        min_account_age_hours: draft.minAccountAgeHours ?? 0,
        slot_rate_per_sec: draft.limits?.slotRatePerSec ?? null,
        customer_rate_per_sec: draft.limits?.customerRatePerSec ?? null,
        ip_rate_per_sec: draft.limits?.ipRatePerSec ?? null,
        sold_out_at: null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, {
      actor,
      action: 'flash_sale.create',
      entityType: 'flash_sale_slot',
      entityId: id,
      after: { ...row, starts_at: draft.startsAt.toISOString(), ends_at: draft.endsAt.toISOString() },
    });
    return toDefinition(row);
  }

  async function setPaused(
    actor: Actor,
    slotId: string,
    paused: boolean,
    reason: string,
  ): Promise<{ slot: Slot }> {
    const now = clock.now();
    const row = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('flash_sale_slots')
        .set({ status: paused ? 'paused' : 'scheduled', paused_at: paused ? now : null, updated_at: now })
        .where('id', '=', slotId)
        .where('status', '=', paused ? 'scheduled' : 'paused')
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        const current = await trx
          .selectFrom('flash_sale_slots')
          .select('status')
          .where('id', '=', slotId)
          .executeTakeFirst();
        if (!current) throw notFound('Flash sale', slotId);
        throw conflict('SLOT_STATE', `The slot is ${current.status}`, { status: current.status });
      }
      await recordAudit(trx, clock, {
        actor,
        action: paused ? 'flash_sale.pause' : 'flash_sale.resume',
        entityType: 'flash_sale_slot',
        entityId: slotId,
        reason,
      });
      return updated;
    });
    definitions.invalidate(slotId);
    campaignLists.delete(row.campaign_id);
    const [slot] = await views([toDefinition(row)]);
    return { slot: slot! };
  }

  return {
    create,
    pause: (actor: Actor, slotId: string, reason: string) => setPaused(actor, slotId, true, reason),
    resume: (actor: Actor, slotId: string, reason: string) => setPaused(actor, slotId, false, reason),
    async get(slotId: string): Promise<{ slot: Slot }> {
      const def = await definitions.get(slotId);
      if (!def) throw notFound('Flash sale', slotId);
      const [slot] = await views([def]);
      return { slot: slot! };
    },
    async listOfCampaign(campaignId: string): Promise<{ slots: Slot[] }> {
      return { slots: await views(await campaignSlots(campaignId)) };
    },
    async listForConsole(campaignId?: string): Promise<{ slots: Slot[] }> {
      return { slots: await views((await listSlotRows(db, { campaignId })).map(toDefinition)) };
    },
    async listForMerchant(actor: Actor): Promise<{ slots: Slot[] }> {
      const storeIds = await deps.storeIdsOf(actor.userId);
      return { slots: await views((await listSlotRows(db, { storeIds })).map(toDefinition)) };
    },
  };
}

export type Slots = ReturnType<typeof createSlots>;

export function toSlot(d: SlotDefinition, remaining: number, now: Date): Slot {
  return {
    id: d.id,
    campaignId: d.campaignId,
    skuId: d.skuId,
    storeId: d.storeId,
    title: d.title,
    listPrice: d.listPrice,
    flashPrice: d.flashPrice,
    currency: d.currency,
    stock: d.stock,
    remaining,
    perCustomerLimit: d.perCustomerLimit,
    checkoutMinutes: d.checkoutMinutes,
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt.toISOString(),
    status: slotStatusAt(d, remaining, now),
    waitingRoom: d.waitingRoom,
    minAccountAgeHours: d.minAccountAgeHours,
    limits: d.limits,
    soldOutAt: d.soldOutAt ? d.soldOutAt.toISOString() : null,
  };
}
