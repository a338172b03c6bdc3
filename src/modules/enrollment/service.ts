import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, isAppError, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { type Campaign, type CampaignsService, campaignFor, type PublicCampaign } from '../campaigns';
import type { CatalogService } from '../catalog';
import type { MerchantsService } from '../merchants';
import { checkCommitments, checkItem, checkStore, checkWindow, isOpen } from './engine';
import type { Enrollment, EnrollmentRules, Nomination, NominationItem, RuleFailure } from './model';
import type { NominationListQuery, RulesInput } from './schemas';
import {
  activeNominatedSkus,
  type EnrollmentRow,
  findEnrollment,
  findNomination,
  findRules,
  listNominations,
  toEnrollment,
  toNomination,
  toRules,
} from './store';
import { invalidateVenue } from './venue-cache';

export interface EnrollmentDeps {
  db: Kysely<DB>;
  clock: Clock;
  campaigns: Pick<CampaignsService, 'get'>;
  merchants: Pick<MerchantsService, 'access' | 'storeIdsOf' | 'namesOf'>;
  catalog: Pick<CatalogService, 'skuInfos' | 'lowestPriceBefore'>;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
}

export type ReviewDecision = 'approve' | 'reject';

export type BulkResult =
  | { id: string; ok: true; nomination: Nomination }
  | {
      id: string;
      ok: false;
      error: { code: string; message: string; status: number; details?: Record<string, unknown> };
    };

const refused = (code: string, message: string, failures: RuleFailure[]) =>
  unprocessable(code, message, { field: failures[0]?.field, failures });

const isUniqueViolation = (e: unknown, constraint: string) =>
  String((e as Error)?.message ?? '').includes(constraint);

