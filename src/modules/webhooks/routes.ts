import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { checkIdempotencyKey, IDEMPOTENCY_HEADER } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import { WEBHOOK_EVENT_TYPES } from './catalog';
import type { DeliveryLog } from './log';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, WEBHOOK_ROLES } from './model';
import {
  adminEndpointsAnswerSchema,
  createdEndpointAnswerSchema,
  deliveriesAnswerSchema,
  deliveryAnswerSchema,
  deliveryWithAttemptsAnswerSchema,
  endpointAnswerSchema,
  endpointsAnswerSchema,
  replayRangeAnswerSchema,
  rotatedSecretAnswerSchema,
  secretAnswerSchema,
  webhookEventTypesAnswerSchema,
} from './responses';
import {
  deliveriesQuerySchema,
  endpointDraftSchema,
  endpointPatchSchema,
  replayRangeSchema,
  rotateSchema,
} from './schemas';
import type { WebhooksService } from './service';

/** The scope a partner key needs (issue 13 item 2; enforced once scoped keys land). */
export type WebhookScope = 'webhooks:read' | 'webhooks:write';

const params = z.object({ id: z.string().min(1).max(100) });
const tags = ['webhooks'];
/** Optional here (Stripe's way): with a key, a retried create or replay gets the first answer. */
const optionalKey = (value: unknown) => (value === undefined ? undefined : checkIdempotencyKey(value));

export async function webhooksRoutes(
  app: FastifyInstance,
  { webhooks }: { webhooks: WebhooksService & DeliveryLog },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const guard = requireRole(...WEBHOOK_ROLES);

  r.get(
    '/api/webhooks/event-types',
    {
      schema: {
        tags,
        summary: 'The event types an endpoint can subscribe to, and the retry schedule',
        response: { 200: webhookEventTypesAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async () => ({
      items: [...WEBHOOK_EVENT_TYPES],
      retry: { maxAttempts: MAX_ATTEMPTS, delaysSeconds: RETRY_DELAYS_MS.map((ms) => ms / 1000) },
    }),
  );

  r.get(
    '/api/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Your webhook endpoints (disabled ones say why)',
        response: { 200: endpointsAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async (request) => ({ items: await webhooks.list(actorOf(request)) }),
  );

  r.get(
    '/api/admin/webhooks/endpoints',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every owner’s webhook endpoints (operators)',
        querystring: z.object({
          ownerId: z.string().max(100).optional(),
          status: z.enum(['enabled', 'disabled']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: adminEndpointsAnswerSchema },
      },
      preHandler: requireRole('operator'),
      config: { scope: 'webhooks:read' },
    },
    async (request) => ({ items: await webhooks.listAll(request.query) }),
  );

  r.post(
    '/api/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to event types; the signing secret is in the answer',
        body: endpointDraftSchema,
        response: { 201: createdEndpointAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await webhooks.create(
          actorOf(request),
          request.body,
          optionalKey(request.headers[IDEMPOTENCY_HEADER]),
        ),
      ),
  );

  r.get(
    '/api/webhooks/endpoints/:id',
    {
      schema: { tags, summary: 'One webhook endpoint', params, response: { 200: endpointAnswerSchema } },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async (request) => ({ endpoint: await webhooks.get(actorOf(request), request.params.id) }),
  );

  r.patch(
    '/api/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change the URL, description, event types or campaign',
        params,
        body: endpointPatchSchema,
        response: { 200: endpointAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request) => ({
      endpoint: await webhooks.update(actorOf(request), request.params.id, request.body),
    }),
  );

  r.delete(
    '/api/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint and its delivery log',
        params,
        response: { 204: noContent },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request, reply) => {
      await webhooks.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    r.post(
      `/api/webhooks/endpoints/:id/${action}`,
      {
        schema: {
          tags,
          summary: enabled ? 'Enable an endpoint (clears its failure record)' : 'Disable an endpoint',
          params,
          response: { 200: endpointAnswerSchema },
        },
        preHandler: guard,
        config: { scope: 'webhooks:write' },
      },
      async (request) => ({
        endpoint: await webhooks.setEnabled(actorOf(request), request.params.id, enabled),
      }),
    );

  r.get(
    '/api/webhooks/endpoints/:id/secret',
    {
      schema: { tags, summary: 'The current signing secret', params, response: { 200: secretAnswerSchema } },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async (request) => webhooks.secret(actorOf(request), request.params.id),
  );

  r.post(
    '/api/webhooks/endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'A new signing secret; the old one keeps signing for the overlap (default 24 h)',
        params,
        body: rotateSchema.optional(),
        response: { 200: rotatedSecretAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request) => {
      const seconds = request.body?.overlapSeconds;
      return webhooks.rotateSecret(
        actorOf(request),
        request.params.id,
        seconds === undefined ? undefined : seconds * 1000,
      );
    },
  );

  r.post(
    '/api/webhooks/endpoints/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a webhook.ping to the endpoint',
        params,
        response: { 202: deliveryAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request, reply) =>
      reply.status(202).send({ delivery: await webhooks.ping(actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/webhooks/endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first',
        params,
        querystring: deliveriesQuerySchema,
        response: { 200: deliveriesAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async (request) => ({
      items: await webhooks.deliveries(actorOf(request), request.params.id, request.query),
    }),
  );

  r.post(
    '/api/webhooks/endpoints/:id/replay',
    {
      schema: {
        tags,
        summary: 'Re-send the events of a time range [from, to), with their original webhook-id',
        params,
        body: replayRangeSchema,
        response: { 202: replayRangeAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await webhooks.replayRange(
          actorOf(request),
          request.params.id,
          request.body,
          optionalKey(request.headers[IDEMPOTENCY_HEADER]),
        ),
      ),
  );

  r.get(
    '/api/webhooks/deliveries/:id',
    {
      schema: {
        tags,
        summary: 'One delivery with its attempts (request and response, truncated)',
        params,
        response: { 200: deliveryWithAttemptsAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:read' },
    },
    async (request) => webhooks.delivery(actorOf(request), request.params.id),
  );

  r.post(
    '/api/webhooks/deliveries/:id/replay',
    {
      schema: {
        tags,
        summary: 'Re-send one delivery, with its original webhook-id',
        params,
        response: { 202: deliveryAnswerSchema },
      },
      preHandler: guard,
      config: { scope: 'webhooks:write' },
    },
    async (request, reply) =>
      sendIdempotent(
        reply,
        await webhooks.replay(
          actorOf(request),
          request.params.id,
          optionalKey(request.headers[IDEMPOTENCY_HEADER]),
        ),
      ),
  );
}
