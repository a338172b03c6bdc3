import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { conflict, forbidden, isAppError, notFound, unprocessable } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { AccountsService } from '../accounts';
import { parseScenario } from '../pricing';
import { displayCode, newCode, normalizeCode } from './codes';
import {
  claimLimitReached,
  claimWindowClosed,
  codeAlreadyRedeemed,
  codeNotFound,
  couponPaused,
  couponSoldOut,
} from './errors';
import type {
  AllowanceAccount,
  Coupon,
  CouponPromotionJson,
  CouponStatus,
  PromotionBudget,
  WalletEntry,
} from './model';
import type { AllowanceGrant, BudgetInput, CouponDraft, CouponListQuery } from './schemas';
import { type CouponRow, isForeignKeyViolation, toAllowanceAccount, toBudget, toCoupon } from './store';

export interface PromotionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The ids of the stores a user works in: the merchants module's `storeIdsOf` (swappable in tests). */
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** The accounts module's lookup by id or email (null when no such user). */
  findUser: (ref: { id: string } | { email: string }) => Promise<{ id: string; role: string } | null>;
}

const ISSUER_ROLES = ['operator', 'merchant'];
const CODE_BATCH = 1000;

/** Runs `parseScenario` on a one-promotion scenario: the pricing module's schema is the one truth. */
function validateCouponPromotion(promotion: Record<string, unknown>, id: string): CouponPromotionJson {
  const candidate = { ...promotion, id };
  const parsed = parseScenario({
    currency: 'CNY',
    now: '2026-01-01T00:00:00Z',
    promotions: [candidate],
    customer: { id: 'check' },
    lines: [],
  });
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const field = first.path.replace(/^\$\.promotions\[0\]\.?/, 'promotion.').replace(/\.$/, '');
    throw unprocessable('INVALID_PROMOTION', `${field}: ${first.message}`, { field, issues: parsed.errors });
  }
  const p = parsed.scenario.promotions[0]!;
  if (p.type !== 'coupon' && p.type !== 'percent_coupon')
    throw unprocessable(
      'INVALID_PROMOTION',
      'promotion.type: a coupon grants a coupon or percent_coupon promotion',
      { field: 'promotion.type' },
    );
  return p;
}

