import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { reviewPageSchema, reviewQueueSchema, reviewSchema } from './responses';
import { reviewInputSchema } from './schemas';
import type { CfpModule } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['cfp'];

/** The reviewer's routes: anonymised when the event says so (no speaker name in any answer). */
export async function cfpReviewRoutes(app: FastifyInstance, { cfp }: { cfp: CfpModule }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireRole();

  r.get(
    '/api/me/reviews',
    {
      schema: {
        tags,
        summary: 'Your review queue: proposals of the tracks you review (never your own), with your reviews',
        querystring: z.object({ eventId: z.string().min(1).max(100).optional() }),
        response: { 200: reviewQueueSchema },
      },
      config: { scope: 'cfp:read' },
      preHandler: signedIn,
    },
    async (request) => cfp.reviewQueue(actorOf(request), request.query.eventId),
  );

  r.get(
    '/api/review/proposals/:id',
    {
      schema: {
        tags,
        summary:
          'A proposal to review, the event’s criteria and your review (403 OWN_PROPOSAL / NOT_REVIEWER)',
        params: idParams,
        response: { 200: reviewPageSchema },
      },
      config: { scope: 'cfp:read' },
      preHandler: signedIn,
    },
    async (request) => cfp.reviewProposal(actorOf(request), request.params.id),
  );

  r.put(
    '/api/review/proposals/:id/review',
    {
      schema: {
        tags,
        summary: 'Score every criterion 1–5 with a comment; editable until the proposal is decided',
        params: idParams,
        body: reviewInputSchema,
        response: { 200: z.object({ review: reviewSchema }) },
      },
      config: { scope: 'cfp:write' },
      preHandler: signedIn,
    },
    async (request) => ({ review: await cfp.score(actorOf(request), request.params.id, request.body) }),
  );
}
