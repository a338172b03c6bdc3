/** The tickets module's public surface (docs/tickets.md): conference ticketing with pretix semantics. */
export { TICKETED_KINDS } from './access';
export { checkinTicketSource } from './checkin-source';
export { holdsValidTicket } from './holders';
export { ticketsRoutes } from './routes';
export { createTicketsService, type TicketsDeps, type TicketsService } from './service';
export type { TicketTables } from './tables';
