import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import type { Ledger } from '../ledger';
import { createCheckout } from './checkout';
import { createHolds } from './holds';

export interface ShopDeps {
  db: Kysely<DB>;
  clock: Clock;
  ledger: Pick<Ledger, 'post' | 'wallet'>;
  mail: MailSender;
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** Capacity freed: offer it to the waiting list (after the commit). */
  dispatch: (eventId: string) => Promise<void>;
  notify: (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;
}

/**
 * Holds, checkout and the buyer's own tickets: holds.ts reserves and gives back seats,
 * checkout.ts turns a hold into a paid order, shop-rules.ts holds the checks both apply.
 */
export function createTicketShop(deps: ShopDeps) {
  const holds = createHolds(deps);
  return { ...holds, ...createCheckout(deps, holds.ownHold) };
}
