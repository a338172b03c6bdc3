import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Harness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { reserveStock } from '../catalog/stock';
import { reserveCampaignStock } from '../enrollment/campaign-stock';
import { operatorActor, publishedCampaign, RULES } from '../enrollment/test-fixtures';
import {
  balances,
  createWalletProvider,
  orderPaymentEntries,
  platformClearing,
  post,
  trialBalance,
  verifyBalances,
} from '../ledger';
import { creditWalletForTest } from '../ledger/test-helpers';
import { type Promotion, priceCart } from '../pricing';
import { type Funder, splitByStore } from './funding';

/**
 * Test helpers for the after-sale side (not part of the public surface): a campaign with stores,
 * SKUs and approved nominations, and PAID orders created directly — rows from a priced cart
 * (priceCart + splitByStore, each SKU at its list price with an item-layer fixed price to its
 * campaign price, as the venue prices it) and the payment posted the way checkout posts it:
 * wallet top-up, wallet charge (wallet → clearing), order.payment (orderPaymentEntries).
 */
export type Who = { cookie: string; userId: string } | null;
export type SignedIn = { cookie: string; userId: string; email: string };

/** A fresh session for a signed-in test user (sessions last 14 days; tests move the clock). */
export async function relogin(h: Harness, who: SignedIn): Promise<SignedIn> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: who.email, password: 'password-123' },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return { ...who, cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}

export const merchantActor = (userId: string): Actor => ({
  userId,
  role: 'merchant',
  email: `${userId}@test.local`,
  displayName: 'merchant',
  via: 'session',
});

export interface WorldSku {
  id: string;
  storeId: string;
  listPrice: number;
  campaignPrice: number;
  nominationId: string;
}

export interface World {
  campaignId: string;
  operator: SignedIn;
  merchants: SignedIn[];
  storeIds: string[];
  skus: Record<string, WorldSku>;
}

/**
 * One published campaign, `stores.length` stores (each its own merchant), SKUs approved at
 * their campaign prices. The campaign price must be at most 90% of the list price (RULES).
 */
export async function buildWorld(
  h: Harness,
  slug: string,
  stores: Record<string, { listPrice: number; campaignPrice: number }>[],
  options: { promotions?: Promotion[]; commitments?: string[] } = {},
): Promise<World> {
  const promotions = options.promotions ?? (RULES.promotions as Promotion[]);
  const commitments = options.commitments ?? ['x300'];
  const operator = await h.signIn('operator');
  const op = operatorActor(operator.userId);
  const campaign = await publishedCampaign(h, operator.userId, slug);
  await h.services.enrollment.setRules(op, campaign.id, {
    ...RULES,
    minRating: 45,
    promotions,
    requiredPromotionIds: commitments,
  } as never);
  const merchants = [];
  const storeIds: string[] = [];
  const skus: Record<string, WorldSku> = {};
  for (const [i, skuSpecs] of stores.entries()) {
    const m = await h.signIn('merchant');
    merchants.push(m);
    const actor = merchantActor(m.userId);
    const store = await h.services.merchants.create(actor, {
      name: `店铺 ${slug} ${i}`,
      mainCategory: 'apparel.women',
      region: '浙江杭州',
      currency: 'CNY',
      qualifications: [],
    });
    storeIds.push(store.id);
    await h.services.merchants.setRating(op, store.id, 49, 'test');
    const names = Object.keys(skuSpecs);
    const product = await h.services.catalog.createProduct(actor, store.id, {
      title: `商品 ${slug} ${i}`,
      category: 'apparel.women',
      description: '',
      imageUrls: [],
      skus: names.map((n) => ({ attributes: { 款: n }, price: skuSpecs[n]!.listPrice, stock: 1000 })),
    } as never);
    const enrollment = await h.services.enrollment.enroll(actor, campaign.id, {
      storeId: store.id,
      commitments,
    });
    const nominated = await h.services.enrollment.nominate(actor, enrollment.id, {
      dryRun: false,
      items: product.skus.map((s, k) => ({
        sku: s.id,
        campaignPrice: skuSpecs[names[k]!]!.campaignPrice,
        campaignStock: 500,
      })),
    });
    expect(nominated.failures).toEqual([]);
    for (const [k, nom] of nominated.nominations.entries()) {
      await h.services.enrollment.review(op, nom.id, 'approve');
      skus[names[k]!] = {
        id: nom.skuId,
        storeId: store.id,
        listPrice: skuSpecs[names[k]!]!.listPrice,
        campaignPrice: nom.campaignPrice,
        nominationId: nom.id,
      };
    }
  }
  return { campaignId: campaign.id, operator, merchants, storeIds, skus };
}

