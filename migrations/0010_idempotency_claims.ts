import { type Kysely, sql } from 'kysely';

/**
 * Claim-first idempotency (issue 8): a key's row is inserted before the work starts and holds
 * a claim token and when it was taken; the answer is stored as the exact text sent, so a replay
 * is byte-identical. Rows written before this migration are complete answers: they are marked
 * completed and keep being replayed from their jsonb `response`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('response_text', 'text')
    .addColumn('claim_token', 'text')
    .addColumn('locked_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await sql`UPDATE idempotency_keys SET completed_at = created_at WHERE status_code IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('idempotency_keys')
    .dropColumn('response_text')
    .dropColumn('claim_token')
    .dropColumn('locked_at')
    .dropColumn('completed_at')
    .execute();
}
