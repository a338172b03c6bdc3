import type { CheckinListKind, ScanMode, ScanResult } from './tables';
import type { TicketView } from './verdict';

/** A ticket as check-in needs it; the tickets module provides these (its index.ts). */
export interface CheckinTicket {
  ticketId: string;
  eventId: string;
  typeId: string;
  typeName: string;
  attendeeName: string;
  attendeeCompany: string | null;
  status: 'valid' | 'cancelled' | 'refunded';
}

/** One ticket with who may see its code (the buyer, and the attendee by account or e-mail). */
export interface HeldTicket extends CheckinTicket {
  buyerId: string;
  attendeeUserId: string | null;
  attendeeEmail: string | null;
  issuedAt: Date;
}

/** The seam to the tickets module: no HTTP, no access to its tables. */
export interface TicketSource {
  ticketsForCheckIn(eventId: string): Promise<CheckinTicket[]>;
  getTicket(ticketId: string): Promise<HeldTicket | null>;
  /** The tickets a person bought or is the attendee of (by e-mail), newest first. */
  ticketsOfHolder(userId: string, email: string): Promise<HeldTicket[]>;
}

/** What check-in needs of an event (the campaigns module's view). */
export interface CheckinEvent {
  id: string;
  ownerId: string;
  timezone: string;
  kind: string;
  slug: string;
  title: { 'zh-CN': string; 'en-US': string };
  startsAt: string;
}

export interface CheckinList {
  id: string;
  eventId: string;
  name: string;
  kind: CheckinListKind;
  typeIds: string[];
  validDays: string[];
  allowReentry: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ScanView {
  id: string;
  ticketId: string | null;
  deviceId: string;
  clientScanId: string;
  staffId: string;
  scannedAt: string;
  recordedAt: string;
  mode: ScanMode;
  result: ScanResult;
  reason: string | null;
}

/** The codes a scan is refused with (docs/checkin.md), stable for the pages' messages. */
export const REFUSALS = [
  'INVALID_CODE',
  'BAD_SIGNATURE',
  'WRONG_EVENT',
  'UNKNOWN_TICKET',
  'NOT_ON_LIST',
  'NOT_VALID_TODAY',
  'TICKET_CANCELLED',
  'ALREADY_CHECKED_IN',
] as const;
export type Refusal = (typeof REFUSALS)[number];

export const STATUS_OF_REFUSAL: Record<Refusal, number> = {
  INVALID_CODE: 400,
  BAD_SIGNATURE: 422,
  WRONG_EVENT: 422,
  UNKNOWN_TICKET: 422,
  NOT_ON_LIST: 422,
  NOT_VALID_TODAY: 422,
  TICKET_CANCELLED: 422,
  ALREADY_CHECKED_IN: 409,
};

export const TICKET_EVENT_KINDS = ['merchant_growth', 'tech_summit'];

/** Where and when a ticket was first admitted on a list: the duplicate warning shows it. */
export interface FirstScan {
  scanId: string;
  scannedAt: string;
  deviceId: string;
  listId: string;
  listName: string;
  staffId: string;
  staffName: string | null;
}

export interface ScanRecorded {
  id: string;
  listId: string;
  result: ScanResult;
  ticket: TicketView | null;
  scannedAt: string;
}

export interface ScanRefusal {
  error: {
    code: Refusal;
    message: string;
    details: { scanId: string; ticket: TicketView | null; firstScan?: FirstScan };
  };
}

/** A scan's answer, stored with it: a retry under the same clientScanId gets it again. */
export type ScanAnswer =
  | { status: 201; body: { scan: ScanRecorded } }
  | { status: number; body: ScanRefusal };
