import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { publicBaseUrl } from '../../platform/http/public-url';
import { campaignToIcal, seriesToIcal } from './ical';
import { campaignFor, publicCampaign } from './public-view';
import {
  campaignAnswerSchema,
  campaignPageSchema,
  icalendarSchema,
  seriesAnswerSchema,
  seriesListSchema,
  seriesWithEditionsSchema,
  transitionListSchema,
  viewCountSchema,
} from './responses';
import {
  campaignDraftSchema,
  campaignListQuerySchema,
  campaignPatchSchema,
  MAX_LIST_OFFSET,
  seriesSchema,
  transitionSchema,
} from './schemas';
import type { CampaignsService } from './service';
import { TOTAL_CAP } from './store';

export const VISITOR_COOKIE = 'carnival_vid';

export interface CampaignsRoutesOptions {
  campaigns: CampaignsService;
  clock: Clock;
  secureCookies: boolean;
  /** CARNIVAL_PUBLIC_URL: the base of the URLs written into iCalendar exports. */
  publicUrl?: string;
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const icalQuery = z.object({ locale: z.enum(['zh-CN', 'en-US']).default('zh-CN') });

const sendIcal = (reply: FastifyReply, slug: string, body: string) =>
  reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="${slug}.ics"`)
    .send(body);

const LIST_DESCRIPTION = `Answers \`{ items, total, totalCapped }\`. Live and upcoming events come first, soonest first, then ended ones, newest first. Items are events without their \`body\` (open the event for it). \`total\` counts the matching events up to ${TOTAL_CAP}; \`totalCapped\` is true when more match, and the total is then shown as "${TOTAL_CAP}+". \`offset\` goes up to ${MAX_LIST_OFFSET}.`;

export async function campaignsRoutes(
  app: FastifyInstance,
  { campaigns, clock, secureCookies, publicUrl }: CampaignsRoutesOptions,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];

