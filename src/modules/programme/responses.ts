import { z } from 'zod';
import { isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import type { ProgrammeService } from './service';

/** The programme's answers (docs/programme.md), registered by id for the document and client. */

export const trackSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: localizedSchema,
    color: z.string(),
    position: z.number().int(),
  })
  .meta({ id: 'ConferenceTrack' });

export const roomSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    name: localizedSchema,
    capacity: z.number().int(),
    opensAt: z.string().describe('HH:MM, wall time in the event’s time zone'),
    closesAt: z.string(),
    position: z.number().int(),
  })
  .meta({ id: 'ProgrammeRoom' });

const speakerFields = {
  id: z.string(),
  eventId: z.string(),
  profileId: z.string().nullable().describe('The call for proposals’ speaker profile'),
  userId: z.string().nullable(),
  name: z.string(),
  company: z.string().nullable(),
  bio: z.string().nullable(),
  photoUrl: z.string().nullable(),
};
export const speakerSchema = z.object(speakerFields).meta({ id: 'ProgrammeSpeaker' });
export const organizerSpeakerSchema = z
  .object({ ...speakerFields, email: z.string().nullable() })
  .meta({ id: 'ProgrammeSpeakerForOrganizer' });

export const placementSchema = z
  .object({ roomId: z.string(), startsAt: isoInstant(), endsAt: isoInstant() })
  .meta({ id: 'ProgrammePlacement' });

export const sessionSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    proposalId: z.string().nullable(),
    kind: z.enum(['talk', 'workshop', 'keynote', 'lightning', 'break']),
    status: z.enum(['confirmed', 'cancelled']),
    title: z.string(),
    abstract: z.string(),
    language: z.enum(['zh-CN', 'en-US']),
    level: z.enum(['beginner', 'intermediate', 'advanced']).nullable(),
    durationMinutes: z.number().int(),
    trackId: z.string().nullable(),
    speakers: z.array(speakerSchema),
    seats: z.number().int().nullable().describe('Limited workshop seats; null: no reservation'),
    seatsTaken: z.number().int(),
    expectedAudience: z.number().int().nullable(),
    documents: z.array(z.object({ title: z.string(), url: z.string() })),
    placement: placementSchema.nullable(),
  })
  .meta({ id: 'ProgrammeSession' });

export const conflictSchema = z
  .object({
    kind: z.enum([
      'speaker_double_booked',
      'room_double_booked',
      'outside_event_days',
      'outside_room_hours',
      'over_capacity',
    ]),
    sessionIds: z.array(z.string()),
    speakerId: z.string().optional(),
    roomId: z.string().optional(),
    messageKey: z.string(),
    message: z.string().describe('English; pages show the messageKey’s text'),
    details: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'ScheduleConflict' });

const changeItem = z.object({ sessionId: z.string(), title: z.string(), placement: placementSchema });
export const changesSchema = z
  .object({
    new: z.array(changeItem),
    moved: z.array(
      z.object({ sessionId: z.string(), title: z.string(), from: placementSchema, to: placementSchema }),
    ),
    cancelled: z.array(changeItem),
    changed: z.array(
      z.object({ sessionId: z.string(), title: z.string(), fields: z.array(z.enum(['title', 'speakers'])) }),
    ),
  })
  .meta({ id: 'ScheduleChanges' });

export const versionSummarySchema = z
  .object({
    number: z.number().int(),
    note: z.string().nullable(),
    publishedAt: isoInstant(),
    sessionCount: z.number().int(),
    counts: z.object({
      new: z.number().int(),
      moved: z.number().int(),
      cancelled: z.number().int(),
      changed: z.number().int(),
    }),
  })
  .meta({ id: 'ScheduleVersion' });

const eventDaySchema = z.object({ date: z.string(), startsAt: isoInstant(), endsAt: isoInstant() });
const eventHead = {
  id: z.string(),
  slug: z.string(),
  title: localizedSchema,
  timezone: z.string(),
};
const eventSchema = z.object({ ...eventHead, days: z.array(eventDaySchema) });

export const programmeSchema = z
  .object({
    event: eventSchema,
    tracks: z.array(trackSchema),
    rooms: z.array(roomSchema),
    speakers: z.array(organizerSpeakerSchema),
    sessions: z.array(sessionSchema),
    conflicts: z.array(conflictSchema),
    unpublishedChanges: changesSchema,
    versions: z.array(versionSummarySchema),
  })
  .meta({ id: 'ProgrammeDraft' });

export const placedSchema = z.object({ session: sessionSchema, conflicts: z.array(conflictSchema) });
export const publishedSchema = z.object({ version: versionSummarySchema, changes: changesSchema });

export const agendaSchema = z
  .object({
    event: eventSchema,
    version: versionSummarySchema.nullable(),
    tracks: z.array(trackSchema),
    rooms: z.array(roomSchema),
    speakers: z.array(speakerSchema),
    sessions: z.array(sessionSchema),
  })
  .meta({ id: 'Agenda' });