export function createPromotionsService({ db, clock, storeIdsOf, findUser }: PromotionsDeps) {
  async function assertIssuer(actor: Actor, scope: 'platform' | 'store', storeId: string | null) {
    if (!ISSUER_ROLES.includes(actor.role)) throw forbidden('Only operators and merchants issue coupons');
    if (actor.role === 'operator') return;
    if (scope !== 'store' || !storeId)
      throw forbidden('Merchants issue store coupons only', { field: 'scope' });
    if (!(await storeIdsOf(actor.userId)).includes(storeId))
      throw forbidden('You are not a member of this store', { storeId });
  }

  async function load(id: string): Promise<CouponRow> {
    const row = await db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Coupon', id);
    return row;
  }

  async function create(actor: Actor, draft: CouponDraft): Promise<Coupon> {
    const storeId = draft.scope === 'store' ? (draft.storeId ?? null) : null;
    if (draft.scope === 'store' && !storeId)
      throw unprocessable('STORE_REQUIRED', 'storeId: a store coupon names its store', { field: 'storeId' });
    if (draft.scope === 'platform' && draft.storeId)
      throw unprocessable('STORE_NOT_ALLOWED', 'storeId: a platform coupon belongs to no store', {
        field: 'storeId',
      });
    await assertIssuer(actor, draft.scope, storeId);
    if (Date.parse(draft.claimStartsAt) >= Date.parse(draft.claimEndsAt))
      throw unprocessable('CLAIM_WINDOW_INVALID', 'claimEndsAt: must be after claimStartsAt', {
        field: 'claimEndsAt',
      });

    const now = clock.now();
    const id = newId('cpn', now.getTime());
    const promotion = validateCouponPromotion(draft.promotion, id);
    if (draft.scope === 'store') {
      // A store coupon is funded by its store: store layer, and only that store's goods.
      if (promotion.layer !== 'store')
        throw unprocessable('INVALID_PROMOTION', 'promotion.layer: a store coupon is in the store layer', {
          field: 'promotion.layer',
        });
      if (promotion.stores && (promotion.stores.length !== 1 || promotion.stores[0] !== storeId))
        throw unprocessable(
          'INVALID_PROMOTION',
          'promotion.stores: a store coupon covers its own store only',
          { field: 'promotion.stores' },
        );
      promotion.stores = [storeId!];
    } else if (promotion.layer === 'store') {
      throw unprocessable(
        'INVALID_PROMOTION',
        'promotion.layer: a platform coupon is in the cross_store or platform layer',
        {
          field: 'promotion.layer',
        },
      );
    }

    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('coupons')
          .values({
            id,
            campaign_id: draft.campaignId ?? null,
            scope: draft.scope,
            store_id: storeId,
            issuer_id: actor.userId,
            promotion: JSON.stringify(promotion),
            valid_from: promotion.startsAt ? new Date(promotion.startsAt) : null,
            valid_until: promotion.endsAt ? new Date(promotion.endsAt) : null,
            claim_starts_at: new Date(draft.claimStartsAt),
            claim_ends_at: new Date(draft.claimEndsAt),
            per_customer_limit: draft.perCustomerLimit,
            total_quantity: draft.totalQuantity,
            status: 'active',
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'coupon.create',
          entityType: 'coupon',
          entityId: id,
          after: { ...draft, promotion },
        });
        return inserted;
      });
      return toCoupon(row);
    } catch (e) {
      if (isForeignKeyViolation(e, 'campaign_id')) throw notFound('Campaign', draft.campaignId);
      if (isForeignKeyViolation(e, 'store_id')) throw notFound('Store', storeId ?? undefined);
      throw e;
    }
  }

  function filtered(query: CouponListQuery) {
    let q = db.selectFrom('coupons');
    if (query.campaignId) q = q.where('campaign_id', '=', query.campaignId);
    if (query.storeId) q = q.where('store_id', '=', query.storeId);
    if (query.status) q = q.where('status', '=', query.status);
    return q;
  }

  async function page(q: ReturnType<typeof filtered>, query: CouponListQuery) {
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('id').limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toCoupon), total: Number(total.n) };
  }

  /** Anyone: active coupons open for claiming now. */
  function listClaimable(query: CouponListQuery) {
    const now = clock.now();
    const q = filtered({ ...query, status: 'active' })
      .where('claim_starts_at', '<=', now)
      .where('claim_ends_at', '>', now);
    return page(q, query);
  }

  /** Issuers: operators see every coupon, merchants those of their stores. */
  async function listManaged(actor: Actor, query: CouponListQuery) {
    if (!ISSUER_ROLES.includes(actor.role)) throw forbidden();
    let q = filtered(query);
    if (actor.role === 'merchant') {
      const stores = await storeIdsOf(actor.userId);
      if (stores.length === 0) return { items: [], total: 0 };
      q = q.where('store_id', 'in', stores);
    }
    return page(q, query);
  }

  async function setStatus(actor: Actor, id: string, status: CouponStatus): Promise<Coupon> {
    const before = await load(id);
    await assertIssuer(actor, before.scope, before.store_id);
    const row = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('coupons')
        .set({ status, updated_at: clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: status === 'paused' ? 'coupon.pause' : 'coupon.resume',
        entityType: 'coupon',
        entityId: id,
        before: { status: before.status },
        after: { status },
      });
      return updated;
    });
    return toCoupon(row);
  }

  /**
   * One claim, inside `trx`. Two conditional writes, both of which must match a row:
   * the customer's wallet row grows only below the per-customer limit, and the coupon's
   * counter only below its total, inside the claim window, while active. Either missing →
   * a typed 409 and the transaction rolls back (so the other write is undone too).
   * Wallet first, then the (hot) coupon row: the same order as `redeem`, so no deadlocks.
   */
  async function claimIn(
    trx: Transaction<DB>,
    customerId: string,
    couponId: string,
    now: Date,
  ): Promise<WalletEntry> {
    // The limit is set at creation and never changes: reading it is not read-then-write.
    const config = await trx
      .selectFrom('coupons')
      .select(['per_customer_limit'])
      .where('id', '=', couponId)
      .executeTakeFirst();
    if (!config) throw notFound('Coupon', couponId);
    const wallet = await trx
      .insertInto('coupon_wallet')
      .values({
        customer_id: customerId,
        coupon_id: couponId,
        claimed: 1,
        used: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['customer_id', 'coupon_id'])
          .doUpdateSet((eb) => ({ claimed: eb('coupon_wallet.claimed', '+', 1), updated_at: now }))
          .where('coupon_wallet.claimed', '<', config.per_customer_limit),
      )
      .returning(['claimed', 'used'])
      .executeTakeFirst();
    if (!wallet) throw claimLimitReached(couponId, config.per_customer_limit);
    const coupon = await trx
      .updateTable('coupons')
      .set((eb) => ({ claimed_count: eb('claimed_count', '+', 1), updated_at: now }))
      .where('id', '=', couponId)
      .where('status', '=', 'active')
      .where('claim_starts_at', '<=', now)
      .where('claim_ends_at', '>', now)
      .whereRef('claimed_count', '<', 'total_quantity')
      .returningAll()
      .executeTakeFirst();
    if (!coupon) {
      // Only to say why: the UPDATE above already decided.
      const row = await trx
        .selectFrom('coupons')
        .selectAll()
        .where('id', '=', couponId)
        .executeTakeFirstOrThrow();
      const c = toCoupon(row);
      if (c.status !== 'active') throw couponPaused(couponId);
      if (now < new Date(c.claimStartsAt) || now >= new Date(c.claimEndsAt))
        throw claimWindowClosed(couponId, c.claimStartsAt, c.claimEndsAt);
      throw couponSoldOut(couponId);
    }
    return {
      coupon: toCoupon(coupon),
      claimed: wallet.claimed,
      used: Number(wallet.used),
      available: wallet.claimed - Number(wallet.used),
    };
  }

  /** A consumer claims a coupon (领券). Idempotent by `key`: a retry returns the first answer. */
  function claim(
    actor: Actor,
    couponId: string,
    key: string,
  ): Promise<IdempotentResult<{ wallet: WalletEntry }>> {
    return runIdempotent(
      db,
      { scope: `coupon.claim:${actor.userId}`, key, fingerprint: requestFingerprint([couponId]) },
      async (trx) => ({
        status: 201,
        body: { wallet: await claimIn(trx, actor.userId, couponId, clock.now()) },
      }),
    );
  }

  /**
   * A consumer redeems a single-use code: the code is taken by a conditional UPDATE (only while
   * nobody has), then it becomes a claim under the coupon's usual rules (window, quantity,
   * per-customer limit). A refused claim rolls the code back: it stays unused.
   */
  function redeemCode(
    actor: Actor,
    input: string,
    key: string,
  ): Promise<IdempotentResult<{ wallet: WalletEntry }>> {
    const code = normalizeCode(input);
    return runIdempotent(
      db,
      { scope: `coupon.code:${actor.userId}`, key, fingerprint: requestFingerprint([code]) },
      async (trx) => {
        const now = clock.now();
        const taken = await trx
          .updateTable('coupon_codes')
          .set({ redeemed_by: actor.userId, redeemed_at: now })
          .where('code', '=', code)
          .where('redeemed_by', 'is', null)
          .returning('coupon_id')
          .executeTakeFirst();
        if (!taken) {
          const exists = await trx
            .selectFrom('coupon_codes')
            .select('code')
            .where('code', '=', code)
            .executeTakeFirst();
          throw exists ? codeAlreadyRedeemed(displayCode(code)) : codeNotFound();
        }
        return { status: 201, body: { wallet: await claimIn(trx, actor.userId, taken.coupon_id, now) } };
      },
    );
  }

  /**
   * Bulk single-use codes for a coupon (up to 100k a call), inserted in batches of 1000; a
   * clash with an existing code is skipped by the primary key and drawn again. Codes do not
   * reserve quantity: redeeming one is a claim and can find the coupon sold out.
   */
  async function generateCodes(actor: Actor, couponId: string, count: number, key: string) {
    const coupon = await load(couponId);
    await assertIssuer(actor, coupon.scope, coupon.store_id);
    return runIdempotent(
      db,
      { scope: `coupon.codes:${actor.userId}`, key, fingerprint: requestFingerprint([couponId, count]) },
      async (trx) => {
        const now = clock.now();
        const codes: string[] = [];
        while (codes.length < count) {
          const batch = new Set<string>();
          while (batch.size < Math.min(CODE_BATCH, count - codes.length)) batch.add(newCode());
          const inserted = await trx
            .insertInto('coupon_codes')
            .values([...batch].map((code) => ({ code, coupon_id: couponId, created_at: now })))
            .onConflict((oc) => oc.doNothing())
            .returning('code')
            .execute();
          for (const r of inserted) codes.push(r.code);
        }
        await recordAudit(trx, clock, {
          actor,
          action: 'coupon.generate_codes',
          entityType: 'coupon',
          entityId: couponId,
          after: { count },
        });
        return { status: 201, body: { couponId, count, codes: codes.map(displayCode) } };
      },
    );
  }

  async function wallet(customerId: string): Promise<WalletEntry[]> {
    const rows = await db
      .selectFrom('coupon_wallet as w')
      .innerJoin('coupons as c', 'c.id', 'w.coupon_id')
      .selectAll('c')
      .select(['w.claimed as w_claimed', 'w.used as w_used'])
      .where('w.customer_id', '=', customerId)
      .orderBy('c.id')
      .execute();
    return rows.map((r) => {
      const used = Number(r.w_used);
      return { coupon: toCoupon(r), claimed: r.w_claimed, used, available: r.w_claimed - used };
    });
  }

  async function allowanceAccounts(customerId: string, campaignId?: string): Promise<AllowanceAccount[]> {
    let q = db.selectFrom('allowance_accounts').selectAll().where('customer_id', '=', customerId);
    if (campaignId) q = q.where('campaign_id', '=', campaignId);
    const rows = await q.orderBy('campaign_id').execute();
    if (campaignId && rows.length === 0) return [{ customerId, campaignId, balance: 0, grantedTotal: 0 }];
    return rows.map(toAllowanceAccount);
  }

  /** The operator grants 购物津贴: added atomically to the balance, audited, idempotent by `key`. */
  async function grantAllowance(actor: Actor, campaignId: string, grant: AllowanceGrant, key: string) {
    if (actor.role !== 'operator') throw forbidden('Only operators grant allowance');
    // Looked up before the transaction: the lookup uses its own connection (one, on PGlite).
    const user = await findUser(grant.customerId ? { id: grant.customerId } : { email: grant.email! });
    if (!user) throw notFound('Customer', grant.customerId ?? grant.email);
    if (user.role !== 'consumer')
      throw unprocessable('NOT_A_CONSUMER', 'Allowance is granted to consumers', {
        field: grant.customerId ? 'customerId' : 'email',
      });
    return runIdempotent(
      db,
      { scope: `allowance.grant:${actor.userId}`, key, fingerprint: requestFingerprint([campaignId, grant]) },
      async (trx) => {
        const now = clock.now();
        let row: Awaited<ReturnType<typeof upsert>>;
        const upsert = () =>
          trx
            .insertInto('allowance_accounts')
            .values({
              customer_id: user.id,
              campaign_id: campaignId,
              balance: grant.amount,
              granted_total: grant.amount,
              updated_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['customer_id', 'campaign_id']).doUpdateSet((eb) => ({
                balance: eb('allowance_accounts.balance', '+', grant.amount),
                granted_total: eb('allowance_accounts.granted_total', '+', grant.amount),
                updated_at: now,
              })),
            )
            .returningAll()
            .executeTakeFirstOrThrow();
        try {
          row = await upsert();
        } catch (e) {
          if (isForeignKeyViolation(e, 'campaign_id')) throw notFound('Campaign', campaignId);
          throw e;
        }
        const account = toAllowanceAccount(row);
        await recordAudit(trx, clock, {
          actor,
          action: 'allowance.grant',
          entityType: 'allowance_account',
          entityId: `${user.id}:${campaignId}`,
          after: { customerId: user.id, campaignId, amount: grant.amount, balance: account.balance },
          reason: grant.reason ?? null,
        });
        return { status: 201, body: { account } };
      },
    );
  }

  /**
   * Sets a promotion's budget and limits (PUT: absent = no cap). One guarded upsert: it never
   * lowers a cap below what is already spent or used, and a promotion stays in its campaign.
   */
  async function setBudget(actor: Actor, promotionId: string, input: BudgetInput): Promise<PromotionBudget> {
    if (actor.role !== 'operator') throw forbidden('Only operators set promotion budgets');
    const values = {
      promotion_id: promotionId,
      campaign_id: input.campaignId,
      budget_amount: input.budgetAmount ?? null,
      max_uses: input.maxUses ?? null,
      per_customer_uses: input.perCustomerUses ?? null,
      updated_at: clock.now(),
    };
    try {
      return await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('promotion_budgets')
          .selectAll()
          .where('promotion_id', '=', promotionId)
          .executeTakeFirst();
        const row = await trx
          .insertInto('promotion_budgets')
          .values(values)
          .onConflict((oc) =>
            oc
              .column('promotion_id')
              .doUpdateSet((eb) => ({
                budget_amount: eb.ref('excluded.budget_amount'),
                max_uses: eb.ref('excluded.max_uses'),
                per_customer_uses: eb.ref('excluded.per_customer_uses'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where((eb) =>
                eb.and([
                  eb('promotion_budgets.campaign_id', '=', eb.ref('excluded.campaign_id')),
                  eb.or([
                    eb('excluded.budget_amount', 'is', null),
                    eb('promotion_budgets.spent_amount', '<=', eb.ref('excluded.budget_amount')),
                  ]),
                  eb.or([
                    eb('excluded.max_uses', 'is', null),
                    eb('promotion_budgets.uses', '<=', eb.ref('excluded.max_uses')),
                  ]),
                ]),
              ),
          )
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          const current = toBudget(
            await trx
              .selectFrom('promotion_budgets')
              .selectAll()
              .where('promotion_id', '=', promotionId)
              .executeTakeFirstOrThrow(),
          );
          if (current.campaignId !== input.campaignId)
            throw conflict(
              'PROMOTION_IN_OTHER_CAMPAIGN',
              `promotion ${promotionId} has its budget in campaign ${current.campaignId}`,
              {
                field: 'campaignId',
                campaignId: current.campaignId,
              },
            );
          if (values.budget_amount !== null && current.spentAmount > values.budget_amount)
            throw unprocessable(
              'BUDGET_BELOW_SPENT',
              `budgetAmount: ${current.spentAmount} is already spent`,
              {
                field: 'budgetAmount',
                spentAmount: current.spentAmount,
              },
            );
          throw unprocessable('MAX_USES_BELOW_USES', `maxUses: already used ${current.uses} times`, {
            field: 'maxUses',
            uses: current.uses,
          });
        }
        const budget = toBudget(row);
        await recordAudit(trx, clock, {
          actor,
          action: 'promotion.set_budget',
          entityType: 'promotion',
          entityId: promotionId,
          before: before ? toBudget(before) : null,
          after: budget,
        });
        return budget;
      });
    } catch (e) {
      if (isForeignKeyViolation(e, 'campaign_id')) throw notFound('Campaign', input.campaignId);
      throw e;
    }
  }

  async function budgets(campaignId: string) {
    const rows = await db
      .selectFrom('promotion_budgets')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('promotion_id')
      .execute();
    const items = rows.map(toBudget);
    return {
      items,
      totals: {
        budgetAmount: items.every((b) => b.budgetAmount !== null)
          ? items.reduce((s, b) => s + b.budgetAmount!, 0)
          : null,
        spentAmount: items.reduce((s, b) => s + b.spentAmount, 0),
      },
    };
  }

  return {
    create,
    get: async (id: string) => toCoupon(await load(id)),
    listClaimable,
    listManaged,
    setStatus,
    claim,
    redeemCode,
    generateCodes,
    wallet,
    allowanceAccounts,
    grantAllowance,
    setBudget,
    budgets,
  };
}

export type PromotionsService = ReturnType<typeof createPromotionsService>;

/**
 * `findUser` from the accounts module's service: by id, or by exact (case-insensitive) email.
 */
export function findUserWith(
  accounts: Pick<AccountsService, 'getUser' | 'listUsers'>,
): PromotionsDeps['findUser'] {
  return async (ref) => {
    if ('id' in ref) {
      try {
        return await accounts.getUser(ref.id);
      } catch (e) {
        if (isAppError(e) && e.status === 404) return null;
        throw e;
      }
    }
    const email = ref.email.toLowerCase();
    const found = await accounts.listUsers({ q: ref.email, limit: 20, offset: 0 });
    return found.find((u) => u.email.toLowerCase() === email) ?? null;
  };
}
