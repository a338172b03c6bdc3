import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import {
  agendaEntrySchema,
  agendaSchema,
  changesSchema,
  feedbackSchema,
  myAgendaSchema,
  mySeatsSchema,
  noticesReadSchema,
  programmeNoticeSchema,
  seatSchema,
  sessionPageSchema,
  speakerFeedbackSchema,
  speakerPageSchema,
  speakerSchema,
  unreadNoticesSchema,
  versionSummarySchema,
} from './responses';
import { feedbackBodySchema, noticesReadBodySchema, seatBodySchema } from './schemas';
import type { ProgrammeService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['programme'];
const icalendar = z.string().meta({
  description: 'An iCalendar (RFC 5545) file',
  content: { 'text/calendar': { schema: { type: 'string', description: 'An iCalendar (RFC 5545) file' } } },
});

/** The public agenda, session and speaker pages, iCalendar feeds, my schedule, seats, feedback. */
export async function programmePublicRoutes(
  app: FastifyInstance,
  { programme }: { programme: ProgrammeService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireRole();
  const open = { scope: 'unscoped' } as const;
  const read = { scope: 'programme:read' } as const;
  const write = { scope: 'programme:write' } as const;
  const create = { scope: 'programme:write', idempotent: true } as const;

  r.get(
    '/api/events/:id/agenda',
    {
      schema: {
        tags,
        summary:
          'The published agenda (latest or ?version=n): days, rooms, tracks, speakers, sessions; :id may be the event slug',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }),
        response: { 200: agendaSchema },
      },
      config: open,
    },
    async (request) => programme.agenda(request.actor ?? null, request.params.id, request.query.version),
  );

  r.get(
    '/api/events/:id/agenda.ics',
    {
      schema: {
        tags,
        summary: 'The published agenda as iCalendar',
        params: idParams,
        response: { 200: icalendar },
      },
      config: open,
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="agenda-${request.params.id}.ics"`)
        .send(await programme.agendaIcs(request.actor ?? null, request.params.id)),
  );

  r.get(
    '/api/events/:id/schedule/versions',
    {
      schema: {
        tags,
        summary: 'Published schedule versions, newest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(versionSummarySchema) }) },
      },
      config: open,
    },
    async (request) => {
      await programme.visibleEvent(request.actor ?? null, request.params.id);
      return { items: await programme.versions(request.params.id) };
    },
  );

  r.get(
    '/api/events/:id/schedule/versions/:n',
    {
      schema: {
        tags,
        summary: 'One version and its changelog against the one before',
        params: z.object({ id: z.string().min(1).max(100), n: z.coerce.number().int().min(1).max(100_000) }),
        response: { 200: z.object({ version: versionSummarySchema, changes: changesSchema }) },
      },
      config: open,
    },
    async (request) => {
      await programme.visibleEvent(request.actor ?? null, request.params.id);
      return programme.version(request.params.id, request.params.n);
    },
  );

  r.get(
    '/api/sessions/:id',
    {
      schema: {
        tags,
        summary: 'A published session with its room, track and (signed in) what you did about it',
        params: idParams,
        response: { 200: sessionPageSchema },
      },
      config: open,
    },
    async (request) => programme.sessionPage(request.actor ?? null, request.params.id),
  );

  r.get(
    '/api/events/:id/speakers',
    {
      schema: {
        tags,
        summary: 'The speakers of the published agenda',
        params: idParams,
        response: { 200: z.object({ items: z.array(speakerSchema) }) },
      },
      config: open,
    },
    async (request) => ({ items: await programme.speakers(request.actor ?? null, request.params.id) }),
  );

  r.get(
    '/api/events/:id/speakers/:speakerId',
    {
      schema: {
        tags,
        summary: 'A speaker and their published sessions',
        params: z.object({ id: z.string().min(1).max(100), speakerId: z.string().min(1).max(100) }),
        response: { 200: speakerPageSchema },
      },
      config: open,
    },
    async (request) => programme.speaker(request.actor ?? null, request.params.id, request.params.speakerId),
  );

  r.get(
    '/api/agenda-feeds/:file',
    {
      schema: {
        tags,
        summary: 'A personal agenda as iCalendar, by its secret URL (calendar apps send no cookies)',
        params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{16,64}\.ics$/) }),
        response: { 200: icalendar },
      },
      config: open,
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(await programme.feed(request.params.file.replace(/\.ics$/, ''))),
  );

  // My schedule
  r.put(
    '/api/me/agenda/:id',
    {
      schema: {
        tags,
        summary: 'Save a published session to my schedule (idempotent)',
        params: idParams,
        response: { 200: z.object({ entry: agendaEntrySchema }) },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({ entry: await programme.saveSession(actorOf(request), request.params.id) }),
  );
  r.delete(
    '/api/me/agenda/:id',
    {
      schema: {
        tags,
        summary: 'Remove a session from my schedule',
        params: idParams,
        response: { 204: noContent },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request, reply) => {
      await programme.unsaveSession(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/me/agenda',
    {
      schema: {
        tags,
        summary: 'My saved sessions (of one event with ?eventId=) and my iCalendar feed URL',
        querystring: z.object({ eventId: z.string().min(1).max(100).optional() }),
        response: { 200: myAgendaSchema },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => programme.myAgenda(actorOf(request), request.query.eventId),
  );
  r.post(
    '/api/me/agenda-feed/token',
    {
      schema: {
        tags,
        summary: 'A new secret feed URL (the old one stops working)',
        response: { 201: z.object({ feedUrl: z.string() }) },
      },
      config: create,
      preHandler: signedIn,
    },
    async (request, reply) => reply.status(201).send(await programme.rotateFeed(actorOf(request))),
  );
  r.get(
    '/api/me/programme-notices',
    {
      schema: {
        tags,
        summary: 'Notices of saved sessions changed by a new schedule version',
        response: { 200: z.object({ items: z.array(programmeNoticeSchema) }) },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ items: await programme.notices(actorOf(request)) }),
  );
  r.get(
    '/api/me/programme-notices/unread',
    {
      schema: {
        tags,
        summary: 'How many schedule-change notices I have not read (the user menu’s badge)',
        response: { 200: unreadNoticesSchema },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => programme.unreadNotices(actorOf(request)),
  );
  r.post(
    '/api/me/programme-notices/read',
    {
      schema: {
        tags,
        summary: 'Mark my notices read: all, one event’s (eventId) or one version’s (eventId + version)',
        body: noticesReadBodySchema,
        response: { 200: noticesReadSchema },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => programme.markNoticesRead(actorOf(request), request.body ?? {}),
  );

  // Workshop seats
  r.post(
    '/api/sessions/:id/seats',
    {
      schema: {
        tags,
        summary: 'Reserve a workshop seat (ticket holders), or join its waiting list with waitlist: true',
        params: idParams,
        body: seatBodySchema,
        response: { 200: z.object({ seat: seatSchema }), 201: z.object({ seat: seatSchema }) },
      },
      config: create,
      preHandler: signedIn,
    },
    async (request, reply) => {
      const { seat, created } = await programme.reserveSeat(
        actorOf(request),
        request.params.id,
        request.body?.waitlist ?? false,
      );
      return reply.status(created ? 201 : 200).send({ seat });
    },
  );
  r.get(
    '/api/me/seats',
    {
      schema: {
        tags,
        summary: 'My workshop seats and places on waiting lists, with the sessions as published',
        response: { 200: mySeatsSchema },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ items: await programme.mySeats(actorOf(request)) }),
  );
  r.delete(
    '/api/sessions/:id/seats',
    {
      schema: {
        tags,
        summary: 'Give my seat (or place in line) back',
        params: idParams,
        response: { 204: noContent },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request, reply) => {
      await programme.cancelSeat(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Feedback
  r.post(
    '/api/sessions/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Rate a session 1–5 (checked-in attendees, once, from its start)',
        params: idParams,
        body: feedbackBodySchema,
        response: { 201: z.object({ feedback: feedbackSchema }) },
      },
      config: create,
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ feedback: await programme.giveFeedback(actorOf(request), request.params.id, request.body) }),
  );
  r.get(
    '/api/me/speaker-feedback',
    {
      schema: {
        tags,
        summary: 'Feedback on the sessions I speak at, once they are over (anonymous)',
        response: { 200: speakerFeedbackSchema },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ items: await programme.speakerFeedback(actorOf(request)) }),
  );
}
