import { call, carnival, type Schemas } from '../api';

/** Stores, catalog, enrollment and venue endpoints (see docs: /docs, tags merchants/catalog/enrollment/venue). */

export type Store = Schemas['Store'];

/** The server's models (client/schema.d.ts, generated from its OpenAPI document). */
export type Sku = Schemas['Sku'];
export type Product = Schemas['Product'];
/** A promotion of the pricing engine, as enrollment rules list it. */
export type RulePromotion = Schemas['Promotion'];
/** A promotion as the venue lists it: whether it is in force now and required of every store. */
export type Promotion = Schemas['VenuePromotion'];
export type Rules = Schemas['EnrollmentRules'];
export type CampaignRef = Schemas['Campaign'];
export type Enrollment = Schemas['Enrollment'];
export type RuleFailure = Schemas['RuleFailure'];
export type NominationStatus = Schemas['NominationStatus'];
/** A nomination as the lists show it (with the SKU's list price, stock and store name now). */
export type Nomination = Schemas['NominationListItem'];
export type NominationItem = Schemas['NominationItem'];
export type NominateResult = Schemas['NominateResult'];
export type BulkResult = Schemas['NominationBulkReview'];
export type VenueItem = Schemas['VenueItem'];
export type VenuePage = Schemas['VenuePage'];
export type Quote = Schemas['VenueQuote'];

/** A query without empty filters: an empty search box or "all" select is no filter. */
function compact<T extends Record<string, unknown>>(query: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}

const byId = (id: string) => ({ params: { path: { id } } });

export const merchantApi = {
  categories: () => call(carnival.GET('/api/categories')).then((r) => r.items),
  stores: async () => (await call(carnival.GET('/api/stores'))).items,
  products: (storeId: string) =>
    call(
      carnival.GET('/api/stores/{id}/products', { params: { path: { id: storeId }, query: { limit: 200 } } }),
    ).then((r) => r.items),
  openCampaigns: () => call(carnival.GET('/api/enrollment/open-campaigns')).then((r) => r.items),
  enrollments: (campaignId: string, storeId?: string) =>
    call(carnival.GET('/api/enrollments', { params: { query: compact({ campaignId, storeId }) } })).then(
      (r) => r.items,
    ),
  enroll: (campaignId: string, storeId: string, commitments: string[]) =>
    call(
      carnival.POST('/api/campaigns/{id}/enrollments', {
        ...byId(campaignId),
        body: { storeId, commitments },
      }),
    ).then((r) => r.enrollment),
  nominate: (enrollmentId: string, items: NominationItem[], dryRun: boolean) =>
    call(
      carnival.POST('/api/enrollments/{id}/nominations', { ...byId(enrollmentId), body: { items, dryRun } }),
    ),
  nominations: (query: {
    campaignId?: string;
    storeId?: string;
    status?: NominationStatus;
    limit?: number;
    offset?: number;
  }) => call(carnival.GET('/api/nominations', { params: { query: compact(query) } })),
  withdraw: (id: string) => call(carnival.POST('/api/nominations/{id}/withdraw', byId(id))),
  review: (id: string, decision: 'approve' | 'reject', reason?: string) =>
    call(
      carnival.POST('/api/nominations/{id}/review', {
        ...byId(id),
        body: reason ? { decision, reason } : { decision },
      }),
    ).then((r) => r.nomination),
  reviewBulk: (ids: string[], decision: 'approve' | 'reject', reason?: string) =>
    call(
      carnival.POST('/api/nominations/review', {
        body: reason ? { ids, decision, reason } : { ids, decision },
      }),
    ),
  venue: (
    idOrSlug: string,
    query: { category?: string; store?: string; q?: string; limit?: number; offset?: number },
  ) =>
    call(
      carnival.GET('/api/campaigns/{id}/venue', {
        params: { path: { id: idOrSlug }, query: compact(query) },
      }),
    ),
  promotions: (idOrSlug: string) =>
    call(carnival.GET('/api/campaigns/{id}/venue/promotions', byId(idOrSlug))).then((r) => r.promotions),
  quote: (idOrSlug: string, lines: { sku: string; quantity: number }[], coupons?: string[]) =>
    call(
      carnival.POST('/api/campaigns/{id}/venue/quote', {
        ...byId(idOrSlug),
        body: { lines, ...(coupons?.length ? { coupons } : {}) },
      }),
    ),
};
