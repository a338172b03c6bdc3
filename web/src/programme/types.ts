/** The programme's answers, as the server's OpenAPI document names them (docs/programme.md). */
import type { Schemas as S } from '../api/typed';

export type Track = S['ConferenceTrack'];
export type Room = S['ProgrammeRoom'];
export type Speaker = S['ProgrammeSpeaker'];
export type Placement = S['ProgrammePlacement'];
export type Session = S['ProgrammeSession'];
export type SessionKind = Session['kind'];
export type Conflict = S['ScheduleConflict'];
export type Changes = S['ScheduleChanges'];
export type VersionSummary = S['ScheduleVersion'];
export type Programme = S['ProgrammeDraft'];
export type Agenda = S['Agenda'];
export type SessionDetail = S['SessionPage'];
export type Feedback = S['FeedbackSummary'];
export type ProgrammeNotice = S['ProgrammeNotice'];
export type Seat = S['WorkshopSeat'];
