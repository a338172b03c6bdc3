import { type Kysely, sql } from 'kysely';

/**
 * Issue 14: the hub served by indexes at 100,000 events (it was two full scans a request).
 *
 * - Search. `search_text` becomes the compact text alone (it held the spaced text and the
 *   compact one; every query is answered by the compact one, see campaigns/search.ts), under a
 *   pg_trgm GIN index for terms of three or more characters. `search_grams`, the distinct one-
 *   and two-character substrings of it, under a GIN index, for shorter terms (common in
 *   Chinese: 公益, 云栖), where pg_trgm has no trigram to look up. The grams are a tsvector (the
 *   strings as lexemes, verbatim, sorted): the index answers a gram exactly, and a row read in
 *   index order is tested by a binary search instead of a walk over a text[] of ~500
 *   elements. PGlite loads pg_trgm when it opens (platform/db/connect.ts).
 * - Order. The hub lists live and upcoming events soonest first, then ended ones newest first.
 *   Each group is read from an index in that order and cut at the page: upcoming from
 *   (starts_at, id), ended from (starts_at DESC, id), both partial on published events (the
 *   only ones the hub shows); live ones, few at any moment, from a GiST index on the window
 *   (`tstzrange(starts_at, ends_at) @> now`), which neither B-tree can bound.
 *
 * The backfill recomputes both columns from the stored text in SQL; the definition of the grams
 * matches searchGrams() (code points, distinct singles and adjacent pairs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`ALTER TABLE campaigns ADD COLUMN search_grams tsvector NOT NULL DEFAULT ''`.execute(db);
  // The old text was `<spaced> <compact>`: without its spaces it is the compact text twice.
  await sql`
    UPDATE campaigns SET search_text = left(t.joined, length(t.joined) / 2)
    FROM (SELECT id, replace(search_text, ' ', '') AS joined FROM campaigns) t
    WHERE campaigns.id = t.id`.execute(db);
  await sql`
    UPDATE campaigns SET search_grams = array_to_tsvector(g.grams)
    FROM (
      SELECT id, coalesce(array_agg(DISTINCT gram), '{}') AS grams
      FROM (
        SELECT id, ch AS gram FROM campaigns, unnest(string_to_array(search_text, NULL)) AS ch
        UNION ALL
        SELECT id, pair FROM (
          SELECT id, ch || lead(ch) OVER (PARTITION BY id ORDER BY n) AS pair
          FROM campaigns, unnest(string_to_array(search_text, NULL)) WITH ORDINALITY AS u(ch, n)
        ) pairs
        WHERE pair IS NOT NULL
      ) all_grams
      GROUP BY id
    ) g
    WHERE campaigns.id = g.id`.execute(db);

  await sql`CREATE INDEX campaigns_search_trgm ON campaigns USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX campaigns_search_grams ON campaigns USING gin (search_grams)`.execute(db);
  await sql`CREATE INDEX campaigns_published_upcoming ON campaigns (starts_at, id) WHERE workflow_status = 'published'`.execute(
    db,
  );
  await sql`CREATE INDEX campaigns_published_ended ON campaigns (starts_at DESC, id) WHERE workflow_status = 'published'`.execute(
    db,
  );
  await sql`CREATE INDEX campaigns_window ON campaigns USING gist (tstzrange(starts_at, ends_at))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of [
    'campaigns_window',
    'campaigns_published_ended',
    'campaigns_published_upcoming',
    'campaigns_search_grams',
    'campaigns_search_trgm',
  ])
    await sql`DROP INDEX IF EXISTS ${sql.ref(i)}`.execute(db);
  await sql`ALTER TABLE campaigns DROP COLUMN search_grams`.execute(db);
  // The spaced half of the old text cannot be rebuilt here; the compact text alone still
  // answers every query of the old code.
}