export const sessionPageSchema = z
  .object({
    session: sessionSchema,
    event: z.object(eventHead),
    room: roomSchema.nullable(),
    track: trackSchema.nullable(),
    me: z
      .object({
        saved: z.boolean(),
        seat: z
          .object({ status: z.enum(['reserved', 'waiting']), position: z.number().int().nullable() })
          .nullable(),
        feedbackGiven: z.boolean(),
        hasTicket: z
          .boolean()
          .describe('Holds a valid ticket of the event (asked for workshops with seats only; else false)'),
        canGiveFeedback: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'SessionPage' });

export const speakerPageSchema = z.object({ speaker: speakerSchema, sessions: z.array(sessionSchema) });

export const agendaEntrySchema = z
  .object({ id: z.string(), sessionId: z.string(), eventId: z.string(), savedAt: isoInstant() })
  .meta({ id: 'AgendaEntry' });
export const myAgendaSchema = z.object({
  items: z.array(z.object({ entry: agendaEntrySchema, session: sessionSchema })),
  feedUrl: z.string().describe('A secret iCalendar URL; calendar apps send no cookies'),
});
export const programmeNoticeSchema = z
  .object({
    eventId: z.string(),
    version: z.number().int(),
    sessionIds: z.array(z.string()),
    createdAt: isoInstant(),
    readAt: isoInstant().nullable(),
    event: z.object(eventHead),
    changes: changesSchema.describe('What the version did to these sessions (`new` is always empty)'),
    rooms: z.array(roomSchema).describe('The rooms the changes mention'),
  })
  .meta({ id: 'ProgrammeNotice' });
export const unreadNoticesSchema = z.object({ unread: z.number().int() });
export const noticesReadSchema = z.object({ updated: z.number().int().describe('Notices marked read') });

export const seatSchema = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    status: z.enum(['reserved', 'waiting']),
    position: z.number().int().nullable().describe('On the waiting list: 1 is next'),
  })
  .meta({ id: 'WorkshopSeat' });
export const mySeatsSchema = z.object({
  items: z.array(z.object({ seat: seatSchema, session: sessionSchema })),
});
export const seatListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      displayName: z.string(),
      status: z.enum(['reserved', 'waiting']),
      createdAt: isoInstant(),
    }),
  ),
});

export const feedbackSchema = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    rating: z.number().int(),
    comment: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'SessionFeedback' });
export const speakerFeedbackSchema = z.object({
  items: z.array(
    z.object({
      session: sessionSchema,
      ratings: z.number().int(),
      average: z.number().nullable(),
      feedback: z.array(z.object({ rating: z.number().int(), comment: z.string(), createdAt: isoInstant() })),
    }),
  ),
});
export const feedbackSummarySchema = z
  .object({
    checkedIn: z.number().int(),
    sessions: z.array(
      z.object({
        sessionId: z.string(),
        title: z.string(),
        trackId: z.string().nullable(),
        ratings: z.number().int(),
        average: z.number().nullable(),
        saved: z.number().int(),
        seatsTaken: z.number().int(),
      }),
    ),
    tracks: z.array(
      z.object({ trackId: z.string().nullable(), ratings: z.number().int(), average: z.number().nullable() }),
    ),
    overall: z.object({ ratings: z.number().int(), average: z.number().nullable() }),
  })
  .meta({ id: 'FeedbackSummary' });

type Of<K extends keyof ProgrammeService> = Awaited<ReturnType<ProgrammeService[K]>>;
type _Programme = SameType<z.infer<typeof programmeSchema>, Of<'programme'>>;
type _Track = SameType<z.infer<typeof trackSchema>, Of<'createTrack'>>;
type _Room = SameType<z.infer<typeof roomSchema>, Of<'createRoom'>>;
type _Speaker = SameType<z.infer<typeof organizerSpeakerSchema>, Of<'createSpeaker'>>;
type _Session = SameType<z.infer<typeof sessionSchema>, Of<'createSession'>>;
type _Placed = SameType<z.infer<typeof placedSchema>, Of<'place'>>;
type _Published = SameType<z.infer<typeof publishedSchema>, Of<'publish'>>;
type _Agenda = SameType<z.infer<typeof agendaSchema>, Of<'agenda'>>;
type _SessionPage = SameType<z.infer<typeof sessionPageSchema>, Of<'sessionPage'>>;
type _SpeakerPage = SameType<z.infer<typeof speakerPageSchema>, Of<'speaker'>>;
type _MyAgenda = SameType<z.infer<typeof myAgendaSchema>, Of<'myAgenda'>>;
type _Notices = SameType<z.infer<typeof programmeNoticeSchema>[], Of<'notices'>>;
type _Unread = SameType<z.infer<typeof unreadNoticesSchema>, Of<'unreadNotices'>>;
type _Read = SameType<z.infer<typeof noticesReadSchema>, Of<'markNoticesRead'>>;
type _MySeats = SameType<z.infer<typeof mySeatsSchema>['items'], Of<'mySeats'>>;
type _Seat = SameType<z.infer<typeof seatSchema>, Of<'reserveSeat'>['seat']>;
type _SeatList = SameType<z.infer<typeof seatListSchema>['items'], Of<'seatList'>>;
type _Feedback = SameType<z.infer<typeof feedbackSchema>, Of<'giveFeedback'>>;
type _SpeakerFeedback = SameType<z.infer<typeof speakerFeedbackSchema>['items'], Of<'speakerFeedback'>>;
type _Summary = SameType<z.infer<typeof feedbackSummarySchema>, Of<'feedbackSummary'>>;
