import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../src/platform/ids';
import type { DB } from '../../src/schema';

export interface SignedIn {
  id: string;
  /** The session cookie's value: `carnival_session=<token>`. */
  token: string;
}

/**
 * `count` consumers, each with a live session (a day long), written straight to the tables in
 * batches: signing thousands in through the API would measure the password hash, not the bench.
 * `each` runs after every batch (a cart, a wallet top-up) with the batch's customers.
 */
export async function signInCustomers(
  db: Kysely<DB>,
  count: number,
  { batchSize = 1000, each }: { batchSize?: number; each?: (batch: SignedIn[]) => Promise<void> } = {},
): Promise<SignedIn[]> {
  const now = new Date();
  const out: SignedIn[] = [];
  for (let i = 0; i < count; i += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - i) }, () => ({
      id: newId('usr'),
      token: randomBytes(24).toString('base64url'),
    }));
    await db
      .insertInto('users')
      .values(
        batch.map((b) => ({
          id: b.id,
          email: `${b.id}@bench.test`,
          display_name: b.id,
          role: 'consumer' as const,
          password_hash: 'x',
          created_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        batch.map((b) => ({
          id: newId('ses'),
          token_hash: createHash('sha256').update(b.token).digest('hex'),
          user_id: b.id,
          created_at: now,
          expires_at: new Date(now.getTime() + 86_400_000),
        })),
      )
      .execute();
    await each?.(batch);
    out.push(...batch);
  }
  return out;
}
