import { AppError, conflict, forbidden, unprocessable } from '../../platform/errors';
import type { Conflict } from './conflicts';

/** The programme's refusals (docs/programme.md): each names its code and, for input, the field. */
export const trackNameTaken = () =>
  conflict('TRACK_NAME_TAKEN', 'The event already has a track of that name', { field: 'name' });
export const trackInUse = (trackId: string) =>
  conflict('TRACK_IN_USE', 'Sessions or proposals are filed under this track', { trackId });
export const roomInUse = (roomId: string) =>
  conflict('ROOM_IN_USE', 'A session is placed in this room (in the draft or a published version)', {
    roomId,
  });
export const invalidRoomHours = () =>
  unprocessable('INVALID_ROOM_HOURS', 'A room closes after it opens (HH:MM, 00:00–24:00)', {
    field: 'closesAt',
  });
export const unknownTrack = (trackId: string) =>
  unprocessable('UNKNOWN_TRACK', 'No such track in this event', { trackId, field: 'trackId' });
export const unknownSpeaker = (speakerId: string) =>
  unprocessable('UNKNOWN_SPEAKER', 'No such speaker in this event', { speakerId, field: 'speakerIds' });
export const unknownRoom = (roomId: string) =>
  unprocessable('UNKNOWN_ROOM', 'No such room in this event', { roomId, field: 'roomId' });
export const seatsBelowTaken = (taken: number) =>
  unprocessable('SEATS_BELOW_TAKEN', `${taken} seats are already reserved`, { taken, field: 'seats' });
export const sessionCancelled = (sessionId: string) =>
  conflict('SESSION_CANCELLED', 'This session is cancelled', { sessionId });
export const scheduleConflicts = (conflicts: Conflict[]) =>
  conflict('SCHEDULE_CONFLICTS', `The schedule has ${conflicts.length} conflict(s); resolve them first`, {
    conflicts,
  });
export const noScheduleChanges = () =>
  conflict('NO_SCHEDULE_CHANGES', 'Nothing changed since the last published version');
export const noValidTicket = (eventId: string) =>
  new AppError('NO_VALID_TICKET', 'Reserving a workshop seat needs a valid ticket of the event', 403, {
    eventId,
  });
export const notAWorkshop = (sessionId: string) =>
  conflict('NOT_A_WORKSHOP', 'This session has no seats to reserve', { sessionId });
export const seatsFull = (sessionId: string) =>
  conflict('SEATS_FULL', 'Every seat is taken; join the waiting list instead', { sessionId });
export const notCheckedIn = (eventId: string) =>
  new AppError('NOT_CHECKED_IN', 'Only attendees who checked in rate sessions', 403, { eventId });
export const feedbackExists = (sessionId: string) =>
  conflict('FEEDBACK_EXISTS', 'You have rated this session already', { sessionId });
export const sessionNotStarted = (sessionId: string) =>
  conflict('SESSION_NOT_STARTED', 'Feedback opens when the session starts', { sessionId });
export const notOrganizer = (eventId: string) =>
  forbidden('Only the event’s organizer or an operator manages its programme', { eventId });
