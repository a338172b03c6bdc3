import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface OutboxTable {
  seq: Generated<number>;
  event_id: string;
  topic: string;
  payload: Json;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  published_at: Timestamp | null;
}

export interface ProcessedEventsTable {
  consumer: string;
  event_id: string;
  processed_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: Json | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** The answer's body exactly as sent (JSON text), so a replay is byte-identical. */
  response_text: string | null;
  /** Who is running the request now; null once the answer is stored. */
  claim_token: string | null;
  /** When the claim was taken; a claim older than the lease is taken over. */
  locked_at: Timestamp | null;
  completed_at: Timestamp | null;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  at: Timestamp;
  /** 'session' | 'api_key'; null for system actions and rows older than migration 0013. */
  credential_kind: ColumnType<string | null, string | null | undefined, never>;
  credential_id: ColumnType<string | null, string | null | undefined, never>;
  ip: ColumnType<string | null, string | null | undefined, never>;
  user_agent: ColumnType<string | null, string | null | undefined, never>;
}

/** Server secrets made once and shared by every process (e.g. the visitor cookie's HMAC key). */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface PlatformTables {
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  server_secrets: ServerSecretsTable;
}
