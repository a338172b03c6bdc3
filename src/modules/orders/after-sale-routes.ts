import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import {
  cancelPaidAnswer,
  merchantCampaignListSchema,
  merchantSettlementsSchema,
  priceProtectionAnswer,
  refundAnswer,
  refundListSchema,
  refundQuoteAnswer,
  storeRefundListSchema,
} from './after-sale-responses';
import { afterSaleSettingsAnswerSchema } from './after-sale-settings';
import {
  createPriceProtectionService,
  type PriceProtectionDeps,
  type PriceProtectionService,
} from './price-protection';
import { createRefundsService, type RefundsDeps, type RefundsService } from './refunds';
import { createSettlementService, type SettlementDeps, type SettlementService } from './settlement';
import { campaignSettlementsSchema } from './settlement-responses';

export interface AfterSaleRoutesOptions {
  refunds: RefundsService;
  priceProtection: PriceProtectionService;
  settlement: SettlementService;
}

const id = z.string().min(1).max(100);
const idParams = z.object({ id });
const MINOR = 'must be a positive integer in minor units';
const reason = z.string().trim().min(1, 'is required').max(1000);

export const refundRequestSchema = z.object({
  lineId: id,
  /** Units to give back; omit both quantity and amount for every unit left. */
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).optional(),
  /** An agreed amount (no units come back), in minor units. */
  amount: z.number({ error: MINOR }).int(MINOR).min(1, MINOR).max(Number.MAX_SAFE_INTEGER, MINOR).optional(),
  reason,
});

/** A quote takes what a request takes, without the reason. */
export const refundQuoteSchema = refundRequestSchema.omit({ reason: true });

/**
 * After-sale HTTP: refunds (consumer requests, store staff decide), cancelling a paid sub-order
 * before shipping, price protection, and settlements. Every request that moves money takes an
 * Idempotency-Key (400 naming it when missing).
 */
