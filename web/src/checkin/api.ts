import { call, carnival, type Schemas as S } from '../api/typed';

/** The check-in module's answers, as the server's OpenAPI document names them (docs/checkin.md). */
export type CheckinList = S['CheckinList'];
export type CheckinStats = S['CheckinStats'];
export type CheckinDownload = S['CheckinDownload'];
export type CheckinTicket = S['CheckinTicket'];
export type MyTicketCode = S['MyTicketCode'];
export type CheckinStaff = S['CheckinStaff'];
export type SyncResult = S['CheckinSyncResult'];

const list = (listId: string) => ({ params: { path: { listId } } });
const event = (eventId: string) => ({ params: { path: { eventId } } });

export interface ScanInput {
  payload?: string;
  ticketId?: string;
  deviceId: string;
  scannedAt: string;
  clientScanId: string;
}

export const checkinApi = {
  myTickets: () => call(carnival.GET('/api/me/ticket-codes')).then((r) => r.items),
  myLists: () => call(carnival.GET('/api/checkin-lists/mine')).then((r) => r.items),
  lists: (eventId: string) =>
    call(carnival.GET('/api/events/{eventId}/checkin-lists', event(eventId))).then((r) => r.items),
  createList: (
    eventId: string,
    body: { name: string; kind: 'event' | 'day' | 'workshop'; validDays: string[]; allowReentry: boolean },
  ) =>
    call(carnival.POST('/api/events/{eventId}/checkin-lists', { ...event(eventId), body })).then(
      (r) => r.list,
    ),
  removeList: (listId: string) => call(carnival.DELETE('/api/checkin-lists/{listId}', list(listId))),
  staff: (eventId: string) =>
    call(carnival.GET('/api/events/{eventId}/checkin-staff', event(eventId))).then((r) => r.items),
  addStaff: (eventId: string, email: string) =>
    call(carnival.PUT('/api/events/{eventId}/checkin-staff', { ...event(eventId), body: { email } })),
  removeStaff: (eventId: string, userId: string) =>
    call(
      carnival.DELETE('/api/events/{eventId}/checkin-staff/{userId}', {
        params: { path: { eventId, userId } },
      }),
    ),
  scan: (listId: string, body: ScanInput) =>
    call(carnival.POST('/api/checkin-lists/{listId}/scans', { ...list(listId), body })).then((r) => r.scan),
  sync: (listId: string, deviceId: string, scans: Omit<ScanInput, 'deviceId'>[]) =>
    call(carnival.POST('/api/checkin-lists/{listId}/sync', { ...list(listId), body: { deviceId, scans } })),
  search: (listId: string, q: string) =>
    call(
      carnival.GET('/api/checkin-lists/{listId}/search', {
        ...list(listId),
        params: { path: { listId }, query: { q } },
      }),
    ).then((r) => r.items),
  stats: (listId: string) => call(carnival.GET('/api/checkin-lists/{listId}/stats', list(listId))),
  download: (listId: string) => call(carnival.GET('/api/checkin-lists/{listId}/download', list(listId))),
};
