import type { Kysely } from 'kysely';

/**
 * Issue 9: English for every charity text the public pages show. A project had one description
 * (and one beneficiaries and region line), an update one body and a disbursement one purpose, all
 * written in Chinese, so the en-US pages showed Chinese. Each gets an `_en` twin; empty means "not
 * translated" and the pages fall back to the Chinese text. The disbursement's logged record (its
 * leaf hash) is unchanged: the English purpose is a display column, not part of what is signed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('charity_projects')
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('beneficiaries_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('region_en', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('charity_project_updates')
    .addColumn('body_en', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('charity_disbursements')
    .addColumn('purpose_en', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('charity_disbursements').dropColumn('purpose_en').execute();
  await db.schema.alterTable('charity_project_updates').dropColumn('body_en').execute();
  await db.schema
    .alterTable('charity_projects')
    .dropColumn('description_en')
    .dropColumn('beneficiaries_en')
    .dropColumn('region_en')
    .execute();
}
