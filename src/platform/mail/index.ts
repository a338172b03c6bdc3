import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

export type { MailTables } from './tables';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
}

/**
 * Where mail goes. The default writes to `mail_outbox` inside the caller's transaction, so a
 * notice is sent exactly when the state change that caused it commits; an SMTP or provider
 * sender would be a relay reading that table.
 */
export interface MailSender {
  send(trx: Kysely<DB>, mail: Mail, now: Date): Promise<void>;
}

export const outboxSender: MailSender = {
  async send(trx, mail, now) {
    await trx
      .insertInto('mail_outbox')
      .values({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
        kind: mail.kind,
        created_at: now,
      })
      .execute();
  },
};

/** The dev mailbox: operators see everything, anyone else only mail addressed to them. */
export async function mailbox(db: Kysely<DB>, viewer: { role: string; email: string }, limit = 50) {
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit);
  if (viewer.role !== 'operator') q = q.where('to', '=', viewer.email);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: String(r.id),
    to: r.to,
    subject: r.subject,
    text: r.text,
    html: r.html,
    kind: r.kind,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
