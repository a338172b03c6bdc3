import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { idempotencyKeyOf } from '../../platform/http/idempotency';
import { sendIdempotent } from '../../platform/http/idempotent-reply';
import {
  charityBadgeSchema,
  charityProjectSchema,
  charityRuleSchema,
  charitySchema,
  disbursementSchema,
  disclosureQuarterSchema,
  donationReceiptSchema,
  donationSchema,
  lineBadgeSchema,
  projectPageSchema,
  projectSummarySchema,
  projectUpdateSchema,
} from './responses';
import {
  charityDraftSchema,
  disbursementBodySchema,
  projectDraftSchema,
  projectStatusSchema,
  projectUpdateSchema as projectUpdateBody,
  ruleSchema,
  verifySchema,
} from './schemas';
import type { CharityService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['charity'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * Public welfare (docs/charity.md): the public project pages, the buyer's 爱心足迹, merchants'
 * charity items (公益宝贝), operators' charities, projects and disbursements.
 */
export async function charityRoutes(app: FastifyInstance, { charity }: { charity: CharityService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const operator = requireRole('operator');

  // ---- public: anyone may read what donations raised and where the money went ----

  r.get(
    '/api/charity/projects',
    {
      schema: {
        tags,
        summary: 'Charity projects with what each raised (drafts for operators only)',
        querystring: z.object({ status: z.enum(['draft', 'fundraising', 'closed']).optional() }),
        response: { 200: items(projectSummarySchema) },
      },
      config: { scope: 'charity:read' },
    },
    async (request) => ({
      items: await charity.listProjects({
        status: request.query.status,
        includeDrafts: request.actor?.role === 'operator',
      }),
    }),
  );

  r.get(
    '/api/charity/projects/:id',
    {
      schema: {
        tags,
        summary: 'A project’s public page: running total, donors, progress, disbursements, quarters',
        params: idParams,
        response: { 200: projectPageSchema },
      },
      config: { scope: 'charity:read' },
    },
    async (request) => charity.projectPage(request.params.id, request.actor ?? null),
  );

  r.get(
    '/api/charity/projects/:id/disclosure',
    {
      schema: {
        tags,
        summary: 'Quarterly disclosure (China time): donated, disbursed, escrow at quarter end',
        params: idParams,
        response: { 200: items(disclosureQuarterSchema) },
      },
      config: { scope: 'charity:read' },
    },
    async (request) => ({ items: await charity.disclosureOf(request.params.id, request.actor ?? null) }),
  );

  r.get(
    '/api/charity/projects/:id/disclosure.csv',
    {
      schema: {
        tags,
        summary: 'The quarterly disclosure as CSV (amounts in yuan, two decimals)',
        params: idParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8') },
      },
      config: { scope: 'charity:read' },
    },
    async (request, reply) => {
      const csv = await charity.disclosureCsv(request.params.id, request.actor ?? null);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="disclosure-${request.params.id}.csv"`)
        .send(csv);
    },
  );

  r.get(
    '/api/charity/items',
    {
      schema: {
        tags,
        summary: 'Which of these SKUs are charity items (公益宝贝), and their rule (venue and cart badges)',
        querystring: z.object({
          skuIds: z
            .string()
            .max(4000)
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(z.string().min(1).max(100)).min(1).max(200)),
        }),
        response: { 200: items(charityBadgeSchema) },
      },
      config: { scope: 'charity:read' },
    },
    async (request) => ({ items: await charity.badgesFor(request.query.skuIds) }),
  );

  // ---- the buyer: 爱心足迹 ----

  r.get(
    '/api/me/donations',
    {
      schema: {
        tags,
        summary: 'Your donations (爱心足迹): order, amount, project and transparency-log index',
        response: {
          200: z.object({ items: z.array(donationSchema), total: z.number().int().describe('fen') }),
        },
      },
      config: { scope: 'charity:read' },
      preHandler: requireRole('consumer'),
    },
    async (request) => {
      const list = await charity.donationsOf(actorOf(request).userId);
      return { items: list, total: list.reduce((s, d) => s + d.amount, 0) };
    },
  );

  r.get(
    '/api/me/donations/:id/receipt',
    {
      schema: {
        tags,
        summary: 'A donation’s receipt: record, inclusion proof and signed checkpoint, checkable offline',
        params: idParams,
        response: { 200: donationReceiptSchema },
      },
      config: { scope: 'charity:read' },
      preHandler: requireRole('consumer', 'operator'),
    },
    async (request) => charity.receipt(actorOf(request), request.params.id),
  );

  r.get(
    '/api/orders/:id/charity',
    {
      schema: {
        tags,
        summary: 'The order’s charity lines: the rule snapshot taken at checkout and what was donated',
        params: idParams,
        response: { 200: items(lineBadgeSchema) },
      },
      config: { scope: 'orders:read' },
      preHandler: requireRole('consumer', 'operator'),
    },
    async (request) => ({ items: await charity.lineBadges(actorOf(request), request.params.id) }),
  );

  // ---- merchants: charity items (公益宝贝) ----

  r.put(
    '/api/skus/:id/charity-rule',
    {
      schema: {
        tags,
        summary: 'Make a SKU a charity item: fixed fen per unit, or basis points of the line’s paid amount',
        params: idParams,
        body: ruleSchema,
        response: { 200: z.object({ rule: charityRuleSchema }) },
      },
      config: { scope: 'charity:write' },
      preHandler: requireRole('merchant'),
    },
    async (request) => ({ rule: await charity.setRule(actorOf(request), request.params.id, request.body) }),
  );

  r.delete(
    '/api/skus/:id/charity-rule',
    {
      schema: {
        tags,
        summary: 'Stop the SKU being a charity item (orders already placed keep their rule)',
        params: idParams,
        response: { 204: noContent },
      },
      config: { scope: 'charity:write' },
      preHandler: requireRole('merchant'),
    },
    async (request, reply) => {
      await charity.clearRule(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/stores/:id/charity-rules',
    {
      schema: {
        tags,
        summary: 'The store’s charity items and their rules in force',
        params: idParams,
        response: { 200: items(charityRuleSchema) },
      },
      config: { scope: 'charity:read' },
      preHandler: requireRole('merchant', 'operator'),
    },
    async (request) => ({ items: await charity.rulesOfStore(actorOf(request), request.params.id) }),
  );

  // ---- operators: charities, projects, disbursements ----

  r.get(
    '/api/admin/charities',
    {
      schema: {
        tags: ['admin'],
        summary: 'Registered charities, pending ones included',
        response: { 200: items(charitySchema) },
      },
      config: { scope: 'charity:read' },
      preHandler: operator,
    },
    async () => ({ items: await charity.listCharities() }),
  );

  r.post(
    '/api/admin/charities',
    {
      schema: {
        tags: ['admin'],
        summary: 'Register a charity (pending until verified; only verified ones receive money)',
        body: charityDraftSchema,
        response: { 201: z.object({ charity: charitySchema }) },
      },
      config: { scope: 'charity:write', idempotent: true },
      preHandler: operator,
    },
    async (request, reply) =>
      reply.status(201).send({ charity: await charity.registerCharity(actorOf(request), request.body) }),
  );

  r.post(
    '/api/admin/charities/:id/verification',
    {
      schema: {
        tags: ['admin'],
        summary: 'Verify or reject a charity, with a reason (audited)',
        params: idParams,
        body: verifySchema,
        response: { 200: z.object({ charity: charitySchema }) },
      },
      config: { scope: 'charity:write' },
      preHandler: operator,
    },
    async (request) => ({
      charity: await charity.verifyCharity(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/admin/charity-projects',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a project of a charity (a draft until it starts fundraising)',
        body: projectDraftSchema,
        response: { 201: z.object({ project: charityProjectSchema }) },
      },
      config: { scope: 'charity:write', idempotent: true },
      preHandler: operator,
    },
    async (request, reply) =>
      reply.status(201).send({ project: await charity.createProject(actorOf(request), request.body) }),
  );

  r.post(
    '/api/admin/charity-projects/:id/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open (needs a verified charity) or close a project, with a reason (audited)',
        params: idParams,
        body: projectStatusSchema,
        response: { 200: z.object({ project: charityProjectSchema }) },
      },
      config: { scope: 'charity:write' },
      preHandler: operator,
    },
    async (request) => ({
      project: await charity.setProjectStatus(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/admin/charity-projects/:id/updates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Post a progress update with photo URLs',
        params: idParams,
        body: projectUpdateBody,
        response: { 201: z.object({ update: projectUpdateSchema }) },
      },
      config: { scope: 'charity:write', idempotent: true },
      preHandler: operator,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ update: await charity.addUpdate(actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/admin/charity-projects/:id/disbursements',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Pay escrow out to the project’s charity (Idempotency-Key required; audited; never below zero)',
        params: idParams,
        body: disbursementBodySchema,
        response: { 201: z.object({ disbursement: disbursementSchema }) },
      },
      config: { scope: 'charity:write' },
      preHandler: operator,
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      return sendIdempotent(
        reply,
        await charity.disburse(actorOf(request), { ...request.body, projectId: request.params.id }, key),
      );
    },
  );
}
