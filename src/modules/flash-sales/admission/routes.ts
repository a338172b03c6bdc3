import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../../platform/auth';
import type { Clock } from '../../../platform/clock';
import { notFound } from '../../../platform/errors';
import { ended } from '../errors';
import { slotStatusAt } from '../model';
import { flashSaleQueueStatusSchema, flashSaleStatsSchema } from '../responses';
import { slotParams } from '../schemas';
import type { FlashSalesService } from '../service';
import { noWaitingRoom } from './errors';
import type { FlashAdmission } from './index';
import { readSlotStats } from './stats-reader';
import type { WaitingRoomSlot } from './waiting-room';

export interface FlashAdmissionRoutesOptions {
  flashSales: Pick<FlashSalesService, 'reservations' | 'slots'>;
  admission: FlashAdmission;
  storeIdsOf(userId: string): Promise<string[]>;
  clock: Clock;
}

/** The waiting room (consumers) and the live figures of a slot (operators, the slot's merchant). */
export async function flashAdmissionRoutes(app: FastifyInstance, options: FlashAdmissionRoutesOptions) {
  const { flashSales, admission, clock } = options;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['flash-sales'];

  /** The slot's room, or the refusal: no waiting room, or nothing left to wait for. */
  async function roomOf(slotId: string, now: Date): Promise<WaitingRoomSlot> {
    const def = await flashSales.reservations.definition(slotId);
    if (!def.waitingRoom) throw noWaitingRoom();
    const status = slotStatusAt(def, 1, now);
    if (status === 'ended' || status === 'closed') throw ended();
    return {
      slotId,
      startsAt: def.startsAt,
      admitPerSec: def.limits.slotRatePerSec ?? admission.settings.waitingRoomAdmitPerSec,
    };
  }

  r.post(
    '/api/flash-sales/:slotId/queue',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary:
          'Join a flash sale’s waiting room: before the start in a random order, after it in arrival order',
        params: slotParams,
        response: { 200: flashSaleQueueStatusSchema },
      },
      preHandler: requireRole('consumer'),
    },
    async (request) => {
      const now = clock.now();
      const room = await roomOf(request.params.slotId, now);
      return admission.waitingRoom.join(room, actorOf(request).userId, now);
    },
  );

  r.get(
    '/api/flash-sales/:slotId/queue',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary:
          'Your place in the waiting room; once admitted, the token to reserve with (X-Admission-Token)',
        params: slotParams,
        response: { 200: flashSaleQueueStatusSchema },
      },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const now = clock.now();
      const room = await roomOf(request.params.slotId, now);
      reply.header('cache-control', 'no-store');
      return admission.waitingRoom.status(room, actorOf(request).userId, now);
    },
  );

  r.get(
    '/api/flash-sales/:slotId/stats',
    {
      config: { scope: 'flash-sales:read' },
      schema: {
        tags,
        summary:
          'Live figures of a flash sale: requests/s, reservations, refusals by reason, p50/p99, sell-out time',
        params: slotParams,
        response: { 200: flashSaleStatsSchema },
      },
      preHandler: requireRole('operator', 'merchant'),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { slot } = await flashSales.slots.get(request.params.slotId);
      // Another store's slot is answered as if it did not exist.
      if (actor.role === 'merchant' && !(await options.storeIdsOf(actor.userId)).includes(slot.storeId))
        throw notFound('Flash sale', slot.id);
      reply.header('cache-control', 'no-store');
      return readSlotStats(
        admission,
        {
          id: slot.id,
          startsAt: new Date(slot.startsAt),
          soldOutAt: slot.soldOutAt ? new Date(slot.soldOutAt) : null,
          remaining: slot.remaining,
        },
        // The collector buckets by the wall clock (latencies are real time), so the reader does too.
        Date.now(),
      );
    },
  );
}
