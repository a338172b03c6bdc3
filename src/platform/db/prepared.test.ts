import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './connect';
import { openFreshPostgres } from './testing';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('frequent statements as prepared statements on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openFreshPostgres(url!, 1);
  });
  afterAll(() => database.close());

  const prepared = async () =>
    (
      await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(database.db)
    ).rows.map((r) => r.statement);

  it('names a statement from its third call on, with the right answers throughout', async () => {
    const ask = (n: number) =>
      database.db
        .selectFrom('users')
        .select((eb) => eb.val(n).as('n'))
        .where('id', '=', `nobody-${n}`)
        .execute();
    const probe = (n: number) => sql<{ n: number }>`SELECT ${n}::int + 1 AS n`.execute(database.db);
    for (let i = 0; i < 2; i++) expect((await probe(i)).rows[0]!.n).toBe(i + 1);
    expect((await prepared()).some((s) => s.includes('+ 1 AS n'))).toBe(false);
    for (let i = 2; i < 6; i++) expect((await probe(i)).rows[0]!.n).toBe(i + 1);
    expect((await prepared()).filter((s) => s.includes('+ 1 AS n'))).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect(await ask(i)).toEqual([]);
  });

  it('leaves queries without parameters (the simple protocol, several statements) alone', async () => {
    for (let i = 0; i < 4; i++) await sql`SELECT 41 AS a; SELECT 42 AS b`.execute(database.db);
    expect((await prepared()).some((s) => s.includes('42 AS b'))).toBe(false);
  });
});
