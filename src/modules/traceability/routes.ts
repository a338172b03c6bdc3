import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import {
  provenanceEventSchema,
  traceCodeListSchema,
  traceCodeSchema,
  traceSchema,
  traceVerificationSchema,
} from './responses';
import { codeParams, provenanceDraftSchema, traceCodeDraftSchema } from './schemas';
import type { TraceabilityService } from './service';

const tags = ['traceability'];
const storeParams = z.object({ id: z.string().min(1).max(100) });

/**
 * Traceability (溯源, docs/traceability.md): a store's merchants register serials and lots and
 * append their provenance events (each an entry of the `provenance` transparency log); anyone
 * with the QR code reads the trace and has it verified against the signed log.
 */
export async function traceabilityRoutes(
  app: FastifyInstance,
  { traceability }: { traceability: TraceabilityService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const merchant = requireRole('merchant');
  const publicConfig = { scope: 'unscoped' as const, limits: ['transparencyPerIp' as const] };

  r.post(
    '/api/stores/:id/trace-codes',
    {
      schema: {
        tags,
        summary: 'Register an item serial or a lot of the store (its merchants; Idempotency-Key)',
        params: storeParams,
        body: traceCodeDraftSchema,
        response: { 201: z.object({ traceCode: traceCodeSchema }) },
      },
      config: { scope: 'trace:write', idempotent: true },
      preHandler: merchant,
    },
    async (request, reply) =>
      reply.status(201).send({
        traceCode: await traceability.createCode(actorOf(request), request.params.id, request.body),
      }),
  );

  r.get(
    '/api/stores/:id/trace-codes',
    {
      schema: {
        tags,
        summary: 'The store’s serials and lots, newest first, with their event counts (its merchants)',
        params: storeParams,
        response: { 200: traceCodeListSchema },
      },
      config: { scope: 'trace:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => traceability.listCodes(actorOf(request), request.params.id),
  );

  r.post(
    '/api/trace/:code/events',
    {
      schema: {
        tags,
        summary: 'Append a provenance event (origin, inspection, warehouse in/out, shipment, delivery)',
        params: codeParams,
        body: provenanceDraftSchema,
        response: { 201: z.object({ event: provenanceEventSchema }) },
      },
      config: { scope: 'trace:write', idempotent: true },
      preHandler: merchant,
    },
    async (request, reply) =>
      reply.status(201).send({
        event: await traceability.appendEvent(actorOf(request), request.params.code, request.body),
      }),
  );

  r.get(
    '/api/trace/:code',
    {
      schema: {
        tags,
        summary: 'The public trace of a serial or lot: its origin and every provenance event',
        params: codeParams,
        response: { 200: traceSchema },
      },
      config: publicConfig,
    },
    async (request) => traceability.trace(request.params.code),
  );

  r.get(
    '/api/trace/:code/verification',
    {
      schema: {
        tags,
        summary: 'Each event of the trace checked against its entry in the signed provenance log',
        params: codeParams,
        response: { 200: traceVerificationSchema },
      },
      config: publicConfig,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-cache');
      return traceability.verify(request.params.code);
    },
  );
}
