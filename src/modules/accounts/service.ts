import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor, Role } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { ilikeContains } from '../../platform/db/like';
import { AppError, conflict, notFound, unauthorized, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Kv } from '../../platform/kv';
import type { DB } from '../../schema';
import { type ApiKeyInfo, SESSION_TTL_MS, type User } from './model';
import {
  hashPassword,
  newApiKey,
  newOneTimePassword,
  newSessionToken,
  sha256,
  verifyPassword,
} from './secrets';
import {
  findUserByApiKeyHash,
  findUserByEmail,
  findUserById,
  findUserBySessionHash,
  toApiKeyInfo,
  toUser,
} from './store';

export interface AccountsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Counts failed sign-ins per email (Redis in production, so every process sees them). */
  kv?: Kv;
}

/** After this many failed sign-ins for one email within the window, refuse until it passes. */
export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  role: Role;
  locale?: string;
}

const actorFromUser = (u: User, via: Actor['via']): Actor => ({
  userId: u.id,
  role: u.role,
  email: u.email,
  displayName: u.displayName,
  via,
});

export function createAccountsService({ db, clock, kv }: AccountsDeps) {
  async function createUser(
    input: SignUpInput,
    options: { mustChangePassword?: boolean } = {},
  ): Promise<User> {
    if (await findUserByEmail(db, input.email))
      throw conflict('EMAIL_TAKEN', 'An account with this email exists', { field: 'email' });
    const row = {
      id: newId('usr'),
      email: input.email,
      display_name: input.displayName,
      role: input.role,
      password_hash: await hashPassword(input.password),
      locale: input.locale ?? 'zh-CN',
      must_change_password: options.mustChangePassword ?? false,
      created_at: clock.now(),
    };
    try {
      const inserted = await db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
      return toUser(inserted);
    } catch (e) {
      // Two sign-ups racing on one email: the unique index decides.
      if (String((e as Error).message).includes('users_email_unique'))
        throw conflict('EMAIL_TAKEN', 'An account with this email exists', { field: 'email' });
      throw e;
    }
  }

  async function login(
    email: string,
    password: string,
  ): Promise<{ user: User; token: string; expiresAt: Date }> {
    const failuresKey = `login-failures:${email.toLowerCase()}`;
    if (kv && Number((await kv.get(failuresKey)) ?? 0) >= LOGIN_MAX_FAILURES)
      throw new AppError('TOO_MANY_ATTEMPTS', 'Too many failed sign-ins; try again in 15 minutes', 429, {
        field: 'email',
      });
    const row = await findUserByEmail(db, email);
    // Verify against a dummy hash when the user is unknown so timing does not reveal accounts.
    const ok = await verifyPassword(row?.password_hash ?? DUMMY_HASH, password);
    if (!row || !ok || row.disabled_at) {
      await kv?.incrBy(failuresKey, 1, { ttlMs: LOGIN_FAILURE_WINDOW_MS });
      throw unauthorized('Wrong email or password');
    }
    await kv?.del(failuresKey);
    const token = newSessionToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await db
      .insertInto('sessions')
      .values({
        id: newId('ses'),
        token_hash: sha256(token),
        user_id: row.id,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    return { user: toUser(row), token, expiresAt };
  }

  async function logout(token: string): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ revoked_at: clock.now() })
      .where('token_hash', '=', sha256(token))
      .where('revoked_at', 'is', null)
      .execute();
  }

  async function authenticateSession(token: string): Promise<Actor | null> {
    const row = await findUserBySessionHash(db, sha256(token), clock.now());
    return row ? actorFromUser(toUser(row), 'session') : null;
  }

  async function authenticateApiKey(key: string): Promise<Actor | null> {
    const row = await findUserByApiKeyHash(db, sha256(key));
    if (!row) return null;
    await db
      .updateTable('api_keys')
      .set({ last_used_at: clock.now() })
      .where('id', '=', row.api_key_id)
      .execute();
    return actorFromUser(toUser(row), 'api_key');
  }

  async function changePassword(userId: string, current: string, next: string): Promise<void> {
    const row = await findUserById(db, userId);
    if (!row) throw notFound('User', userId);
    if (!(await verifyPassword(row.password_hash, current)))
      throw unprocessable('WRONG_PASSWORD', 'The current password is wrong', { field: 'currentPassword' });
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(next), must_change_password: false })
      .where('id', '=', userId)
      .execute();
  }

  async function createApiKey(actor: Actor, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
    const { key, prefix } = newApiKey();
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('api_keys')
        .values({
          id: newId('key'),
          user_id: actor.userId,
          name,
          key_prefix: prefix,
          key_hash: sha256(key),
          created_at: clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: inserted.id,
        after: { name, prefix },
      });
      return inserted;
    });
    return { key, info: toApiKeyInfo(row) };
  }

  async function listApiKeys(userId: string): Promise<ApiKeyInfo[]> {
    const rows = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toApiKeyInfo);
  }

  async function revokeApiKey(actor: Actor, id: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('api_keys')
        .set({ revoked_at: clock.now() })
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .returning(['id', 'name'])
        .executeTakeFirst();
      if (!updated) throw notFound('API key', id);
      await recordAudit(trx, clock, {
        actor,
        action: 'api_key.revoke',
        entityType: 'api_key',
        entityId: id,
        before: { name: updated.name },
      });
    });
  }

  async function listUsers(filter: {
    role?: Role;
    q?: string;
    limit: number;
    offset: number;
  }): Promise<User[]> {
    let q = db
      .selectFrom('users')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(filter.limit)
      .offset(filter.offset);
    if (filter.role) q = q.where('role', '=', filter.role);
    const text = filter.q;
    // Escaped: `%` or `_` typed in the search box (or in an e-mail looked up) match literally.
    if (text) q = q.where((eb) => eb.or([ilikeContains('email', text), ilikeContains('display_name', text)]));
    return (await q.execute()).map(toUser);
  }

  async function setRole(actor: Actor, userId: string, role: Role, reason: string): Promise<User> {
    return db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('User', userId);
      if (before.id === actor.userId && role !== 'operator')
        throw unprocessable('CANNOT_DEMOTE_SELF', 'An operator cannot remove their own operator role', {
          field: 'role',
        });
      const after = await trx
        .updateTable('users')
        .set({ role })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'user.set_role',
        entityType: 'user',
        entityId: userId,
        before: { role: before.role },
        after: { role },
        reason,
      });
      return toUser(after);
    });
  }

  /**
   * First start: when no operator exists, create one. The password comes from config or is
   * generated; a generated one is returned (to be printed once) and must be changed.
   */
  async function ensureBootstrapOperator(
    email: string,
    password?: string,
  ): Promise<{ email: string; oneTimePassword?: string } | null> {
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'operator')
      .executeTakeFirst();
    if (existing) return null;
    const oneTimePassword = password ? undefined : newOneTimePassword();
    await createUser(
      { email, password: password ?? oneTimePassword!, displayName: 'Campaign operator', role: 'operator' },
      { mustChangePassword: !password },
    );
    return { email, oneTimePassword };
  }

  return {
    createUser,
    login,
    logout,
    authenticateSession,
    authenticateApiKey,
    changePassword,
    createApiKey,
    listApiKeys,
    revokeApiKey,
    listUsers,
    setRole,
    ensureBootstrapOperator,
    getUser: async (id: string) => {
      const row = await findUserById(db, id);
      if (!row) throw notFound('User', id);
      return toUser(row);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

// argon2id hash of a random string, used only to spend equal time on unknown emails.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$0Y6m8yvQ2+0nS8Xk3tqgqZ0cYd3L0n4V4y7b5W7Gq2E';
