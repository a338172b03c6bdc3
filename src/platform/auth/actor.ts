import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors';
import type { ApiKeyGrant } from './scopes';

export const ROLES = ['consumer', 'merchant', 'operator', 'organizer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is making the request: resolved once per request from the session cookie or API key. */
export interface Actor {
  userId: string;
  role: Role;
  email: string;
  displayName: string;
  via: 'session' | 'api_key';
  /** The session (`ses_...`) or API key (`key_...`) id; absent for actors built by jobs and fixtures. */
  credentialId?: string;
  /** Sessions only: when the holder last typed the password (sign-in or re-authentication). */
  recentAuthAt?: Date | null;
  /** API keys only: what the key may do beyond its owner's role (scopes.ts). */
  apiKey?: ApiKeyGrant;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Guards that need only the actor (no body); installGuardOrder runs them before validation. */
const actorGuards = new WeakSet<Guard>();

/** Marks a guard that decides from `request.actor` alone. */
export function actorGuard(guard: Guard): Guard {
  actorGuards.add(guard);
  return guard;
}

export const isActorGuard = (fn: unknown): boolean => actorGuards.has(fn as Guard);

/** A preHandler that lets through only the given roles (any signed-in role when none given). */
export function requireRole(...roles: Role[]) {
  return actorGuard(async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = request.actor;
    if (!actor) throw unauthorized();
    if (roles.length > 0 && !roles.includes(actor.role))
      throw forbidden(`This needs the role ${roles.join(' or ')}`, { required: roles, role: actor.role });
  });
}

/** For handlers behind requireRole: the actor, guaranteed present. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}
