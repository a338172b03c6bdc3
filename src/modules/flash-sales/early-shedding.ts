import type { FastifyInstance } from 'fastify';
import type { FlashSalesService } from './service';

/** The reservation route, as Fastify names it (routes.ts registers it). */
export const RESERVE_ROUTE = '/api/flash-sales/:slotId/reservations';

/**
 * Sheds reservations while the per-process in-flight cap is reached, in an onRequest hook that
 * app.ts installs BEFORE the session lookup: under overload the crowd's requests would otherwise
 * each pay for a KV GET (and, on a miss, SQL) before the cap refuses them, and with the CPU
 * saturated the 429s would wait as long as the 201s. The refusal is the one admission.run gives
 * (429 BUSY, reason in_flight, Retry-After); it is counted in the slot's stats like it. It does
 * not look the Idempotency-Key's first answer up (that needs the customer): the retry after
 * Retry-After gets it.
 */
export function installEarlyShedding(app: FastifyInstance, flashSales: FlashSalesService): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'POST' || request.routeOptions.url !== RESERVE_ROUTE) return;
    const refusal = flashSales.admission.refuseEarly?.();
    if (!refusal) return;
    const { slotId } = request.params as { slotId?: string };
    if (slotId) flashSales.stats.record(slotId, 'BUSY', 0);
    throw refusal;
  });
}
