import type { Locale } from '../api/types';

/**
 * English names of the platform's own organizers (the demo's events are run by them). A campaign
 * stores one organizer name, as typed; the platform's teams are named in both languages here, and
 * any other organizer is shown as it was typed.
 */
const PLATFORM_ORGANIZERS_EN: Record<string, string> = {
  'Carnival 平台活动中心': 'Carnival Events Center',
  'Carnival 商家发展部': 'Carnival Merchant Development',
  'Carnival 营销平台': 'Carnival Marketing Platform',
  'Carnival 云': 'Carnival Cloud',
  'Carnival 公益': 'Carnival Charity',
};

/** An organizer's name in the page's language. */
export const organizerName = (name: string, locale: Locale): string =>
  locale === 'zh-CN' ? name : (PLATFORM_ORGANIZERS_EN[name] ?? name);