export async function afterSaleRoutes(
  app: FastifyInstance,
  { refunds, priceProtection, settlement }: AfterSaleRoutesOptions,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['after-sale'];
  const consumer = requireRole('consumer');
  const merchant = requireRole('merchant');
  const storeReader = requireRole('merchant', 'operator');
  const operator = requireRole('operator');

  r.post(
    '/api/orders/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Ask for a refund of a line, by units or by an agreed amount (Idempotency-Key)',
        params: idParams,
        body: refundRequestSchema,
        response: { 201: refundAnswer },
      },
      config: { scope: 'refunds:write' },
      preHandler: consumer,
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(
        reply,
        await refunds.request(actorOf(request), request.params.id, request.body, key),
      );
    },
  );

  r.post(
    '/api/orders/:id/refunds/quote',
    {
      schema: {
        tags,
        summary:
          'What a refund request of a line would be now (amount, parts, what is left), with the same refusals; changes nothing',
        params: idParams,
        body: refundQuoteSchema,
        response: { 200: refundQuoteAnswer },
      },
      config: { scope: 'refunds:read' },
      preHandler: consumer,
    },
    async (request) => ({ quote: await refunds.quote(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/orders/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Refunds of one of your orders',
        params: idParams,
        response: { 200: refundListSchema },
      },
      config: { scope: 'refunds:read' },
      preHandler: requireRole('consumer', 'operator'),
    },
    async (request) => refunds.listForOrder(actorOf(request), request.params.id),
  );

  r.get(
    '/api/merchant/refunds',
    {
      schema: {
        tags,
        summary:
          'A store’s refunds, or without storeId every store you are a member of (operators: all), newest first, with the line’s title and attributes',
        querystring: z.object({
          storeId: id.optional(),
          status: z.enum(['requested', 'approved', 'rejected']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: storeRefundListSchema },
      },
      config: { scope: 'refunds:read' },
      preHandler: storeReader,
    },
    async (request) => refunds.listForStore(actorOf(request), request.query),
  );

  r.post(
    '/api/refunds/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a requested refund: money back, books, stock (Idempotency-Key)',
        params: idParams,
        response: { 200: refundAnswer },
      },
      config: { scope: 'refunds:write' },
      preHandler: merchant,
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(reply, await refunds.approve(actorOf(request), request.params.id, key));
    },
  );

  r.post(
    '/api/refunds/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a requested refund with a reason',
        params: idParams,
        body: z.object({ reason }),
        response: { 200: refundAnswer },
      },
      config: { scope: 'refunds:write' },
      preHandler: merchant,
    },
    async (request) => ({
      refund: await refunds.reject(actorOf(request), request.params.id, request.body.reason),
    }),
  );

  r.post(
    '/api/sub-orders/:id/cancel-paid',
    {
      schema: {
        tags,
        summary: 'Cancel a paid sub-order before it ships: every line refunded at once (Idempotency-Key)',
        params: idParams,
        body: z.object({ reason: z.string().trim().max(1000).default('changed my mind') }).default({
          reason: 'changed my mind',
        }),
        response: { 200: cancelPaidAnswer },
      },
      config: { scope: 'refunds:write' },
      preHandler: consumer,
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(
        reply,
        await refunds.cancelPaid(actorOf(request), request.params.id, request.body.reason, key),
      );
    },
  );

  r.post(
    '/api/orders/:id/lines/:lineId/price-protection',
    {
      schema: {
        tags,
        summary: 'Claim price protection (价保) on a line once, into the wallet (Idempotency-Key)',
        params: z.object({ id, lineId: id }),
        response: { 201: priceProtectionAnswer },
      },
      config: { scope: 'refunds:write' },
      preHandler: consumer,
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(
        reply,
        await priceProtection.claim(actorOf(request), request.params.id, request.params.lineId, key),
      );
    },
  );

  r.get(
    '/api/campaigns/:id/after-sale',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'A campaign’s after-sale rules (price-protection days)',
        params: idParams,
        response: { 200: afterSaleSettingsAnswerSchema },
      },
    },
    async (request) => ({
      afterSale: await priceProtection.getSettings(request.params.id, request.actor),
    }),
  );

  r.put(
    '/api/admin/campaigns/:id/after-sale',
    {
      schema: {
        tags,
        summary: 'Set a campaign’s price-protection window in days (operators; 0 turns it off)',
        params: idParams,
        body: z.object({ priceProtectionDays: z.number().int('must be a whole number').min(0).max(365) }),
        response: { 200: afterSaleSettingsAnswerSchema },
      },
      config: { scope: 'campaigns:write' },
      preHandler: operator,
    },
    async (request) => ({
      afterSale: await priceProtection.setSettings(
        actorOf(request),
        request.params.id,
        request.body.priceProtectionDays,
      ),
    }),
  );

  r.get(
    '/api/merchant/settlements',
    {
      schema: {
        tags,
        summary:
          'A store’s settlement for a campaign, or without storeId every store you are a member of, with totals, tied out to the ledger (its staff; operators read)',
        querystring: z.object({ campaignId: id, storeId: id.optional() }),
        response: { 200: merchantSettlementsSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: storeReader,
    },
    async (request) =>
      settlement.forMerchant(actorOf(request), request.query.campaignId, request.query.storeId),
  );

  r.get(
    '/api/merchant/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns in which your stores have orders or approved nominations, newest first',
        response: { 200: merchantCampaignListSchema },
      },
      config: { scope: 'campaigns:read' },
      preHandler: merchant,
    },
    async (request) => settlement.campaignsOf(actorOf(request)),
  );

  r.get(
    '/api/admin/settlements',
    {
      schema: {
        tags,
        summary: 'Every store’s settlement for a campaign, with totals and the ledger tie-out (operators)',
        querystring: z.object({ campaignId: id }),
        response: { 200: campaignSettlementsSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: operator,
    },
    async (request) => settlement.forCampaign(actorOf(request), request.query.campaignId),
  );
}

/** The after-sale services, wired once (app.ts). */
export function createAfterSale(
  deps: RefundsDeps &
    Omit<PriceProtectionDeps, 'onEventsRecorded'> & { merchants: SettlementDeps['merchants'] },
) {
  return {
    refunds: createRefundsService(deps),
    priceProtection: createPriceProtectionService(deps),
    settlement: createSettlementService(deps),
  };
}
