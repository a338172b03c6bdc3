import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import {
  feedbackSummarySchema,
  organizerSpeakerSchema,
  placedSchema,
  programmeSchema,
  publishedSchema,
  roomSchema,
  seatListSchema,
  sessionSchema,
  trackSchema,
} from './responses';
import {
  placementBodySchema,
  publishBodySchema,
  roomBodySchema,
  roomPatchSchema,
  sessionBodySchema,
  sessionPatchSchema,
  speakerBodySchema,
  speakerPatchSchema,
  trackBodySchema,
  trackPatchSchema,
} from './schemas';
import type { ProgrammeService } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tags = ['programme'];

/** The organizer's schedule editor (own events; operators all), docs/programme.md. */
export async function programmeOrganizerRoutes(
  app: FastifyInstance,
  { programme }: { programme: ProgrammeService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireRole('organizer', 'operator');
  const read = { scope: 'programme:read' } as const;
  const write = { scope: 'programme:write' } as const;
  const create = { scope: 'programme:write', idempotent: true } as const;
  const ev = '/api/organizer/events/:id';

  r.get(
    `${ev}/programme`,
    {
      schema: {
        tags,
        summary:
          'The draft schedule: tracks, rooms, speakers, sessions, conflicts, unpublished changes, versions',
        params: idParams,
        response: { 200: programmeSchema },
      },
      config: read,
      preHandler,
    },
    async (request) => programme.programme(actorOf(request), request.params.id),
  );

  // Tracks
  r.post(
    `${ev}/tracks`,
    {
      schema: {
        tags,
        summary: 'Add a track',
        params: idParams,
        body: trackBodySchema,
        response: { 201: z.object({ track: trackSchema }) },
      },
      config: create,
      preHandler,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ track: await programme.createTrack(actorOf(request), request.params.id, request.body) }),
  );
  r.put(
    '/api/organizer/tracks/:id',
    {
      schema: {
        tags,
        summary: 'Change a track',
        params: idParams,
        body: trackPatchSchema,
        response: { 200: z.object({ track: trackSchema }) },
      },
      config: write,
      preHandler,
    },
    async (request) => ({
      track: await programme.updateTrack(actorOf(request), request.params.id, request.body),
    }),
  );
  r.delete(
    '/api/organizer/tracks/:id',
    {
      schema: {
        tags,
        summary: 'Delete an unused track; 409 TRACK_IN_USE',
        params: idParams,
        response: { 204: noContent },
      },
      config: write,
      preHandler,
    },
    async (request, reply) => {
      await programme.deleteTrack(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Rooms
  r.post(
    `${ev}/rooms`,
    {
      schema: {
        tags,
        summary: 'Add a room',
        params: idParams,
        body: roomBodySchema,
        response: { 201: z.object({ room: roomSchema }) },
      },
      config: create,
      preHandler,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ room: await programme.createRoom(actorOf(request), request.params.id, request.body) }),
  );
  r.put(
    '/api/organizer/rooms/:id',
    {
      schema: {
        tags,
        summary: 'Change a room',
        params: idParams,
        body: roomPatchSchema,
        response: { 200: z.object({ room: roomSchema }) },
      },
      config: write,
      preHandler,
    },
    async (request) => ({
      room: await programme.updateRoom(actorOf(request), request.params.id, request.body),
    }),
  );
  r.delete(
    '/api/organizer/rooms/:id',
    {
      schema: {
        tags,
        summary: 'Delete a room no session uses; 409 ROOM_IN_USE',
        params: idParams,
        response: { 204: noContent },
      },
      config: write,
      preHandler,
    },
    async (request, reply) => {
      await programme.deleteRoom(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Speakers
  r.post(
    `${ev}/speakers`,
    {
      schema: {
        tags,
        summary: 'Add a speaker (invited talks, keynotes)',
        params: idParams,
        body: speakerBodySchema,
        response: { 201: z.object({ speaker: organizerSpeakerSchema }) },
      },
      config: create,
      preHandler,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ speaker: await programme.createSpeaker(actorOf(request), request.params.id, request.body) }),
  );
  r.put(
    '/api/organizer/programme-speakers/:id',
    {
      schema: {
        tags,
        summary: 'Change a speaker',
        params: idParams,
        body: speakerPatchSchema,
        response: { 200: z.object({ speaker: organizerSpeakerSchema }) },
      },
      config: write,
      preHandler,
    },
    async (request) => ({
      speaker: await programme.updateSpeaker(actorOf(request), request.params.id, request.body),
    }),
  );

  // Sessions
  r.post(
    `${ev}/sessions`,
    {
      schema: {
        tags,
        summary: 'Add a session (invited talk, keynote, break); unscheduled',
        params: idParams,
        body: sessionBodySchema,
        response: { 201: z.object({ session: sessionSchema }) },
      },
      config: create,
      preHandler,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ session: await programme.createSession(actorOf(request), request.params.id, request.body) }),
  );
  r.put(
    '/api/organizer/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Change a session',
        params: idParams,
        body: sessionPatchSchema,
        response: { 200: placedSchema },
      },
      config: write,
      preHandler,
    },
    async (request) => programme.updateSession(actorOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/organizer/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Cancel a session (taken off the grid; published versions keep it)',
        params: idParams,
        response: { 200: z.object({ session: sessionSchema }) },
      },
      config: write,
      preHandler,
    },
    async (request) => ({ session: await programme.cancelSession(actorOf(request), request.params.id) }),
  );
  r.put(
    '/api/organizer/sessions/:id/placement',
    {
      schema: {
        tags,
        summary:
          'Place a session in a room at a time (null: unschedule); saved even with conflicts, which are returned',
        params: idParams,
        body: placementBodySchema,
        response: { 200: placedSchema },
      },
      config: write,
      preHandler,
    },
    async (request) => programme.place(actorOf(request), request.params.id, request.body ?? null),
  );

  // Publishing
  r.post(
    `${ev}/schedule/versions`,
    {
      schema: {
        tags,
        summary: 'Publish the draft as the next version; 409 SCHEDULE_CONFLICTS / NO_SCHEDULE_CHANGES',
        params: idParams,
        body: publishBodySchema,
        response: { 201: publishedSchema },
      },
      config: create,
      preHandler,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await programme.publish(actorOf(request), request.params.id, request.body?.note ?? null)),
  );

  // Seats and feedback
  r.get(
    '/api/organizer/sessions/:id/seats',
    {
      schema: {
        tags,
        summary: 'Who holds or waits for a workshop seat',
        params: idParams,
        response: { 200: seatListSchema },
      },
      config: read,
      preHandler,
    },
    async (request) => ({ items: await programme.seatList(actorOf(request), request.params.id) }),
  );
  r.get(
    `${ev}/feedback`,
    {
      schema: {
        tags,
        summary: 'Feedback averages per session and track, with attendance figures',
        params: idParams,
        response: { 200: feedbackSummarySchema },
      },
      config: read,
      preHandler,
    },
    async (request) => programme.feedbackSummary(actorOf(request), request.params.id),
  );
  r.get(
    `${ev}/feedback.csv`,
    {
      schema: {
        tags,
        summary: 'Every rating and comment as CSV',
        params: idParams,
        response: { 200: z.string().describe('text/csv; charset=utf-8') },
      },
      config: read,
      preHandler,
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="feedback-${request.params.id}.csv"`)
        .send(await programme.feedbackCsv(actorOf(request), request.params.id)),
  );
}
