import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { demoCreditAnswerSchema, notificationOutcomeSchema, topUpAnswerSchema } from './responses';
import type { Payments } from './service-factory';

const amountBody = z.object({ amount: z.number().int().positive() });
const idParams = z.object({ id: z.string().min(1).max(64) });
const gatewayParams = z.object({ gateway: z.string().regex(/^[a-z0-9_-]{1,32}$/) });

/**
 * Top-ups, their refunds, the gateways' notify endpoint and (when enabled) the demo credit.
 * Amounts in fen. The notify endpoint has no session: the gateway's signature is its credential.
 */
export async function paymentsRoutes(app: FastifyInstance, { payments }: { payments: Payments }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wallet'];

  r.post(
    '/api/wallet/top-ups',
    {
      schema: {
        tags,
        summary:
          'Start a top-up: answers the gateway page to pay on (redirectUrl); the wallet is credited when the gateway confirms',
        body: amountBody,
        response: { 201: topUpAnswerSchema },
      },
      config: { scope: 'ledger:write' },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const topUp = await payments.topUps.create(actorOf(request).userId, request.body.amount, key);
      return reply.status(201).send({ topUp });
    },
  );

  r.get(
    '/api/wallet/top-ups/:id',
    {
      schema: {
        tags,
        summary: 'One of your top-ups and its status',
        params: idParams,
        response: { 200: topUpAnswerSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: requireRole('consumer'),
    },
    async (request) => ({ topUp: await payments.topUps.get(actorOf(request).userId, request.params.id) }),
  );

  r.post(
    '/api/wallet/top-ups/:id/refund',
    {
      schema: {
        tags,
        summary: 'Send an unspent top-up back to where it was paid from (Idempotency-Key; once per top-up)',
        params: idParams,
        response: { 200: topUpAnswerSchema },
      },
      config: { scope: 'ledger:write' },
      preHandler: requireRole('consumer'),
    },
    async (request) => {
      idempotencyKeyOf(request);
      return { topUp: await payments.topUps.refund(actorOf(request).userId, request.params.id) };
    },
  );

  if (payments.demoCreditEnabled)
    r.post(
      '/api/wallet/demo-credit',
      {
        schema: {
          tags,
          summary: 'Demo money without a payment (demo only; capped per customer)',
          body: amountBody,
          response: { 200: demoCreditAnswerSchema, 201: demoCreditAnswerSchema },
        },
        config: { scope: 'ledger:write' },
        preHandler: requireRole('consumer'),
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const result = await payments.demoCredit({
          customerId: actor.userId,
          amount: request.body.amount,
          idempotencyKey: idempotencyKeyOf(request),
          actor,
        });
        return reply.status(result.replayed ? 200 : 201).send({ demoCredit: result });
      },
    );

  // The gateways' notifications: the signature covers the exact bytes sent, so this scope keeps
  // the raw body instead of parsing it.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/payments/notify/:gateway',
      {
        config: { scope: 'unscoped' },
        schema: {
          tags: ['payments'],
          summary: 'Asynchronous notification from a payment gateway (signed; see docs/payments.md)',
          params: gatewayParams,
          response: { 200: notificationOutcomeSchema },
        },
      },
      async (request) =>
        payments.topUps.notify(request.params.gateway, {
          headers: request.headers,
          rawBody: typeof request.body === 'string' ? request.body : '',
        }),
    );
  });
}