export interface PaidOrderInput {
  customerId: string;
  campaignId: string;
  lines: { sku: WorldSku; quantity: number }[];
  /** Promotions besides the campaign prices (store 满减, platform coupons, allowance...). */
  promotions?: Promotion[];
  coupons?: string[];
  allowanceBalance?: number;
  funderOverrides?: Record<string, Funder>;
  /** Tops the wallet up with exactly what is paid first (default true). */
  topUp?: boolean;
}

export interface PaidOrder {
  orderId: string;
  total: number;
  subOrders: { id: string; storeId: string }[];
  /** Line ids in input order. */
  lineIds: string[];
  chargeTxnId: string;
  paymentTxnId: string;
}

/** Creates a paid order directly (rows + the checkout's postings), in one transaction. */
export async function createPaidOrder(
  deps: { db: Kysely<DB>; clock: Clock },
  input: PaidOrderInput,
): Promise<PaidOrder> {
  const { db, clock } = deps;
  const now = clock.now();
  const cartLines = input.lines.map((l, i) => ({
    id: `l${i + 1}`,
    sku: l.sku.id,
    store: l.sku.storeId,
    unitPrice: l.sku.listPrice,
    quantity: l.quantity,
  }));
  const fixed: Promotion[] = [...new Set(input.lines.map((l) => l.sku.id))].map((sku) => ({
    id: `campaign_price.${sku}`,
    layer: 'item',
    type: 'fixed_price',
    price: input.lines.find((l) => l.sku.id === sku)!.sku.campaignPrice,
    skus: [sku],
  }));
  const priced = priceCart({
    currency: 'CNY',
    now: now.toISOString(),
    promotions: [...fixed, ...(input.promotions ?? [])],
    customer: {
      id: input.customerId,
      coupons: input.coupons ?? [],
      allowanceBalance: input.allowanceBalance ?? 0,
    },
    lines: cartLines,
  });
  const subs = splitByStore(cartLines, priced, input.funderOverrides);
  const orderId = newId('ord', now.getTime());
  const platformFunded = subs.reduce((s, x) => s + x.platformFunded, 0);
  const merchantFunded = subs.reduce((s, x) => s + x.merchantFunded, 0);
  const allowanceUsed = priced.applied
    .filter((a) => input.promotions?.find((p) => p.id === a.promotion)?.type === 'allowance')
    .reduce((s, a) => s + a.amount, 0);
  const wallet = createWalletProvider({ db, clock });
  const lineIds = new Map<string, string>();
  const out = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('orders')
      .values({
        id: orderId,
        customer_id: input.customerId,
        campaign_id: input.campaignId,
        status: 'paid',
        currency: 'CNY',
        subtotal: priced.subtotal,
        discount: priced.discount,
        total: priced.total,
        merchant_funded: merchantFunded,
        platform_funded: platformFunded,
        allowance_used: allowanceUsed,
        amount_paid: priced.total,
        pay_by: now,
        paid_at: now,
        pricing: JSON.stringify(priced),
        created_at: now,
        updated_at: now,
      })
      .execute();
    const subOrders: PaidOrder['subOrders'] = [];
    for (const sub of subs) {
      const subId = newId('sub', now.getTime());
      subOrders.push({ id: subId, storeId: sub.store });
      await trx
        .insertInto('sub_orders')
        .values({
          id: subId,
          order_id: orderId,
          store_id: sub.store,
          status: 'paid',
          subtotal: sub.subtotal,
          discount: sub.discount,
          total: sub.total,
          merchant_funded: sub.merchantFunded,
          platform_funded: sub.platformFunded,
          tracking: null,
          shipped_at: null,
          delivered_at: null,
          completed_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const l of sub.lines) {
        const input_ = input.lines[Number(l.id.slice(1)) - 1]!;
        const id = `${orderId}-L${String(lineIds.size + 1).padStart(3, '0')}`;
        lineIds.set(l.id, id);
        await trx
          .insertInto('order_lines')
          .values({
            id,
            order_id: orderId,
            sub_order_id: subId,
            store_id: sub.store,
            sku_id: l.sku,
            nomination_id: input_.sku.nominationId,
            title: `SKU ${l.sku}`,
            list_price: input_.sku.listPrice,
            unit_price: input_.sku.campaignPrice,
            quantity: l.quantity,
            subtotal: l.subtotal,
            discount: l.discount,
            total: l.total,
            merchant_funded: l.merchantFunded,
            platform_funded: l.platformFunded,
            deposit: null,
            balance: null,
            adjustments: JSON.stringify(l.adjustments),
          })
          .execute();
      }
    }
    // Stock taken as checkout takes it (SKU stock on hand, then the campaign's stock).
    for (const l of input.lines) {
      expect(await reserveStock(trx, l.sku.id, l.quantity)).not.toBeNull();
      expect(await reserveCampaignStock(trx, input.campaignId, l.sku.id, l.quantity)).not.toBeNull();
    }
    if (input.topUp !== false && priced.total > 0)
      await creditWalletForTest(trx, input.customerId, priced.total, `fixture:${orderId}`, { trx, clock });
    const charge = await wallet.charge(
      {
        amount: priced.total,
        currency: 'CNY',
        customerId: input.customerId,
        reference: orderId,
        idempotencyKey: `${orderId}:full`,
      },
      { trx },
    );
    if (charge.status !== 'succeeded') throw new Error(`fixture charge failed: ${charge.failureCode}`);
    await trx
      .insertInto('payments')
      .values({
        id: newId('pay', now.getTime()),
        order_id: orderId,
        kind: 'full',
        amount: priced.total,
        currency: 'CNY',
        provider: 'wallet',
        provider_ref: charge.providerRef,
        status: 'succeeded',
        failure_code: null,
        created_at: now,
      })
      .execute();
    const payment = await post(
      trx,
      {
        kind: 'order.payment',
        reference: orderId,
        idempotencyKey: `order.payment:${orderId}`,
        entries: orderPaymentEntries({
          currency: 'CNY',
          source: platformClearing('CNY'),
          paid: priced.total,
          platformDiscount: platformFunded,
          stores: subs.map((s) => ({
            storeId: s.store,
            gross: s.subtotal,
            merchantDiscount: s.merchantFunded,
          })),
        }),
      },
      clock,
    );
    await trx
      .insertInto('order_events')
      .values({ order_id: orderId, sub_order_id: null, from_status: 'created', to_status: 'paid', at: now })
      .execute();
    return { subOrders, chargeTxnId: charge.providerRef, paymentTxnId: payment.transaction.id };
  });
  return {
    orderId,
    total: priced.total,
    subOrders: out.subOrders,
    lineIds: cartLines.map((l) => lineIds.get(l.id)!),
    chargeTxnId: out.chargeTxnId,
    paymentTxnId: out.paymentTxnId,
  };
}

