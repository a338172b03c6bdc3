import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { isAppError } from '../../platform/errors';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import { giveBackLimitedAttempt } from '../../platform/http/rate-limit';
import { codesCsv } from './codes';
import {
  allowanceGrantAnswer,
  allowanceListSchema,
  budgetAnswer,
  campaignBudgetsSchema,
  couponAnswer,
  couponCodesAnswer,
  couponPageSchema,
  couponWalletAnswer,
  couponWalletListSchema,
} from './responses';
import {
  allowanceGrantSchema,
  allowanceQuerySchema,
  budgetSchema,
  codesQuerySchema,
  codesRequestSchema,
  couponDraftSchema,
  couponListQuerySchema,
  redeemCodeSchema,
} from './schemas';
import type { PromotionsService } from './service';

export interface PromotionsRoutesOptions {
  promotions: PromotionsService;
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const promotionParams = z.object({ promotionId: z.string().min(1).max(100) });

/** A code that does not exist or was used already: what someone guessing codes mostly gets. */
const isWrongGuess = (error: unknown) =>
  isAppError(error) && (error.code === 'CODE_NOT_FOUND' || error.code === 'CODE_ALREADY_REDEEMED');

export async function promotionsRoutes(app: FastifyInstance, { promotions }: PromotionsRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['promotions'];

  r.post(
    '/api/coupons',
    {
      schema: {
        tags,
        summary: 'Issue a coupon (operators: platform or store; merchants: their own stores)',
        body: couponDraftSchema,
        response: { 201: couponAnswer },
      },
      config: { scope: 'promotions:write', idempotent: true },
      preHandler: requireRole('operator', 'merchant'),
    },
    async (request, reply) =>
      reply.status(201).send({ coupon: await promotions.create(actorOf(request), request.body) }),
  );

  r.get(
    '/api/coupons',
    {
      config: { scope: 'promotions:read' },
      schema: {
        tags,
        summary: 'Coupons open for claiming now (领券中心)',
        querystring: couponListQuerySchema,
        response: { 200: couponPageSchema },
      },
    },
    (request) => promotions.listClaimable(request.query),
  );

  r.get(
    '/api/manage/coupons',
    {
      schema: {
        tags,
        summary: 'Coupons you issue, in every status',
        querystring: couponListQuerySchema,
        response: { 200: couponPageSchema },
      },
      config: { scope: 'promotions:read' },
      preHandler: requireRole('operator', 'merchant'),
    },
    (request) => promotions.listManaged(actorOf(request), request.query),
  );

  r.get(
    '/api/coupons/:id',
    {
      config: { scope: 'promotions:read' },
      schema: { tags, summary: 'One coupon', params: idParams, response: { 200: couponAnswer } },
    },
    async (request) => ({
      coupon: await promotions.get(request.actor, request.params.id),
    }),
  );

  for (const [action, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    r.post(
      `/api/coupons/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} claiming a coupon`,
          params: idParams,
          response: { 200: couponAnswer },
        },
        config: { scope: 'promotions:write' },
        preHandler: requireRole('operator', 'merchant'),
      },
      async (request) => ({
        coupon: await promotions.setStatus(actorOf(request), request.params.id, status),
      }),
    );
  }

