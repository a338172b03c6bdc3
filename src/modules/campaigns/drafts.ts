import { sql } from 'kysely';
import { conflict, unprocessable } from '../../platform/errors';
import type { Campaign, CampaignDraft } from './model';
import { validateSchedule } from './schedule';
import { buildSearchText, searchGrams } from './search';

/** Shared by the campaign and series services: drafts to rows and back, and the checks on them. */
export function assertSchedule(draft: CampaignDraft) {
  const issues = validateSchedule(draft);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw unprocessable(first.code, `${first.field}: ${first.message}`, { field: first.field, issues });
  }
}

/** The `search_grams` value of a search text: its grams as a tsvector. */
export const gramsVector = (searchText: string) =>
  sql<string>`array_to_tsvector(${sql.val(searchGrams(searchText))}::text[])`;

export function rowValues(draft: CampaignDraft, slug: string) {
  const searchText = buildSearchText({ ...draft, slug });
  return {
    slug,
    kind: draft.kind,
    audiences: draft.audiences,
    title: JSON.stringify(draft.title),
    summary: JSON.stringify(draft.summary),
    body: JSON.stringify(draft.body),
    theme: JSON.stringify(draft.theme),
    organizer_name: draft.organizer.name,
    timezone: draft.timezone,
    starts_at: new Date(draft.startsAt),
    ends_at: new Date(draft.endsAt),
    phases: JSON.stringify([...draft.phases].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))),
    search_text: searchText,
    search_grams: gramsVector(searchText),
  };
}

export const draftOf = (c: Campaign): CampaignDraft & { slug: string } => ({
  slug: c.slug,
  kind: c.kind,
  audiences: c.audiences,
  title: c.title,
  summary: c.summary,
  body: c.body,
  theme: c.theme,
  organizer: c.organizer,
  timezone: c.timezone,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  phases: c.phases,
  seriesId: c.seriesId,
});

const isUniqueViolation = (e: unknown, constraint: string) =>
  String((e as Error)?.message ?? '').includes(constraint);

/** Turns a unique-index violation into the conflict a client can act on; anything else passes through. */
export function asConflict(e: unknown): unknown {
  if (isUniqueViolation(e, 'campaigns_slug_key'))
    return conflict('SLUG_TAKEN', 'slug: another event uses it', { field: 'slug' });
  if (isUniqueViolation(e, 'campaigns_series_edition'))
    return conflict('EDITION_EXISTS', 'This edition of the series exists already', { field: 'seriesId' });
  if (isUniqueViolation(e, 'campaign_series_slug_key'))
    return conflict('SLUG_TAKEN', 'slug: another series uses it', { field: 'slug' });
  return e;
}
