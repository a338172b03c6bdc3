import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Kv } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import { type Admission, type FlashStats, noStats, passThroughAdmission } from './admission-seam';
import { createSlotDefinitions } from './definitions';
import { closeEnded, expireDue } from './lifecycle';
import { createRecovery } from './recovery';
import { createReservations } from './reservations';
import type { SlotStateStore } from './slot-state';
import { slotStateFor } from './slot-states';
import { createSlots } from './slots';
import { createGroupWriter } from './writer';

export interface FlashSalesDeps {
  db: Kysely<DB>;
  kv: Kv;
  clock: Clock;
  campaigns: Pick<CampaignsService, 'get'>;
  storeIdsOf(userId: string): Promise<string[]>;
  admission?: Admission;
  stats?: FlashStats;
  logger?: Logger;
  onEventsRecorded?: () => void;
  /** Tests: a slot state other than the one of `kv`. */
  state?: SlotStateStore;
  writer?: { flushMs?: number; maxRows?: number; maxInFlight?: number };
  recovery?: { graceMs?: number; staleMs?: number };
}

/** Flash sales (issue 15): slots, the reservation hot path, and the jobs that keep it exact. */
export function createFlashSalesService(deps: FlashSalesDeps) {
  const { db, clock, kv, logger } = deps;
  const state = deps.state ?? slotStateFor(kv);
  const definitions = createSlotDefinitions(db, clock);
  const recovery = createRecovery({ db, kv, state, clock, logger, ...deps.recovery });
  const writer = createGroupWriter({ db, state, logger, ...deps.writer });
  const slots = createSlots({
    db,
    clock,
    state,
    definitions,
    recovery,
    campaigns: deps.campaigns,
    storeIdsOf: deps.storeIdsOf,
  });
  const reservations = createReservations({
    db,
    clock,
    state,
    definitions,
    recovery,
    writer,
    logger,
    onEventsRecorded: deps.onEventsRecorded,
  });
  const lifecycle = { db, clock, state, logger, onEventsRecorded: deps.onEventsRecorded };
  return {
    clock,
    slots,
    reservations,
    admission: deps.admission ?? passThroughAdmission,
    stats: deps.stats ?? noStats,
    state,
    recovery,
    writer,
    /** The expiry sweeper's pass (every second). */
    expireDue: (now?: Date) => expireDue(lifecycle, now),
    /** The slower pass (every few seconds): reconcile pending ids, close ended slots. */
    maintain: async (now?: Date) => ({
      ...(await recovery.reconcile(now)),
      closed: await closeEnded(lifecycle, now),
    }),
    close: () => writer.close(),
  };
}

export type FlashSalesService = ReturnType<typeof createFlashSalesService>;
