import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import {
  bulkReviewResultSchema,
  enrollmentAnswerSchema,
  enrollmentListSchema,
  enrollmentRulesAnswerSchema,
  nominateResultSchema,
  nominationAnswerSchema,
  nominationPageSchema,
  openCampaignsSchema,
  venuePageSchema,
  venuePromotionsSchema,
  venueQuoteSchema,
} from './responses';
import {
  bulkReviewSchema,
  enrollmentListQuerySchema,
  enrollSchema,
  nominateSchema,
  nominationListQuerySchema,
  nominationPatchSchema,
  quoteSchema,
  reviewSchema,
  rulesInputSchema,
  venueQuerySchema,
} from './schemas';
import type { EnrollmentService } from './service';
import type { VenueService } from './venue';

export interface EnrollmentRoutesOptions {
  enrollment: EnrollmentService;
  venue: VenueService;
}

const idParams = z.object({ id: z.string().min(1).max(100) });

export async function enrollmentRoutes(app: FastifyInstance, { enrollment, venue }: EnrollmentRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enrollment'];
  const merchant = requireRole('merchant');
  const operator = requireRole('operator');
  const either = requireRole('merchant', 'operator');

  r.get(
    '/api/campaigns/:id/enrollment-rules',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'A campaign’s enrollment rules and promotions (visible with the campaign)',
        params: idParams,
        response: { 200: enrollmentRulesAnswerSchema },
      },
    },
    async (request) => ({ rules: await enrollment.getRules(request.params.id, request.actor) }),
  );

  r.put(
    '/api/campaigns/:id/enrollment-rules',
    {
      schema: {
        tags,
        summary: 'Set a campaign’s enrollment rules (operators; send version when editing)',
        params: idParams,
        body: rulesInputSchema,
        response: { 200: enrollmentRulesAnswerSchema },
      },
      config: { scope: 'campaigns:write' },
      preHandler: operator,
    },
    async (request) => ({
      rules: await enrollment.setRules(actorOf(request), request.params.id, request.body),
    }),
  );

  r.get(
    '/api/enrollment/open-campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns open for enrollment now, with their rules',
        response: { 200: openCampaignsSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: requireRole(),
    },
    async (request) => ({ items: await enrollment.openCampaigns(request.actor) }),
  );

  r.post(
    '/api/campaigns/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'Enroll one of your stores in a campaign (store rules checked at once)',
        params: idParams,
        body: enrollSchema,
        response: { 201: enrollmentAnswerSchema },
      },
      config: { scope: 'enrollment:write', idempotent: true },
      preHandler: merchant,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ enrollment: await enrollment.enroll(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/enrollments',
    {
      schema: {
        tags,
        summary: 'Enrollments of your stores (merchants) or all (operators)',
        querystring: enrollmentListQuerySchema,
        response: { 200: enrollmentListSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: either,
    },
    async (request) => ({ items: await enrollment.listEnrollments(actorOf(request), request.query) }),
  );

  r.get(
    '/api/enrollments/:id',
    {
      schema: {
        tags,
        summary: 'One enrollment',
        params: idParams,
        response: { 200: enrollmentAnswerSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: either,
    },
    async (request) => ({ enrollment: await enrollment.getEnrollment(actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/enrollments/:id/nominations',
    {
      schema: {
        tags,
        summary:
          'Nominate SKUs with campaign price and stock; eligible ones go to review, every failure is explained',
        params: idParams,
        body: nominateSchema,
        response: { 200: nominateResultSchema, 201: nominateResultSchema },
      },
      config: { scope: 'enrollment:write', idempotent: true },
      preHandler: merchant,
    },
    async (request, reply) => {
      const result = await enrollment.nominate(actorOf(request), request.params.id, request.body);
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );

  r.get(
    '/api/nominations',
    {
      schema: {
        tags,
        summary: 'Nominations: your stores’ (merchants) or the review queue (operators)',
        querystring: nominationListQuerySchema,
        response: { 200: nominationPageSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: either,
    },
    (request) => enrollment.list(actorOf(request), request.query),
  );

  r.post(
    '/api/nominations/review',
    {
      schema: {
        tags,
        summary: 'Approve or reject many nominations; each is atomic and reported',
        body: bulkReviewSchema,
        response: { 200: bulkReviewResultSchema },
      },
      config: { scope: 'enrollment:write' },
      preHandler: operator,
    },
    (request) =>
      enrollment.reviewBulk(actorOf(request), request.body.ids, request.body.decision, request.body.reason),
  );

  r.get(
    '/api/nominations/:id',
    {
      schema: {
        tags,
        summary: 'One nomination and its status',
        params: idParams,
        response: { 200: nominationAnswerSchema },
      },
      config: { scope: 'enrollment:read' },
      preHandler: either,
    },
    async (request) => ({ nomination: await enrollment.getNomination(actorOf(request), request.params.id) }),
  );

  r.patch(
    '/api/nominations/:id',
    {
      schema: {
        tags,
        summary: 'Change a pending nomination’s campaign price or stock (rules checked again)',
        params: idParams,
        body: nominationPatchSchema,
        response: { 200: nominationAnswerSchema },
      },
      config: { scope: 'enrollment:write' },
      preHandler: merchant,
    },
    async (request) => ({
      nomination: await enrollment.updateNomination(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/nominations/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending nomination',
        params: idParams,
        response: { 200: nominationAnswerSchema },
      },
      config: { scope: 'enrollment:write' },
      preHandler: merchant,
    },
    async (request) => ({ nomination: await enrollment.withdraw(actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/nominations/:id/review',
    {
      schema: {
        tags,
        summary: 'Approve or reject one nomination (a reason is required to reject)',
        params: idParams,
        body: reviewSchema,
        response: { 200: nominationAnswerSchema },
      },
      config: { scope: 'enrollment:write' },
      preHandler: operator,
    },
    async (request) => ({
      nomination: await enrollment.review(
        actorOf(request),
        request.params.id,
        request.body.decision,
        request.body.reason,
      ),
    }),
  );

  r.get(
    '/api/campaigns/:id/venue',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags: ['venue'],
        summary: 'The venue (会场): approved SKUs at campaign prices, filterable',
        params: idParams,
        querystring: venueQuerySchema,
        response: { 200: venuePageSchema },
      },
    },
    (request) => venue.list(request.params.id, request.actor, request.query),
  );

  r.get(
    '/api/campaigns/:id/venue/promotions',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags: ['venue'],
        summary: 'The campaign’s promotions, for the cart',
        params: idParams,
        response: { 200: venuePromotionsSchema },
      },
    },
    (request) => venue.promotions(request.params.id, request.actor),
  );

  r.post(
    '/api/campaigns/:id/venue/quote',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags: ['venue'],
        summary:
          'Price a cart of venue SKUs at campaign prices with the campaign’s promotions (hints included)',
        params: idParams,
        body: quoteSchema,
        response: { 200: venueQuoteSchema },
      },
    },
    (request) => venue.quote(request.params.id, request.actor, request.body),
  );
}