  r.post(
    '/api/coupons/:id/codes',
    {
      schema: {
        tags,
        summary:
          'Generate single-use codes (up to 100000); ?format=csv for a download. Needs Idempotency-Key',
        params: idParams,
        querystring: codesQuerySchema,
        body: codesRequestSchema,
        response: { 201: couponCodesAnswer },
      },
      config: { scope: 'promotions:write' },
      preHandler: requireRole('operator', 'merchant'),
    },
    async (request, reply) => {
      const result = await promotions.generateCodes(
        actorOf(request),
        request.params.id,
        request.body.count,
        idempotencyKeyOf(request),
      );
      const body = result.body as { couponId?: string; codes?: string[] };
      if (request.query.format === 'csv' && result.status === 201 && body.codes) {
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        // Text is sent as is (Fastify skips the JSON serializer for a string): the type provider
        // only knows the JSON answer, which the CSV restates row by row.
        const csv = codesCsv(request.params.id, body.codes) as never;
        return reply
          .status(201)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.params.id}-codes.csv"`)
          .send(csv);
      }
      return sendIdempotent(reply, result);
    },
  );

  r.post(
    '/api/coupons/:id/claim',
    {
      schema: {
        tags,
        summary: 'Claim a coupon (领券). Needs Idempotency-Key',
        params: idParams,
        response: { 201: couponWalletAnswer },
      },
      config: { limits: ['couponClaimPerCustomer', 'couponClaimPerIp'], scope: 'promotions:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await promotions.claim(actorOf(request), request.params.id, idempotencyKeyOf(request)),
      ),
  );

  r.post(
    '/api/coupon-codes/redeem',
    {
      schema: {
        tags,
        summary: 'Turn a single-use code into a claimed coupon. Needs Idempotency-Key',
        body: redeemCodeSchema,
        response: { 201: couponWalletAnswer },
      },
      // Every attempt is counted up front (so parallel guesses cannot pass the limit) and given
      // back unless it was a wrong guess: only failures use up the allowance.
      config: { limits: ['codeGuessPerCustomer'], scope: 'promotions:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      try {
        const result = await promotions.redeemCode(
          actorOf(request),
          request.body.code,
          idempotencyKeyOf(request),
        );
        await giveBackLimitedAttempt(request, 'codeGuessPerCustomer');
        return sendIdempotent(reply, result);
      } catch (error) {
        if (!isWrongGuess(error)) await giveBackLimitedAttempt(request, 'codeGuessPerCustomer');
        throw error;
      }
    },
  );

  r.get(
    '/api/me/coupons',
    {
      schema: {
        tags,
        summary: 'Your coupons: claimed, used, available',
        response: { 200: couponWalletListSchema },
      },
      config: { scope: 'promotions:read' },
      preHandler: requireRole(),
    },
    async (request) => ({
      items: await promotions.wallet(actorOf(request).userId),
    }),
  );

  r.get(
    '/api/me/allowance',
    {
      schema: {
        tags,
        summary: 'Your 购物津贴 balance (one campaign, or all)',
        querystring: allowanceQuerySchema,
        response: { 200: allowanceListSchema },
      },
      config: { scope: 'promotions:read' },
      preHandler: requireRole(),
    },
    async (request) => ({
      items: await promotions.allowanceAccounts(actorOf(request).userId, request.query.campaignId),
    }),
  );

  r.post(
    '/api/campaigns/:id/allowance-grants',
    {
      schema: {
        tags,
        summary: 'Grant 购物津贴 to a customer (by id or email). Needs Idempotency-Key',
        params: idParams,
        body: allowanceGrantSchema,
        response: { 201: allowanceGrantAnswer },
      },
      config: { scope: 'promotions:write' },
      preHandler: requireRole('operator'),
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await promotions.grantAllowance(
          actorOf(request),
          request.params.id,
          request.body,
          idempotencyKeyOf(request),
        ),
      ),
  );

  r.put(
    '/api/promotions/:promotionId/budget',
    {
      schema: {
        tags,
        summary: 'Set a promotion budget and use limits (absent = no cap)',
        params: promotionParams,
        body: budgetSchema,
        response: { 200: budgetAnswer },
      },
      config: { scope: 'promotions:write' },
      preHandler: requireRole('operator'),
    },
    async (request) => ({
      budget: await promotions.setBudget(actorOf(request), request.params.promotionId, request.body),
    }),
  );

  r.get(
    '/api/campaigns/:id/budgets',
    {
      schema: {
        tags,
        summary: 'Promotion budgets of a campaign: spent vs budget',
        params: idParams,
        response: { 200: campaignBudgetsSchema },
      },
      config: { scope: 'promotions:read' },
      preHandler: requireRole('operator'),
    },
    (request) => promotions.budgets(request.params.id),
  );
}
