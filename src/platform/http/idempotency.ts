import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema';
import { AppError, badRequest, conflict, isAppError } from '../errors';
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

export { answerUpdate, type KeyIds } from './idempotency-store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The documented limit (docs/api.md): 1 to 200 printable ASCII characters. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** How long a duplicate waits for the first attempt to finish before 409 IDEMPOTENCY_IN_PROGRESS. */
export const DEFAULT_IDEMPOTENCY_WAIT_MS = 5_000;
/** A claim older than this is a crashed holder's and is taken over. Longer than any request. */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 45_000;

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** The answer's body exactly as stored and sent: a replay sends these same bytes. */
  text: string;
  /** True when this answer is a stored one from an earlier request with the same key. */
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** Longest a duplicate waits for the request holding the key (default 5 s). */
  waitMs?: number;
  /** Age after which a claim is taken over (default 45 s). */
  leaseMs?: number;
  /**
   * Runs the claimed work through a concurrency gate (orders/gate.ts). Only the work goes
   * through it: a duplicate waiting for the holder does not take a slot.
   */
  gate?: <R>(fn: () => Promise<R>) => Promise<R>;
}

/** Checks an `Idempotency-Key` value; the one checker behind every route that moves money or stock. */
export function checkIdempotencyKey(value: unknown): string {
  const key = Array.isArray(value) ? value[0] : value;
  if (typeof key !== 'string' || key.trim() === '')
    throw badRequest('The Idempotency-Key header is required for this request', 'Idempotency-Key');
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !PRINTABLE_ASCII.test(key))
    throw badRequest(
      `Idempotency-Key must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters`,
      'Idempotency-Key',
    );
  return key;
}

/** Reads and checks the `Idempotency-Key` header: required on every request that moves money or stock. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  return checkIdempotencyKey(request.headers[IDEMPOTENCY_HEADER]);
}

/** A stable hash of what the request asks for, so a different body under the same key is caught. */
export function requestFingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts, canonicalReplacer)).digest('hex');
}

function canonicalReplacer(_key: string, value: unknown) {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  return value;
}

/**
 * Refusals a retry should not be told again: limits that lift by themselves and a race worth
 * retrying. Every other 4xx is an answer and is stored.
 */
const TRANSIENT_CODES = new Set(['CONCURRENT_UPDATE', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED']);
const isStoredRefusal = (e: unknown): e is AppError =>
  isAppError(e) && e.status >= 400 && e.status < 500 && e.status !== 429 && !TRANSIENT_CODES.has(e.code);

/** The error envelope exactly as the error handler sends it, so a replayed refusal is byte-identical. */
export const refusalText = (e: AppError) =>
  JSON.stringify({
    error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
  });

export const idempotencyInProgress = () =>
  conflict('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry shortly', {
    field: 'Idempotency-Key',
    retryAfterSeconds: 1,
  });

const keyReused = () =>
  new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request', 422, {
    field: 'Idempotency-Key',
  });

/** Thrown inside the work's transaction when the claim was taken over, to roll the work back. */
class ClaimLost extends Error {}

/** The claim a work runs under, for a work that stores its answer itself (`answerStored`). */
export interface Claim {
  ids: KeyIds;
  token: string;
  /** What the work throws when its own answer UPDATE (answerUpdate) matched no row. */
  lost(): Error;
}

/**
 * What the work returns. With `answerStored`, the work already stored `text` as the answer in
 * its transaction (with answerUpdate, in a statement of its own choosing, so that its last
 * statement can be the one that holds the hottest locks); otherwise runIdempotent stores
 * JSON.stringify(body) after the work, in the same transaction.
 */
export type WorkResult<T> =
  | { status: number; body: T }
  | { status: number; body: T; text: string; answerStored: true };

/**
 * The attempts running in this process, by database and key: a duplicate in the same process
 * awaits the holder's promise instead of only polling. Other processes' holders are polled.
 */
const running = new WeakMap<Kysely<DB>, Map<string, Promise<unknown>>>();
const runningIn = (db: Kysely<DB>) => {
  const map = running.get(db) ?? new Map<string, Promise<unknown>>();
  running.set(db, map);
  return map;
};
const keyOf = (ids: KeyIds) => `${ids.scope}\u0000${ids.key}`;

