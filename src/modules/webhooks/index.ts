/** The webhooks module's public surface: Standard Webhooks endpoints, fan-out, delivery, replay. */
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { EventBus, Subscription } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { createFanout } from './fanout';
import { createDeliveryLog } from './log';
import { createWebhooksService } from './service';
import type { Resolver } from './ssrf';
import { createDeliveryWorker } from './worker';

export {
  type Audience,
  audienceOf,
  ownerMaySee,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from './catalog';
export { FANOUT_CONSUMER, webhookBody } from './fanout';
export { MAX_BULK_REPLAY } from './log';
export type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './model';
export { DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs, WEBHOOK_ROLES } from './model';
export { webhooksRoutes } from './routes';
export { MAX_ENDPOINTS_PER_OWNER, type WebhooksService } from './service';
export { newSecret, SECRET_PREFIX, sign, signedHeaders } from './signing';
export { addressRefusal, checkUrlForm, resolveTarget, SsrfRefusal } from './ssrf';
export type { WebhookTables } from './tables';
export type { DeliveryWorker } from './worker';

export interface WebhooksDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  allowPrivate: boolean;
  storeIdsOf: (userId: string) => Promise<string[]>;
  roleOf?: (userId: string) => Promise<string | null>;
  assertCampaignVisible: (actor: Actor, campaignId: string) => Promise<void>;
  onEventsRecorded?: () => void;
  /** Test seams. */
  timeoutMs?: number;
  random?: () => number;
  resolve?: Resolver;
}

/**
 * The module: the owner's service, the fan-out (a durable bus consumer) and the delivery worker.
 * Nothing runs until start(bus): buildApp creates it, the server (or a test) starts it.
 */
export function createWebhooksModule(deps: WebhooksDeps) {
  const worker = createDeliveryWorker({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    allowPrivate: deps.allowPrivate,
    timeoutMs: deps.timeoutMs,
    random: deps.random,
    resolve: deps.resolve,
    onEventsRecorded: deps.onEventsRecorded,
  });
  const fanout = createFanout({
    db: deps.db,
    clock: deps.clock,
    storeIdsOf: deps.storeIdsOf,
    roleOf: deps.roleOf,
    onQueued: worker.notify,
  });
  const service = createWebhooksService({
    db: deps.db,
    clock: deps.clock,
    allowPrivate: deps.allowPrivate,
    assertCampaignVisible: deps.assertCampaignVisible,
    onQueued: worker.notify,
    resolve: deps.resolve,
  });
  const log = createDeliveryLog({ db: deps.db, clock: deps.clock, onQueued: worker.notify });
  let subscription: Subscription | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  /**
   * A bus that cannot take the subscription now (NATS mid-restart) must not keep the server
   * from starting: the fan-out retries in the background. Events published meanwhile wait in
   * the stream only once the durable consumer exists (NATS delivers it the new ones).
   */
  async function subscribe(bus: EventBus): Promise<void> {
    try {
      subscription ??= await fanout.subscribe(bus);
    } catch (err) {
      deps.logger.error({ err }, 'webhook fan-out could not subscribe; retrying in 5 s');
      if (!stopped) {
        retry = setTimeout(() => void subscribe(bus), 5_000);
        retry.unref?.();
      }
    }
  }
  return {
    ...service,
    ...log,
    worker,
    fanout,
    /** Subscribes the fan-out and starts the delivery loop. */
    async start(bus: EventBus, options: { deliver?: boolean } = {}) {
      await subscribe(bus);
      if (options.deliver !== false) worker.start();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await subscription?.close();
      subscription = null;
      await worker.stop();
    },
  };
}

export type WebhooksModule = ReturnType<typeof createWebhooksModule>;
