/**
 * The call for proposals' routes (docs/cfp.md) through the typed client. Every creating POST
 * takes the caller's Idempotency-Key (an `Intent` in the page), so a retried click is done once.
 */
import { call, carnival, idempotent } from '../api/typed';
import type { CfpSettingsInput, ProfileInput, ProposalInput, ProposalState } from './types';

const byId = (id: string) => ({ params: { path: { id } } });

export const cfpApi = {
  // Public and speakers
  cfp: (eventId: string) => call(carnival.GET('/api/events/{id}/cfp', byId(eventId))).then((r) => r.cfp),
  profile: (eventId: string) =>
    call(carnival.GET('/api/events/{id}/cfp/profile', byId(eventId))).then((r) => r.profile),
  saveProfile: (eventId: string, body: ProfileInput) =>
    call(carnival.PUT('/api/events/{id}/cfp/profile', { ...byId(eventId), body })).then((r) => r.profile),
  submit: (eventId: string, body: ProposalInput & { profile?: ProfileInput }, key: string) =>
    call(
      carnival.POST('/api/events/{id}/proposals', { ...byId(eventId), body, headers: idempotent(key) }),
    ).then((r) => r.proposal),
  mine: () => call(carnival.GET('/api/me/proposals')).then((r) => r.items),
  proposal: (id: string) => call(carnival.GET('/api/proposals/{id}', byId(id))).then((r) => r.proposal),
  update: (id: string, body: Partial<ProposalInput>) =>
    call(carnival.PATCH('/api/proposals/{id}', { ...byId(id), body })).then((r) => r.proposal),
  withdraw: (id: string, reason?: string) =>
    call(carnival.POST('/api/proposals/{id}/withdraw', { ...byId(id), body: { reason } })).then(
      (r) => r.proposal,
    ),
  confirm: (id: string, key: string) =>
    call(carnival.POST('/api/proposals/{id}/confirm', { ...byId(id), headers: idempotent(key) })).then(
      (r) => r.proposal,
    ),
  invite: (id: string, email: string, key: string) =>
    call(
      carnival.POST('/api/proposals/{id}/invites', {
        ...byId(id),
        body: { email },
        headers: idempotent(key),
      }),
    ).then((r) => r.invite),
  revokeInvite: (id: string) =>
    call(carnival.POST('/api/cfp-invites/{id}/revoke', byId(id))).then((r) => r.invite),
  inviteByToken: (token: string) =>
    call(carnival.GET('/api/cfp-invites/by-token/{token}', { params: { path: { token } } })).then(
      (r) => r.invite,
    ),
  acceptInvite: (token: string, profile?: ProfileInput) =>
    call(
      carnival.POST('/api/cfp-invites/by-token/{token}/accept', {
        params: { path: { token } },
        body: { profile },
      }),
    ).then((r) => r.proposal),
  notices: () => call(carnival.GET('/api/me/cfp-notices')).then((r) => r.items),

  // Reviewers
  queue: (eventId?: string) => call(carnival.GET('/api/me/reviews', { params: { query: { eventId } } })),
  reviewProposal: (id: string) => call(carnival.GET('/api/review/proposals/{id}', byId(id))),
  saveReview: (id: string, body: { scores: Record<string, number>; comment: string }) =>
    call(carnival.PUT('/api/review/proposals/{id}/review', { ...byId(id), body })).then((r) => r.review),

  // Organizer
  settings: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/cfp', byId(eventId))).then((r) => r.cfp),
  saveSettings: (eventId: string, body: CfpSettingsInput) =>
    call(carnival.PUT('/api/organizer/events/{id}/cfp', { ...byId(eventId), body })).then((r) => r.cfp),
  proposals: (eventId: string, query: { state?: ProposalState; trackId?: string } = {}) =>
    call(
      carnival.GET('/api/organizer/events/{id}/proposals', { params: { path: { id: eventId }, query } }),
    ).then((r) => r.items),
  reviewers: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/cfp/reviewers', byId(eventId))).then((r) => r.items),
  appoint: (eventId: string, body: { email: string; trackIds: string[] }, key: string) =>
    call(
      carnival.POST('/api/organizer/events/{id}/cfp/reviewers', {
        ...byId(eventId),
        body,
        headers: idempotent(key),
      }),
    ).then((r) => r.items),
  removeReviewer: (id: string) => call(carnival.DELETE('/api/organizer/cfp-reviewers/{id}', byId(id))),
  dashboard: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/cfp/dashboard', byId(eventId))),
  decide: (id: string, decision: 'accept' | 'reject', reason?: string) =>
    call(
      carnival.POST('/api/organizer/proposals/{id}/decision', { ...byId(id), body: { decision, reason } }),
    ).then((r) => r.proposal),
  decideMany: (eventId: string, proposalIds: string[], decision: 'accept' | 'reject', reason?: string) =>
    call(
      carnival.POST('/api/organizer/events/{id}/cfp/decisions', {
        ...byId(eventId),
        body: { proposalIds, decision, reason },
      }),
    ),
};
