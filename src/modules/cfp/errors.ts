import { AppError, conflict, forbidden, unprocessable } from '../../platform/errors';

const refused = (code: string, message: string, details: Record<string, unknown>) =>
  new AppError(code, message, 403, details);

/** The call for proposals' refusals (docs/cfp.md): each names its code and, for input, the field. */
export const notConference = (eventId: string, kind: string) =>
  conflict('EVENT_NOT_TICKETED', 'Only merchant conferences and tech summits run a call for proposals', {
    eventId,
    kind,
  });
export const notOrganizer = (eventId: string) =>
  forbidden('Only the event’s organizer or an operator manages its call for proposals', { eventId });
export const cfpClosed = (eventId: string, reason: 'not_configured' | 'not_open' | 'closed') =>
  conflict(
    'CFP_CLOSED',
    reason === 'closed'
      ? 'The call for proposals has closed'
      : reason === 'not_open'
        ? 'The call for proposals has not opened yet'
        : 'This event has no call for proposals',
    { eventId, reason },
  );
export const invalidCfp = (field: string, message: string) =>
  unprocessable('INVALID_CFP', `${field}: ${message}`, { field });
export const typeInUse = (typeId: string) =>
  conflict('TYPE_IN_USE', 'A proposal uses this submission type: it cannot be removed', {
    typeId,
    field: 'submissionTypes',
  });
export const criterionInUse = (key: string) =>
  conflict('CRITERION_IN_USE', `Reviews score the criterion ${key}: it cannot be removed`, {
    key,
    field: 'criteria',
  });
export const invalidProposal = (field: string, message: string) =>
  unprocessable('INVALID_PROPOSAL', `${field}: ${message}`, { field });
export const profileRequired = () =>
  unprocessable('PROFILE_REQUIRED', 'profile: a speaker profile for this event is needed first', {
    field: 'profile',
  });
export const notSpeaker = (proposalId: string) =>
  refused('NOT_SPEAKER', 'Only the proposal’s speakers may do this', { proposalId });
export const proposalState = (proposalId: string, state: string) =>
  conflict('PROPOSAL_STATE', `The proposal is ${state}: this is no longer possible`, { proposalId, state });
export const alreadySpeaker = (email: string) =>
  conflict('ALREADY_SPEAKER', 'This address is already a speaker of the proposal', { email, field: 'email' });
export const invitePending = (email: string) =>
  conflict('INVITE_PENDING', 'This address already has a pending invitation', { email, field: 'email' });
export const inviteNotPending = (inviteId: string, status: string) =>
  conflict('INVITE_NOT_PENDING', `The invitation is ${status}`, { inviteId, status });
export const inviteWrongAccount = () =>
  refused('INVITE_WRONG_ACCOUNT', 'This invitation is for another e-mail address: sign in with that one', {});
export const notReviewer = (proposalId: string) =>
  refused('NOT_REVIEWER', 'You are not a reviewer of this proposal’s track', { proposalId });
export const ownProposal = (proposalId: string) =>
  refused('OWN_PROPOSAL', 'You are a speaker of this proposal: you cannot review it', { proposalId });
export const reviewClosed = (proposalId: string, state: string) =>
  conflict('REVIEW_CLOSED', 'The proposal has been decided: reviews are closed', { proposalId, state });
export const invalidScores = (field: string, message: string) =>
  unprocessable('INVALID_SCORES', `${field}: ${message}`, { field });
export const unknownUser = () =>
  unprocessable('UNKNOWN_USER', 'email: no account has this address', { field: 'email' });
export const invalidTrack = (field: string) =>
  unprocessable('INVALID_TRACK', `${field}: not a track of this event`, { field });