export function createEnrollmentService({
  db,
  clock,
  campaigns,
  merchants,
  catalog,
  onEventsRecorded,
}: EnrollmentDeps) {
  // Every write here that the venue sells by (rules, enrollments, nominations) ends in
  // afterCommit: the checkout's cached venue reads are dropped with it (venue-cache.ts).
  const afterCommit = () => {
    invalidateVenue(db);
    onEventsRecorded?.();
  };

  async function campaignOf(idOrSlug: string, actor: Actor | null): Promise<Campaign> {
    return campaigns.get(idOrSlug, actor);
  }

  async function rulesOf(campaign: Campaign): Promise<EnrollmentRules> {
    const row = await findRules(db, campaign.id);
    if (!row) throw notFound('Enrollment rules', campaign.id);
    return toRules(row, clock.now());
  }

  async function getRules(idOrSlug: string, actor: Actor | null): Promise<EnrollmentRules> {
    return rulesOf(await campaignOf(idOrSlug, actor));
  }

  /** Creates or replaces a campaign's rules; an edit must carry the version it edited. */
  async function setRules(actor: Actor, idOrSlug: string, input: RulesInput): Promise<EnrollmentRules> {
    if (actor.role !== 'operator') throw forbidden('Only operators set enrollment rules');
    const campaign = await campaignOf(idOrSlug, actor);
    if (Date.parse(input.closesAt) > Date.parse(campaign.endsAt))
      throw unprocessable(
        'WINDOW_AFTER_CAMPAIGN',
        'closesAt: enrollment must close before the campaign ends',
        { field: 'closesAt', campaignEndsAt: campaign.endsAt },
      );
    const now = clock.now();
    const values = {
      eligible_categories: JSON.stringify(input.eligibleCategories),
      min_rating_tenths: input.minRating,
      opens_at: new Date(input.opensAt),
      closes_at: new Date(input.closesAt),
      max_price_bp: input.maxPriceBp,
      promotions: JSON.stringify(input.promotions),
      required_promotion_ids: JSON.stringify(input.requiredPromotionIds),
      deposit_rule: input.depositRule ?? 'forfeit',
      updated_by: actor.userId,
      updated_at: now,
    };
    const row = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('campaign_enrollment_rules')
        .selectAll()
        .where('campaign_id', '=', campaign.id)
        .forUpdate()
        .executeTakeFirst();
      let after: typeof before;
      if (!before) {
        if (input.version !== undefined && input.version !== 1)
          throw conflict('VERSION_CONFLICT', 'These rules do not exist yet; omit version', {
            field: 'version',
            current: null,
          });
        after = await trx
          .insertInto('campaign_enrollment_rules')
          .values({ campaign_id: campaign.id, ...values })
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!after)
          throw conflict('VERSION_CONFLICT', 'Someone else set these rules just now; reload and edit again', {
            field: 'version',
          });
      } else {
        if (input.version !== before.version)
          throw conflict('VERSION_CONFLICT', 'Someone else changed these rules; reload and edit again', {
            field: 'version',
            current: before.version,
          });
        after = await trx
          .updateTable('campaign_enrollment_rules')
          .set({ ...values, version: before.version + 1 })
          .where('campaign_id', '=', campaign.id)
          .where('version', '=', before.version)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      await recordAudit(trx, clock, {
        actor,
        action: 'enrollment.set_rules',
        entityType: 'campaign',
        entityId: campaign.id,
        before: before ? toRules(before, now) : undefined,
        after: toRules(after, now),
      });
      await recordEvent(
        trx,
        'enrollment.rules_set',
        { campaignId: campaign.id, version: after.version },
        clock,
      );
      return after;
    });
    afterCommit();
    return toRules(row, now);
  }

  /** Campaigns whose enrollment window is open now, that the actor can see. */
  async function openCampaigns(actor: Actor | null) {
    const now = clock.now();
    const rows = await db
      .selectFrom('campaign_enrollment_rules')
      .selectAll()
      .where('opens_at', '<=', now)
      .where('closes_at', '>', now)
      .orderBy('closes_at')
      .execute();
    // Owner ids stay with the event's staff, as on GET /api/campaigns/{id}.
    const out: { campaign: Campaign | PublicCampaign; rules: EnrollmentRules }[] = [];
    for (const row of rows) {
      try {
        const campaign = campaignFor(actor, await campaigns.get(row.campaign_id, actor));
        out.push({ campaign, rules: toRules(row, now) });
      } catch (e) {
        if (!isAppError(e) || e.status !== 404) throw e;
      }
    }
    return out;
  }

  async function enroll(
    actor: Actor,
    idOrSlug: string,
    input: { storeId: string; commitments: string[] },
  ): Promise<Enrollment> {
    const campaign = await campaignOf(idOrSlug, actor);
    const { store } = await merchants.access(actor, input.storeId, 'staff');
    const rules = await rulesOf(campaign);
    const now = clock.now();
    const unknown = input.commitments.filter((id) => !rules.promotions.some((p) => p.id === id));
    if (unknown.length > 0)
      throw unprocessable('UNKNOWN_PROMOTION', `commitments: no campaign promotion ${unknown.join(', ')}`, {
        field: 'commitments',
        unknown,
      });
    const failures = [
      ...checkWindow(rules, now),
      ...checkStore(rules, store),
      ...checkCommitments(rules, input.commitments),
    ];
    if (failures.length > 0)
      throw refused(
        'ENROLLMENT_REFUSED',
        `The store does not meet ${failures.length} enrollment rule(s)`,
        failures,
      );
    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('enrollments')
          .values({
            id: newId('enr', now.getTime()),
            campaign_id: campaign.id,
            store_id: store.id,
            committed_promotion_ids: JSON.stringify(input.commitments),
            created_by: actor.userId,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(
          trx,
          'enrollment.created',
          { enrollmentId: inserted.id, campaignId: campaign.id, storeId: store.id },
          clock,
        );
        return inserted;
      });
      afterCommit();
      return toEnrollment(row);
    } catch (e) {
      if (isUniqueViolation(e, 'enrollments_campaign_store'))
        throw conflict('ALREADY_ENROLLED', 'storeId: this store is enrolled in the campaign already', {
          field: 'storeId',
        });
      throw e;
    }
  }

  async function listEnrollments(
    actor: Actor,
    filter: { campaignId?: string; storeId?: string },
  ): Promise<Enrollment[]> {
    let q = db.selectFrom('enrollments').selectAll().orderBy('created_at', 'desc');
    if (actor.role === 'merchant') {
      const ids = await merchants.storeIdsOf(actor.userId);
      if (ids.length === 0) return [];
      q = q.where('store_id', 'in', ids);
    } else if (actor.role !== 'operator') throw forbidden();
    if (filter.campaignId) {
      const campaign = await campaignOf(filter.campaignId, actor);
      q = q.where('campaign_id', '=', campaign.id);
    }
    if (filter.storeId) q = q.where('store_id', '=', filter.storeId);
    return (await q.execute()).map(toEnrollment);
  }

  async function loadEnrollment(actor: Actor, id: string, need: 'read' | 'staff'): Promise<EnrollmentRow> {
    const row = await findEnrollment(db, id);
    if (!row) throw notFound('Enrollment', id);
    await merchants.access(actor, row.store_id, need, { what: 'Enrollment', id });
    return row;
  }

  /** Facts and failures for a list of items of one store, all at once. */
  async function judge(
    rules: EnrollmentRules,
    campaignId: string,
    storeId: string,
    items: NominationItem[],
    exceptNominationId?: string,
  ) {
    const now = clock.now();
    const infos = await catalog.skuInfos(items.map((i) => i.sku));
    const active = await activeNominatedSkus(
      db,
      campaignId,
      items.map((i) => i.sku),
      exceptNominationId,
    );
    const seen = new Set<string>();
    const verdicts = [];
    for (const [index, item] of items.entries()) {
      const info = infos.get(item.sku);
      const inStore = !!info && info.storeId === storeId;
      const lowest = inStore ? await catalog.lowestPriceBefore(item.sku, now) : null;
      const duplicate = seen.has(item.sku);
      seen.add(item.sku);
      const failures = checkItem(
        rules,
        item,
        {
          inStore,
          stock: info?.stock ?? 0,
          lowest,
          currentPrice: info?.price ?? 0,
          alreadyNominated: active.has(item.sku),
        },
        index,
        duplicate,
      );
      verdicts.push({ item, info, reference: lowest ?? info?.price ?? 0, failures });
    }
    return verdicts;
  }

  /**
   * Nominates SKUs of an enrolled store. Every item is judged; the eligible ones go to review
   * (pending) and every failure is reported. When none is eligible the answer is 422 with the
   * failures; `dryRun` judges without saving.
   */
  async function nominate(
    actor: Actor,
    enrollmentId: string,
    input: { items: NominationItem[]; dryRun: boolean },
  ) {
    const enrollment = await loadEnrollment(actor, enrollmentId, 'staff');
    const campaign = await campaignOf(enrollment.campaign_id, actor);
    const rules = await rulesOf(campaign);
    const { store } = await merchants.access(actor, enrollment.store_id, 'staff', {
      what: 'Enrollment',
      id: enrollmentId,
    });
    const now = clock.now();
    // The store is judged again: its rating may have dropped since it enrolled.
    const storeFailures = [...checkWindow(rules, now), ...checkStore(rules, store)];
    if (storeFailures.length > 0)
      throw refused(
        'NOMINATION_REFUSED',
        'The enrollment does not meet the campaign rules now',
        storeFailures,
      );
    const verdicts = await judge(rules, campaign.id, store.id, input.items);
    const failures = verdicts.flatMap((v) => v.failures);
    const eligible = verdicts.filter((v) => v.failures.length === 0);
    if (input.dryRun)
      return {
        dryRun: true,
        eligible: eligible.map((v) => v.item),
        nominations: [] as Nomination[],
        failures,
      };
    if (eligible.length === 0)
      throw refused(
        'NOMINATION_REFUSED',
        `None of the ${input.items.length} SKU(s) meets the rules`,
        failures,
      );
    try {
      const rows = await db.transaction().execute(async (trx) => {
        const out = [];
        for (const v of eligible) {
          const inserted = await trx
            .insertInto('nominations')
            .values({
              id: newId('nom', now.getTime()),
              enrollment_id: enrollment.id,
              campaign_id: campaign.id,
              store_id: store.id,
              sku_id: v.item.sku,
              title: v.info!.productTitle,
              category: v.info!.category,
              campaign_price: v.item.campaignPrice,
              campaign_stock: v.item.campaignStock,
              reference_price: v.reference,
              status: 'pending',
              created_by: actor.userId,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          out.push(inserted);
        }
        await recordEvent(
          trx,
          'nomination.submitted',
          { campaignId: campaign.id, storeId: store.id, nominationIds: out.map((r) => r.id) },
          clock,
        );
        return out;
      });
      afterCommit();
      return {
        dryRun: false,
        eligible: eligible.map((v) => v.item),
        nominations: rows.map(toNomination),
        failures,
      };
    } catch (e) {
      if (isUniqueViolation(e, 'nominations_campaign_sku_active'))
        throw conflict(
          'ALREADY_NOMINATED',
          'items: one of the SKUs was nominated concurrently; reload and retry',
          { field: 'items' },
        );
      throw e;
    }
  }

  async function loadNomination(actor: Actor, id: string, need: 'read' | 'staff') {
    const row = await findNomination(db, id);
    if (!row) throw notFound('Nomination', id);
    await merchants.access(actor, row.store_id, need, { what: 'Nomination', id });
    return row;
  }

  /** A pending nomination's price or stock, judged again; conditional on the version edited. */
  async function updateNomination(
    actor: Actor,
    id: string,
    patch: { campaignPrice?: number; campaignStock?: number; version: number },
  ) {
    const row = await loadNomination(actor, id, 'staff');
    if (row.status !== 'pending')
      throw conflict('NOT_PENDING', `Only a pending nomination can be edited; this one is ${row.status}`, {
        status: row.status,
      });
    const campaign = await campaignOf(row.campaign_id, actor);
    const rules = await rulesOf(campaign);
    const windowFailures = checkWindow(rules, clock.now());
    if (windowFailures.length > 0)
      throw refused('NOMINATION_REFUSED', 'Enrollment is closed', windowFailures);
    const item = {
      sku: row.sku_id,
      campaignPrice: patch.campaignPrice ?? Number(row.campaign_price),
      campaignStock: patch.campaignStock ?? row.campaign_stock,
    };
    const [verdict] = await judge(rules, campaign.id, row.store_id, [item], row.id);
    const failures = verdict!.failures.map((f) => ({ ...f, field: f.field?.replace(/^items\.0\./, '') }));
    if (failures.length > 0)
      throw refused('NOMINATION_REFUSED', 'The new values do not meet the rules', failures);
    const updated = await db
      .updateTable('nominations')
      .set({
        campaign_price: item.campaignPrice,
        campaign_stock: item.campaignStock,
        reference_price: verdict!.reference,
        version: patch.version + 1,
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('version', '=', patch.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated)
      throw conflict('VERSION_CONFLICT', 'The nomination changed meanwhile; reload and edit again', {
        field: 'version',
        current: row.version,
      });
    return toNomination(updated);
  }

  async function withdraw(actor: Actor, id: string) {
    await loadNomination(actor, id, 'staff');
    const now = clock.now();
    const updated = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('nominations')
        .set((eb) => ({ status: 'withdrawn', version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict('NOT_PENDING', 'Only a pending nomination can be withdrawn');
      await recordEvent(
        trx,
        'nomination.withdrawn',
        { nominationId: id, campaignId: row.campaign_id },
        clock,
      );
      return row;
    });
    afterCommit();
    return toNomination(updated);
  }

  async function list(actor: Actor, query: NominationListQuery) {
    let scope: { storeIds?: string[] } = {};
    if (actor.role === 'merchant') {
      if (query.storeId) await merchants.access(actor, query.storeId, 'read');
      scope = { storeIds: await merchants.storeIdsOf(actor.userId) };
    } else if (actor.role !== 'operator') throw forbidden('Only merchants and operators see nominations');
    const q = { ...query };
    if (q.campaignId) q.campaignId = (await campaignOf(q.campaignId, actor)).id;
    const page = await listNominations(db, q, scope);
    const [skus, stores] = await Promise.all([
      catalog.skuInfos(page.items.map((n) => n.skuId)),
      merchants.namesOf([...new Set(page.items.map((n) => n.storeId))]),
    ]);
    return {
      total: page.total,
      items: page.items.map((n) => {
        const sku = skus.get(n.skuId);
        return {
          ...n,
          attributes: sku?.attributes ?? {},
          listPrice: sku?.price ?? null,
          stock: sku?.stock ?? null,
          storeName: stores.get(n.storeId)?.name ?? null,
        };
      }),
    };
  }

  /**
   * One review, in its own transaction: the status moves only from pending (a conditional
   * UPDATE), so two operators deciding at once cannot both win. Approval checks the stock on
   * hand still covers the campaign stock.
   */
  async function review(
    actor: Actor,
    id: string,
    decision: ReviewDecision,
    reason?: string,
  ): Promise<Nomination> {
    if (actor.role !== 'operator') throw forbidden('Only operators review nominations');
    if (decision === 'reject' && !reason)
      throw new AppError('VALIDATION_FAILED', 'reason: is required to reject', 400, { field: 'reason' });
    const row = await findNomination(db, id);
    if (!row) throw notFound('Nomination', id);
    if (row.status !== 'pending')
      throw conflict('NOT_PENDING', `This nomination is ${row.status} already`, { status: row.status });
    if (decision === 'approve') {
      const sku = (await catalog.skuInfos([row.sku_id])).get(row.sku_id);
      const stock = sku?.stock ?? 0;
      if (row.campaign_stock > stock)
        throw refused('APPROVAL_REFUSED', 'The stock on hand no longer covers the campaign stock', [
          {
            rule: 'CAMPAIGN_STOCK',
            sku: row.sku_id,
            needed: stock,
            given: row.campaign_stock,
            message: `The campaign stock ${row.campaign_stock} exceeds the stock on hand ${stock}`,
          },
        ]);
    }
    const now = clock.now();
    const status = decision === 'approve' ? 'approved' : 'rejected';
    const updated = await db.transaction().execute(async (trx) => {
      const after = await trx
        .updateTable('nominations')
        .set((eb) => ({
          status,
          reason: reason ?? null,
          reviewed_by: actor.userId,
          reviewed_at: now,
          updated_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!after) throw conflict('NOT_PENDING', 'This nomination was reviewed meanwhile', {});
      await recordAudit(trx, clock, {
        actor,
        action: `nomination.${status}`,
        entityType: 'nomination',
        entityId: id,
        before: { status: 'pending' },
        after: { status, campaignPrice: Number(after.campaign_price), campaignStock: after.campaign_stock },
        reason,
      });
      await recordEvent(
        trx,
        `nomination.${status}`,
        {
          nominationId: id,
          campaignId: after.campaign_id,
          storeId: after.store_id,
          skuId: after.sku_id,
          campaignPrice: Number(after.campaign_price),
          reason: reason ?? null,
        },
        clock,
      );
      return after;
    });
    afterCommit();
    return toNomination(updated);
  }

  /** Many reviews, each atomic on its own; every id gets its result. */
  async function reviewBulk(actor: Actor, ids: string[], decision: ReviewDecision, reason?: string) {
    if (actor.role !== 'operator') throw forbidden('Only operators review nominations');
    const results: BulkResult[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        results.push({ id, ok: true, nomination: await review(actor, id, decision, reason) });
      } catch (e) {
        if (!isAppError(e)) throw e;
        results.push({
          id,
          ok: false,
          error: {
            code: e.code,
            message: e.message,
            status: e.status,
            ...(e.details ? { details: e.details } : {}),
          },
        });
      }
    }
    return {
      results,
      succeeded: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
    };
  }

  return {
    getRules,
    setRules,
    openCampaigns,
    enroll,
    listEnrollments,
    getEnrollment: async (actor: Actor, id: string) => toEnrollment(await loadEnrollment(actor, id, 'read')),
    nominate,
    updateNomination,
    withdraw,
    getNomination: async (actor: Actor, id: string) => toNomination(await loadNomination(actor, id, 'read')),
    list,
    review,
    reviewBulk,
    isOpen,
  };
}

export type EnrollmentService = ReturnType<typeof createEnrollmentService>;
