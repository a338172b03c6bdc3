import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import {
  questionSchema,
  setupSchema,
  ticketOrderSchema,
  ticketSchema,
  ticketTypeSchema,
  voucherSchema,
  waitlistOverviewSchema,
} from './responses';
import {
  prioritySchema,
  questionDraftSchema,
  quotaDraftSchema,
  reasonSchema,
  settingsSchema,
  ticketTypeDraftSchema,
  voucherDraftSchema,
} from './schemas';
import type { TicketsService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['tickets'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const search = z.object({ q: z.string().trim().max(100).optional() });

/** The organizer's console (own events; operators all), under /api/organizer/events/:id/... */
export async function ticketsAdminRoutes(app: FastifyInstance, { tickets }: { tickets: TicketsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const organizer = requireRole('organizer', 'operator');
  const read = { scope: 'tickets:read' } as const;
  const write = { scope: 'tickets:write' } as const;
  const create = { scope: 'tickets:write', idempotent: true } as const;
  const base = '/api/organizer/events/:id';

  r.get(
    `${base}/tickets`,
    {
      schema: {
        tags,
        summary: 'Ticket types with seats left, quotas with held/sold, questions, settings',
        params: idParams,
        response: { 200: setupSchema },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => tickets.setup(actorOf(request), request.params.id),
  );

  r.post(
    `${base}/ticket-types`,
    {
      schema: {
        tags,
        summary: 'Add a ticket type',
        params: idParams,
        body: ticketTypeDraftSchema,
        response: { 201: z.object({ type: ticketTypeSchema }) },
      },
      config: create,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ type: await tickets.createType(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/organizer/ticket-types/:id',
    {
      schema: {
        tags,
        summary: 'Replace a ticket type’s settings',
        params: idParams,
        body: ticketTypeDraftSchema,
        response: { 200: z.object({ type: ticketTypeSchema }) },
      },
      config: write,
      preHandler: organizer,
    },
    async (request) => ({
      type: await tickets.updateType(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    `${base}/ticket-quotas`,
    {
      schema: {
        tags,
        summary: 'Add a quota capping a set of types (a type may be in several)',
        params: idParams,
        body: quotaDraftSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
      config: create,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: await tickets.createQuota(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/organizer/ticket-quotas/:id',
    {
      schema: {
        tags,
        summary:
          'Resize a quota (never below held + sold) and set its types; freed seats go to the waiting list',
        params: idParams,
        body: quotaDraftSchema,
        response: { 204: noContent },
      },
      config: write,
      preHandler: organizer,
    },
    async (request, reply) => {
      await tickets.updateQuota(actorOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  r.post(
    `${base}/ticket-questions`,
    {
      schema: {
        tags,
        summary: 'Ask attendees a question (text, choice, 发票抬头, dietary), required or not, per type',
        params: idParams,
        body: questionDraftSchema,
        response: { 201: z.object({ question: questionSchema }) },
      },
      config: create,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ question: await tickets.createQuestion(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    `${base}/ticket-settings`,
    {
      schema: {
        tags,
        summary: 'Hold minutes and waiting-list offer hours',
        params: idParams,
        body: settingsSchema,
        response: { 200: settingsSchema },
      },
      config: write,
      preHandler: organizer,
    },
    async (request) => tickets.setSettings(actorOf(request), request.params.id, request.body),
  );

  r.post(
    `${base}/ticket-vouchers`,
    {
      schema: {
        tags,
        summary: 'Create one voucher or bulk-generate `count` codes',
        params: idParams,
        body: voucherDraftSchema,
        response: { 201: items(voucherSchema) },
      },
      config: create,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ items: await tickets.createVouchers(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    `${base}/ticket-vouchers`,
    {
      schema: {
        tags,
        summary: 'The event’s vouchers with their uses',
        params: idParams,
        response: { 200: items(voucherSchema) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({ items: await tickets.vouchers(actorOf(request), request.params.id) }),
  );

  r.get(
    `${base}/ticket-vouchers.csv`,
    {
      schema: {
        tags,
        summary: 'The vouchers as CSV',
        params: idParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8') },
      },
      config: read,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="vouchers-${request.params.id}.csv"`)
        .send(await tickets.vouchersCsv(actorOf(request), request.params.id)),
  );

  r.get(
    `${base}/ticket-orders`,
    {
      schema: {
        tags,
        summary: 'The event’s orders with their tickets, newest first',
        params: idParams,
        response: { 200: items(ticketOrderSchema) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({ items: await tickets.eventOrders(actorOf(request), request.params.id) }),
  );

  r.get(
    `${base}/attendees`,
    {
      schema: {
        tags,
        summary: 'Attendees, searched by name, email or company',
        params: idParams,
        querystring: search,
        response: { 200: items(ticketSchema) },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => ({
      items: await tickets.attendees(actorOf(request), request.params.id, request.query.q),
    }),
  );

  r.get(
    `${base}/attendees.csv`,
    {
      schema: {
        tags,
        summary: 'Attendees with their answers as CSV',
        params: idParams,
        querystring: search,
        response: { 200: z.string().describe('text/csv; charset=utf-8') },
      },
      config: read,
      preHandler: organizer,
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="attendees-${request.params.id}.csv"`)
        .send(await tickets.attendeesCsv(actorOf(request), request.params.id, request.query.q)),
  );

  r.get(
    `${base}/waitlist`,
    {
      schema: {
        tags,
        summary: 'Who waits per type, open offers, and what raising the quota would earn',
        params: idParams,
        response: { 200: waitlistOverviewSchema },
      },
      config: read,
      preHandler: organizer,
    },
    async (request) => tickets.waitlistOverview(actorOf(request), request.params.id),
  );

  r.put(
    '/api/organizer/waitlist/:id/priority',
    {
      schema: {
        tags,
        summary: 'Move a waiting-list entry up or down (higher first)',
        params: idParams,
        body: prioritySchema,
        response: { 204: noContent },
      },
      config: write,
      preHandler: organizer,
    },
    async (request, reply) => {
      await tickets.setPriority(actorOf(request), request.params.id, request.body.priority);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/organizer/tickets/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel (refund) an attendee’s ticket, with a reason (audited)',
        params: idParams,
        body: reasonSchema,
        response: { 200: z.object({ ticket: ticketSchema }) },
      },
      // A refund: a retry under the same key gets the first answer, not TICKET_NOT_VALID.
      config: { ...write, idempotent: true },
      preHandler: organizer,
    },
    async (request) => ({
      ticket: await tickets.cancelTicket(actorOf(request), request.params.id, true, request.body.reason),
    }),
  );
}
