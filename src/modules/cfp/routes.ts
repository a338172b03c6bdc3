import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { cfpOrganizerRoutes } from './organizer-routes';
import {
  cfpPublicSchema,
  inviteSchema,
  inviteViewSchema,
  myProposalSchema,
  noticeSchema,
  profileSchema,
} from './responses';
import { cfpReviewRoutes } from './review-routes';
import {
  acceptInviteSchema,
  inviteInputSchema,
  profileInputSchema,
  proposalInputSchema,
  proposalPatchSchema,
  reasonSchema,
} from './schemas';
import type { CfpModule } from './service';

const idParams = z.object({ id: z.string().min(1).max(100) });
const tokenParams = z.object({ token: z.string().min(10).max(200) });
const tags = ['cfp'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const proposalAnswer = z.object({ proposal: myProposalSchema });

/** The call for proposals (docs/cfp.md): the public CfP, speakers, invites; then review and console. */
export async function cfpRoutes(app: FastifyInstance, { cfp }: { cfp: CfpModule }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireRole();
  const read = { scope: 'cfp:read' } as const;
  const write = { scope: 'cfp:write' } as const;
  // Public writes a script would repeat: counted per user on top of the write default.
  const publicCreate = {
    scope: 'cfp:write' as const,
    idempotent: true,
    limits: ['cfpSubmitPerActor' as const],
  };

  r.get(
    '/api/events/:id/cfp',
    {
      schema: {
        tags,
        summary: 'An event’s call for proposals: window, status, submission types, tracks, criteria',
        params: idParams,
        response: { 200: z.object({ cfp: cfpPublicSchema }) },
      },
      config: read,
    },
    async (request) => ({ cfp: await cfp.publicCfp(request.actor ?? null, request.params.id) }),
  );

  r.get(
    '/api/events/:id/cfp/profile',
    {
      schema: {
        tags,
        summary: 'Your speaker profile for the event (null until you make one)',
        params: idParams,
        response: { 200: z.object({ profile: profileSchema.nullable() }) },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ profile: await cfp.profile(actorOf(request), request.params.id) }),
  );

  r.put(
    '/api/events/:id/cfp/profile',
    {
      schema: {
        tags,
        summary: 'Make or update your speaker profile for the event (photo URL https only)',
        params: idParams,
        body: profileInputSchema,
        response: { 200: z.object({ profile: profileSchema }) },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({
      profile: await cfp.saveProfile(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/events/:id/proposals',
    {
      schema: {
        tags,
        summary: 'Submit a proposal while the CfP is open (409 CFP_CLOSED otherwise)',
        params: idParams,
        body: proposalInputSchema,
        response: { 201: proposalAnswer },
      },
      config: publicCreate,
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ proposal: await cfp.submit(actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/me/proposals',
    {
      schema: {
        tags,
        summary: 'Proposals you submitted or co-present, newest first',
        response: { 200: items(myProposalSchema) },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ items: await cfp.myProposals(actorOf(request)) }),
  );

  r.get(
    '/api/proposals/:id',
    {
      schema: {
        tags,
        summary: 'A proposal (its speakers, the event’s organizer, operators)',
        params: idParams,
        response: { 200: proposalAnswer },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ proposal: await cfp.proposal(actorOf(request), request.params.id) }),
  );

  r.patch(
    '/api/proposals/:id',
    {
      schema: {
        tags,
        summary: 'Edit a submitted proposal until the CfP closes',
        params: idParams,
        body: proposalPatchSchema,
        response: { 200: proposalAnswer },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({
      proposal: await cfp.editProposal(actorOf(request), request.params.id, request.body),
    }),
  );

  r.post(
    '/api/proposals/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a proposal at any time (a confirmed one’s session is cancelled)',
        params: idParams,
        body: reasonSchema,
        response: { 200: proposalAnswer },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({
      proposal: await cfp.withdraw(actorOf(request), request.params.id, request.body.reason),
    }),
  );

  r.post(
    '/api/proposals/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm an accepted proposal: it becomes an unscheduled session of the programme',
        params: idParams,
        response: { 200: proposalAnswer },
      },
      config: { scope: 'cfp:write', idempotent: true },
      preHandler: signedIn,
    },
    async (request) => ({ proposal: await cfp.confirm(actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/proposals/:id/invites',
    {
      schema: {
        tags,
        summary: 'Invite a co-speaker by e-mail (mailed a link to accept, valid 14 days)',
        params: idParams,
        body: inviteInputSchema,
        response: { 201: z.object({ invite: inviteSchema }) },
      },
      config: publicCreate,
      preHandler: signedIn,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ invite: await cfp.invite(actorOf(request), request.params.id, request.body.email) }),
  );

  r.post(
    '/api/cfp-invites/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a pending co-speaker invitation',
        params: idParams,
        response: { 200: z.object({ invite: inviteSchema }) },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({ invite: await cfp.revokeInvite(actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/cfp-invites/by-token/:token',
    {
      schema: {
        tags,
        summary: 'The invitation behind a mailed link (signed in with the invited address)',
        params: tokenParams,
        response: { 200: z.object({ invite: inviteViewSchema }) },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ invite: await cfp.inviteByToken(actorOf(request), request.params.token) }),
  );

  r.post(
    '/api/cfp-invites/by-token/:token/accept',
    {
      schema: {
        tags,
        summary: 'Accept a co-speaker invitation: you become a speaker of the proposal',
        params: tokenParams,
        body: acceptInviteSchema,
        response: { 200: proposalAnswer },
      },
      config: write,
      preHandler: signedIn,
    },
    async (request) => ({
      proposal: await cfp.acceptInvite(actorOf(request), request.params.token, request.body.profile),
    }),
  );

  r.get(
    '/api/me/cfp-notices',
    {
      schema: {
        tags,
        summary: 'Your in-app notices of the call for proposals (decisions, co-speakers), newest first',
        response: { 200: items(noticeSchema) },
      },
      config: read,
      preHandler: signedIn,
    },
    async (request) => ({ items: await cfp.notices(actorOf(request)) }),
  );

  await cfpReviewRoutes(app, { cfp });
  await cfpOrganizerRoutes(app, { cfp });
}
