import { type Kysely, sql } from 'kysely';

/**
 * The double-entry ledger: accounts with a stored balance (natural sign), append-only
 * transactions and their signed entries (debit positive, credit negative). See docs/ledger.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('asset','liability','revenue','expense','equity')`),
    )
    .addColumn('owner_type', 'text', (c) =>
      c.notNull().check(sql`owner_type in ('customer','store','platform','charity')`),
    )
    .addColumn('owner_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allow_negative', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Belt and braces under the conditional UPDATE in the code: the database itself refuses a
    // negative balance on an account that may not go negative.
    .addCheckConstraint('ledger_accounts_non_negative', sql`allow_negative or balance >= 0`)
    .execute();
  await db.schema
    .createIndex('ledger_accounts_owner')
    .on('ledger_accounts')
    .columns(['owner_type', 'owner_id'])
    .execute();

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('memo', 'text')
    .addColumn('reverses', 'text', (c) => c.references('ledger_transactions.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // A transaction is reversed at most once.
  await sql`CREATE UNIQUE INDEX ledger_transactions_reverses_once ON ledger_transactions (reverses) WHERE reverses IS NOT NULL`.execute(
    db,
  );
  await db.schema
    .createIndex('ledger_transactions_reference')
    .on('ledger_transactions')
    .columns(['reference', 'kind'])
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('txn_id', 'text', (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount <> 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_entries_account')
    .on('ledger_entries')
    .columns(['account_id', 'id'])
    .execute();
  await db.schema.createIndex('ledger_entries_txn').on('ledger_entries').column('txn_id').execute();

  // Postings are never edited or deleted: corrections are new (reversing) transactions.
  await sql`
    CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger postings are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = '55000';
    END $$`.execute(db);
  for (const table of ['ledger_transactions', 'ledger_entries'])
    await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['ledger_entries', 'ledger_transactions', 'ledger_accounts'])
    await db.schema.dropTable(t).execute();
  await sql`DROP FUNCTION IF EXISTS ledger_append_only()`.execute(db);
}
