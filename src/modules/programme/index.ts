/** The conference programme's public surface (issue 12, docs/programme.md). */

export { seedBenchAgenda } from './bulk';
export { proposalHandoff, proposalWithdrawal } from './handoff';
export { programmeOrganizerRoutes } from './organizer-routes';
export type {
  ConfirmedProposal,
  HandoffSpeaker,
  ProposalHandoff,
  ProposalWithdrawal,
  SubmissionKind,
} from './proposal-handoff';
export { programmePublicRoutes } from './public-routes';
export { createProgrammeService, type ProgrammeDeps, type ProgrammeService } from './service';
export type { ProgrammeTables } from './tables';
export { insertTrack, listTracks, type Track, trackOf } from './tracks';
