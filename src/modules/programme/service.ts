import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { type MailSender, outboxSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { holdsValidTicket } from '../tickets';
import { eventDays, managedEvent, visibleEvent } from './access';
import { createAgenda } from './agenda';
import { createEditor, draftConflicts } from './editor';
import { createFeedback } from './feedback';
import { loadRooms, loadSessions, loadSpeakers } from './model';
import { createNotices } from './notices';
import { createPersonal } from './personal';
import { createSeats } from './seats';
import { listTracks } from './tracks';
import { createPublishing, listVersions, summaryOf, unpublishedChanges } from './versions';

export interface ProgrammeDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Where change notices are mailed (default: the `mail_outbox` table, read by the dev mailbox). */
  mail?: MailSender;
  /** The public site's origin for links in mails and calendars ('' = relative). */
  baseUrl?: string;
}

/** The conference programme (docs/programme.md). */
export function createProgrammeService(deps: ProgrammeDeps) {
  const { db, clock } = deps;
  const baseUrl = deps.baseUrl ?? '';
  const editor = createEditor({ db, clock });
  const publishing = createPublishing({ db, clock, mail: deps.mail ?? outboxSender, baseUrl });
  const agenda = createAgenda({ db, baseUrl });
  const personal = createPersonal({ db, clock, agenda });
  const seats = createSeats({ db, clock });
  const feedback = createFeedback({ db, clock, agenda });
  const notices = createNotices({ db, clock });

  /** The editor's whole state: the draft with its conflicts and what publishing would change. */
  async function programme(actor: Actor, eventId: string) {
    const ev = await managedEvent(db, actor, eventId);
    const [tracks, rooms, speakers, sessions, conflicts, changes, versions] = await Promise.all([
      listTracks(db, eventId),
      loadRooms(db, eventId),
      loadSpeakers(db, eventId),
      loadSessions(db, { eventId }),
      draftConflicts(db, ev),
      unpublishedChanges(db, eventId),
      listVersions(db, eventId),
    ]);
    return {
      event: { id: ev.id, slug: ev.slug, title: ev.title, timezone: ev.timezone, days: eventDays(ev) },
      tracks,
      rooms,
      speakers,
      sessions,
      conflicts,
      unpublishedChanges: changes,
      versions: versions.map(summaryOf),
    };
  }

  /** The session page, with what the signed-in visitor has done about it. */
  async function sessionPage(actor: Actor | null, sessionId: string) {
    const page = await agenda.sessionPage(actor, sessionId);
    if (!actor) return { ...page, me: null };
    const [saved, seat, feedbackGiven, hasTicket] = await Promise.all([
      personal.isSaved(actor.userId, sessionId),
      seats.view(sessionId, actor.userId),
      feedback.given(actor.userId, sessionId),
      // Only a workshop with seats asks: the page offers a reservation or a ticket to buy.
      page.session.seats === null ? Promise.resolve(false) : holdsValidTicket(db, page.event.id, actor),
    ]);
    const p = page.session.placement;
    const started = !!p && clock.now().getTime() >= Date.parse(p.startsAt);
    return {
      ...page,
      me: {
        saved,
        seat: seat ? { status: seat.status, position: seat.position } : null,
        feedbackGiven,
        hasTicket,
        canGiveFeedback: started && page.session.status === 'confirmed' && !feedbackGiven,
      },
    };
  }

  /** My workshop seats and places in line, with the sessions as published. */
  async function mySeats(actor: Actor) {
    const items = [];
    for (const seat of await seats.mine(actor.userId)) {
      const found = await agenda.publishedSession(seat.sessionId);
      if (found) items.push({ seat, session: found.session });
    }
    return items;
  }

  return {
    ...editor,
    programme,
    publish: publishing.publish,
    versions: publishing.versions,
    version: publishing.version,
    visibleEvent: (actor: Actor | null, eventId: string) => visibleEvent(db, actor, eventId),
    agenda: agenda.agenda,
    sessionPage,
    speakers: agenda.speakers,
    speaker: agenda.speaker,
    agendaIcs: (actor: Actor | null, eventId: string) => agenda.agendaIcs(actor, eventId, clock.now()),
    saveSession: personal.save,
    unsaveSession: personal.unsave,
    myAgenda: personal.list,
    rotateFeed: personal.rotateFeed,
    feed: personal.feed,
    notices: notices.list,
    unreadNotices: notices.unread,
    markNoticesRead: notices.markRead,
    reserveSeat: seats.reserve,
    cancelSeat: seats.cancel,
    seatList: seats.list,
    mySeats,
    giveFeedback: feedback.give,
    speakerFeedback: feedback.forSpeaker,
    feedbackSummary: feedback.summary,
    feedbackCsv: feedback.csv,
  };
}
export type ProgrammeService = ReturnType<typeof createProgrammeService>;
