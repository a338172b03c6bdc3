import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../src/platform/auth';
import { newId } from '../../src/platform/ids';
import type { DB } from '../../src/schema';

/**
 * Signed-in users for load: rows in `users` and `sessions` written in bulk, in the shape
 * accounts/store.ts reads (findUserBySessionHash: the session's token_hash is the SHA-256 of
 * the cookie's token, not revoked, not expired, last_seen_at recent so the idle timeout holds).
 * 5,000 sign-ins through argon2 would take minutes; this takes well under a second on
 * PostgreSQL. The password hash is a placeholder nobody can sign in with.
 */
export interface LoadUser {
  userId: string;
  email: string;
  /** `carnival_session=<token>`: the Cookie header of a signed-in browser. */
  cookie: string;
}

export interface LoadUsersOptions {
  role?: Role;
  /** When the accounts were made (default 30 days ago, older than any slot's minimum account age). */
  createdAt?: Date;
  /** "Now" of the sessions (default the wall clock); servers on a moved clock pass theirs. */
  now?: Date;
  batchSize?: number;
}

const DAY = 86_400_000;

export async function insertSignedInUsers(
  db: Kysely<DB>,
  count: number,
  options: LoadUsersOptions = {},
): Promise<LoadUser[]> {
  const now = options.now ?? new Date();
  const createdAt = options.createdAt ?? new Date(now.getTime() - 30 * DAY);
  const role = options.role ?? 'consumer';
  const batchSize = options.batchSize ?? 1000;
  const out: LoadUser[] = [];
  for (let i = 0; i < count; i += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - i) }, () => {
      const userId = newId('usr');
      return {
        userId,
        email: `${userId.toLowerCase()}@load.test`,
        token: randomBytes(24).toString('base64url'),
      };
    });
    // One transaction per batch: a user without its session would be a customer who cannot sign in.
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values(
          batch.map((b) => ({
            id: b.userId,
            email: b.email,
            display_name: b.userId,
            role,
            password_hash: 'load-test-no-password',
            created_at: createdAt,
          })),
        )
        .execute();
      await trx
        .insertInto('sessions')
        .values(
          batch.map((b) => ({
            id: newId('ses'),
            token_hash: createHash('sha256').update(b.token).digest('hex'),
            user_id: b.userId,
            created_at: now,
            expires_at: new Date(now.getTime() + 7 * DAY),
            last_seen_at: now,
            reauthenticated_at: now,
          })),
        )
        .execute();
    });
    for (const b of batch)
      out.push({ userId: b.userId, email: b.email, cookie: `carnival_session=${b.token}` });
  }
  return out;
}
