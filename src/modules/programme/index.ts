/** The conference programme's public surface (issue 12): tracks now; rooms, sessions and the schedule next. */

export type {
  ConfirmedProposal,
  HandoffSpeaker,
  ProposalHandoff,
  ProposalWithdrawal,
  SubmissionKind,
} from './proposal-handoff';
export type { ProgrammeTables } from './tables';
export { insertTrack, listTracks, type Track, trackOf } from './tracks';
