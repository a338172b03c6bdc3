/** The check-in module's public surface: signed ticket codes, check-in lists, scans, offline sync. */
import { createScanning } from './scans';
import { type CheckinDeps, createCheckinAccess } from './service';

export { admittedCount, wasAdmitted } from './admitted';

export { keyFromSeed, signClaims, verifyCode } from './keys';
export type { CheckinEvent, CheckinList, CheckinTicket, HeldTicket, TicketSource } from './model';
export { REFUSALS, type Refusal } from './model';
export { checkinRoutes } from './routes';
export type { CheckinDeps } from './service';
export type { CheckinTables } from './tables';
export { CODE_PREFIX, decodeClaims, encodeClaims, splitCode, type TicketClaims } from './ticket-code';

export function createCheckinModule(deps: CheckinDeps) {
  const access = createCheckinAccess(deps);
  return { ...access, ...createScanning(deps, access) };
}
export type CheckinModule = ReturnType<typeof createCheckinModule>;

import type { Actor } from '../../platform/auth';
import { isAppError } from '../../platform/errors';
import type { CheckinEvent, TicketSource } from './model';

/** No tickets module wired: nothing to check in (every scan of a ticket is UNKNOWN_TICKET). */
export const NO_TICKETS: TicketSource = {
  ticketsForCheckIn: async () => [],
  getTicket: async () => null,
  ticketsOfHolder: async () => [],
};

/** Check-in decides who may see an event itself, so it reads the event as an operator would. */
const SYSTEM: Actor = {
  userId: 'system',
  role: 'operator',
  email: 'system@carnival.local',
  displayName: 'system',
  via: 'session',
};

export function eventOfWith(campaigns: {
  get: (
    id: string,
    actor: Actor | null,
  ) => Promise<{
    id: string;
    ownerId: string;
    timezone: string;
    kind: string;
    slug: string;
    title: { 'zh-CN': string; 'en-US': string };
    startsAt: string;
  }>;
}) {
  return async (eventId: string): Promise<CheckinEvent | null> => {
    try {
      const c = await campaigns.get(eventId, SYSTEM);
      const { id, ownerId, timezone, kind, slug, title, startsAt } = c;
      return { id, ownerId, timezone, kind, slug, title, startsAt };
    } catch (e) {
      if (isAppError(e) && e.status === 404) return null;
      throw e;
    }
  };
}
