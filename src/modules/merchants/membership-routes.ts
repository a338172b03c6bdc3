import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { storeInvitationAnswerSchema, storeInvitationListSchema, storeMemberAnswerSchema } from './responses';
import { confirmationSchema, invitationSchema, memberRoleSchema } from './schemas';
import type { MerchantsService } from './service';

/** The accounts module's guard: a browser session whose holder typed the password recently. */
export type RecentAuthGuard = (
  what: string,
) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const id = z.string().min(1).max(100);
const storeParams = z.object({ id });
const memberParams = z.object({ id, userId: id });
const invitationParams = z.object({ invitationId: id });

/** Invitations, removal, leaving and member roles; see membership.ts for the rules. */
export async function membershipRoutes(
  app: FastifyInstance,
  { merchants, recentAuth }: { merchants: MerchantsService; recentAuth: RecentAuthGuard },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['merchants'];
  const guarded = [requireRole('merchant'), recentAuth('change store membership')];

  r.post(
    '/api/stores/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite an e-mail address to work in the store as owner or staff (owner; expires in 7 days)',
        params: storeParams,
        body: invitationSchema,
        response: { 201: storeInvitationAnswerSchema },
      },
      config: { scope: 'session-only' },
      preHandler: guarded,
    },
    async (request, reply) =>
      reply.status(201).send({
        invitation: await merchants.invite(actorOf(request), request.params.id, request.body),
      }),
  );

  r.get(
    '/api/stores/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations the store sent (owner)',
        params: storeParams,
        response: { 200: storeInvitationListSchema },
      },
      config: { scope: 'stores:read' },
      preHandler: requireRole('merchant'),
    },
    async (request) => ({ items: await merchants.storeInvitations(actorOf(request), request.params.id) }),
  );

  r.delete(
    '/api/stores/:id/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation (owner)',
        params: storeParams.extend({ invitationId: id }),
        body: confirmationSchema,
        response: { 204: noContent },
      },
      config: { scope: 'session-only' },
      preHandler: guarded,
    },
    async (request, reply) => {
      await merchants.revokeInvitation(actorOf(request), request.params.id, request.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me/store-invitations',
    {
      schema: {
        tags,
        summary: 'Pending invitations to your e-mail address',
        response: { 200: storeInvitationListSchema },
      },
      config: { scope: 'stores:read' },
      preHandler: requireRole(),
    },
    async (request) => ({ items: await merchants.myInvitations(actorOf(request)) }),
  );

  r.post(
    '/api/store-invitations/:invitationId/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation and join the store',
        params: invitationParams,
        body: confirmationSchema,
        response: { 201: storeMemberAnswerSchema },
      },
      config: { scope: 'session-only' },
      preHandler: guarded,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ member: await merchants.accept(actorOf(request), request.params.invitationId) }),
  );

  r.post(
    '/api/store-invitations/:invitationId/decline',
    {
      schema: {
        tags,
        summary: 'Decline an invitation',
        params: invitationParams,
        body: confirmationSchema,
        response: { 204: noContent },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole(), recentAuth('change store membership')],
    },
    async (request, reply) => {
      await merchants.decline(actorOf(request), request.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/stores/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member (owner), or leave the store (your own user id); the last owner cannot go',
        params: memberParams,
        body: confirmationSchema,
        response: { 204: noContent },
      },
      config: { scope: 'session-only' },
      preHandler: guarded,
    },
    async (request, reply) => {
      await merchants.removeMember(actorOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/api/stores/:id/members/:userId/role',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (owner); the last owner cannot be demoted',
        params: memberParams,
        body: memberRoleSchema,
        response: { 200: storeMemberAnswerSchema },
      },
      config: { scope: 'session-only' },
      preHandler: guarded,
    },
    async (request) => ({
      member: await merchants.setMemberRole(
        actorOf(request),
        request.params.id,
        request.params.userId,
        request.body.role,
      ),
    }),
  );
}
