import { z } from 'zod';
import { AUDIENCES, CAMPAIGN_KINDS, CAMPAIGN_STATUSES } from './model';

/** Input shapes shared by the HTTP routes and the service (seed, CLI). */
const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time zone offset' });

export const localizedSchema = z.object({
  'zh-CN': z.string().trim().max(20_000),
  'en-US': z.string().trim().max(20_000),
});
const localizedTitle = z.object({
  'zh-CN': z.string().trim().min(1, 'is required').max(200),
  'en-US': z.string().trim().min(1, 'is required').max(200),
});

export const phaseSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a lower-case key like warm_up'),
  name: localizedTitle,
  startsAt: isoWithOffset,
  endsAt: isoWithOffset,
});

export const themeSchema = z.object({
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #ff5000'),
  bannerUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
});

/** The fields without defaults: a patch must not fill in what the editor left out. */
const campaignFields = {
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be lower-case letters, digits and dashes'),
  kind: z.enum(CAMPAIGN_KINDS),
  audiences: z.array(z.enum(AUDIENCES)).min(1, 'pick at least one audience').max(5),
  title: localizedTitle,
  summary: localizedSchema,
  body: localizedSchema,
  theme: themeSchema,
  organizer: z.object({ name: z.string().trim().min(1).max(120) }),
  timezone: z.string().min(1),
  startsAt: isoWithOffset,
  endsAt: isoWithOffset,
  phases: z.array(phaseSchema).max(20),
  seriesId: z.string().nullable(),
};

export const campaignDraftSchema = z.object({
  ...campaignFields,
  slug: campaignFields.slug.optional(),
  summary: localizedSchema.default({ 'zh-CN': '', 'en-US': '' }),
  body: localizedSchema.default({ 'zh-CN': '', 'en-US': '' }),
  theme: themeSchema.default({ primaryColor: '#ff5000', bannerUrl: null }),
  timezone: campaignFields.timezone.default('Asia/Shanghai'),
  phases: campaignFields.phases.default([]),
  seriesId: campaignFields.seriesId.optional(),
});

export const campaignPatchSchema = z
  .object(campaignFields)
  .partial()
  .extend({ version: z.number().int().positive('is required: the version you edited') });

/** The deepest page start a list accepts (400 beyond). */
export const MAX_LIST_OFFSET = 10_000;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();

export const campaignListQuerySchema = z.object({
  kind: csv(CAMPAIGN_KINDS),
  audience: csv(AUDIENCES),
  status: csv(CAMPAIGN_STATUSES),
  q: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  seriesId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // Bounded: each page reads offset + limit rows per group from its index; deeper pages are
  // for narrowing the filters, not for paging through 100,000 events.
  offset: z.coerce.number().int().min(0).max(MAX_LIST_OFFSET).default(0),
});
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;

export const transitionSchema = z.object({
  to: z.enum(CAMPAIGN_STATUSES),
  reason: z.string().trim().max(1000).optional(),
});

export const seriesSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/),
  name: localizedTitle,
  rrule: z.string().min(5).max(500),
  timezone: z.string().default('Asia/Shanghai'),
});
