import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import { AppError } from '../errors';
import {
  checkIdempotencyKey,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  DEFAULT_IDEMPOTENCY_WAIT_MS,
  IDEMPOTENCY_HEADER,
  idempotencyInProgress,
  requestFingerprint,
} from './idempotency';
import {
  insertClaim,
  isComplete,
  type KeyIds,
  readKey,
  releaseClaim,
  storeAnswer,
  storedText,
  takeOverStale,
} from './idempotency-store';
import { REPLAYED_HEADER } from './idempotent-reply';
import { checkStoredAnswer } from './response-serializer';

/**
 * Idempotency-Key on routes that create something but move no money or stock (issue 13, item 5):
 * a campaign, a store, a product, a coupon, an enrollment. A partner's retry after a timeout must
 * not create a second one. Routes opt in with `config: { idempotent: true }`; the header is then
 * accepted (not required, so the web app's forms keep working), and with it the request runs once
 * per (user, route, key): a retry gets the first answer's bytes with `idempotent-replayed: true`,
 * a different request under the key 422 IDEMPOTENCY_KEY_REUSED, a duplicate while the first runs
 * waits for it or gets 409 IDEMPOTENCY_IN_PROGRESS.
 *
 * The same claim-first protocol and table as runIdempotent (idempotency.ts), but at the HTTP edge:
 * the claim is taken before the handler and the answer stored when it is sent, outside the work's
 * transaction. So one gap remains that the money routes do not have: a process that dies between
 * committing the work and storing the answer leaves a claim that is taken over after the lease,
 * and the retry runs again. Routes that move money or stock keep runIdempotent, in their own
 * transaction, and require the header.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept Idempotency-Key and run the request once per key (platform/http/idempotent-route.ts). */
    idempotent?: boolean;
  }
}

const claims = new WeakMap<FastifyRequest, { ids: KeyIds; token: string }>();

/** Answers a retry should not be told again: they lift by themselves (as in idempotency.ts). */
const TRANSIENT = new Set(['CONCURRENT_UPDATE', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED']);

function codeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{"error"')) return undefined;
  try {
    return (JSON.parse(payload) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function claimHook(db: Kysely<DB>): preHandlerAsyncHookHandler {
  return async function claimIdempotencyKey(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !request.actor) return;
    const ids: KeyIds = {
      scope: `http:${request.actor.userId}:${request.method} ${request.routeOptions.url}`,
      key: checkIdempotencyKey(header),
      fingerprint: requestFingerprint([request.params, request.query, request.body]),
    };
    const deadline = Date.now() + DEFAULT_IDEMPOTENCY_WAIT_MS;
    let pause = 10;
    for (;;) {
      let token = await insertClaim(db, ids);
      if (!token) {
        const row = await readKey(db, ids);
        if (!row) continue; // released by a failed holder a moment ago: claim it
        if (row.request_hash !== ids.fingerprint)
          throw new AppError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different request',
            422,
            {
              field: 'Idempotency-Key',
            },
          );
        if (isComplete(row)) {
          // Stored text skips the serializer: checked here like the first answer was (under tests).
          checkStoredAnswer(request, row.status_code ?? 200, storedText(row));
          return reply
            .status(row.status_code ?? 200)
            .header(REPLAYED_HEADER, 'true')
            .type('application/json; charset=utf-8')
            .send(storedText(row));
        }
        token = await takeOverStale(db, ids, row.claim_token, DEFAULT_IDEMPOTENCY_LEASE_MS);
      }
      if (token) {
        claims.set(request, { ids, token });
        return;
      }
      if (Date.now() >= deadline) throw idempotencyInProgress();
      await sleep(pause);
      pause = Math.min(pause * 2, 250);
    }
  };
}

/** Register before the routes (it acts in onRoute); needs the actor, so after its resolution hook. */
export function installIdempotentRoutes(app: FastifyInstance, db: Kysely<DB>): void {
  const claim = claimHook(db);
  app.addHook('onRoute', (route) => {
    if (route.config?.idempotent !== true) return;
    const existing = route.preHandler ? [route.preHandler].flat() : [];
    // First among the preHandlers: a replay must not run the handler's own checks again.
    route.preHandler = [claim, ...existing] as typeof route.preHandler;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const held = claims.get(request);
    if (!held) return payload;
    claims.delete(request);
    const status = reply.statusCode;
    // Refusals about the caller rather than the request (401, 403: a session to renew, a password
    // to confirm) would be wrong to replay once fixed, so they give the key back like a 5xx.
    const stored =
      status < 500 &&
      status !== 429 &&
      status !== 401 &&
      status !== 403 &&
      !TRANSIENT.has(codeOf(payload) ?? '');
    if (stored && typeof payload === 'string')
      await storeAnswer(db, held.ids, held.token, { status, text: payload });
    else await releaseClaim(db, held.ids, held.token).catch(() => undefined);
    return payload;
  });
}
