import type { CampaignDraft } from './model';

/**
 * Search that works for Chinese and English without a word segmenter: every query term must
 * appear as a substring of a normalised text (NFKC folds full-width forms, lower-case folds
 * Latin case, spaces are dropped so "Double 11" also finds "double11").
 *
 * The stored `search_text` is that text with every space removed. A query's compact form and
 * its terms never contain a space, so a substring of the spaced text is always one of the
 * compact text too: the compact text alone answers every query, at half the size (the text
 * was once stored twice, spaced and compact). Indexes (migration 0014): a pg_trgm GIN index
 * answers terms of three or more characters; `search_grams`, the distinct one- and
 * two-character substrings of the text in a GIN index, answers shorter ones exactly
 * (see `termStrategy`).
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

type Searchable = Pick<CampaignDraft, 'title' | 'summary' | 'body' | 'organizer'> & { slug: string };

/** The normalised text of an event and its aliases, words still separated by single spaces. */
export function searchableText(d: Searchable): string {
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
  return normalizeForSearch([base, ...aliases].join(' '));
}

/** What is stored in `search_text`: the searchable text without spaces. */
export function buildSearchText(d: Searchable): string {
  return searchableText(d).replace(/ /g, '');
}

/**
 * What is stored in `search_grams`: every distinct character and pair of adjacent characters
 * (code points) of the stored search text. A term of one or two characters is in the text
 * exactly when it is one of these, which a GIN index on the array answers without a scan.
 */
export function searchGrams(searchText: string): string[] {
  const chars = Array.from(searchText);
  const grams = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/**
 * A tsquery that all of `grams` satisfy, each quoted so it is taken verbatim (no parsing, no
 * stemming): inside quotes only the quote and the backslash need escaping.
 */
export function gramsQuery(grams: readonly string[]): string {
  return grams.map((g) => `'${g.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}

/**
 * A query matches when its compact form (spaces dropped) is in the compact text, or when
 * each of its space-separated terms is in the text: "Double 11" and "11 double" both match.
 * (The first implies the second: every term is a substring of the compact form.)
 */
export function parseQuery(q: string): { compact: string; terms: string[] } | null {
  const n = normalizeForSearch(q);
  if (!n) return null;
  return { compact: n.replace(/ /g, ''), terms: n.split(' ') };
}

/**
 * How the index finds a term (the answer is always the exact substring test):
 * - `trigram`: three or more letters or digits in a row, so pg_trgm extracts trigrams that
 *   every matching text contains; LIKE over the trigram index, rechecked on the text.
 * - `gram`: one or two characters, where pg_trgm has no trigram to look up (it would read
 *   the whole index); the term itself is one of the row's `search_grams`, an exact test
 *   (no LIKE at all).
 * - `bigrams`: longer terms without three letters or digits in a row ("11.11", "a-b"): every
 *   pair of adjacent characters must be in `search_grams` (a necessary condition the index
 *   answers), then LIKE decides.
 */
export type TermStrategy =
  | { kind: 'trigram'; term: string }
  | { kind: 'gram'; term: string }
  | { kind: 'bigrams'; term: string; grams: string[] };

/** A run of three letters or digits: what pg_trgm needs to extract a trigram from a LIKE pattern. */
const WORD_RUN = /[\p{L}\p{N}]{3}/u;
/** Enough pairs to make the index lookup selective; any subset is still a necessary condition. */
const MAX_BIGRAMS = 8;

export function termStrategy(term: string): TermStrategy {
  const chars = Array.from(term);
  if (chars.length <= 2) return { kind: 'gram', term };
  if (WORD_RUN.test(term)) return { kind: 'trigram', term };
  const grams = [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))].slice(0, MAX_BIGRAMS);
  return { kind: 'bigrams', term, grams };
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
