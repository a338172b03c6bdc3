import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type EndpointStatus = 'enabled' | 'disabled';
/** pending: waiting for its next attempt; sending: claimed by a worker; the rest are final. */
export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed' | 'cancelled';
/** event: the fan-out's one delivery per subscription; replay: a manual re-send; ping: a test. */
export type DeliveryKind = 'event' | 'replay' | 'ping';

export interface WebhookEndpointsTable {
  id: string;
  owner_id: string;
  owner_role: string;
  url: string;
  description: Defaulted<string>;
  event_types: Json<string[]>;
  campaign_id: string | null;
  status: Defaulted<EndpointStatus>;
  /** 'failing' when the worker disabled it, 'owner' when its owner did. */
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookSecretsTable {
  id: string;
  endpoint_id: string;
  secret: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  event_occurred_at: Timestamp;
  message_id: string;
  body: string;
  kind: Defaulted<DeliveryKind>;
  replay_of: string | null;
  status: Defaulted<DeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  request_headers: Json<Record<string, string>>;
  request_body: string;
  response_status: number | null;
  response_body: string | null;
  latency_ms: number;
  error: string | null;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_secrets: WebhookSecretsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
