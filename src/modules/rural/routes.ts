import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { campaignSchema } from '../campaigns';
import { greenChoiceSchema, greenSummarySchema, storeOriginSchema } from './responses';
import type { RuralService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['rural'];

export const originBodySchema = z.object({
  farm: z.boolean(),
  region: z.string().trim().min(1, 'is required').max(100),
  tags: z.array(z.string().trim().min(1).max(20)).max(8).default([]),
});

/** Rural and green (docs/traceability.md): origin tags, the 丰收节 preset, green points. */
export async function ruralRoutes(app: FastifyInstance, { rural }: { rural: RuralService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/green/choices',
    {
      schema: {
        tags,
        summary: 'The green choices offered at checkout, with points and the CO2 estimate behind each',
        response: { 200: z.object({ items: z.array(greenChoiceSchema) }) },
      },
      config: { scope: 'unscoped' },
    },
    async () => ({ items: rural.choices() }),
  );

  r.get(
    '/api/me/green',
    {
      schema: {
        tags,
        summary: 'Your green points: each choice made at checkout, its points and CO2 estimate',
        response: { 200: greenSummarySchema },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('consumer'),
    },
    async (request) => rural.greenOf(actorOf(request)),
  );

  r.get(
    '/api/store-origins',
    {
      schema: {
        tags,
        summary: 'Stores with an origin (产地) and origin tags, farm-produce stores first (public)',
        response: { 200: z.object({ items: z.array(storeOriginSchema) }) },
      },
      config: { scope: 'unscoped' },
    },
    async () => ({ items: await rural.listOrigins() }),
  );

  r.put(
    '/api/stores/:id/origin',
    {
      schema: {
        tags,
        summary:
          'Set the store’s origin (产地), its origin tags and whether it sells farm produce (owner; audited)',
        params: idParams,
        body: originBodySchema,
        response: { 200: z.object({ origin: storeOriginSchema }) },
      },
      config: { scope: 'stores:write' },
      preHandler: requireRole('merchant'),
    },
    async (request) => ({
      origin: await rural.setOrigin(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/admin/campaign-presets/harvest-festival',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create the year’s 丰收节 campaign (with its 助农 venue) from the preset, as a draft',
        body: z.object({ year: z.number().int() }),
        response: { 201: z.object({ campaign: campaignSchema }) },
      },
      config: { scope: 'campaigns:write', idempotent: true },
      preHandler: requireRole('operator'),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ campaign: await rural.createHarvestFestival(actorOf(request), request.body.year) }),
  );
}
