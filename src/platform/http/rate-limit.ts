import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { tooManyRequests } from '../errors';
import type { Kv } from '../kv/kv';
import type { Logger } from '../logger';
import type { Limits, WindowLimitName } from './limits-config';
import { giveBackHit, kvRateLimitStore } from './rate-limit-store';

/**
 * Abuse limits on HTTP routes, counted on the Kv (Redis in production, so all processes share
 * one count per client). Two layers:
 *
 * - a default on every state-changing request (POST/PUT/PATCH/DELETE), per client: the actor
 *   when signed in, else the IP. Generous, so only scripts meet it. It degrades open: with the
 *   KV down, requests are served (logged), since refusing every write would turn a Redis outage
 *   into a full outage.
 * - named limits a route declares with `config: { limits: ['signupPerIp'] }`, counted on top of
 *   the default. Each names its key (ip, actor, actor+ip) and whether it fails closed.
 *
 * Every refusal is 429 RATE_LIMITED in the usual envelope with `retryAfterSeconds` (and the
 * Retry-After header, set by the error handler).
 */

/** Who a limit counts: the client's IP, the signed-in user (the IP when anonymous), or both. */
export type LimitKey = 'ip' | 'actor' | 'actor+ip';

export interface RouteLimitSpec {
  /** Part of the counter's key and of the 429's details. */
  name: string;
  max: number;
  windowSeconds: number;
  by: LimitKey;
  /** With the KV unavailable: true answers 503 KV_UNAVAILABLE, false serves without the limit. */
  failClosed: boolean;
}

/** The named limits routes may declare, with their key and failure mode; numbers from Config. */
const NAMED_LIMITS = {
  // Fail closed: sign-ups and code guesses are what scripts are after; a Redis outage must not
  // open them up.
  signupPerIp: { by: 'ip', failClosed: true },
  codeGuessPerCustomer: { by: 'actor', failClosed: true },
  couponClaimPerCustomer: { by: 'actor', failClosed: false },
  couponClaimPerIp: { by: 'ip', failClosed: false },
  quotePerIp: { by: 'ip', failClosed: false },
  cfpSubmitPerActor: { by: 'actor', failClosed: false },
  // Public reads: a Redis outage must not hide the logs.
  transparencyPerIp: { by: 'ip', failClosed: false },
} as const satisfies Partial<Record<WindowLimitName, Pick<RouteLimitSpec, 'by' | 'failClosed'>>>;

export type NamedLimit = keyof typeof NAMED_LIMITS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Named abuse limits of this route (platform/http/rate-limit.ts), on top of the write default. */
    limits?: NamedLimit[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const ipOf = (request: FastifyRequest) => normalizeIP(request.ip);

export function limitKeyOf(by: LimitKey, request: FastifyRequest): string {
  const actor = request.actor;
  if (by === 'ip' || !actor) return `ip:${ipOf(request)}`;
  if (by === 'actor') return `user:${actor.userId}`;
  return `user:${actor.userId}:ip:${ipOf(request)}`;
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

const rateLimited = (name: string, max: number, windowSeconds: number, ttlMs: number) =>
  tooManyRequests(
    'RATE_LIMITED',
    `Too many requests: at most ${max} per ${describeWindow(windowSeconds)} (${name}); try again later`,
    ttlMs / 1000,
    { limit: max, windowSeconds, name },
  );

/** Attempts a route may give back (see `giveBackLimitedAttempt`), per request. */
const reserved = new WeakMap<FastifyRequest, Map<string, () => Promise<void>>>();

export interface RateLimitsOptions {
  kv: Kv;
  logger: Logger;
  limits: Limits;
  /** Path prefixes the default write limit leaves alone (the payment gateway's notifications). */
  exemptPrefixes?: readonly string[];
}

/**
 * Registers @fastify/rate-limit with the write default and makes `config.limits` work. Call
 * before any route is registered (both act in onRoute hooks).
 */
export async function installRateLimits(
  app: FastifyInstance,
  { kv, logger, limits, exemptPrefixes = [] }: RateLimitsOptions,
) {
  const { writesPerActor, writesPerIp } = limits;
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    store: kvRateLimitStore(kv, logger),
    skipOnError: true,
    // A payment gateway's signed notifications are not a client's writes: throttling them
    // would only delay crediting (the gateway retries), so they are left out.
    allowList: (request) =>
      SAFE_METHODS.has(request.method) || exemptPrefixes.some((prefix) => request.url.startsWith(prefix)),
    // Runs after the app-level onRequest hooks, so the actor is already resolved.
    keyGenerator: (request) => `writes:${limitKeyOf('actor', request)}`,
    max: (request) => (request.actor ? writesPerActor.max : writesPerIp.max),
    timeWindow: (request) => (request.actor ? writesPerActor : writesPerIp).windowSeconds * 1000,
    errorResponseBuilder: (request, context) => {
      const window = (request.actor ? writesPerActor : writesPerIp).windowSeconds;
      return rateLimited('writes', context.max, window, context.ttl);
    },
  });

  app.addHook('onRoute', (route) => {
    const names = route.config?.limits;
    if (!names?.length) return;
    const hooks = names.map((name) =>
      routeLimitHook(app, kv, { name, ...NAMED_LIMITS[name], ...limits[name] }),
    );
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...existing, ...hooks] as typeof route.onRequest;
  });
}

/** An onRequest hook enforcing one limit (installRateLimits must have registered the plugin). */
export function routeLimitHook(
  app: FastifyInstance,
  kv: Kv,
  spec: RouteLimitSpec,
): onRequestAsyncHookHandler {
  const check = app.createRateLimit({
    max: spec.max,
    timeWindow: spec.windowSeconds * 1000,
    keyGenerator: (request) => `${spec.name}:${limitKeyOf(spec.by, request)}`,
    skipOnError: !spec.failClosed,
    // The write default's allow-list (safe methods) must not leak into a named limit.
    allowList: undefined,
  });
  return async (request) => {
    const result = await check(request);
    if (result.isAllowed) return;
    if (result.isExceeded) throw rateLimited(spec.name, result.max, spec.windowSeconds, result.ttl);
    // ttl 0: the KV failed and the limit degrades open; there is nothing to give back.
    if (result.ttl === 0) return;
    const attempts = reserved.get(request) ?? new Map<string, () => Promise<void>>();
    reserved.set(request, attempts);
    attempts.set(spec.name, () => giveBackHit(kv, result.key));
  };
}

/**
 * For limits that count only failures (wrong code guesses): every attempt is counted up front,
 * atomically, so parallel guesses cannot slip past the limit; the route gives the attempt back
 * once it knows it was not a failure. Best effort: a KV error here only leaves the count higher.
 */
export async function giveBackLimitedAttempt(request: FastifyRequest, name: NamedLimit): Promise<void> {
  const giveBack = reserved.get(request)?.get(name);
  if (!giveBack) return;
  reserved.get(request)?.delete(name);
  try {
    await giveBack();
  } catch (error) {
    request.log.warn({ err: error, limit: name }, 'could not give back a rate-limited attempt');
  }
}
