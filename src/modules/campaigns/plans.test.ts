import { randomBytes } from 'node:crypto';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHubEvents } from '../../../test/support/hub-seed';
import { migrateToLatest } from '../../platform/db';
import { createPool } from '../../platform/db/connect';
import type { DB } from '../../schema';
import { PUBLIC_STATUSES } from './model';
import { campaignListQuerySchema } from './schemas';
import { findCampaign, listCampaigns } from './store';

/**
 * The hub's queries on PostgreSQL use the indexes of migration 0014: every statement a list,
 * a filtered list, a search or an event page sends is EXPLAINed (FORMAT JSON) and must not
 * scan `campaigns` sequentially. Thousands of events are seeded and analysed so the page's
 * plans are the planner's own; every statement is also checked with enable_seqscan off, which
 * picks a sequential scan only when no index can answer.
 */
const adminUrl = process.env.DATABASE_URL;
const now = new Date('2026-12-02T04:00:00Z');

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
}

const CASES: [string, Record<string, string>][] = [
  ['list', { limit: '100' }],
  ['list, page 3', { limit: '100', offset: '200' }],
  ['filtered list: kind', { kind: 'tech_summit', limit: '100' }],
  ['filtered list: kind and audience', { kind: 'shopping_festival', audience: 'merchants', limit: '100' }],
  ['filtered list: ended', { kind: 'public_welfare', status: 'ended', limit: '100' }],
  ['filtered list: live', { status: 'live', limit: '100' }],
  ['filtered list: upcoming', { status: 'published', limit: '100' }],
  ['filtered list: a month', { from: '2026-12-01', to: '2026-12-31', limit: '200' }],
  ['search zh', { q: '乡村振兴', limit: '100' }],
  ['search zh, alias', { q: '双11', limit: '100' }],
  ['search zh, two characters', { q: '云栖', limit: '100' }],
  ['search en', { q: 'developer', limit: '100' }],
  ['search en, two words', { q: 'double 11', limit: '100' }],
  ['search en, two letters', { q: 'ai', limit: '100' }],
  ['search, punctuation', { q: '11.11', limit: '100' }],
];

describe.skipIf(!adminUrl)('hub query plans on PostgreSQL', () => {
  const name = `carnival_t_${randomBytes(6).toString('hex')}`;
  let pool: pg.Pool;
  let db: Kysely<DB>;
  const captured: CompiledQuery[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    pool = createPool(url.toString(), { timeouts: { statementTimeoutMs: 120_000 } });
    db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool }),
      log: (e) => {
        if (e.level === 'query') captured.push(e.query);
      },
    });
    await migrateToLatest(db);
    await seedHubEvents(db, { count: 6000, now, seed: 3 });
    await sql`VACUUM ANALYZE campaigns`.execute(db);
  }, 300_000);

  afterAll(async () => {
    await db?.destroy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  async function statementsOf(run: () => Promise<unknown>): Promise<CompiledQuery[]> {
    captured.length = 0;
    await run();
    return [...captured];
  }

  async function plan(q: CompiledQuery, seqscan: boolean): Promise<PlanNode[]> {
    const client = await pool.connect();
    try {
      await client.query(`SET enable_seqscan = ${seqscan ? 'on' : 'off'}`);
      const res = await client.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.parameters as unknown[]);
      return walk(res.rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  }

  const seqScansOnCampaigns = (nodes: PlanNode[]) =>
    nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'campaigns');

  it.each(CASES)('%s: no sequential scan of campaigns', async (_label, params) => {
    const query = campaignListQuerySchema.parse(params);
    const statements = await statementsOf(() =>
      listCampaigns(db, query, { statuses: query.status?.length ? query.status : PUBLIC_STATUSES }, now),
    );
    // The capped count, the groups read until the page is full, the page's rows by key.
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const statement of statements) {
      // The page as the planner plans it at this size; the count, whose sequential scan stops
      // at the cap, is cheap for a table of a few thousand rows, so it is checked for a usable
      // index only.
      const isCount = statement.sql.includes('count(*)');
      for (const seqscan of isCount ? [false] : [true, false]) {
        const nodes = await plan(statement, seqscan);
        expect(seqScansOnCampaigns(nodes), `${statement.sql}\n${JSON.stringify(nodes)}`).toEqual([]);
        expect(nodes.some((n) => n['Index Name']?.startsWith('campaigns'))).toBe(true);
      }
    }
  });

  it('search terms reach the trigram and the short-gram indexes', async () => {
    const indexesOf = async (q: string) => {
      const query = campaignListQuerySchema.parse({ q });
      const statements = await statementsOf(() =>
        listCampaigns(db, query, { statuses: PUBLIC_STATUSES }, now),
      );
      const names = new Set<string>();
      for (const s of statements)
        for (const n of await plan(s, false)) if (n['Index Name']) names.add(n['Index Name']);
      return names;
    };
    expect(await indexesOf('乡村振兴')).toContain('campaigns_search_trgm');
    expect(await indexesOf('云栖')).toContain('campaigns_search_grams');
  });

  it('the event page reads one row by its key', async () => {
    for (const key of ['cmp_hub000000042000003', 'double-11-global-shopping-festival-hangzhou-3-42']) {
      const [statement] = await statementsOf(() => findCampaign(db, key));
      const nodes = await plan(statement!, true);
      expect(seqScansOnCampaigns(nodes)).toEqual([]);
      expect(nodes.some((n) => n['Index Name']?.startsWith('campaigns_'))).toBe(true);
    }
  });
});
