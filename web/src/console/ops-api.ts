import type { paths } from '../../../client/index.js';
import { Intent } from '../api/intent';
import { call, carnival, idempotent, type Schemas } from '../api/typed';

/**
 * What the operator workbench reads and writes (server: enrollment, promotions, orders' after-sale
 * and settlement, accounts, audit, ledger), through the generated client.
 */
export type EnrollmentRules = Schemas['EnrollmentRules'];
export type Promotion = Schemas['Promotion'];
export type Coupon = Schemas['Coupon'];
export type PromotionBudget = Schemas['PromotionBudget'];
export type PricedCart = Schemas['PricedCart'];
export type User = Schemas['User'];
export type AuditLogEntry = Schemas['AuditLogEntry'];
export type LedgerAccount = Schemas['LedgerAccount'];
export type CampaignSettlements = Schemas['CampaignSettlements'];
export type RulesInput =
  paths['/api/campaigns/{id}/enrollment-rules']['put']['requestBody']['content']['application/json'];
export type CouponDraft = paths['/api/coupons']['post']['requestBody']['content']['application/json'];
export type Scenario = NonNullable<
  paths['/api/pricing/quote']['post']['requestBody']
>['content']['application/json'];
export type AuditQuery = NonNullable<paths['/api/admin/audit']['get']['parameters']['query']>;
export type AccountsQuery = NonNullable<paths['/api/admin/ledger/accounts']['get']['parameters']['query']>;
export type Role = User['role'];

const byId = (id: string) => ({ params: { path: { id } } });

export const opsApi = {
  rules: (campaignId: string) =>
    call(carnival.GET('/api/campaigns/{id}/enrollment-rules', byId(campaignId))).then((r) => r.rules),
  setRules: (campaignId: string, body: RulesInput) =>
    call(carnival.PUT('/api/campaigns/{id}/enrollment-rules', { ...byId(campaignId), body })).then(
      (r) => r.rules,
    ),
  categories: () => call(carnival.GET('/api/categories')).then((r) => r.items),

  coupons: (campaignId: string) =>
    call(carnival.GET('/api/manage/coupons', { params: { query: { campaignId, limit: 200 } } })),
  createCoupon: (draft: CouponDraft, intent: Intent) =>
    intent.run((key) =>
      call(carnival.POST('/api/coupons', { body: draft, headers: idempotent(key) })).then((r) => r.coupon),
    ),
  setCouponStatus: (id: string, action: 'pause' | 'resume') =>
    call(
      action === 'pause'
        ? carnival.POST('/api/coupons/{id}/pause', byId(id))
        : carnival.POST('/api/coupons/{id}/resume', byId(id)),
    ).then((r) => r.coupon),

  grantAllowance: (
    campaignId: string,
    body: { email: string; amount: number; reason?: string },
    intent: Intent,
  ) =>
    intent.run((key) =>
      call(
        carnival.POST('/api/campaigns/{id}/allowance-grants', {
          ...byId(campaignId),
          body,
          headers: idempotent(key),
        }),
      ).then((r) => r.account),
    ),

  budgets: (campaignId: string) =>
    call(carnival.GET('/api/campaigns/{id}/budgets', byId(campaignId))).then((r) => r.items),
  setBudget: (
    promotionId: string,
    body: {
      campaignId: string;
      budgetAmount: number | null;
      maxUses: number | null;
      perCustomerUses: number | null;
    },
  ) =>
    call(
      carnival.PUT('/api/promotions/{promotionId}/budget', { params: { path: { promotionId } }, body }),
    ).then((r) => r.budget),

  afterSale: (campaignId: string) =>
    call(carnival.GET('/api/campaigns/{id}/after-sale', byId(campaignId))).then((r) => r.afterSale),
  setAfterSale: (campaignId: string, priceProtectionDays: number) =>
    call(
      carnival.PUT('/api/admin/campaigns/{id}/after-sale', {
        ...byId(campaignId),
        body: { priceProtectionDays },
      }),
    ).then((r) => r.afterSale),

  quote: (scenario: Scenario) => call(carnival.POST('/api/pricing/quote', { body: scenario })),

  users: (query: { role?: Role; q?: string; limit?: number; offset?: number }) =>
    call(carnival.GET('/api/admin/users', { params: { query } })).then((r) => r.items),
  setRole: (id: string, body: { role: Role; reason: string; currentPassword: string }) =>
    call(carnival.PUT('/api/admin/users/{id}/role', { ...byId(id), body })).then((r) => r.user),

  audit: (query: AuditQuery) =>
    call(carnival.GET('/api/admin/audit', { params: { query } })).then((r) => r.items),

  trialBalance: (verify: boolean) =>
    call(
      carnival.GET('/api/admin/ledger/trial-balance', {
        params: { query: { verify: verify ? 'true' : 'false' } },
      }),
    ),
  accounts: (query: AccountsQuery) => call(carnival.GET('/api/admin/ledger/accounts', { params: { query } })),
  statement: (code: string, offset = 0) =>
    call(
      carnival.GET('/api/admin/ledger/accounts/{code}/statement', {
        params: { path: { code }, query: { limit: 50, offset } },
      }),
    ),

  settlements: (campaignId: string) =>
    call(carnival.GET('/api/admin/settlements', { params: { query: { campaignId } } })),
  stores: () => call(carnival.GET('/api/stores', { params: { query: { limit: 200 } } })).then((r) => r.items),
};

export { Intent };
