import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_SCOPES } from '../src/platform/auth';
import type { Database } from '../src/platform/db';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { migrations } from '.';

const provider = { getMigrations: async (): Promise<Record<string, Migration>> => migrations };
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
const migrator = (db: Kysely<any>) => new Migrator({ db, provider });

describe.each(testDatabaseTargets())('migration 0017 on $kind', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database?.close());

  it('gives keys made before scopes the read scopes only, unlimited, at the default rate', async () => {
    const db = database.db;
    const down = await migrator(db).migrateTo('0014_hub_indexes');
    expect(down.error).toBeUndefined();
    const now = new Date();
    await db
      .insertInto('users')
      .values({
        id: 'usr_m17',
        email: 'm17@test.local',
        display_name: 'm',
        role: 'partner',
        password_hash: 'x',
        created_at: now,
      })
      .execute();
    // biome-ignore lint/suspicious/noExplicitAny: the table as it was before 0017
    await (db as Kysely<any>)
      .insertInto('api_keys')
      .values({
        id: 'key_m17',
        user_id: 'usr_m17',
        name: 'old',
        key_prefix: 'ck_live_old',
        key_hash: 'h17',
        created_at: now,
      })
      .execute();
    const up = await migrator(db).migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', 'key_m17')
      .executeTakeFirstOrThrow();
    // The migration's frozen list is the read scopes of its day. Read scopes made after it are not
    // granted to those old keys: each must be named here, so none is granted (or missed) silently.
    const readScopesAfter0017 = [
      'analytics:read',
      'charity:read',
      'tickets:read',
      'checkin:read',
      'trace:read',
      'programme:read',
      'cfp:read',
    ];
    expect([...row.scopes].sort()).toEqual(
      READ_SCOPES.filter((s) => !readScopesAfter0017.includes(s)).sort(),
    );
    expect(row).toMatchObject({ store_ids: null, campaign_ids: null, rate_per_minute: null });
  });
});
