import type { Kysely } from 'kysely';
import type { Kv } from '../../../platform/kv';
import type { Logger } from '../../../platform/logger';
import { serverSecret } from '../../../platform/server-secrets';
import type { DB } from '../../../schema';
import { createAdmission, type FlashSalesSettings } from './admission';
import { createAdmissionTokens } from './admission-token';
import { createFlashStatsCollector } from './stats';
import { createWaitingRoom } from './waiting-room';

export type { AdmissionRefusal, FlashSalesSettings } from './admission';
export type { AdmissionTokens } from './admission-token';
export { flashAdmissionRoutes } from './routes';
export type { FlashStatsCollector } from './stats';
export type { SlotStats } from './stats-reader';
export type { QueueStatus } from './waiting-room';

export interface FlashAdmissionDeps {
  db: Kysely<DB>;
  kv: Kv;
  settings: FlashSalesSettings;
  /** CARNIVAL_COOKIE_SECRET when configured; else a secret made once in server_secrets. */
  secret?: string;
  accountCreatedAt(userId: string): Promise<Date | null>;
  logger?: Logger;
}

/**
 * Admission control, the waiting room and the stats of flash sales (issue 15 items 4, 6, 7):
 * `admission` and `stats` go into createFlashSalesService (the seam), the rest to the routes.
 */
export function createFlashAdmission(deps: FlashAdmissionDeps) {
  const { db, kv, settings } = deps;
  let key: Promise<string> | undefined;
  const secret = () => {
    key ??= deps.secret ? Promise.resolve(deps.secret) : serverSecret(db, 'flash_admission_token');
    key.catch(() => {
      key = undefined;
    });
    return key;
  };
  const tokens = createAdmissionTokens({ secret, ttlMs: settings.admissionTokenTtlSec * 1000 });
  const stats = createFlashStatsCollector({ kv, logger: deps.logger });
  const admission = createAdmission({
    kv,
    settings,
    tokens,
    accountCreatedAt: deps.accountCreatedAt,
    onRefused: stats.refused,
  });
  return { admission, stats, tokens, waitingRoom: createWaitingRoom({ kv, tokens }), settings, db, kv };
}

export type FlashAdmission = ReturnType<typeof createFlashAdmission>;
