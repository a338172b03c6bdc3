import { type Kysely, sql } from 'kysely';

/**
 * Account security (issue 7): sessions learn when they were last used (idle timeout) and when
 * their holder last typed the password (re-authentication for sensitive actions); a secret
 * every process shares (the device cookie's HMAC key); store membership by invitation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'timestamptz').execute();
  await db.schema.alterTable('sessions').addColumn('reauthenticated_at', 'timestamptz').execute();
  // Ending a user's other sessions (password change) looks them up by user.
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Created once by whichever process needs a secret first (insert ... on conflict do nothing),
  // so every API process signs and checks with the same key without extra configuration.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('store_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner','staff')`))
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('declined_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX store_invitations_email ON store_invitations (lower(email))`.execute(db);
  await db.schema.createIndex('store_invitations_store').on('store_invitations').column('store_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('store_invitations').execute();
  await db.schema.dropTable('server_secrets').execute();
  await db.schema.dropIndex('sessions_user').execute();
  await db.schema.alterTable('sessions').dropColumn('reauthenticated_at').execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}
