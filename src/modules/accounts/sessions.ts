import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { unauthorized, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Kv } from '../../platform/kv';
import type { DB } from '../../schema';
import type { CreatedAtCache } from './created-at-cache';
import { createDeviceCookies } from './device-cookie';
import { createLoginThrottle, type LoginThrottleLimits } from './login-throttle';
import { SESSION_TTL_MS, type User } from './model';
import type { PasswordHasher } from './password-hashing';
import { newSessionToken, sha256 } from './secrets';
import { type CachedSession, createSessionCache, type SessionCache } from './session-cache';
import { findUserByEmail, findUserById, findUserBySessionHash, toUser } from './store';

/** Sign-in, sessions and password confirmation: everything that checks a password or a session. */
export interface SessionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Shares the login limits across processes (Redis in production); without it, no limits (fixtures). */
  kv?: Kv;
  /** A session unused this long ends, whatever its absolute expiry. */
  idleMs: number;
  loginLimits?: Partial<LoginThrottleLimits>;
  passwords: PasswordHasher;
  /** Resolved sessions for a few seconds (session-cache.ts); absent, every request reads PostgreSQL. */
  cache?: SessionCache;
  /** Primed with each resolved user's creation time (created-at-cache.ts). */
  createdAt?: CreatedAtCache;
}

/** last_seen_at moves at most this often, so a busy session costs one write a minute, not one a request. */
export const LAST_SEEN_GRANULARITY_MS = 60 * 1000;

export const actorFromUser = (u: User, via: Actor['via'], credentialId?: string): Actor => ({
  userId: u.id,
  role: u.role,
  email: u.email,
  displayName: u.displayName,
  via,
  ...(credentialId ? { credentialId } : {}),
});

