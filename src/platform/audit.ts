import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import type { Actor } from './auth';
import type { Clock } from './clock';
import { newId } from './ids';
import { currentRequestContext } from './request-context';

export interface AuditEntry {
  /** `via` (when the full Actor is passed) names the credential kind if the request context has none. */
  actor: (Pick<Actor, 'userId' | 'role'> & Partial<Pick<Actor, 'via'>>) | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /**
   * Where the action came from. Left out, these come from the current request's context
   * (`currentRequestContext()`); jobs and the CLI run outside a request and record nulls.
   */
  credentialKind?: 'session' | 'api_key' | null;
  credentialId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Records a privileged action; call it inside the transaction that makes the change. */
export async function recordAudit(db: Kysely<DB>, clock: Clock, entry: AuditEntry): Promise<void> {
  const context = currentRequestContext();
  // The credential belongs to the actor: a system entry (no actor) inside a request, e.g. a
  // job kicked by it, does not borrow the caller's credential.
  const credentialKind =
    entry.credentialKind !== undefined
      ? entry.credentialKind
      : entry.actor
        ? (context?.credentialKind ?? entry.actor.via ?? null)
        : null;
  const credentialId =
    entry.credentialId !== undefined
      ? entry.credentialId
      : entry.actor
        ? (context?.credentialId ?? null)
        : null;
  await db
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      actor_id: entry.actor?.userId ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? null,
      at: clock.now(),
      credential_kind: credentialKind,
      credential_id: credentialId,
      ip: entry.ip !== undefined ? entry.ip : (context?.ip ?? null),
      user_agent: entry.userAgent !== undefined ? entry.userAgent : (context?.userAgent ?? null),
    })
    .execute();
}
