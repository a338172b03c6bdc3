import type { Kysely } from 'kysely';

/**
 * Issue 7/8/11. The audit log says not only who acted but through which credential (a session or an API key)
 * and from where (IP, user agent), so a leaked key or a hijacked session can be traced. Older
 * rows keep nulls. Indexes serve the operators' filters: by actor, by action, by credential
 * kind, each newest first.
 *
 * Also: the owner of a series (who besides operators may attach events to it; null for older
 * series, which only operators manage).
 * (The visitor cookie's HMAC key lives in `server_secrets`, made by 0011.)
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

  await db.schema.alterTable('campaign_series').addColumn('owner_id', 'text').execute();

}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('campaign_series').dropColumn('owner_id').execute();
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
