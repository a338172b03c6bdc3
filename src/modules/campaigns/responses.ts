import { z } from 'zod';
import { ROLES } from '../../platform/auth';
import { isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import { AUDIENCES, CAMPAIGN_KINDS, CAMPAIGN_STATUSES, type Series, type Transition } from './model';
import type { PublicCampaign } from './public-view';
import type { CampaignPage } from './store';

/**
 * Answer schemas of the campaigns routes: what the OpenAPI document (and so carnival/client)
 * says each answer is. The strict serializer checks every answer of the route tests against them.
 */

/** A time of the event, in its own zone (e.g. `2026-11-11T00:00:00+08:00`). */
const zonedInstant = () => z.string().describe('ISO 8601 with the event time zone’s offset');

export const campaignPhaseSchema = z
  .object({
    key: z.string().describe('Stable key, e.g. `warm_up`, `presale`, `main`'),
    name: localizedSchema,
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .meta({ id: 'CampaignPhase' });

export const campaignThemeSchema = z
  .object({ primaryColor: z.string().describe('`#rrggbb`'), bannerUrl: z.string().nullable() })
  .meta({ id: 'CampaignTheme' });

export const campaignKindSchema = z.enum(CAMPAIGN_KINDS).meta({ id: 'CampaignKind' });
export const audienceSchema = z.enum(AUDIENCES).meta({ id: 'Audience' });
export const campaignStatusSchema = z
  .enum(CAMPAIGN_STATUSES)
  .describe('`live` and `ended` are a published event’s status by the clock')
  .meta({ id: 'CampaignStatus' });

const campaignShape = {
  id: z.string(),
  slug: z.string(),
  kind: campaignKindSchema,
  audiences: z.array(audienceSchema),
  status: campaignStatusSchema,
  title: localizedSchema,
  summary: localizedSchema,
  body: localizedSchema,
  theme: campaignThemeSchema,
  organizer: z.object({ name: z.string() }),
  ownerId: z
    .string()
    .optional()
    .describe('The owning organizer’s user id: only for staff who manage the event'),
  timezone: z.string().describe('IANA zone, e.g. `Asia/Shanghai`'),
  startsAt: zonedInstant(),
  endsAt: zonedInstant(),
  phases: z.array(campaignPhaseSchema),
  currentPhase: z.string().nullable().describe('The key of the phase in force now (published events)'),
  seriesId: z.string().nullable(),
  edition: z.number().int().nullable().describe('Its number in the series'),
  viewCount: z.number().int().describe('Distinct viewers, once a day each ("N 人看过")'),
  version: z.number().int().describe('Send it back with an edit (optimistic concurrency)'),
  createdAt: isoInstant(),
  updatedAt: isoInstant(),
};

export const campaignSchema = z.object(campaignShape).meta({
  id: 'Campaign',
  description: 'An official event (shopping festival, summit, ...)',
  example: {
    id: 'cmp_01jf3k8w2x',
    slug: 'double-11-2026',
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    status: 'published',
    title: { 'zh-CN': '2026 双11 全球狂欢节', 'en-US': 'Double 11 Global Shopping Festival 2026' },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    theme: { primaryColor: '#ff5000', bannerUrl: null },
    organizer: { name: 'Carnival' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-11-01T00:00:00+08:00',
    endsAt: '2026-11-12T00:00:00+08:00',
    phases: [],
    currentPhase: null,
    seriesId: null,
    edition: null,
    viewCount: 0,
    version: 1,
    createdAt: '2026-09-01T02:00:00.000Z',
    updatedAt: '2026-09-01T02:00:00.000Z',
  },
});

/** An event as lists show it: without its long body. */
export const campaignSummarySchema = campaignSchema
  .omit({ body: true })
  .meta({ id: 'CampaignSummary', description: 'An event as lists show it: without the long `body`' });

export const campaignPageSchema = z
  .object({
    items: z.array(campaignSummarySchema),
    total: z.number().int().describe('Matching events, counted up to 1000'),
    totalCapped: z.boolean().describe('True when more than `total` match (shown as "1000+")'),
  })
  .meta({ id: 'CampaignPage' });

export const campaignAnswerSchema = z.object({ campaign: campaignSchema });

export const transitionRecordSchema = z
  .object({
    from: campaignStatusSchema,
    to: campaignStatusSchema,
    actorId: z.string(),
    actorRole: z.enum(ROLES).describe('The role the actor acted in'),
    reason: z.string().nullable(),
    at: isoInstant(),
  })
  .meta({ id: 'CampaignTransition' });

export const transitionListSchema = z.object({ items: z.array(transitionRecordSchema) });

export const viewCountSchema = z
  .object({
    viewCount: z.number().int(),
    counted: z.boolean().describe('False when this visitor was already counted today (or not yet cookied)'),
  })
  .meta({ id: 'CampaignViewCount' });

export const seriesRecordSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: localizedSchema,
    rrule: z.string().describe('RFC 5545 RRULE of the editions'),
    timezone: z.string(),
    latestCampaignId: z.string().nullable(),
    editions: z.number().int().describe('Editions so far'),
  })
  .meta({ id: 'Series' });

export const seriesListSchema = z.object({ items: z.array(seriesRecordSchema) });
export const seriesAnswerSchema = z.object({ series: seriesRecordSchema });
export const seriesWithEditionsSchema = z.object({
  series: seriesRecordSchema,
  editions: z.array(campaignSchema),
});

/**
 * An iCalendar file (RFC 5545). The answer is `text/calendar`, not JSON: the `content` in its
 * metadata reaches the document as the media type (@fastify/swagger takes a response's own
 * `content` over the default `application/json`), while failures stay the JSON error envelope.
 */
export const icalendarSchema = z.string().meta({
  description: 'An iCalendar (RFC 5545) file',
  content: { 'text/calendar': { schema: { type: 'string', description: 'An iCalendar (RFC 5545) file' } } },
});

type _Campaign = SameType<z.infer<typeof campaignSchema>, PublicCampaign & { ownerId?: string }>;
type _Page = SameType<
  z.infer<typeof campaignPageSchema>,
  Omit<CampaignPage, 'items'> & {
    items: (Omit<CampaignPage['items'][number], 'ownerId'> & { ownerId?: string })[];
  }
>;
type _Transition = SameType<z.infer<typeof transitionRecordSchema>, Transition>;
type _Series = SameType<z.infer<typeof seriesRecordSchema>, Series>;
