import type { CampaignDraft } from './model';

/**
 * Search that works for Chinese and English without a word segmenter: every query term must
 * appear as a substring of a normalised text (NFKC folds full-width forms, lower-case folds
 * Latin case, spaces are dropped so "Double 11" also finds "double11"). Event counts are in
 * the thousands, so a substring scan is fast; a trigram index is the next step if they grow.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Aliases people type for the big festivals, so "双11", "11.11" and "Singles Day" all find Double 11. */
const ALIASES: [RegExp, string][] = [
  [/双十一|双11|double 11|double eleven|11\.11|singles'? day/i, '双十一 双11 double 11 11.11 singles day'],
  [/618|六一八/, '618 六一八 mid-year'],
  [/云栖|apsara/i, '云栖 apsara'],
  [/公益|charity|welfare/i, '公益 charity public welfare'],
  [/丰收|harvest/i, '丰收 harvest'],
];

export function buildSearchText(
  d: Pick<CampaignDraft, 'title' | 'summary' | 'body' | 'organizer'> & { slug: string },
): string {
  const base = [
    d.slug,
    d.title['zh-CN'],
    d.title['en-US'],
    d.summary['zh-CN'],
    d.summary['en-US'],
    d.body['zh-CN'],
    d.body['en-US'],
    d.organizer.name,
  ].join(' ');
  const aliases = ALIASES.filter(([re]) => re.test(`${d.title['zh-CN']} ${d.title['en-US']}`)).map(
    ([, a]) => a,
  );
  const all = normalizeForSearch([base, ...aliases].join(' '));
  return `${all} ${all.replace(/ /g, '')}`;
}

/**
 * A query matches when its compact form (spaces dropped) is in the compact text, or when
 * each of its space-separated terms is in the text: "Double 11" and "11 double" both match.
 */
export function parseQuery(q: string): { compact: string; terms: string[] } | null {
  const n = normalizeForSearch(q);
  if (!n) return null;
  return { compact: n.replace(/ /g, ''), terms: n.split(' ') };
}

export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'event';
}
