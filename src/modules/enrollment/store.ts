import type { Kysely, Selectable } from 'kysely';
import { escapeLike } from '../../platform/db/like';
import type { DB } from '../../schema';
import { isOpen } from './engine';
import { CAMPAIGN_CURRENCY, type Enrollment, type EnrollmentRules, type Nomination } from './model';
import type { NominationListQuery, VenueQuery } from './schemas';
import type { CampaignEnrollmentRulesTable, EnrollmentsTable, NominationsTable } from './tables';

export type RulesRow = Selectable<CampaignEnrollmentRulesTable>;
export type EnrollmentRow = Selectable<EnrollmentsTable>;
export type NominationRow = Selectable<NominationsTable>;

export const toRules = (row: RulesRow, now: Date): EnrollmentRules => {
  const rules = {
    campaignId: row.campaign_id,
    eligibleCategories: row.eligible_categories,
    minRating: row.min_rating_tenths / 10,
    minRatingTenths: row.min_rating_tenths,
    opensAt: new Date(row.opens_at).toISOString(),
    closesAt: new Date(row.closes_at).toISOString(),
    maxPriceBp: row.max_price_bp,
    currency: CAMPAIGN_CURRENCY,
    promotions: row.promotions,
    requiredPromotionIds: row.required_promotion_ids,
    depositRule: row.deposit_rule,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  return { ...rules, open: isOpen(rules, now) };
};

export const toEnrollment = (row: EnrollmentRow): Enrollment => ({
  id: row.id,
  campaignId: row.campaign_id,
  storeId: row.store_id,
  committedPromotionIds: row.committed_promotion_ids,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
});

export const toNomination = (row: NominationRow): Nomination => ({
  id: row.id,
  enrollmentId: row.enrollment_id,
  campaignId: row.campaign_id,
  storeId: row.store_id,
  skuId: row.sku_id,
  title: row.title,
  category: row.category,
  campaignPrice: Number(row.campaign_price),
  campaignStock: row.campaign_stock,
  referencePrice: Number(row.reference_price),
  status: row.status,
  reason: row.reason,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at ? new Date(row.reviewed_at).toISOString() : null,
  version: row.version,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export const findRules = (db: Kysely<DB>, campaignId: string) =>
  db
    .selectFrom('campaign_enrollment_rules')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();

export const findEnrollment = (db: Kysely<DB>, id: string) =>
  db.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();

export const findNomination = (db: Kysely<DB>, id: string) =>
  db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirst();

/** SKU ids among `skuIds` already pending or approved in the campaign. */
export async function activeNominatedSkus(
  db: Kysely<DB>,
  campaignId: string,
  skuIds: readonly string[],
  exceptId?: string,
) {
  if (skuIds.length === 0) return new Set<string>();
  let q = db
    .selectFrom('nominations')
    .select('sku_id')
    .where('campaign_id', '=', campaignId)
    .where('sku_id', 'in', [...skuIds])
    .where('status', 'in', ['pending', 'approved']);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return new Set((await q.execute()).map((r) => r.sku_id));
}

export async function listNominations(
  db: Kysely<DB>,
  query: NominationListQuery,
  scope: { storeIds?: readonly string[] },
) {
  let q = db.selectFrom('nominations');
  if (scope.storeIds) {
    if (scope.storeIds.length === 0) return { items: [], total: 0 };
    q = q.where('store_id', 'in', [...scope.storeIds]);
  }
  if (query.campaignId) q = q.where('campaign_id', '=', query.campaignId);
  if (query.storeId) q = q.where('store_id', '=', query.storeId);
  if (query.status?.length) q = q.where('status', 'in', query.status);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toNomination), total: Number(count.n) };
}

/** Approved nominations of a campaign, filtered and paged, with the facet counts of the whole venue. */
export async function venuePage(db: Kysely<DB>, campaignId: string, query: VenueQuery) {
  const base = db
    .selectFrom('nominations')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'approved');
  let q = base;
  if (query.category) {
    const c = query.category;
    q = q.where((eb) => eb.or([eb('category', '=', c), eb('category', 'like', `${escapeLike(c)}.%`)]));
  }
  if (query.store) q = q.where('store_id', '=', query.store);
  if (query.q) q = q.where('title', 'ilike', `%${escapeLike(query.q)}%`);
  const [rows, count, categories, stores] = await Promise.all([
    q.selectAll().orderBy('campaign_price').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('category')
      .orderBy('category')
      .execute(),
    base
      .select(['store_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('store_id')
      .orderBy('store_id')
      .execute(),
  ]);
  return {
    rows,
    total: Number(count.n),
    categories: categories.map((c) => ({ code: c.category, count: Number(c.n) })),
    stores: stores.map((s) => ({ id: s.store_id, count: Number(s.n) })),
  };
}