/**
 * Runs `work` once per (scope, key), claim first (as Stripe does):
 *
 * 1. The key's row is inserted with a claim token in its own short statement. Whoever inserts
 *    it runs the work; the work and the stored answer commit in one transaction, the answer's
 *    UPDATE conditional on still holding the claim.
 * 2. A duplicate finds the row: a stored answer is replayed (a different request under the key
 *    is 422 IDEMPOTENCY_KEY_REUSED); a claim still held is waited for, up to `waitMs`, and then
 *    replayed, or answered 409 IDEMPOTENCY_IN_PROGRESS with Retry-After. So a duplicate never
 *    runs the business checks and never sees a refusal the first attempt did not get.
 * 3. A business refusal (4xx) is stored and replayed like a success; a 5xx or a crash releases
 *    the claim, so a retry runs again. A claim whose holder died is taken over after `leaseMs`
 *    (a conditional UPDATE, one winner); the old holder's late commit then finds its claim gone
 *    and rolls back.
 *
 * On PGlite (one connection) the same steps run one after another.
 */
export async function runIdempotent<T>(
  db: Kysely<DB>,
  ids: KeyIds,
  work: (trx: Transaction<DB>, claim: Claim) => Promise<WorkResult<T>>,
  options: IdempotencyOptions = {},
): Promise<IdempotentResult<T>> {
  const waitMs = options.waitMs ?? DEFAULT_IDEMPOTENCY_WAIT_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
  const deadline = Date.now() + waitMs;
  let pause = 10;
  for (;;) {
    let token = await insertClaim(db, ids);
    if (!token) {
      const row = await readKey(db, ids);
      if (!row) continue; // released by a failed holder a moment ago: claim it
      if (row.request_hash !== ids.fingerprint) throw keyReused();
      if (isComplete(row)) return replayOf<T>(row);
      token = await takeOverStale(db, ids, row.claim_token, leaseMs);
    }
    if (token) {
      const attempt = runClaimed(db, ids, token, work, options.gate);
      const inProcess = runningIn(db);
      inProcess.set(keyOf(ids), attempt);
      try {
        const result = await attempt;
        if (result) return result;
      } finally {
        if (inProcess.get(keyOf(ids)) === attempt) inProcess.delete(keyOf(ids));
      }
      // The claim was taken over while we worked: the new holder's answer is the one.
    }
    const left = deadline - Date.now();
    if (left <= 0) throw idempotencyInProgress();
    await holderOrTimeout(runningIn(db).get(keyOf(ids)), Math.min(pause, left));
    pause = Math.min(pause * 2, 250);
  }
}

/** Runs the work holding the claim; null when the claim was lost to a takeover. */
async function runClaimed<T>(
  db: Kysely<DB>,
  ids: KeyIds,
  token: string,
  work: (trx: Transaction<DB>, claim: Claim) => Promise<WorkResult<T>>,
  gate: IdempotencyOptions['gate'] = (fn) => fn(),
): Promise<IdempotentResult<T> | null> {
  const claim: Claim = { ids, token, lost: () => new ClaimLost() };
  try {
    return await gate(() =>
      db.transaction().execute(async (trx) => {
        const r = await work(trx, claim);
        if ('answerStored' in r) return { status: r.status, body: r.body, text: r.text, replayed: false };
        const text = JSON.stringify(r.body);
        if (!(await storeAnswer(trx, ids, token, { status: r.status, text }))) throw new ClaimLost();
        return { status: r.status, body: r.body, text, replayed: false };
      }),
    );
  } catch (e) {
    if (e instanceof ClaimLost) return null;
    if (isStoredRefusal(e)) {
      if (!(await storeAnswer(db, ids, token, { status: e.status, text: refusalText(e) }))) return null;
      throw e;
    }
    // Not an answer: give the key back (best effort; the lease covers a dead database).
    await releaseClaim(db, ids, token).catch(() => undefined);
    throw e;
  }
}

function replayOf<T>(row: NonNullable<Awaited<ReturnType<typeof readKey>>>): IdempotentResult<T> {
  const text = storedText(row);
  return { status: row.status_code ?? 200, body: JSON.parse(text) as T, text, replayed: true };
}

/** Resolves when the in-process holder settles or after `ms`, whichever is first. */
async function holderOrTimeout(holder: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([
      timeout,
      holder?.then(
        () => undefined,
        () => undefined,
      ) ?? timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
