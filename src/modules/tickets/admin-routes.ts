import type { FastifyInstance, FastifyReply } from 'fastify';
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
  const scopes = {
    read: { scope: 'tickets:read' },
    write: { scope: 'tickets:write' },
    /** Creations, and refunds: a retry under the same key gets the first answer. */
    create: { scope: 'tickets:write', idempotent: true },
  } as const;
  const base = '/api/organizer/events/:id';
  /**
   * Every console route is the same shape: `:id` (an event, type, quota, entry or ticket), the
   * organizer or operator role, a tickets scope. Which event the caller manages is the service's
   * check (managedEvent), so a route that skipped this helper would still be refused there.
   */
  const organizerRoute = <S extends object>(summary: string, access: keyof typeof scopes, schema: S) => ({
    schema: { tags, summary, params: idParams, ...schema },
    config: scopes[access],
    preHandler: organizer,
  });

  const csv = (reply: FastifyReply, filename: string, body: string) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(body);

  r.get(
    `${base}/tickets`,
    organizerRoute('Ticket types with seats left, quotas with held/sold, questions, settings', 'read', {
      response: { 200: setupSchema },
    }),
    async (request) => tickets.setup(actorOf(request), request.params.id),
  );

  r.post(
    `${base}/ticket-types`,
    organizerRoute('Add a ticket type', 'create', {
      body: ticketTypeDraftSchema,
      response: { 201: z.object({ type: ticketTypeSchema }) },
    }),
    async (request, reply) =>
      reply
        .status(201)
        .send({ type: await tickets.createType(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/organizer/ticket-types/:id',
    organizerRoute('Replace a ticket type’s settings', 'write', {
      body: ticketTypeDraftSchema,
      response: { 200: z.object({ type: ticketTypeSchema }) },
    }),
    async (request) => ({
      type: await tickets.updateType(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    `${base}/ticket-quotas`,
    organizerRoute('Add a quota capping a set of types (a type may be in several)', 'create', {
      body: quotaDraftSchema,
      response: { 201: z.object({ id: z.string() }) },
    }),
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: await tickets.createQuota(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/organizer/ticket-quotas/:id',
    organizerRoute(
      'Resize a quota (never below held + sold) and set its types; freed seats go to the waiting list',
      'write',
      { body: quotaDraftSchema, response: { 204: noContent } },
    ),
    async (request, reply) => {
      await tickets.updateQuota(actorOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  r.post(
    `${base}/ticket-questions`,
    organizerRoute(
      'Ask attendees a question (text, choice, 发票抬头, dietary), required or not, per type',
      'create',
      { body: questionDraftSchema, response: { 201: z.object({ question: questionSchema }) } },
    ),
    async (request, reply) =>
      reply
        .status(201)
        .send({ question: await tickets.createQuestion(actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/organizer/ticket-questions/:id',
    organizerRoute(
      'Replace a question; once answered its kind stays and its options may only grow (409 QUESTION_ANSWERED)',
      'write',
      { body: questionDraftSchema, response: { 200: z.object({ question: questionSchema }) } },
    ),
    async (request) => ({
      question: await tickets.updateQuestion(actorOf(request), request.params.id, request.body),
    }),
  );

  r.delete(
    '/api/organizer/ticket-questions/:id',
    organizerRoute('Remove a question nobody has answered (else 409 QUESTION_ANSWERED)', 'write', {
      response: { 204: noContent },
    }),
    async (request, reply) => {
      await tickets.deleteQuestion(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.put(
    `${base}/ticket-settings`,
    organizerRoute('Hold minutes and waiting-list offer hours', 'write', {
      body: settingsSchema,
      response: { 200: settingsSchema },
    }),
    async (request) => tickets.setSettings(actorOf(request), request.params.id, request.body),
  );

  r.post(
    `${base}/ticket-vouchers`,
    organizerRoute('Create one voucher or bulk-generate `count` codes', 'create', {
      body: voucherDraftSchema,
      response: { 201: items(voucherSchema) },
    }),
    async (request, reply) =>
      reply
        .status(201)
        .send({ items: await tickets.createVouchers(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    `${base}/ticket-vouchers`,
    organizerRoute('The event’s vouchers with their uses', 'read', {
      response: { 200: items(voucherSchema) },
    }),
    async (request) => ({ items: await tickets.vouchers(actorOf(request), request.params.id) }),
  );

  r.get(
    `${base}/ticket-vouchers.csv`,
    organizerRoute('The vouchers as CSV', 'read', {
      response: { 200: z.string().describe('text/csv; charset=utf-8') },
    }),
    async (request, reply) =>
      csv(
        reply,
        `vouchers-${request.params.id}.csv`,
        await tickets.vouchersCsv(actorOf(request), request.params.id),
      ),
  );

  r.post(
    '/api/organizer/ticket-vouchers/:id/revoke',
    // Idempotent by itself: revoking a revoked voucher answers it again, so no key is needed.
    organizerRoute(
      'Revoke a voucher, with a reason (audited); holds made with it keep their seats',
      'write',
      {
        body: reasonSchema,
        response: { 200: z.object({ voucher: voucherSchema }) },
      },
    ),
    async (request) => ({
      voucher: await tickets.revokeVoucher(actorOf(request), request.params.id, request.body.reason),
    }),
  );

  r.get(
    `${base}/ticket-orders`,
    organizerRoute('The event’s orders with their tickets, newest first', 'read', {
      response: { 200: items(ticketOrderSchema) },
    }),
    async (request) => ({ items: await tickets.eventOrders(actorOf(request), request.params.id) }),
  );

  r.get(
    `${base}/attendees`,
    organizerRoute('Attendees, searched by name, email or company', 'read', {
      querystring: search,
      response: { 200: items(ticketSchema) },
    }),
    async (request) => ({
      items: await tickets.attendees(actorOf(request), request.params.id, request.query.q),
    }),
  );

  r.get(
    `${base}/attendees.csv`,
    organizerRoute('Attendees with their answers as CSV', 'read', {
      querystring: search,
      response: { 200: z.string().describe('text/csv; charset=utf-8') },
    }),
    async (request, reply) =>
      csv(
        reply,
        `attendees-${request.params.id}.csv`,
        await tickets.attendeesCsv(actorOf(request), request.params.id, request.query.q),
      ),
  );

  r.get(
    `${base}/waitlist`,
    organizerRoute('Who waits per type, open offers, and what raising the quota would earn', 'read', {
      response: { 200: waitlistOverviewSchema },
    }),
    async (request) => tickets.waitlistOverview(actorOf(request), request.params.id),
  );

  r.put(
    '/api/organizer/waitlist/:id/priority',
    organizerRoute('Move a waiting-list entry up or down (higher first)', 'write', {
      body: prioritySchema,
      response: { 204: noContent },
    }),
    async (request, reply) => {
      await tickets.setPriority(actorOf(request), request.params.id, request.body.priority);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/organizer/tickets/:id/cancel',
    // A refund: a retry under the same key gets the first answer, not TICKET_NOT_VALID.
    organizerRoute('Cancel (refund) an attendee’s ticket, with a reason (audited)', 'create', {
      body: reasonSchema,
      response: { 200: z.object({ ticket: ticketSchema }) },
    }),
    async (request) => ({
      ticket: await tickets.cancelTicket(actorOf(request), request.params.id, true, request.body.reason),
    }),
  );
}
