import type { Selectable } from 'kysely';
import type {
  HoldItem,
  Localized,
  QuestionKind,
  TicketHoldsTable,
  TicketOrdersTable,
  TicketQuestionsTable,
  TicketsTable,
  TicketTypesTable,
  TicketVouchersTable,
  TicketWaitlistTable,
  VoucherEffect,
} from './tables';

/** What the API answers (responses.ts ties each schema to these types). Money in fen. */
const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export interface TicketType {
  id: string;
  eventId: string;
  name: Localized;
  description: Localized;
  price: number;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  maxPerOrder: number;
  maxPerAccount: number | null;
  visibility: 'public' | 'hidden';
  audience: 'anyone' | 'merchants' | 'roles';
  audienceRoles: string[];
  addonOf: string[];
  position: number;
  /** Seats left: the minimum over the type's quotas of size - held - sold (0 without a quota). */
  available: number;
}

export const toType = (r: Selectable<TicketTypesTable>, available: number): TicketType => ({
  id: r.id,
  eventId: r.event_id,
  name: json(r.name),
  description: json(r.description),
  price: r.price,
  saleStartsAt: iso(r.sale_starts_at),
  saleEndsAt: iso(r.sale_ends_at),
  maxPerOrder: r.max_per_order,
  maxPerAccount: r.max_per_account,
  visibility: r.visibility,
  audience: r.audience,
  audienceRoles: json(r.audience_roles),
  addonOf: json(r.addon_of),
  position: r.position,
  available,
});

export interface Question {
  id: string;
  kind: QuestionKind;
  label: Localized;
  options: string[];
  typeIds: string[];
  required: boolean;
  position: number;
}

export const toQuestion = (r: Selectable<TicketQuestionsTable>): Question => ({
  id: r.id,
  kind: r.kind,
  label: json(r.label),
  options: json(r.options),
  typeIds: json(r.type_ids),
  required: r.required,
  position: r.position,
});

export interface Voucher {
  id: string;
  code: string;
  effect: VoucherEffect;
  value: number;
  typeIds: string[];
  maxUses: number;
  used: number;
  reserved: number;
  validFrom: string | null;
  validUntil: string | null;
  status: 'active' | 'expired' | 'revoked';
  /** Set for a waiting-list offer: the entry it was made for. */
  waitlistEntryId: string | null;
}

export const toVoucher = (r: Selectable<TicketVouchersTable>): Voucher => ({
  id: r.id,
  code: r.code,
  effect: r.effect,
  value: r.value,
  typeIds: json(r.type_ids),
  maxUses: r.max_uses,
  used: r.used,
  reserved: r.reserved,
  validFrom: iso(r.valid_from),
  validUntil: iso(r.valid_until),
  status: r.status,
  waitlistEntryId: r.waitlist_entry_id,
});

export interface Hold {
  id: string;
  eventId: string;
  status: 'active' | 'checked_out' | 'released';
  items: { typeId: string; quantity: number; unitPrice: number; discount: number }[];
  total: number;
  expiresAt: string;
}

export const itemsOf = (r: Pick<Selectable<TicketHoldsTable>, 'items'>) => json(r.items) as StoredItem[];

/** A hold item as stored: its quotas at hold time and the seats a reserving voucher gave it. */
export interface StoredItem extends HoldItem {
  quotaIds: string[];
  reservedSeats: number;
}

export const toHold = (r: Selectable<TicketHoldsTable>): Hold => {
  const items = itemsOf(r).map((i) => ({
    typeId: i.typeId,
    quantity: i.quantity,
    unitPrice: i.unitPrice,
    discount: i.discount,
  }));
  return {
    id: r.id,
    eventId: r.event_id,
    status: r.status,
    items,
    total: items.reduce((s, i) => s + (i.unitPrice - i.discount) * i.quantity, 0),
    expiresAt: iso(r.expires_at)!,
  };
};

export interface Ticket {
  id: string;
  orderId: string;
  eventId: string;
  typeId: string;
  parentTicketId: string | null;
  status: 'pending' | 'valid' | 'cancelled' | 'refunded';
  price: number;
  attendeeName: string;
  attendeeEmail: string;
  attendeeCompany: string;
  answers: Record<string, string>;
  createdAt: string;
  cancelledAt: string | null;
}

export const toTicket = (r: Selectable<TicketsTable>): Ticket => ({
  id: r.id,
  orderId: r.order_id,
  eventId: r.event_id,
  typeId: r.type_id,
  parentTicketId: r.parent_ticket_id,
  status: r.status,
  price: r.price,
  attendeeName: r.attendee_name,
  attendeeEmail: r.attendee_email,
  attendeeCompany: r.attendee_company,
  answers: json(r.answers),
  createdAt: iso(r.created_at)!,
  cancelledAt: iso(r.cancelled_at),
});

export interface TicketOrder {
  id: string;
  eventId: string;
  status: 'pending_payment' | 'paid' | 'cancelled' | 'expired';
  buyerName: string;
  buyerEmail: string;
  total: number;
  discount: number;
  currency: string;
  paidAt: string | null;
  createdAt: string;
  tickets: Ticket[];
}

export const toOrder = (r: Selectable<TicketOrdersTable>, tickets: Ticket[]): TicketOrder => ({
  id: r.id,
  eventId: r.event_id,
  status: r.status,
  buyerName: r.buyer_name,
  buyerEmail: r.buyer_email,
  total: r.total,
  discount: r.discount,
  currency: r.currency,
  paidAt: iso(r.paid_at),
  createdAt: iso(r.created_at)!,
  tickets,
});

export interface WaitlistEntry {
  id: string;
  eventId: string;
  typeId: string;
  email: string;
  priority: number;
  status: 'waiting' | 'offered' | 'redeemed' | 'expired';
  createdAt: string;
  offeredAt: string | null;
  /** An open offer: the one-use voucher code that buys the seat kept for this entry, and until when. */
  offer: { voucherCode: string; expiresAt: string | null } | null;
}

export const toEntry = (
  r: Selectable<TicketWaitlistTable>,
  voucher: { code: string; valid_until: Date | string | null; status: string; used: number } | undefined,
): WaitlistEntry => ({
  id: r.id,
  eventId: r.event_id,
  typeId: r.type_id,
  email: r.email,
  priority: r.priority,
  status: r.status,
  createdAt: iso(r.created_at)!,
  offeredAt: iso(r.offered_at),
  offer:
    r.status === 'offered' && voucher && voucher.status === 'active'
      ? { voucherCode: voucher.code, expiresAt: iso(voucher.valid_until) }
      : null,
});

/** RFC 4180 CSV; a cell starting with = + - @ is quoted with a leading ' (spreadsheet injection). */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export const yuan = (fen: number) => (fen / 100).toFixed(2);
