import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { type MailSender, mailbox, outboxSender } from '../../platform/mail';
import type { DB } from '../../schema';
import type { Ledger } from '../ledger';
import { createTicketsAdmin } from './admin';
import { createTicketsAdminEdits } from './admin-edits';
import { createTicketChanges } from './changes';
import { toHold } from './model';
import { createTicketReads } from './reads';
import { createTicketShop } from './shop';
import { createWaitlist } from './waitlist';

export interface TicketsDeps {
  db: Kysely<DB>;
  clock: Clock;
  ledger: Pick<Ledger, 'post' | 'wallet'>;
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** Where notices are mailed (default: the `mail_outbox` table, read by the dev mailbox). */
  mail?: MailSender;
  logger?: Logger;
}

/** Conference tickets (docs/tickets.md): types, quotas, vouchers, holds, orders, the waiting list. */
export function createTicketsService(deps: TicketsDeps) {
  const { db, clock } = deps;
  const mail = deps.mail ?? outboxSender;
  const notify = async (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => {
    await trx
      .insertInto('ticket_notices')
      .values({ user_id: userId, kind, payload: JSON.stringify(payload), created_at: clock.now() })
      .execute();
  };
  const waitlist = createWaitlist({ db, clock, mail, notify, logger: deps.logger });
  const dispatch = (eventId: string) => waitlist.dispatch(eventId);
  const reads = createTicketReads({ db, clock });
  const admin = createTicketsAdmin({ db, clock, dispatch, typeView: reads.typeView });
  const edits = createTicketsAdminEdits({ db, clock, dispatch });
  const shop = createTicketShop({
    db,
    clock,
    ledger: deps.ledger,
    mail,
    storeIdsOf: deps.storeIdsOf,
    dispatch,
    notify,
  });
  const changes = createTicketChanges({ db, clock, ledger: deps.ledger, mail, dispatch });

  /**
   * Expires what is due: holds past their 15 minutes (seats back, exactly once) and unused
   * waiting-list offers (the seat goes to the next in line). Run by a timer in the server and
   * before the reads and writes that depend on it, so a stopped timer never strands a seat.
   */
  async function sweep(limit = 200): Promise<{ holds: number; offers: number }> {
    const now = clock.now();
    const due = await db
      .selectFrom('ticket_holds')
      .select(['id', 'event_id'])
      .where('status', '=', 'active')
      .where('expires_at', '<=', now)
      .limit(limit)
      .execute();
    let holds = 0;
    for (const h of due) if (await shop.releaseHold(h.id, 'expired', h.event_id)) holds++;
    const events = await waitlist.expireOffers(now, limit);
    for (const e of events) await dispatch(e);
    return { holds, offers: events.size };
  }

  /**
   * The sweep a request runs first, at most once a second per process (a rush of buyers would
   * otherwise each scan for due holds): a hold expired a moment ago frees its seats within a
   * second, and the timer catches the rest.
   */
  let lastSweep = 0;
  let inFlight: Promise<unknown> | null = null;
  async function sweepSoon(): Promise<void> {
    const now = clock.now().getTime();
    if (inFlight) return void (await inFlight);
    if (now - lastSweep < 1_000 && now >= lastSweep) return;
    lastSweep = now;
    inFlight = sweep().finally(() => {
      inFlight = null;
    });
    await inFlight;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  return {
    ...admin,
    ...edits,
    /** The dev mailbox (platform/mail): the embedded sender's outbox. */
    mailbox: (actor: Actor) => mailbox(db, actor),
    ...reads,
    createHold: async (actor: Actor, eventId: string, body: Parameters<typeof shop.createHold>[2]) => {
      await sweepSoon();
      return shop.createHold(actor, eventId, body);
    },
    cancelHold: shop.cancelHold,
    hold: async (actor: Actor, holdId: string) => toHold(await shop.ownHold(actor, holdId)),
    checkout: async (actor: Actor, holdId: string, attendees: Parameters<typeof shop.checkout>[2]) => {
      const orderId = await shop.checkout(actor, holdId, attendees);
      return (await reads.myOrders(actor)).find((o) => o.id === orderId)!;
    },
    cancelTicket: changes.cancel,
    transferTicket: changes.transfer,
    joinWaitlist: async (actor: Actor, typeId: string, email?: string) => {
      await sweepSoon();
      const id = await waitlist.join(actor, typeId, email);
      return (await reads.myWaitlist(actor)).find((e) => e.id === id)!;
    },
    dispatch,
    sweep,
    /** The expiry timer (every `everyMs`); stop() waits for a sweep in flight. */
    start(everyMs = 15_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = sweep()
          .catch((e) => deps.logger?.error({ err: e }, 'tickets sweep failed'))
          .finally(() => {
            running = null;
          });
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;
