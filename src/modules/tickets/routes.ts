import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { ticketsAdminRoutes } from './admin-routes';
import {
  catalogueSchema,
  holdSchema,
  mailSchema,
  noticeSchema,
  ticketOrderSchema,
  ticketSchema,
  waitlistEntrySchema,
} from './responses';
import {
  checkoutBodySchema,
  holdBodySchema,
  reasonSchema,
  transferBodySchema,
  waitlistJoinSchema,
} from './schemas';
import type { TicketsService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['tickets'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Conference tickets (docs/tickets.md): the shop, the buyer's tickets, the waiting list, the organizer. */
export async function ticketsRoutes(app: FastifyInstance, { tickets }: { tickets: TicketsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireRole();

  r.get(
    '/api/events/:id/tickets',
    {
      schema: {
        tags,
        summary:
          'An event’s ticket shop: public types (and those the voucher unlocks), seats left, questions',
        params: idParams,
        querystring: z.object({ voucher: z.string().trim().min(1).max(60).optional() }),
        response: { 200: catalogueSchema },
      },
      config: { scope: 'tickets:read' },
    },
    async (request) => tickets.catalogue(request.actor ?? null, request.params.id, request.query.voucher),
  );

  r.post(
    '/api/events/:id/ticket-holds',
    {
      schema: {
        tags,
        summary: 'Hold seats while the form is filled in (15 minutes by default); 409 SOLD_OUT / SALE_CLOSED',
        params: idParams,
        body: holdBodySchema,
        response: { 201: z.object({ hold: holdSchema }) },
      },
      config: { scope: 'tickets:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ hold: await tickets.createHold(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/ticket-holds/:id',
    {
      schema: {
        tags,
        summary: 'Your hold',
        params: idParams,
        response: { 200: z.object({ hold: holdSchema }) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ hold: await tickets.hold(actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/ticket-holds/:id/release',
    {
      schema: {
        tags,
        summary: 'Give the held seats back now',
        params: idParams,
        response: { 204: noContent },
      },
      config: { scope: 'tickets:write' },
      preHandler: signedIn,
    },
    async (request, reply) => {
      await tickets.cancelHold(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/ticket-holds/:id/checkout',
    {
      schema: {
        tags,
        summary:
          'Name the attendees and pay (from the wallet; free orders pay nothing): the order and its tickets',
        params: idParams,
        body: checkoutBodySchema,
        response: { 201: z.object({ order: ticketOrderSchema }) },
      },
      config: { scope: 'tickets:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ order: await tickets.checkout(actorOf(request), request.params.id, request.body.attendees) }),
  );

  r.get(
    '/api/me/ticket-orders',
    {
      schema: {
        tags,
        summary: 'Your ticket orders, newest first',
        response: { 200: items(ticketOrderSchema) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ items: await tickets.myOrders(actorOf(request)) }),
  );

  r.get(
    '/api/me/tickets',
    {
      schema: {
        tags,
        summary: 'Tickets you bought or attend (a transferred one shows for its new attendee)',
        response: { 200: items(ticketSchema) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ items: await tickets.myTickets(actorOf(request)) }),
  );

  r.post(
    '/api/tickets/:id/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel your ticket before the event (a paid one is refunded to the wallet); its seat goes to the waiting list',
        params: idParams,
        body: reasonSchema,
        response: { 200: z.object({ ticket: ticketSchema }) },
      },
      config: { scope: 'tickets:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request) => ({
      ticket: await tickets.cancelTicket(actorOf(request), request.params.id, false, request.body.reason),
    }),
  );

  r.post(
    '/api/tickets/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer your ticket to another attendee before the event',
        params: idParams,
        body: transferBodySchema,
        response: { 200: z.object({ ticket: ticketSchema }) },
      },
      config: { scope: 'tickets:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request) => ({
      ticket: await tickets.transferTicket(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/ticket-types/:id/waitlist',
    {
      schema: {
        tags,
        summary: 'Join a sold-out type’s waiting list (409 NOT_SOLD_OUT while seats are left)',
        params: idParams,
        body: waitlistJoinSchema,
        response: { 201: z.object({ entry: waitlistEntrySchema }) },
      },
      config: { scope: 'tickets:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ entry: await tickets.joinWaitlist(actorOf(request), request.params.id, request.body.email) }),
  );

  r.get(
    '/api/me/waitlist',
    {
      schema: {
        tags,
        summary: 'Your waiting-list entries and open offers',
        response: { 200: items(waitlistEntrySchema) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ items: await tickets.myWaitlist(actorOf(request)) }),
  );

  r.get(
    '/api/me/ticket-notices',
    {
      schema: {
        tags,
        summary: 'Your in-app ticket notices (offers, orders), newest first',
        response: { 200: items(noticeSchema) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ items: await tickets.notices(actorOf(request)) }),
  );

  r.get(
    '/api/dev/mailbox',
    {
      schema: {
        tags,
        summary: 'The dev mailbox: mail the embedded sender wrote to the outbox (yours; operators see all)',
        response: { 200: items(mailSchema) },
      },
      config: { scope: 'tickets:read' },
      preHandler: signedIn,
    },
    async (request) => ({ items: await tickets.mailbox(actorOf(request)) }),
  );

  await ticketsAdminRoutes(app, { tickets });
}
