import type { Intent } from '../../api/intent';
import { call, carnival, idempotent, type Schemas as S } from '../../api/typed';

/** The organizer's ticket console (docs/tickets.md "Organizers"), as the server's OpenAPI names it. */
export type TicketSetup = S['TicketSetup'];
export type TicketType = S['TicketType'];
export type TicketQuota = TicketSetup['quotas'][number];
export type TicketQuestion = S['TicketQuestion'];
export type TicketVoucher = S['TicketVoucher'];
export type TicketOrder = S['TicketOrder'];
export type Ticket = S['Ticket'];
export type WaitlistOverview = S['TicketWaitlistOverview'];
export type WaitlistEntry = S['TicketWaitlistEntry'];

type Body<P extends keyof Paths, M extends 'post' | 'put'> = Paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Paths = import('../../../../client/schema').paths;

export type TicketTypeDraft = Body<'/api/organizer/events/{id}/ticket-types', 'post'>;
export type QuotaDraft = Body<'/api/organizer/events/{id}/ticket-quotas', 'post'>;
export type QuestionDraft = Body<'/api/organizer/events/{id}/ticket-questions', 'post'>;
export type VoucherDraft = Body<'/api/organizer/events/{id}/ticket-vouchers', 'post'>;

const byId = (id: string) => ({ params: { path: { id } } });

/** Where the CSV exports are: plain links, the session cookie (or an API key) authorizes them. */
export const csvUrl = {
  vouchers: (eventId: string) => `/api/organizer/events/${encodeURIComponent(eventId)}/ticket-vouchers.csv`,
  attendees: (eventId: string, q?: string) =>
    `/api/organizer/events/${encodeURIComponent(eventId)}/attendees.csv${q ? `?q=${encodeURIComponent(q)}` : ''}`,
};

export const ticketsConsoleApi = {
  setup: (eventId: string) => call(carnival.GET('/api/organizer/events/{id}/tickets', byId(eventId))),
  createType: (eventId: string, body: TicketTypeDraft, intent: Intent) =>
    intent.run((key) =>
      call(
        carnival.POST('/api/organizer/events/{id}/ticket-types', {
          ...byId(eventId),
          body,
          headers: idempotent(key),
        }),
      ).then((r) => r.type),
    ),
  updateType: (typeId: string, body: TicketTypeDraft) =>
    call(carnival.PUT('/api/organizer/ticket-types/{id}', { ...byId(typeId), body })).then((r) => r.type),
  createQuota: (eventId: string, body: QuotaDraft, intent: Intent) =>
    intent.run((key) =>
      call(
        carnival.POST('/api/organizer/events/{id}/ticket-quotas', {
          ...byId(eventId),
          body,
          headers: idempotent(key),
        }),
      ).then((r) => r.id),
    ),
  updateQuota: (quotaId: string, body: QuotaDraft) =>
    call(carnival.PUT('/api/organizer/ticket-quotas/{id}', { ...byId(quotaId), body })),
  createQuestion: (eventId: string, body: QuestionDraft, intent: Intent) =>
    intent.run((key) =>
      call(
        carnival.POST('/api/organizer/events/{id}/ticket-questions', {
          ...byId(eventId),
          body,
          headers: idempotent(key),
        }),
      ).then((r) => r.question),
    ),
  updateQuestion: (questionId: string, body: QuestionDraft) =>
    call(carnival.PUT('/api/organizer/ticket-questions/{id}', { ...byId(questionId), body })).then(
      (r) => r.question,
    ),
  deleteQuestion: (questionId: string) =>
    call(carnival.DELETE('/api/organizer/ticket-questions/{id}', byId(questionId))),
  setSettings: (eventId: string, body: { holdMinutes: number; offerHours: number }) =>
    call(carnival.PUT('/api/organizer/events/{id}/ticket-settings', { ...byId(eventId), body })),
  vouchers: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/ticket-vouchers', byId(eventId))).then((r) => r.items),
  createVouchers: (eventId: string, body: VoucherDraft, intent: Intent) =>
    intent.run((key) =>
      call(
        carnival.POST('/api/organizer/events/{id}/ticket-vouchers', {
          ...byId(eventId),
          body,
          headers: idempotent(key),
        }),
      ).then((r) => r.items),
    ),
  revokeVoucher: (voucherId: string, reason: string) =>
    call(
      carnival.POST('/api/organizer/ticket-vouchers/{id}/revoke', { ...byId(voucherId), body: { reason } }),
    ).then((r) => r.voucher),
  orders: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/ticket-orders', byId(eventId))).then((r) => r.items),
  attendees: (eventId: string, q: string) =>
    call(
      carnival.GET('/api/organizer/events/{id}/attendees', {
        params: { path: { id: eventId }, query: q ? { q } : {} },
      }),
    ).then((r) => r.items),
  waitlist: (eventId: string) => call(carnival.GET('/api/organizer/events/{id}/waitlist', byId(eventId))),
  setPriority: (entryId: string, priority: number) =>
    call(carnival.PUT('/api/organizer/waitlist/{id}/priority', { ...byId(entryId), body: { priority } })),
  cancelTicket: (ticketId: string, reason: string) =>
    call(carnival.POST('/api/organizer/tickets/{id}/cancel', { ...byId(ticketId), body: { reason } })).then(
      (r) => r.ticket,
    ),
};
