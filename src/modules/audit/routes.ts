import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole } from '../../platform/auth';
import { badRequest } from '../../platform/errors';
import type { DB } from '../../schema';
import { type AuditLogEntry, auditLogPageSchema } from './responses';

const AuditQuery = z.object({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(80).optional(),
  credentialKind: z.enum(['session', 'api_key']).optional(),
  credentialId: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * Operators read the audit log of privileged actions: who (actor, and through which session or
 * API key), from where (IP, user agent), what, when, before and after.
 */
export async function auditRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first; filters combine (from inclusive, to exclusive)',
        querystring: AuditQuery,
        response: { 200: auditLogPageSchema },
      },
      config: { scope: 'audit:read' },
      preHandler: requireRole('operator'),
    },
    async (request) => {
      const { entityType, entityId, actorId, action, credentialKind, credentialId, from, to, limit, offset } =
        request.query;
      if (from && to && new Date(from) >= new Date(to)) throw badRequest('to must be after from', 'to');
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).offset(offset);
      if (entityType) q = q.where('entity_type', '=', entityType);
      if (entityId) q = q.where('entity_id', '=', entityId);
      if (actorId) q = q.where('actor_id', '=', actorId);
      if (action) q = q.where('action', '=', action);
      if (credentialKind) q = q.where('credential_kind', '=', credentialKind);
      if (credentialId) q = q.where('credential_id', '=', credentialId);
      if (from) q = q.where('at', '>=', new Date(from));
      if (to) q = q.where('at', '<', new Date(to));
      const rows = await q.execute();
      return {
        items: rows.map(
          (r): AuditLogEntry => ({
            id: r.id,
            actorId: r.actor_id,
            actorRole: r.actor_role,
            // Written only by recordAudit, whose type allows just these two.
            credentialKind: r.credential_kind as AuditLogEntry['credentialKind'],
            credentialId: r.credential_id,
            ip: r.ip,
            userAgent: r.user_agent,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            before: r.before,
            after: r.after,
            reason: r.reason,
            at: new Date(r.at).toISOString(),
          }),
        ),
      };
    },
  );
}
