import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth';
import { isAppError } from '../../platform/errors';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { REPLAYED_HEADER, sendIdempotent } from '../../platform/http/idempotent-reply';
import { RESERVE_ROUTE } from './early-shedding';
import {
  reservationAnswerSchema,
  reservationsAnswerSchema,
  slotAnswerSchema,
  slotsAnswerSchema,
} from './responses';
import {
  campaignParams,
  consoleQuerySchema,
  reasonSchema,
  reservationParams,
  reservationsQuerySchema,
  reserveSchema,
  slotDraftSchema,
  slotParams,
} from './schemas';
import type { FlashSalesService } from './service';

export interface FlashSalesRoutesOptions {
  flashSales: FlashSalesService;
}

export const ADMISSION_TOKEN_HEADER = 'x-admission-token';

/** Flash sales (秒杀): slots for operators, merchants and the venue, and the reservation hot path. */
export async function flashSalesRoutes(app: FastifyInstance, { flashSales }: FlashSalesRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['flash-sales'];
  // Admission and stats are read per request: the lead wires flash-admission's in after creation.
  const { slots, reservations } = flashSales;

  r.get(
    '/api/campaigns/:campaignId/flash-sales',
    {
      config: { scope: 'unscoped' },
      schema: {
        tags,
        summary: 'The flash sales of a campaign, with the stock left (public)',
        params: campaignParams,
        response: { 200: slotsAnswerSchema },
      },
    },
    async (request) => slots.listOfCampaign(request.params.campaignId),
  );

  r.get(
    '/api/flash-sales/:slotId',
    {
      config: { scope: 'unscoped' },
      schema: {
        tags,
        summary: 'One flash sale, with the stock left (public)',
        params: slotParams,
        response: { 200: slotAnswerSchema },
      },
    },
    async (request) => slots.get(request.params.slotId),
  );

  r.post(
    '/api/flash-sales',
    {
      config: { scope: 'flash-sales:write' },
      schema: {
        tags,
        summary: 'Create a flash sale from an approved nomination (Idempotency-Key; the stock is carved out)',
        body: slotDraftSchema,
        response: { 201: slotAnswerSchema },
      },
      preHandler: requireRole('operator'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const b = request.body;
      const draft = {
        ...b,
        startsAt: new Date(b.startsAt),
        endsAt: new Date(b.endsAt),
        limits: b.limits
          ? {
              slotRatePerSec: b.limits.slotRatePerSec ?? null,
              customerRatePerSec: b.limits.customerRatePerSec ?? null,
              ipRatePerSec: b.limits.ipRatePerSec ?? null,
            }
          : undefined,
      };
      return sendIdempotent(reply, await slots.create(actorOf(request), draft, key));
    },
  );

  for (const action of ['pause', 'resume'] as const)
    r.post(
      `/api/flash-sales/:slotId/${action}`,
      {
        // A retried pause gets the first answer, not 409 SLOT_STATE (the slot is already paused).
        config: { scope: 'flash-sales:write', idempotent: true },
        schema: {
          tags,
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} a flash sale (audited)`,
          params: slotParams,
          body: reasonSchema,
          response: { 200: slotAnswerSchema },
        },
        preHandler: requireRole('operator'),
      },
      async (request) => slots[action](actorOf(request), request.params.slotId, request.body.reason),
    );

  r.get(
    '/api/console/flash-sales',
    {
      config: { scope: 'flash-sales:read' },
      schema: {
        tags,
        summary: 'Every flash sale (operators)',
        querystring: consoleQuerySchema,
        response: { 200: slotsAnswerSchema },
      },
      preHandler: requireRole('operator'),
    },
    async (request) => slots.listForConsole(request.query.campaignId),
  );

  r.get(
    '/api/merchant/flash-sales',
    {
      config: { scope: 'flash-sales:read' },
      schema: { tags, summary: 'The flash sales of your stores', response: { 200: slotsAnswerSchema } },
      preHandler: requireRole('merchant'),
    },
    async (request) => slots.listForMerchant(actorOf(request)),
  );

  r.post(
    RESERVE_ROUTE,
    {
      // Left out of the site-wide write limit (one more KV round trip per request): admission
      // has its own per-customer (default 5/s), per-IP and per-slot buckets for this route.
      config: { scope: 'session-only', rateLimit: false },
      schema: {
        tags,
        summary: 'Reserve flash-sale units (Idempotency-Key; X-Admission-Token for a waiting room)',
        params: slotParams,
        body: reserveSchema,
        response: { 201: reservationAnswerSchema },
      },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const started = performance.now();
      const { slotId } = request.params;
      const actor = actorOf(request);
      try {
        const key = idempotencyKeyOf(request);
        const quantity = request.body?.quantity ?? 1;
        const def = await reservations.definition(slotId);
        const token = request.headers[ADMISSION_TOKEN_HEADER];
        const { admission } = flashSales;
        const answer = await admission.run(async () => {
          const admitted = admission.admit({
            slotId,
            policy: {
              ...def.limits,
              waitingRoom: def.waitingRoom,
              minAccountAgeHours: def.minAccountAgeHours,
              startsAt: def.startsAt,
            },
            customerId: actor.userId,
            ip: request.ip,
            admissionToken: typeof token === 'string' ? token : undefined,
            now: flashSales.clock.now(),
          });
          // Admission runs before the key's replay (so a refused crowd costs no reserve call);
          // only when it refuses is the key's first answer looked up, and given if there is one.
          const refusal = await admitted.then(
            () => null,
            (e: unknown) => e,
          );
          if (refusal)
            return (await reservations.answered(actor, def, quantity, key)) ?? Promise.reject(refusal);
          return reservations.reserve(actor, def, quantity, key);
        });
        flashSales.stats.record(
          slotId,
          answer.replayed ? 'replayed' : 'reserved',
          performance.now() - started,
        );
        if (answer.replayed) reply.header(REPLAYED_HEADER, 'true');
        // The stored text (a retry gets the same bytes), a reservationAnswerSchema already.
        return (reply as FastifyReply).status(201).type('application/json; charset=utf-8').send(answer.text);
      } catch (e) {
        const replayed = (e as { replayed?: boolean }).replayed === true;
        if (replayed) reply.header(REPLAYED_HEADER, 'true');
        flashSales.stats.record(
          slotId,
          replayed ? 'replayed' : isAppError(e) ? e.code : 'ERROR',
          performance.now() - started,
        );
        throw e;
      }
    },
  );

  r.get(
    '/api/flash-sales/reservations',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary: 'Your flash-sale reservations',
        querystring: reservationsQuerySchema,
        response: { 200: reservationsAnswerSchema },
      },
      preHandler: requireRole('consumer'),
    },
    async (request) => reservations.list(actorOf(request), request.query.slotId),
  );

  r.post(
    '/api/flash-sales/reservations/:id/cancel',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary: 'Give a live reservation up (Idempotency-Key); its unit goes back',
        params: reservationParams,
        response: { 200: reservationAnswerSchema },
      },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(reply, await reservations.cancel(actorOf(request), request.params.id, key));
    },
  );
}
