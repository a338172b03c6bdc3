import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor, Role } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { ilikeContains } from '../../platform/db/like';
import { conflict, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Kv } from '../../platform/kv';
import type { DB } from '../../schema';
import { type ApiKeyRates, createApiKeys } from './api-keys';
import { createCreatedAtCache } from './created-at-cache';
import type { LoginThrottleLimits } from './login-throttle';
import type { User } from './model';
import { createPasswordHasher, type PasswordHasher } from './password-hashing';
import { assertStrongPassword, judgePassword, PASSWORD_MIN_LENGTH } from './password-strength';
import { createRecentAuthGuard } from './recent-auth';
import { newOneTimePassword } from './secrets';
import { createSessionCache } from './session-cache';
import { createSessions } from './sessions';
import { findUserByEmail, findUserById, toUser } from './store';

export interface AccountsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Login limits shared by every process (Redis in production); see login-throttle.ts. */
  kv?: Kv;
  /** Idle timeout of sessions (config CARNIVAL_SESSION_IDLE_MINUTES). */
  sessionIdleMs?: number;
  loginLimits?: Partial<LoginThrottleLimits>;
  /**
   * argon2 with the configured parameters and the process's bound on hashes at once (one per
   * process: buildApp makes it from the config). Absent: the shared default, for fixtures.
   */
  passwords?: PasswordHasher;
  /** Per-key request rates (limits.apiKeyPerMinute / apiKeyMaxPerMinute); absent: the defaults. */
  apiKeyRates?: ApiKeyRates;
}

export const DEFAULT_API_KEY_RATES: ApiKeyRates = { defaultPerMinute: 600, maxPerMinute: 6000 };

let sharedDefaultHasher: PasswordHasher | undefined;
const defaultHasher = () => {
  sharedDefaultHasher ??= createPasswordHasher();
  return sharedDefaultHasher;
};

export const DEFAULT_SESSION_IDLE_MS = 120 * 60 * 1000;

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  role: Role;
  locale?: string;
}

export function createAccountsService({
  db,
  clock,
  kv,
  sessionIdleMs,
  loginLimits,
  passwords,
  apiKeyRates,
}: AccountsDeps) {
  const hasher = passwords ?? defaultHasher();
  const hashPassword = (password: string) => hasher.hash(password);
  const sessionCache = createSessionCache(kv);
  const createdAt = createCreatedAtCache(db);
  const sessions = createSessions({
    db,
    clock,
    kv,
    idleMs: sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
    loginLimits,
    passwords: hasher,
    cache: sessionCache,
    createdAt,
  });

  /** Every live session of the user leaves the cache (after a change that alters their actor). */
  async function invalidateSessionsOf(userId: string): Promise<void> {
    const live = await db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', clock.now())
      .execute();
    await sessionCache.invalidate(live.map((r) => r.token_hash));
  }
  const apiKeys = createApiKeys({ db, clock, rates: apiKeyRates ?? DEFAULT_API_KEY_RATES });
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

  /**
   * Issue 7 point 2: the new password must be strong; every other session of the user ends
   * (whoever else was signed in is out), and `revokeApiKeys` also revokes every API key.
   */
  async function changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string; revokeApiKeys?: boolean },
    ip: string,
  ): Promise<{ sessionsEnded: number; apiKeysRevoked: number }> {
    const row = await findUserById(db, actor.userId);
    if (!row) throw notFound('User', actor.userId);
    await sessions.confirmPassword(actor, input.currentPassword, ip, 'currentPassword');
    await assertStrongPassword(
      input.newPassword,
      { email: row.email, displayName: row.display_name },
      'newPassword',
    );
    const hash = await hashPassword(input.newPassword);
    const { result, endedTokenHashes } = await db.transaction().execute(async (trx) => {
      const now = clock.now();
      await trx
        .updateTable('users')
        .set({ password_hash: hash, must_change_password: false })
        .where('id', '=', actor.userId)
        .execute();
      let endSessions = trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now);
      if (actor.credentialId) endSessions = endSessions.where('id', '!=', actor.credentialId);
      const ended = await endSessions.returning(['id', 'token_hash']).execute();
      const revoked = input.revokeApiKeys
        ? await trx
            .updateTable('api_keys')
            .set({ revoked_at: now })
            .where('user_id', '=', actor.userId)
            .where('revoked_at', 'is', null)
            .returning('id')
            .execute()
        : [];
      const result = { sessionsEnded: ended.length, apiKeysRevoked: revoked.length };
      await recordAudit(trx, clock, {
        actor,
        action: 'user.password_change',
        entityType: 'user',
        entityId: actor.userId,
        after: {
          ...result,
          endedSessionIds: ended.map((r) => r.id),
          revokedApiKeyIds: revoked.map((r) => r.id),
        },
      });
      return { result, endedTokenHashes: ended.map((r) => r.token_hash) };
    });
    // After the commit: a reader between the two could otherwise cache the old row again.
    await sessionCache.invalidate(endedTokenHashes);
    return result;
  }

  /** Sign-up over HTTP: the password must pass the strength rules (the seed and fixtures skip them). */
  async function signUp(input: SignUpInput): Promise<User> {
    await assertStrongPassword(input.password, input);
    return createUser(input);
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
    const user = await db.transaction().execute(async (trx) => {
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
    // Cached actors carry the role: the new one counts from the user's next request.
    await invalidateSessionsOf(userId);
    return user;
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
    // A configured password that fails the rules stops the start, once, before any operator
    // exists: better a clear message now than a guessable operator account forever.
    if (password) {
      const verdict = await judgePassword(password, { email, displayName: 'Campaign operator' });
      if (!verdict.ok)
        throw new Error(
          `CARNIVAL_ADMIN_PASSWORD is too weak for the first operator: ${verdict.reason} ` +
            `Use at least ${PASSWORD_MIN_LENGTH} characters that are hard to guess, or leave it unset to get a generated one-time password.`,
        );
    }
    const oneTimePassword = password ? undefined : newOneTimePassword();
    await createUser(
      { email, password: password ?? oneTimePassword!, displayName: 'Campaign operator', role: 'operator' },
      { mustChangePassword: !password },
    );
    return { email, oneTimePassword };
  }

  return {
    createUser,
    signUp,
    login: sessions.login,
    logout: sessions.logout,
    authenticateSession: sessions.authenticateSession,
    reauthenticate: sessions.reauthenticate,
    confirmPassword: sessions.confirmPassword,
    /** preHandler factory for sensitive routes of any module (recent-auth.ts). */
    requireRecentAuth: createRecentAuthGuard(sessions, clock),
    ...apiKeys,
    changePassword,
    listUsers,
    setRole,
    ensureBootstrapOperator,
    /** When the account was made, from a process cache that session resolution primes (no SQL per call). */
    accountCreatedAt: createdAt.lookup,
    getUser: async (id: string) => {
      const row = await findUserById(db, id);
      if (!row) throw notFound('User', id);
      return toUser(row);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