/** The books are sound and no wallet is below zero. */
export async function expectSoundBooks(db: Kysely<DB>): Promise<void> {
  const tb = await trialBalance(db);
  expect(tb.total).toBe(0);
  expect(tb.balanced).toBe(true);
  expect(await verifyBalances(db)).toEqual([]);
  for (const w of await balances(db, { ownerType: 'customer' })) expect(w.balance).toBeGreaterThanOrEqual(0);
}

/** HTTP calls with a cookie and an optional Idempotency-Key. */
export function http(h: Harness) {
  return (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: Who,
    payload?: unknown,
    key?: string,
  ): Promise<LightMyRequestResponse> =>
    h.app.inject({
      method,
      url,
      headers: { ...(who ? { cookie: who.cookie } : {}), ...(key ? { 'idempotency-key': key } : {}) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}

/** A store-layer 满X减Y promotion for `stores`. */
export const storeThreshold = (id: string, threshold: number, off: number): Promotion => ({
  id,
  layer: 'store',
  type: 'threshold',
  tiers: [{ threshold, off }],
});

/** A platform coupon 满X减Y (the customer must hold it). */
export const platformCoupon = (id: string, threshold: number, off: number): Promotion => ({
  id,
  layer: 'platform',
  type: 'coupon',
  threshold,
  off,
});
