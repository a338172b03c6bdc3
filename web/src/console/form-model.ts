import type { Dayjs } from 'dayjs';
import type { Audience, Campaign, CampaignInput, Kind, Localized } from '../api';
import { dayjs, isoToWallClock, wallClockToIso } from '../app/time';

/**
 * The editor's values mirror the API's shape field for field (so a server error on
 * `phases.1.startsAt` lands on the form's ['phases', 1, 'startsAt']); only times differ:
 * the pickers hold wall-clock times in the event's time zone.
 */
export interface CampaignFormValues {
  slug?: string;
  kind: Kind;
  audiences: Audience[];
  title: Localized;
  summary: Localized;
  body: Localized;
  theme: { primaryColor: string; bannerUrl?: string | null };
  organizer: { name: string };
  timezone: string;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  phases: { key: string; name: Localized; startsAt?: Dayjs; endsAt?: Dayjs }[];
  seriesId?: string | null;
}

const emptyL = (): Localized => ({ 'zh-CN': '', 'en-US': '' });

export function newCampaignValues(): CampaignFormValues {
  const start = dayjs().add(14, 'day').startOf('day').hour(10);
  return {
    slug: '',
    kind: 'shopping_festival',
    audiences: ['consumers'],
    title: emptyL(),
    summary: emptyL(),
    body: emptyL(),
    theme: { primaryColor: '#ff5000', bannerUrl: '' },
    organizer: { name: '' },
    timezone: 'Asia/Shanghai',
    startsAt: start,
    endsAt: start.add(3, 'day').hour(23).minute(59),
    phases: [],
    seriesId: null,
  };
}

export function toFormValues(c: Campaign): CampaignFormValues {
  const tz = c.timezone;
  return {
    slug: c.slug,
    kind: c.kind,
    audiences: c.audiences,
    title: { ...emptyL(), ...c.title },
    summary: { ...emptyL(), ...c.summary },
    body: { ...emptyL(), ...c.body },
    theme: { primaryColor: c.theme.primaryColor, bannerUrl: c.theme.bannerUrl ?? '' },
    organizer: { name: c.organizer.name },
    timezone: tz,
    startsAt: isoToWallClock(c.startsAt, tz),
    endsAt: isoToWallClock(c.endsAt, tz),
    phases: c.phases.map((p) => ({
      key: p.key,
      name: { ...emptyL(), ...p.name },
      startsAt: isoToWallClock(p.startsAt, tz),
      endsAt: isoToWallClock(p.endsAt, tz),
    })),
    seriesId: c.seriesId,
  };
}

const iso = (d: Dayjs | undefined, tz: string) => (d ? wallClockToIso(d, tz) : '');
const trimL = (l: Localized): Localized => ({
  'zh-CN': (l['zh-CN'] ?? '').trim(),
  'en-US': (l['en-US'] ?? '').trim(),
});

export function toCampaignInput(v: CampaignFormValues): CampaignInput {
  const tz = v.timezone;
  const input: CampaignInput = {
    kind: v.kind,
    audiences: v.audiences,
    title: trimL(v.title),
    summary: trimL(v.summary),
    body: { 'zh-CN': v.body['zh-CN'] ?? '', 'en-US': v.body['en-US'] ?? '' },
    theme: { primaryColor: v.theme.primaryColor, bannerUrl: v.theme.bannerUrl?.trim() || null },
    organizer: { name: v.organizer.name.trim() },
    timezone: tz,
    startsAt: iso(v.startsAt, tz),
    endsAt: iso(v.endsAt, tz),
    phases: (v.phases ?? []).map((p) => ({
      key: p.key.trim(),
      name: trimL(p.name),
      startsAt: iso(p.startsAt, tz),
      endsAt: iso(p.endsAt, tz),
    })),
    seriesId: v.seriesId ?? null,
  };
  const slug = v.slug?.trim();
  if (slug) input.slug = slug;
  return input;
}