export function createSessions({
  db,
  clock,
  kv,
  idleMs,
  loginLimits,
  passwords,
  cache = createSessionCache(undefined),
  createdAt,
}: SessionsDeps) {
  // The throttle's clock only names the global per-second window, a cap on real CPU time, so it
  // is the wall clock: a test's manual clock standing still must not pile every sign-in into one second.
  const throttle = kv ? createLoginThrottle(kv, Date.now, loginLimits) : null;
  const devices = createDeviceCookies(db);

  async function openSession(userId: string) {
    const token = newSessionToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const id = newId('ses');
    await db
      .insertInto('sessions')
      .values({
        id,
        token_hash: sha256(token),
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
        last_seen_at: now,
        // Typing the password to sign in counts as a fresh authentication.
        reauthenticated_at: now,
      })
      .execute();
    return { id, token, expiresAt };
  }

  async function login(input: { email: string; password: string; ip: string; deviceCookie?: string }) {
    const row = await findUserByEmail(db, input.email);
    const trustedDeviceId = row ? await devices.verify(input.deviceCookie, row.id) : null;
    const reservation = await throttle?.reserve({ email: input.email, ip: input.ip, trustedDeviceId });
    // Verify against a dummy hash when the user is unknown so timing does not reveal accounts
    // (made with the parameters in force, so it takes as long as a real one).
    const { ok, needsRehash } = await passwords.verify(
      row?.password_hash ?? (await passwords.dummyHash()),
      input.password,
    );
    if (!row || !ok || row.disabled_at) {
      await reservation?.failed();
      await recordAudit(db, clock, {
        actor: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: row?.id ?? input.email.trim().toLowerCase(),
        after: { reason: !row ? 'unknown_email' : row.disabled_at ? 'disabled' : 'wrong_password' },
      });
      throw unauthorized('Wrong email or password');
    }
    await reservation?.succeeded();
    if (needsRehash) await upgradeHash(row.id, row.password_hash, input.password);
    const session = await openSession(row.id);
    const device = await devices.issue(row.id, trustedDeviceId ?? undefined);
    return { user: toUser(row), token: session.token, expiresAt: session.expiresAt, device };
  }

  /**
   * A hash made under weaker parameters (an older default) is replaced by one under today's,
   * the one moment the password is at hand. Conditional on the old hash, so a password change
   * that landed meanwhile is never overwritten.
   */
  async function upgradeHash(userId: string, oldHash: string, password: string): Promise<void> {
    const hash = await passwords.hash(password);
    await db
      .updateTable('users')
      .set({ password_hash: hash })
      .where('id', '=', userId)
      .where('password_hash', '=', oldHash)
      .execute();
  }

  async function logout(token: string): Promise<void> {
    const tokenHash = sha256(token);
    await db
      .updateTable('sessions')
      .set({ revoked_at: clock.now() })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
    await cache.invalidate([tokenHash]);
  }

  /**
   * The session behind a cookie. From the cache when its entry still answers on its own (not
   * expired, and seen within the last-seen granularity, so neither the idle timeout nor the
   * last_seen_at write can be due); otherwise from PostgreSQL exactly as without a cache, and
   * the answer is cached again. So the idle bookkeeping is unchanged: a busy session still
   * writes last_seen_at once a minute, and its cached copy is re-read then.
   */
  async function authenticateSession(token: string): Promise<Actor | null> {
    const now = clock.now();
    const tokenHash = sha256(token);
    const cached = await cache.get(tokenHash);
    if (typeof cached === 'object') {
      const lastSeen = new Date(cached.lastSeenAt ?? cached.sessionCreatedAt).getTime();
      if (
        new Date(cached.expiresAt).getTime() > now.getTime() &&
        now.getTime() - lastSeen < LAST_SEEN_GRANULARITY_MS
      )
        return actorFromCache(cached);
      await cache.drop(tokenHash);
    }
    const row = await findUserBySessionHash(db, tokenHash, now);
    if (!row) return null;
    const user = toUser(row);
    createdAt?.remember(user.id, new Date(user.createdAt));
    let lastSeenAt = row.session_last_seen_at ? new Date(row.session_last_seen_at) : null;
    const lastSeen = (lastSeenAt ?? new Date(row.session_created_at)).getTime();
    if (now.getTime() - lastSeen > idleMs) return null;
    if (now.getTime() - lastSeen >= LAST_SEEN_GRANULARITY_MS) {
      lastSeenAt = now;
      // Conditional, so parallel requests of one session write it once.
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id', '=', row.session_id)
        .where((eb) =>
          eb.or([
            eb('last_seen_at', 'is', null),
            eb('last_seen_at', '<=', new Date(now.getTime() - LAST_SEEN_GRANULARITY_MS)),
          ]),
        )
        .execute();
    }
    const reauth = row.session_reauthenticated_at;
    const entry: CachedSession = {
      userId: user.id,
      role: user.role,
      email: user.email,
      displayName: user.displayName,
      userCreatedAt: user.createdAt,
      sessionId: row.session_id,
      sessionCreatedAt: new Date(row.session_created_at).toISOString(),
      lastSeenAt: lastSeenAt?.toISOString() ?? null,
      reauthenticatedAt: reauth ? new Date(reauth).toISOString() : null,
      expiresAt: new Date(row.session_expires_at).toISOString(),
    };
    if (cached !== 'tombstone' && cached !== 'unavailable') await cache.fill(tokenHash, entry);
    return actorFromCache(entry);
  }

  function actorFromCache(entry: CachedSession): Actor {
    createdAt?.remember(entry.userId, new Date(entry.userCreatedAt));
    return {
      userId: entry.userId,
      role: entry.role,
      email: entry.email,
      displayName: entry.displayName,
      via: 'session',
      credentialId: entry.sessionId,
      recentAuthAt: entry.reauthenticatedAt ? new Date(entry.reauthenticatedAt) : null,
    };
  }

  /**
   * Checks a signed-in user's password (re-authentication, currentPassword), throttled like a
   * sign-in but in a bucket of the session's own: a stolen session cookie gets no free guesses,
   * and guesses against the account elsewhere do not block its owner here.
   */
  async function confirmPassword(
    actor: Actor,
    password: string,
    ip: string,
    field: 'password' | 'currentPassword',
  ): Promise<void> {
    const row = await findUserById(db, actor.userId);
    const reservation = await throttle?.reserve({
      email: actor.email,
      ip,
      trustedDeviceId: `session:${actor.credentialId ?? actor.userId}`,
    });
    if (!row || !(await passwords.verify(row.password_hash, password)).ok) {
      await reservation?.failed();
      await recordAudit(db, clock, {
        actor,
        action: 'auth.confirm_password_failed',
        entityType: 'user',
        entityId: actor.userId,
      });
      throw unprocessable('WRONG_PASSWORD', `${field}: the password is wrong`, { field });
    }
    await reservation?.succeeded();
  }

  async function reauthenticate(actor: Actor, password: string, ip: string): Promise<Date> {
    await confirmPassword(actor, password, ip, 'password');
    const now = clock.now();
    if (actor.credentialId) {
      const updated = await db
        .updateTable('sessions')
        .set({ reauthenticated_at: now })
        .where('id', '=', actor.credentialId)
        .returning('token_hash')
        .execute();
      // The cached actor's recentAuthAt is now stale.
      await cache.invalidate(updated.map((r) => r.token_hash));
    }
    return now;
  }

  return { login, logout, authenticateSession, confirmPassword, reauthenticate };
}

export type Sessions = ReturnType<typeof createSessions>;
