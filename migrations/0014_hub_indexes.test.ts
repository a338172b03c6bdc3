import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchText, searchableText, searchGrams } from '../src/modules/campaigns/search';
import type { Database } from '../src/platform/db';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { migrations } from '.';

const provider = { getMigrations: async (): Promise<Record<string, Migration>> => migrations };
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
const migrator = (db: Kysely<any>) => new Migrator({ db, provider });

const events = [
  {
    slug: 'double-11-2026',
    title: { 'zh-CN': '2026 双十一全球狂欢节', 'en-US': '2026 Double 11 Global Shopping Festival' },
    summary: { 'zh-CN': '跨店 满减', 'en-US': 'Cross-store  discounts' },
    body: { 'zh-CN': '第一段。\n\n第二段：每满300减50', 'en-US': 'Pay a deposit　now.' },
    organizer: { name: 'Carnival 平台' },
  },
  {
    slug: 'x',
    title: { 'zh-CN': '云', 'en-US': 'A' },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    organizer: { name: 'o' },
  },
];

describe.each(testDatabaseTargets())('migration 0014 on $kind', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database?.close());

  it('rewrites old rows: the compact text alone and its grams, as new writes store them', async () => {
    const db = database.db;
    const down = await migrator(db).migrateTo('0013_audit_trail');
    expect(down.error).toBeUndefined();
    await db
      .insertInto('users')
      .values({
        id: 'usr_m14',
        email: 'm14@test.local',
        display_name: 'm',
        role: 'organizer',
        password_hash: 'x',
        created_at: new Date(),
      })
      .execute();
    for (const [i, e] of events.entries()) {
      const text = searchableText(e);
      await sql`
        INSERT INTO campaigns (id, slug, kind, audiences, workflow_status, title, summary, body, theme,
          organizer_name, owner_id, timezone, starts_at, ends_at, phases, search_text, created_at, updated_at)
        VALUES (${`cmp_m14_${i}`}, ${e.slug}, 'shopping_festival', ${sql.val(['consumers'])}::text[], 'published',
          ${JSON.stringify(e.title)}, ${JSON.stringify(e.summary)}, ${JSON.stringify(e.body)}, '{}', ${e.organizer.name},
          'usr_m14', 'Asia/Shanghai', now(), now() + interval '1 day', '[]',
          ${`${text} ${text.replace(/ /g, '')}`}, now(), now())`.execute(db);
    }
    const up = await migrator(db).migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await db
      .selectFrom('campaigns')
      .select(['id', 'search_text', sql<string[]>`tsvector_to_array(search_grams)`.as('grams')])
      .where('owner_id', '=', 'usr_m14')
      .orderBy('id')
      .execute();
    for (const [i, e] of events.entries()) {
      const row = rows[i]!;
      expect(row.search_text).toBe(buildSearchText(e));
      expect([...row.grams].sort()).toEqual(searchGrams(buildSearchText(e)).sort());
    }
  });
});
