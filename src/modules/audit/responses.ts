import { z } from 'zod';
import { isoInstant } from '../../platform/http/api-schemas';

/** One privileged action as operators read it (GET /api/admin/audit). */
export const auditLogEntrySchema = z
  .object({
    id: z.string(),
    actorId: z.string().nullable().describe('Null for system actions (jobs, the CLI)'),
    actorRole: z.string().nullable(),
    credentialKind: z
      .enum(['session', 'api_key'])
      .nullable()
      .describe('How the actor signed in; null for system actions and rows older than the column'),
    credentialId: z.string().nullable().describe('The session or API key id'),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    action: z.string().describe('e.g. user.set_role, store.set_rating, refund.approve'),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().describe('The entity (or the fields that changed) before the action; null if none'),
    after: z.unknown().describe('The same after the action'),
    reason: z.string().nullable(),
    at: isoInstant(),
  })
  .meta({ id: 'AuditLogEntry' });
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const auditLogPageSchema = z.object({ items: z.array(auditLogEntrySchema) });
