import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { membershipRoutes, type RecentAuthGuard } from './membership-routes';
import { storeAnswerSchema, storeListSchema, storeMemberListSchema } from './responses';
import { setRatingSchema, storeDraftSchema, storeListQuerySchema, storePatchSchema } from './schemas';
import type { MerchantsService } from './service';

export interface MerchantsRoutesOptions {
  merchants: MerchantsService;
  /** The accounts module's recent-authentication guard, for membership changes. */
  recentAuth: RecentAuthGuard;
}

const idParams = z.object({ id: z.string().min(1).max(100) });

export async function merchantsRoutes(
  app: FastifyInstance,
  { merchants, recentAuth }: MerchantsRoutesOptions,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['merchants'];

  r.get(
    '/api/stores',
    {
      schema: {
        tags,
        summary: 'Stores you work in (merchants) or every store (operators)',
        querystring: storeListQuerySchema,
        response: { 200: storeListSchema },
      },
      config: { scope: 'stores:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    (request) => merchants.list(actorOf(request), request.query),
  );

  r.post(
    '/api/stores',
    {
      schema: {
        tags,
        summary: 'Open a store; you become its owner',
        body: storeDraftSchema,
        response: { 201: storeAnswerSchema },
      },
      config: { scope: 'stores:write', idempotent: true },
      preHandler: requireRole('merchant'),
    },
    async (request, reply) =>
      reply.status(201).send({ store: await merchants.create(actorOf(request), request.body) }),
  );

  r.get(
    '/api/stores/:id',
    {
      schema: { tags, summary: 'One store', params: idParams, response: { 200: storeAnswerSchema } },
      config: { scope: 'stores:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({ store: await merchants.get(actorOf(request), request.params.id) }),
  );

  r.patch(
    '/api/stores/:id',
    {
      schema: {
        tags,
        summary: 'Edit a store (owner); send the version you edited',
        params: idParams,
        body: storePatchSchema,
        response: { 200: storeAnswerSchema },
      },
      config: { scope: 'stores:write' },
      preHandler: requireRole('merchant'),
    },
    async (request) => ({ store: await merchants.update(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/stores/:id/rating',
    {
      schema: {
        tags,
        summary: 'Set a store’s rating (0–5, one decimal), with a reason',
        params: idParams,
        body: setRatingSchema,
        response: { 200: storeAnswerSchema },
      },
      config: { scope: 'stores:write' },
      preHandler: requireRole('operator'),
    },
    async (request) => ({
      store: await merchants.setRating(
        actorOf(request),
        request.params.id,
        request.body.rating,
        request.body.reason,
      ),
    }),
  );

  r.get(
    '/api/stores/:id/members',
    {
      schema: {
        tags,
        summary: 'Who works in a store',
        params: idParams,
        response: { 200: storeMemberListSchema },
      },
      config: { scope: 'stores:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({ items: await merchants.members(actorOf(request), request.params.id) }),
  );

  await membershipRoutes(app, { merchants, recentAuth });
}
