import { api, call, carnival, type Schemas } from '../api';

/** Stores, catalog, enrollment and venue endpoints (see docs: /docs, tags merchants/catalog/enrollment/venue). */
type Localized = { 'zh-CN': string; 'en-US': string };

export type Store = Schemas['Store'];

export interface Sku {
  id: string;
  productId: string;
  attributes: Record<string, string>;
  price: number;
  stock: number;
}

export interface Product {
  id: string;
  title: string;
  category: string;
  imageUrls: string[];
  skus: Sku[];
}

export interface Promotion {
  id: string;
  layer: string;
  type: string;
  step?: number;
  off?: number;
  threshold?: number;
  tiers?: { threshold: number; off: number }[];
  percent?: number;
  inForce?: boolean;
  required?: boolean;
}

export interface Rules {
  campaignId: string;
  eligibleCategories: string[];
  minRating: number;
  opensAt: string;
  closesAt: string;
  maxPriceBp: number;
  promotions: Promotion[];
  requiredPromotionIds: string[];
  open: boolean;
}

export interface CampaignRef {
  id: string;
  slug: string;
  title: Localized;
  status: string;
  startsAt: string;
  endsAt: string;
  theme?: { primaryColor: string };
}

export interface Enrollment {
  id: string;
  campaignId: string;
  storeId: string;
  committedPromotionIds: string[];
}

export interface RuleFailure {
  rule: string;
  sku?: string;
  field?: string;
  needed: unknown;
  given: unknown;
  message: string;
}

export type NominationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface Nomination {
  id: string;
  campaignId: string;
  storeId: string;
  skuId: string;
  title: string;
  category: string;
  campaignPrice: number;
  campaignStock: number;
  referencePrice: number;
  status: NominationStatus;
  reason: string | null;
  reviewedAt: string | null;
  version: number;
  createdAt: string;
  attributes?: Record<string, string>;
  listPrice?: number | null;
  stock?: number | null;
  storeName?: string | null;
}

export interface NominationItem {
  sku: string;
  campaignPrice: number;
  campaignStock: number;
}

export interface NominateResult {
  dryRun: boolean;
  eligible: NominationItem[];
  nominations: Nomination[];
  failures: RuleFailure[];
}

export interface BulkResult {
  results: (
    | { id: string; ok: true; nomination: Nomination }
    | { id: string; ok: false; error: { code: string; message: string; status: number } }
  )[];
  succeeded: number;
  failed: number;
}

export interface VenueItem {
  nominationId: string;
  sku: string;
  title: string;
  attributes: Record<string, string>;
  category: string;
  imageUrl: string | null;
  store: { id: string; name: string };
  listPrice: number;
  campaignPrice: number;
  campaignStock: number;
  currency: string;
}

export interface VenuePage {
  campaign: CampaignRef;
  items: VenueItem[];
  total: number;
  facets: {
    categories: { code: string; count: number }[];
    stores: { id: string; name: string; count: number }[];
  };
}

export interface Quote {
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  applied: { promotion: string; layer: string; amount: number }[];
  notApplied: { promotion: string; reason: string; shortBy?: number }[];
  hints: { promotion: string; nextThreshold: number; shortBy: number; extraOff: number }[];
  items: {
    lineId: string;
    sku: string;
    title: string;
    quantity: number;
    listPrice: number;
    campaignPrice: number;
  }[];
}

const enc = encodeURIComponent;

export const merchantApi = {
  categories: () =>
    api.get<{ items: { code: string; name: Localized }[] }>('/api/categories').then((r) => r.items),
  stores: async () => (await call(carnival.GET('/api/stores'))).items,
  products: (storeId: string) =>
    api
      .get<{ items: Product[] }>(`/api/stores/${enc(storeId)}/products`, { limit: 200 })
      .then((r) => r.items),
  openCampaigns: () =>
    api
      .get<{ items: { campaign: CampaignRef; rules: Rules }[] }>('/api/enrollment/open-campaigns')
      .then((r) => r.items),
  enrollments: (campaignId: string, storeId?: string) =>
    api.get<{ items: Enrollment[] }>('/api/enrollments', { campaignId, storeId }).then((r) => r.items),
  enroll: (campaignId: string, storeId: string, commitments: string[]) =>
    api
      .post<{ enrollment: Enrollment }>(`/api/campaigns/${enc(campaignId)}/enrollments`, {
        storeId,
        commitments,
      })
      .then((r) => r.enrollment),
  nominate: (enrollmentId: string, items: NominationItem[], dryRun: boolean) =>
    api.post<NominateResult>(`/api/enrollments/${enc(enrollmentId)}/nominations`, { items, dryRun }),
  nominations: (query: {
    campaignId?: string;
    storeId?: string;
    status?: string;
    limit?: number;
    offset?: number;
  }) => api.get<{ items: Nomination[]; total: number }>('/api/nominations', query),
  withdraw: (id: string) => api.post<{ nomination: Nomination }>(`/api/nominations/${enc(id)}/withdraw`),
  review: (id: string, decision: 'approve' | 'reject', reason?: string) =>
    api
      .post<{ nomination: Nomination }>(
        `/api/nominations/${enc(id)}/review`,
        reason ? { decision, reason } : { decision },
      )
      .then((r) => r.nomination),
  reviewBulk: (ids: string[], decision: 'approve' | 'reject', reason?: string) =>
    api.post<BulkResult>('/api/nominations/review', reason ? { ids, decision, reason } : { ids, decision }),
  venue: (
    idOrSlug: string,
    query: { category?: string; store?: string; q?: string; limit?: number; offset?: number },
  ) => api.get<VenuePage>(`/api/campaigns/${enc(idOrSlug)}/venue`, query),
  promotions: (idOrSlug: string) =>
    api
      .get<{ promotions: Promotion[] }>(`/api/campaigns/${enc(idOrSlug)}/venue/promotions`)
      .then((r) => r.promotions),
  quote: (idOrSlug: string, lines: { sku: string; quantity: number }[], coupons?: string[]) =>
    api.post<Quote>(`/api/campaigns/${enc(idOrSlug)}/venue/quote`, {
      lines,
      ...(coupons?.length ? { coupons } : {}),
    }),
};