  r.get(
    '/api/campaigns',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'The hub: published, live and ended events, filtered and searched',
        description: LIST_DESCRIPTION,
        querystring: campaignListQuerySchema,
        response: { 200: campaignPageSchema },
      },
    },
    // Finished JSON, shared by every visitor for a second (hub-pages.ts): a string with a JSON
    // content type is sent as it is, not serialized again (the type provider expects the object).
    async (request, reply) => {
      const json = (await campaigns.listPublicJson(request.query)) as never;
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  r.get(
    '/api/manage/campaigns',
    {
      schema: {
        tags,
        summary: 'Events you manage, in every status',
        description: LIST_DESCRIPTION,
        querystring: campaignListQuerySchema,
        response: { 200: campaignPageSchema },
      },
      config: { scope: 'campaigns:read' },
      preHandler: requireRole('operator', 'organizer'),
    },
    (request) => campaigns.listManaged(actorOf(request), request.query),
  );

  r.get(
    '/api/campaigns/:id',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'One event, by id or slug',
        params: idParams,
        response: { 200: campaignAnswerSchema },
      },
    },
    async (request, reply) => {
      const campaign = await campaigns.get(request.params.id, request.actor);
      if (!request.actor) await visitorOf(request, reply);
      return { campaign: campaignFor(request.actor, campaign) };
    },
  );

  r.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Create an event (a draft)',
        body: campaignDraftSchema,
        response: { 201: campaignAnswerSchema },
      },
      config: { scope: 'campaigns:write', idempotent: true },
      preHandler: requireRole('operator', 'organizer'),
    },
    async (request, reply) =>
      reply.status(201).send({ campaign: await campaigns.create(actorOf(request), request.body) }),
  );

  r.patch(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Edit an event; send the version you edited',
        params: idParams,
        body: campaignPatchSchema,
        response: { 200: campaignAnswerSchema },
      },
      config: { scope: 'campaigns:write' },
      preHandler: requireRole('operator', 'organizer'),
    },
    async (request) => ({
      campaign: await campaigns.update(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/campaigns/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move an event through its workflow (submit, publish, reject, archive, restore)',
        params: idParams,
        body: transitionSchema,
        response: { 200: campaignAnswerSchema },
      },
      config: { scope: 'campaigns:write' },
      preHandler: requireRole(),
    },
    async (request) => ({
      campaign: await campaigns.transition(
        actorOf(request),
        request.params.id,
        request.body.to,
        request.body.reason,
      ),
    }),
  );

  r.get(
    '/api/campaigns/:id/transitions',
    {
      schema: {
        tags,
        summary: 'The workflow history of an event',
        params: idParams,
        response: { 200: transitionListSchema },
      },
      config: { scope: 'campaigns:read' },
      preHandler: requireRole('operator', 'organizer'),
    },
    async (request) => ({ items: await campaigns.transitions(request.actor, request.params.id) }),
  );

  /**
   * The signed visitor cookie, issued to an anonymous visitor without a valid one. Opening an
   * event (GET) issues it, so the page's view POST that follows carries it and counts; a POST
   * without one only gets it and counts nothing, and a forged value never counts.
   */
  async function visitorOf(request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const vid = await campaigns.visitorCookies.verify(request.cookies[VISITOR_COOKIE]);
    if (vid) return vid;
    const issued = await campaigns.visitorCookies.issue();
    reply.setCookie(VISITOR_COOKIE, issued.value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      maxAge: 400 * 24 * 3600,
    });
    return null;
  }

  r.post(
    '/api/campaigns/:id/views',
    {
      config: { scope: 'session-only' },
      schema: {
        tags,
        summary:
          'Count this visitor once for today ("N 人看过"): a signed-in user, or a visitor with the signed cookie (at most a few new ones per IP and day)',
        params: idParams,
        response: { 200: viewCountSchema },
      },
    },
    async (request, reply) => {
      if (request.actor) return campaigns.recordView(request.params.id, `u:${request.actor.userId}`);
      const vid = await visitorOf(request, reply);
      if (!vid) {
        const { viewCount } = await campaigns.get(request.params.id, null);
        return { viewCount, counted: false };
      }
      return campaigns.recordView(request.params.id, `v:${vid}`, request.ip);
    },
  );

  r.get(
    '/api/campaigns/:id/ical',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'iCalendar file of an event and its phases',
        params: idParams,
        querystring: icalQuery,
        response: { 200: icalendarSchema },
      },
    },
    async (request, reply) => {
      const campaign = await campaigns.get(request.params.id, request.actor);
      const body = campaignToIcal(campaign, {
        locale: request.query.locale,
        baseUrl: publicBaseUrl(request, publicUrl),
        stamp: clock.now(),
      });
      return sendIcal(reply, campaign.slug, body);
    },
  );

  r.get(
    '/api/series',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Recurring series (Double 11 every year, 618 every June, ...)',
        response: { 200: seriesListSchema },
      },
    },
    async () => ({
      items: await campaigns.listSeries(),
    }),
  );

  r.post(
    '/api/series',
    {
      schema: {
        tags,
        summary: 'Create a series with an RFC 5545 RRULE',
        body: seriesSchema,
        response: { 201: seriesAnswerSchema },
      },
      config: { scope: 'campaigns:write', idempotent: true },
      preHandler: requireRole('operator'),
    },
    async (request, reply) =>
      reply.status(201).send({ series: await campaigns.createSeries(actorOf(request), request.body) }),
  );

  r.get(
    '/api/series/:id',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'A series and its public editions',
        params: idParams,
        response: { 200: seriesWithEditionsSchema },
      },
    },
    async (request) => {
      const { series, editions } = await campaigns.getSeries(request.params.id);
      return { series, editions: editions.map(publicCampaign) };
    },
  );

  r.get(
    '/api/series/:id/ical',
    {
      config: { scope: 'campaigns:read' },
      schema: {
        tags,
        summary: 'iCalendar file of a series (a recurring event)',
        params: idParams,
        querystring: icalQuery,
        response: { 200: icalendarSchema },
      },
    },
    async (request, reply) => {
      const { series, editions } = await campaigns.getSeries(request.params.id);
      const body = seriesToIcal(series, editions, {
        locale: request.query.locale,
        baseUrl: publicBaseUrl(request, publicUrl),
        stamp: clock.now(),
      });
      return sendIcal(reply, series.slug, body);
    },
  );

  r.post(
    '/api/series/:id/spawn',
    {
      schema: {
        tags,
        summary: 'Spawn the next edition of a series as a draft',
        params: idParams,
        response: { 201: campaignAnswerSchema },
      },
      config: { scope: 'campaigns:write', idempotent: true },
      preHandler: requireRole('operator'),
    },
    async (request, reply) =>
      reply.status(201).send({ campaign: await campaigns.spawnNext(actorOf(request), request.params.id) }),
  );
}
