import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema';
import { AppError, badRequest, isAppError } from '../errors';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when this answer is a stored one from an earlier request with the same key. */
  replayed: boolean;
}

/** Reads and checks the `Idempotency-Key` header: required on every request that moves money or stock. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || key.trim() === '')
    throw badRequest('The Idempotency-Key header is required for this request', 'Idempotency-Key');
  if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))
    throw badRequest('Idempotency-Key must be 1-200 printable ASCII characters', 'Idempotency-Key');
  return key;
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

const isUniqueViolation = (e: unknown) =>
  /idempotency_keys_pk|duplicate key/.test(String((e as Error)?.message));

/**
 * Runs `work` once per (scope, key). The stored answer is written in the same transaction as
 * the work, so a crash leaves neither (the retry simply runs again) and a commit leaves both
 * (the retry gets the same answer). Two racing requests with one key: one commits, the other
 * hits the primary key, rolls its work back and returns the stored answer. A business refusal
 * (4xx) is stored too, in its own transaction, so a retry sees the same refusal; 5xx is not.
 */
export async function runIdempotent<T>(
  db: Kysely<DB>,
  ids: { scope: string; key: string; fingerprint: string },
  work: (trx: Transaction<DB>) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const stored = await replay<T>(db, ids);
  if (stored) return stored;
  try {
    const result = await db.transaction().execute(async (trx) => {
      const r = await work(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({
          scope: ids.scope,
          key: ids.key,
          request_hash: ids.fingerprint,
          status_code: r.status,
          response: JSON.stringify(r.body),
        })
        .execute();
      return r;
    });
    return { ...result, replayed: false };
  } catch (e) {
    if (isUniqueViolation(e)) {
      const winner = await replay<T>(db, ids);
      if (winner) return winner;
    }
    if (isAppError(e) && e.status >= 400 && e.status < 500 && e.code !== 'IDEMPOTENCY_KEY_REUSED') {
      const body = {
        error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
      };
      await db
        .insertInto('idempotency_keys')
        .values({
          scope: ids.scope,
          key: ids.key,
          request_hash: ids.fingerprint,
          status_code: e.status,
          response: JSON.stringify(body),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    throw e;
  }
}

async function replay<T>(
  db: Kysely<DB>,
  ids: { scope: string; key: string; fingerprint: string },
): Promise<IdempotentResult<T> | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', ids.scope)
    .where('key', '=', ids.key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== ids.fingerprint)
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for a different request',
      422,
      { field: 'Idempotency-Key' },
    );
  return { status: row.status_code ?? 200, body: row.response as T, replayed: true };
}
