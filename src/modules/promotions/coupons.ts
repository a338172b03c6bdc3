import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { parseScenario } from '../pricing';
import { type CouponAccess, ISSUER_ROLES } from './coupon-access';
import type { Coupon, CouponPromotionJson, CouponStatus } from './model';
import type { CouponDraft, CouponListQuery } from './schemas';
import type { PromotionsDeps } from './service';
import { isForeignKeyViolation, toCoupon } from './store';

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

/** Issuing coupons and managing them: create, list (claimable or managed), pause and resume. */
export function createCoupons(
  { db, clock, storeIdsOf }: Pick<PromotionsDeps, 'db' | 'clock' | 'storeIdsOf'>,
  { assertIssuer, load }: CouponAccess,
) {
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
    await assertIssuer(actor, before.scope, before.store_id, id);
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

  return {
    create,
    /** A paused coupon is visible only to its issuers; to everyone else it does not exist. */
    get: async (actor: Actor | null, id: string) => {
      const row = await load(id);
      if (row.status !== 'active') {
        if (!actor) throw notFound('Coupon', id);
        try {
          await assertIssuer(actor, row.scope, row.store_id, id);
        } catch {
          throw notFound('Coupon', id);
        }
      }
      return toCoupon(row);
    },
    listClaimable,
    listManaged,
    setStatus,
  };
}
