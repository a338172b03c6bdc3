import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import type { Actor } from './auth';
import type { Clock } from './clock';
import { newId } from './ids';

export interface AuditEntry {
  actor: Pick<Actor, 'userId' | 'role'> | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Records a privileged action; call it inside the transaction that makes the change. */
export async function recordAudit(db: Kysely<DB>, clock: Clock, entry: AuditEntry): Promise<void> {
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
    })
    .execute();
}
