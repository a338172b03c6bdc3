import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A jsonb column with a default: optional on insert, a JSON string or the value. */
type JsonDefaulted<T> = ColumnType<T, string | T | undefined, string | T>;

export interface Localized {
  'zh-CN': string;
  'en-US': string;
}

export interface HoldItem {
  typeId: string;
  quantity: number;
  parentIndex?: number;
  unitPrice: number;
  discount: number;
}

export interface TicketTypesTable {
  id: string;
  event_id: string;
  name: Json<Localized>;
  description: Json<Localized>;
  price: number;
  sale_starts_at: Timestamp | null;
  sale_ends_at: Timestamp | null;
  max_per_order: Defaulted<number>;
  max_per_account: number | null;
  visibility: Defaulted<'public' | 'hidden'>;
  audience: Defaulted<'anyone' | 'merchants' | 'roles'>;
  audience_roles: JsonDefaulted<string[]>;
  addon_of: JsonDefaulted<string[]>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface TicketQuotasTable {
  id: string;
  event_id: string;
  name: string;
  size: number;
  held: Defaulted<number>;
  sold: Defaulted<number>;
  created_at: Timestamp;
}

export interface TicketQuotaTypesTable {
  quota_id: string;
  type_id: string;
}

export type QuestionKind = 'text' | 'choice' | 'invoice_title' | 'dietary';

export interface TicketQuestionsTable {
  id: string;
  event_id: string;
  kind: QuestionKind;
  label: Json<Localized>;
  options: JsonDefaulted<string[]>;
  type_ids: JsonDefaulted<string[]>;
  required_type_ids: JsonDefaulted<string[]>;
  required: Defaulted<boolean>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export type VoucherEffect = 'unlock' | 'amount' | 'percent' | 'reserve';

export interface TicketVouchersTable {
  id: string;
  event_id: string;
  code: string;
  effect: VoucherEffect;
  value: Defaulted<number>;
  type_ids: JsonDefaulted<string[]>;
  max_uses: Defaulted<number>;
  used: Defaulted<number>;
  reserved: Defaulted<number>;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  status: Defaulted<'active' | 'expired' | 'revoked'>;
  owner_user_id: string | null;
  waitlist_entry_id: string | null;
  created_at: Timestamp;
}

export interface TicketHoldsTable {
  id: string;
  event_id: string;
  user_id: string;
  status: Defaulted<'active' | 'checked_out' | 'released'>;
  items: Json<HoldItem[]>;
  quota_moves: Json<Record<string, number>>;
  voucher_id: string | null;
  voucher_seats: Defaulted<number>;
  expires_at: Timestamp;
  release_reason: string | null;
  created_at: Timestamp;
}

export type TicketOrderStatus = 'pending_payment' | 'paid' | 'cancelled' | 'expired';

export interface TicketOrdersTable {
  id: string;
  event_id: string;
  hold_id: string;
  buyer_id: string;
  buyer_name: string;
  buyer_email: string;
  status: TicketOrderStatus;
  total: number;
  discount: Defaulted<number>;
  currency: Defaulted<string>;
  quota_moves: Json<Record<string, number>>;
  charge_ref: string | null;
  expires_at: Timestamp | null;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: Timestamp;
}

export type TicketStatus = 'pending' | 'valid' | 'cancelled' | 'refunded';

export interface TicketsTable {
  id: string;
  order_id: string;
  event_id: string;
  type_id: string;
  buyer_id: string;
  parent_ticket_id: string | null;
  status: TicketStatus;
  price: number;
  attendee_name: string;
  attendee_email: string;
  attendee_company: Defaulted<string>;
  answers: Json<Record<string, string>>;
  quota_ids: JsonDefaulted<string[]>;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
}

export interface TicketWaitlistTable {
  id: string;
  event_id: string;
  type_id: string;
  user_id: string;
  email: string;
  priority: Defaulted<number>;
  status: Defaulted<'waiting' | 'offered' | 'redeemed' | 'expired'>;
  voucher_id: string | null;
  created_at: Timestamp;
  offered_at: Timestamp | null;
}

export interface TicketNoticesTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  payload: Json;
  created_at: Timestamp;
}

export interface TicketEventSettingsTable {
  event_id: string;
  hold_minutes: Defaulted<number>;
  offer_hours: Defaulted<number>;
  unpaid_minutes: Defaulted<number>;
}

export interface TicketTables {
  ticket_types: TicketTypesTable;
  ticket_quotas: TicketQuotasTable;
  ticket_quota_types: TicketQuotaTypesTable;
  ticket_questions: TicketQuestionsTable;
  ticket_vouchers: TicketVouchersTable;
  ticket_holds: TicketHoldsTable;
  ticket_orders: TicketOrdersTable;
  tickets: TicketsTable;
  ticket_waitlist: TicketWaitlistTable;
  ticket_notices: TicketNoticesTable;
  ticket_event_settings: TicketEventSettingsTable;
}
