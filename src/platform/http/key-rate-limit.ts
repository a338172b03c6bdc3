import type { FastifyInstance } from 'fastify';
import { tooManyRequests } from '../errors';
import type { Kv } from '../kv/kv';
import type { Logger } from '../logger';
import { countHit } from './rate-limit-store';

/**
 * Per-key request rate (issue 13): every call made with an API key counts against its rate per
 * minute (api_keys.rate_per_minute, else limits.apiKeyPerMinute), on the Kv, so all API processes
 * sharing one Redis share one count per key (the counter of rate-limit-store.ts: a fixed window
 * from the key's first call). Answers carry the IETF httpapi RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers):
 *
 *     RateLimit-Policy: "api-key";q=600;w=60
 *     RateLimit: "api-key";r=599;t=42
 *
 * (quota, window seconds; remaining, seconds until the window resets), and a call over the rate
 * gets 429 RATE_LIMITED with Retry-After. Like the write default it degrades open: with the KV
 * down the call is served, unlimited, with a warning (one per 10 s).
 */
export const KEY_POLICY = 'api-key';
export const KEY_WINDOW_SECONDS = 60;

export const keyRateKey = (keyId: string) => `apikey:{${keyId}}`;

export interface KeyRateLimitOptions {
  kv: Kv;
  logger: Logger;
  defaultPerMinute: number;
}

/** A global onRequest hook: register after the actor is resolved (installActorResolution). */
export function installKeyRateLimit(
  app: FastifyInstance,
  { kv, logger, defaultPerMinute }: KeyRateLimitOptions,
) {
  let lastWarning = 0;
  app.addHook('onRequest', async (request, reply) => {
    const actor = request.actor;
    if (actor?.via !== 'api_key' || !actor.credentialId) return;
    const quota = actor.apiKey?.ratePerMinute ?? defaultPerMinute;
    let hit: { current: number; ttl: number };
    try {
      hit = await countHit(kv, keyRateKey(actor.credentialId), KEY_WINDOW_SECONDS * 1000);
    } catch (error) {
      const now = Date.now();
      if (now - lastWarning >= 10_000) {
        lastWarning = now;
        logger.warn({ err: error }, 'API key rate counters unavailable: serving without the limit');
      }
      return;
    }
    const resetSeconds = Math.max(1, Math.ceil(hit.ttl / 1000));
    reply.header('ratelimit-policy', `"${KEY_POLICY}";q=${quota};w=${KEY_WINDOW_SECONDS}`);
    reply.header('ratelimit', `"${KEY_POLICY}";r=${Math.max(0, quota - hit.current)};t=${resetSeconds}`);
    if (hit.current > quota)
      throw tooManyRequests(
        'RATE_LIMITED',
        `Too many requests with this API key: at most ${quota} a minute; try again in ${resetSeconds} s`,
        resetSeconds,
        { limit: quota, windowSeconds: KEY_WINDOW_SECONDS, name: KEY_POLICY },
      );
  });
}
