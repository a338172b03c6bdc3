import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import {
  checkinDownloadSchema,
  checkinKeySchema,
  checkinListSchema,
  checkinStaffSchema,
  checkinStatsSchema,
  myTicketSchema,
  scanRecordedSchema,
  searchResultSchema,
  syncResultSchema,
  ticketCodeSchema,
} from './responses';
import type { Scanning } from './scans';
import { listDraftSchema, listPatchSchema, scanSchema, staffSchema, syncSchema } from './schemas';
import type { CheckinAccess } from './service';

const tags = ['checkin'];
const id = z.string().min(1).max(100);
const eventParams = z.object({ eventId: id });
const listParams = z.object({ listId: id });
const listItems = z.object({ items: z.array(checkinListSchema) });
const oneList = z.object({ list: checkinListSchema });

/**
 * Check-in (docs/checkin.md): the event's public key, a ticket's signed code, lists with their
 * rules, staff, scans online and offline (sync), search, live attendance, the offline download.
 * Scans and syncs are idempotent by (deviceId, clientScanId) in the body, not by header: an
 * offline device retries a whole batch and must get each scan's first answer.
 */
export async function checkinRoutes(
  app: FastifyInstance,
  { checkin }: { checkin: CheckinAccess & Scanning },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Who may is decided per event inside (organizer, added staff, operators); any role may be staff.
  const signedIn = requireRole();
  const managers = requireRole('organizer', 'operator');

  r.get(
    '/api/events/:eventId/checkin-key',
    {
      schema: {
        tags,
        summary: 'The event’s Ed25519 public key (raw, base64url) that verifies its ticket codes',
        params: eventParams,
        response: { 200: checkinKeySchema },
      },
      config: { scope: 'unscoped' },
    },
    async (request) => checkin.publicKey(request.params.eventId),
  );

  r.get(
    '/api/tickets/:id/qr',
    {
      schema: {
        tags,
        summary: 'The signed QR payload of a ticket (its buyer or attendee)',
        params: z.object({ id }),
        response: { 200: ticketCodeSchema },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => checkin.ticketCode(actorOf(request), request.params.id),
  );

  r.get(
    '/api/me/ticket-codes',
    {
      schema: {
        tags,
        summary: 'Your tickets (bought, or you are the attendee) with their signed QR payloads',
        response: { 200: z.object({ items: z.array(myTicketSchema) }) },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({ items: await checkin.myTicketCodes(actorOf(request)) }),
  );

  r.get(
    '/api/checkin-lists/mine',
    {
      schema: { tags, summary: 'The check-in lists you may scan on', response: { 200: listItems } },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({ items: await checkin.myLists(actorOf(request)) }),
  );

  r.get(
    '/api/events/:eventId/checkin-lists',
    {
      schema: {
        tags,
        summary: 'The event’s check-in lists (organizer, operators)',
        params: eventParams,
        response: { 200: listItems },
      },
      preHandler: managers,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({ items: await checkin.lists(actorOf(request), request.params.eventId) }),
  );

  r.post(
    '/api/events/:eventId/checkin-lists',
    {
      schema: {
        tags,
        summary: 'Create a check-in list with its rules (audited)',
        params: eventParams,
        body: listDraftSchema,
        response: { 201: oneList },
      },
      preHandler: managers,
      config: { scope: 'checkin:write', idempotent: true },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ list: await checkin.createList(actorOf(request), request.params.eventId, request.body) }),
  );

  r.get(
    '/api/checkin-lists/:listId',
    {
      schema: { tags, summary: 'One check-in list', params: listParams, response: { 200: oneList } },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({ list: await checkin.list(actorOf(request), request.params.listId) }),
  );

  r.patch(
    '/api/checkin-lists/:listId',
    {
      schema: {
        tags,
        summary: 'Change a check-in list’s name or rules (audited)',
        params: listParams,
        body: listPatchSchema,
        response: { 200: oneList },
      },
      preHandler: managers,
      config: { scope: 'checkin:write' },
    },
    async (request) => ({
      list: await checkin.updateList(actorOf(request), request.params.listId, request.body),
    }),
  );

  r.delete(
    '/api/checkin-lists/:listId',
    {
      schema: {
        tags,
        summary: 'Delete a check-in list and its scans (audited)',
        params: listParams,
        querystring: z.object({ reason: z.string().max(500).optional() }),
        response: { 204: noContent },
      },
      preHandler: managers,
      config: { scope: 'checkin:write' },
    },
    async (request, reply) => {
      await checkin.removeList(actorOf(request), request.params.listId, request.query.reason ?? null);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/events/:eventId/checkin-staff',
    {
      schema: {
        tags,
        summary: 'Who may check tickets in at the event',
        params: eventParams,
        response: { 200: z.object({ items: z.array(checkinStaffSchema) }) },
      },
      preHandler: managers,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({ items: await checkin.staff(actorOf(request), request.params.eventId) }),
  );

  r.put(
    '/api/events/:eventId/checkin-staff',
    {
      schema: {
        tags,
        summary: 'Add a check-in staff member by e-mail (idempotent: adding twice is once; audited)',
        params: eventParams,
        body: staffSchema,
        response: { 200: z.object({ userId: z.string() }) },
      },
      preHandler: managers,
      config: { scope: 'checkin:write' },
    },
    async (request) => checkin.addStaff(actorOf(request), request.params.eventId, request.body.email),
  );

  r.delete(
    '/api/events/:eventId/checkin-staff/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a check-in staff member (audited)',
        params: z.object({ eventId: id, userId: id }),
        response: { 204: noContent },
      },
      preHandler: managers,
      config: { scope: 'checkin:write' },
    },
    async (request, reply) => {
      await checkin.removeStaff(actorOf(request), request.params.eventId, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/checkin-lists/:listId/scans',
    {
      schema: {
        tags,
        summary:
          'Check a ticket in (idempotent on deviceId + clientScanId); 409 ALREADY_CHECKED_IN says when and where first',
        params: listParams,
        body: scanSchema,
        response: { 201: z.object({ scan: scanRecordedSchema }) },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:write' },
    },
    async (request, reply) => {
      const answer = await checkin.scan(actorOf(request), request.params.listId, request.body);
      if ('scan' in answer.body) return reply.status(201).send(answer.body);
      // A refusal is the error envelope (4XX ApiError), with the first scan in its details.
      return (reply as FastifyReply).status(answer.status).send(answer.body);
    },
  );

  r.post(
    '/api/checkin-lists/:listId/sync',
    {
      schema: {
        tags,
        summary: 'Upload a device’s offline scans; names the ones that were duplicates',
        params: listParams,
        body: syncSchema,
        response: { 200: syncResultSchema },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:write' },
    },
    async (request) => checkin.sync(actorOf(request), request.params.listId, request.body),
  );

  r.get(
    '/api/checkin-lists/:listId/search',
    {
      schema: {
        tags,
        summary: 'Find tickets on the list by attendee name or company',
        params: listParams,
        querystring: z.object({ q: z.string().max(100).default('') }),
        response: { 200: searchResultSchema },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => ({
      items: await checkin.search(actorOf(request), request.params.listId, request.query.q),
    }),
  );

  r.get(
    '/api/checkin-lists/:listId/stats',
    {
      schema: {
        tags,
        summary: 'Live attendance: admitted, expected, by type, the last 10 scans',
        params: listParams,
        response: { 200: checkinStatsSchema },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => checkin.stats(actorOf(request), request.params.listId),
  );

  r.get(
    '/api/checkin-lists/:listId/download',
    {
      schema: {
        tags,
        summary: 'The list for offline check-in: tickets, who is in, the public key, a version',
        params: listParams,
        response: { 200: checkinDownloadSchema },
      },
      preHandler: signedIn,
      config: { scope: 'checkin:read' },
    },
    async (request) => checkin.download(actorOf(request), request.params.listId),
  );
}
