import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Kv } from './kv';
import { createMemoryKv } from './memory';
import { createRedisKv } from './redis';

export type {
  DecrResult,
  IncrIfBelowResult,
  Kv,
  Lock,
  MessageHandler,
  ScoredMember,
  SetOptions,
  TtlOption,
} from './kv';
export { KvUnavailableError } from './kv';
export { createMemoryKv, type MemoryKv, type MemoryKvOptions } from './memory';
export { createRedisKv, type RawRedis, type RedisKvOptions, rawRedisOf } from './redis';

export interface CreateKvOptions {
  redisUrl?: string;
  /** Namespaces every key and channel; see kv.ts for how it coexists with hash tags. */
  prefix: string;
  /** Drives memory TTLs only; Redis expires keys on the server's own clock. */
  clock?: Clock;
  /** Redis only: a command not answered within this fails with KvUnavailableError. */
  commandTimeoutMs?: number;
  /** Redis only: where connection loss and recovery are logged. */
  logger?: Logger;
}

/** Redis when a URL is configured, else the embedded in-process KV. */
export function createKv(opts: CreateKvOptions): Kv {
  if (opts.redisUrl) {
    const { logger } = opts;
    return createRedisKv({
      url: opts.redisUrl,
      prefix: opts.prefix,
      commandTimeoutMs: opts.commandTimeoutMs,
      ...(logger
        ? {
            onConnectionEvent: (event, detail) =>
              event === 'error'
                ? logger.error({ detail }, 'redis connection lost; reconnecting')
                : logger.info({ detail }, 'redis connection restored'),
          }
        : {}),
    });
  }
  return createMemoryKv({ prefix: opts.prefix, clock: opts.clock });
}
