import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import {
  bulkDecisionResultSchema,
  cfpSettingsSchema,
  dashboardSchema,
  organizerProposalSchema,
  reviewerSchema,
} from './responses';
import {
  appointInputSchema,
  bulkDecisionSchema,
  cfpSettingsInputSchema,
  decisionInputSchema,
  proposalFilterSchema,
} from './schemas';
import type { CfpModule } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['cfp'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** The organizer's CfP console (own events; operators all), under /api/organizer/... */
export async function cfpOrganizerRoutes(app: FastifyInstance, { cfp }: { cfp: CfpModule }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const organizer = requireRole('organizer', 'operator');
  const read = { scope: 'cfp:read' } as const;
  const write = { scope: 'cfp:write' } as const;
  const base = '/api/organizer/events/:id';

  r.get(
    `${base}/cfp`,
    {
      schema: {
        tags,
        summary: 'The CfP settings with proposal counts (null before the first save)',
        params: idParams,
        response: { 200: z.object({ cfp: cfpSettingsSchema.nullable() }) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({ cfp: await cfp.organizerCfp(actorOf(request), request.params.id) }),
  );

  r.put(
    `${base}/cfp`,
    {
      schema: {
        tags,
        summary: 'Save the CfP: window, anonymised review, criteria, submission types (audited)',
        params: idParams,
        body: cfpSettingsInputSchema,
        response: { 200: z.object({ cfp: cfpSettingsSchema }) },
      },
      config: write,
      preHandler: organizer,
    },
    async (request) => ({ cfp: await cfp.saveCfp(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    `${base}/proposals`,
    {
      schema: {
        tags,
        summary: 'The event’s proposals with speakers and review statistics',
        params: idParams,
        querystring: proposalFilterSchema,
        response: { 200: items(organizerProposalSchema) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({
      items: await cfp.organizerProposals(actorOf(request), request.params.id, request.query),
    }),
  );

  r.get(
    `${base}/cfp/reviewers`,
    {
      schema: {
        tags,
        summary: 'Reviewer appointments per track, with their review counts',
        params: idParams,
        response: { 200: items(reviewerSchema) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({ items: await cfp.reviewers(actorOf(request), request.params.id) }),
  );

  r.post(
    `${base}/cfp/reviewers`,
    {
      schema: {
        tags,
        summary: 'Appoint a user (by e-mail) to review tracks; answers the new appointments (audited)',
        params: idParams,
        body: appointInputSchema,
        response: { 201: items(reviewerSchema) },
      },
      config: { scope: 'cfp:write', idempotent: true },
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ items: await cfp.appointReviewer(actorOf(request), request.params.id, request.body) }),
  );

  r.delete(
    '/api/organizer/cfp-reviewers/:id',
    {
      schema: {
        tags,
        summary: 'End a reviewer appointment (their reviews stay; audited)',
        params: idParams,
        response: { 204: noContent },
      },
      config: write,
      preHandler: organizer,
    },
    async (request, reply) => {
      await cfp.removeReviewer(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    `${base}/cfp/dashboard`,
    {
      schema: {
        tags,
        summary: 'Review progress per track, averages and spreads per criterion, the ranked list',
        params: idParams,
        response: { 200: dashboardSchema },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => cfp.dashboard(actorOf(request), request.params.id),
  );

  r.post(
    '/api/organizer/proposals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Accept or reject a submitted proposal; its speakers are told (audited)',
        params: idParams,
        body: decisionInputSchema,
        response: { 200: z.object({ proposal: organizerProposalSchema }) },
      },
      config: write,
      preHandler: organizer,
    },
    async (request) => ({
      proposal: await cfp.decide(
        actorOf(request),
        request.params.id,
        request.body.decision,
        request.body.reason,
      ),
    }),
  );

  r.post(
    `${base}/cfp/decisions`,
    {
      schema: {
        tags,
        summary: 'Accept or reject many proposals at once; those no longer submitted are skipped',
        params: idParams,
        body: bulkDecisionSchema,
        response: { 200: bulkDecisionResultSchema },
      },
      config: write,
      preHandler: organizer,
    },
    async (request) => cfp.decideMany(actorOf(request), request.params.id, request.body),
  );
}
