import type { Kysely } from 'kysely';

/**
 * The audit log says not only who acted but through which credential (a session or an API key)
 * and from where (IP, user agent), so a leaked key or a hijacked session can be traced. Older
 * rows keep nulls. Indexes serve the operators' filters: by actor, by action, by credential
 * kind, each newest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('credential_kind', 'text')
    .addColumn('credential_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();
  await db.schema
    .createIndex('audit_log_credential')
    .on('audit_log')
    .columns(['credential_kind', 'credential_id', 'at'])
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['audit_log_at', 'audit_log_credential', 'audit_log_action', 'audit_log_actor'])
    await db.schema.dropIndex(i).execute();
  await db.schema
    .alterTable('audit_log')
    .dropColumn('user_agent')
    .dropColumn('ip')
    .dropColumn('credential_id')
    .dropColumn('credential_kind')
    .execute();
}
