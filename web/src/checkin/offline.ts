import type { CheckinDownload, CheckinTicket } from './api';
import { fromBase64Url, splitCode } from './ticket-code';

/**
 * Offline check-in (docs/checkin.md): the downloaded list and the event's public key are kept in
 * localStorage, codes are verified here with WebCrypto Ed25519, admitted tickets are remembered
 * and every scan is queued for `sync`. The server has the last word: two devices that both let a
 * ticket in offline are both recorded there, and the later scan is flagged as the duplicate.
 */

export interface QueuedScan {
  clientScanId: string;
  payload?: string;
  ticketId?: string;
  scannedAt: string;
}

export interface OfflineState {
  download: CheckinDownload;
  downloadedAt: string;
  queue: QueuedScan[];
  /** ticketId → when this device (or, per the download, anyone) let it in. */
  inAt: Record<string, string>;
}

export type OfflineVerdict =
  | { ok: true; ticket: CheckinTicket }
  | { ok: false; code: string; ticket: CheckinTicket | null; firstAt?: string };

const key = (listId: string) => `carnival.checkin.offline.${listId}`;

export function deviceId(): string {
  const k = 'carnival.checkin.device';
  let id = localStorage.getItem(k);
  if (!id) {
    id = `web-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(k, id);
  }
  return id;
}

export const newScanId = () => crypto.randomUUID();

export function loadOffline(listId: string): OfflineState | null {
  const raw = localStorage.getItem(key(listId));
  return raw ? (JSON.parse(raw) as OfflineState) : null;
}

export function saveOffline(listId: string, state: OfflineState | null): void {
  if (state) localStorage.setItem(key(listId), JSON.stringify(state));
  else localStorage.removeItem(key(listId));
}

/** A fresh download, keeping the scans this device has not synced yet. */
export function fromDownload(download: CheckinDownload, previous: OfflineState | null): OfflineState {
  const inAt: Record<string, string> = {};
  for (const t of download.tickets) if (t.checkedInAt) inAt[t.ticketId] = t.checkedInAt;
  for (const [id, at] of Object.entries(previous?.inAt ?? {})) inAt[id] ??= at;
  return { download, downloadedAt: new Date().toISOString(), queue: previous?.queue ?? [], inAt };
}

/** The event's local date (YYYY-MM-DD) of an instant: the day rule's calendar. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

async function verify(publicKey: string, payload: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const raw = fromBase64Url(publicKey);
  if (!raw) return false;
  const k = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, k, signature as BufferSource, payload as BufferSource);
}

/** The same rules, in the same order, as the server's verdict (src/modules/checkin/verdict.ts). */
export async function judgeOffline(
  state: OfflineState,
  input: { payload?: string; ticketId?: string },
  at: Date,
): Promise<OfflineVerdict> {
  const { download } = state;
  let ticketId = input.ticketId;
  if (input.payload !== undefined) {
    const parts = splitCode(input.payload);
    if (!parts) return { ok: false, code: 'INVALID_CODE', ticket: null };
    if (parts.claims.eventId !== download.event.id) return { ok: false, code: 'WRONG_EVENT', ticket: null };
    if (!(await verify(download.publicKey, parts.payload, parts.signature)))
      return { ok: false, code: 'BAD_SIGNATURE', ticket: null };
    if (download.list.typeIds.length > 0 && !download.list.typeIds.includes(parts.claims.typeId))
      return { ok: false, code: 'NOT_ON_LIST', ticket: null };
    ticketId = parts.claims.ticketId;
  }
  const ticket = download.tickets.find((t) => t.ticketId === ticketId) ?? null;
  if (!ticket) return { ok: false, code: 'UNKNOWN_TICKET', ticket: null };
  if (
    download.list.validDays.length > 0 &&
    !download.list.validDays.includes(localDate(at, download.event.timezone))
  )
    return { ok: false, code: 'NOT_VALID_TODAY', ticket };
  if (ticket.status !== 'valid') return { ok: false, code: 'TICKET_CANCELLED', ticket };
  const firstAt = state.inAt[ticket.ticketId];
  if (firstAt && !download.list.allowReentry)
    return { ok: false, code: 'ALREADY_CHECKED_IN', ticket, firstAt };
  return { ok: true, ticket };
}
