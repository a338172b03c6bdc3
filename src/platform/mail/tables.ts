import type { Generated } from 'kysely';
import type { Timestamp } from '../db/tables';

export interface MailOutboxTable {
  id: Generated<string>;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  kind: string;
  created_at: Timestamp;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
}
