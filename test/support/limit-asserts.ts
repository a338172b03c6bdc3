import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { openDatabase } from '../../src/platform/db/connect';
import { migrateToLatest } from '../../src/platform/db/migrate';
import { errorOf } from './harness';

/** 429 RATE_LIMITED in the envelope, with Retry-After both as a header and in details. */
export function expectRateLimited(res: LightMyRequestResponse, limit: number, name?: string): number {
  expect(res.statusCode).toBe(429);
  const error = errorOf(res) as { code: string; details: Record<string, unknown> };
  expect(error.code).toBe('RATE_LIMITED');
  expect(error.details).toMatchObject({ limit, ...(name ? { name } : {}) });
  const retryAfter = error.details.retryAfterSeconds as number;
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(res.headers['retry-after']).toBe(String(retryAfter));
  return retryAfter;
}

/** A migrated in-memory PGlite: limit tests do not depend on the database kind. */
export async function pglite() {
  const database = await openDatabase({});
  await migrateToLatest(database.db);
  return database;
}
