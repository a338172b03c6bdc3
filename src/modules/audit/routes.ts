import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole } from '../../platform/auth';
import type { DB } from '../../schema';

/** Operators read the audit log of privileged actions: who, what, when, before and after. */
export async function auditRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit log, newest first',
        querystring: z.object({
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(100).optional(),
          actorId: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      preHandler: requireRole('operator'),
    },
    async (request) => {
      const { entityType, entityId, actorId, limit, offset } = request.query;
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).offset(offset);
      if (entityType) q = q.where('entity_type', '=', entityType);
      if (entityId) q = q.where('entity_id', '=', entityId);
      if (actorId) q = q.where('actor_id', '=', actorId);
      const rows = await q.execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          reason: r.reason,
          at: new Date(r.at).toISOString(),
        })),
      };
    },
  );
}
