import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actorOf,
  ROLES,
  requireInteractiveSession,
  requireRole,
  SCOPE_NAMES,
  type Scope,
} from '../../platform/auth';
import { noContent } from '../../platform/http/api-schemas';
import { apiKeysAnswerSchema, apiKeyUsageSchema, createdApiKeyAnswerSchema } from './api-key-responses';
import type { KeyUsage } from './api-key-usage';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_MS } from './device-cookie';
import { SELF_SERVICE_ROLES, SESSION_COOKIE } from './model';
import { PASSWORD_MIN_LENGTH } from './password-strength';
import { REAUTH_WINDOW_MS } from './recent-auth';
import type { AccountsService } from './service';
import {
  passwordChangedSchema,
  reauthenticatedSchema,
  userAnswerSchema,
  userListSchema,
} from './user-responses';

const email = z.string().trim().email().max(200);
// Length here; strength (zxcvbn, e-mail-derived) in the service, which can say why (WEAK_PASSWORD).
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200);
const currentPassword = z.string().min(1).max(200).optional();

/** Who may hold API keys: partners (ISVs), merchants (their own store tools) and operators. */
const KEY_OWNER_ROLES = ['partner', 'merchant', 'operator'] as const;

const idList = z.array(z.string().trim().min(1).max(64)).min(1).max(100);
const newKeyBody = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z
    .array(z.enum(SCOPE_NAMES as [Scope, ...Scope[]]))
    .min(1, 'name at least one scope')
    .max(SCOPE_NAMES.length),
  storeIds: idList.nullish(),
  campaignIds: idList.nullish(),
  ratePerMinute: z.number().int().min(1).max(1_000_000).nullish(),
  currentPassword,
});

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  keyUsage: KeyUsage;
  secureCookies: boolean;
}

export async function accountsRoutes(
  app: FastifyInstance,
  { accounts, keyUsage, secureCookies }: AccountsRoutesOptions,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: secureCookies };
  const signedIn = (
    reply: FastifyReply,
    session: { token: string; expiresAt: Date; device: { value: string } },
  ) => {
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
    // Only sign-in reads it, so it travels nowhere else.
    reply.setCookie(DEVICE_COOKIE, session.device.value, {
      ...cookieOptions,
      path: '/api/auth',
      maxAge: DEVICE_COOKIE_TTL_MS / 1000,
    });
  };
  const recentAuth = accounts.requireRecentAuth;

  r.post(
    '/api/auth/signup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account (consumer, merchant, organizer or partner)',
        body: z.object({
          email,
          password,
          displayName: z.string().trim().min(1).max(80),
          role: z.enum(SELF_SERVICE_ROLES).default('consumer'),
          locale: z.enum(['zh-CN', 'en-US']).optional(),
        }),
        response: { 201: userAnswerSchema },
      },
      config: { limits: ['signupPerIp'], scope: 'session-only' },
    },
    async (request, reply) => {
      const user = await accounts.signUp(request.body);
      signedIn(reply, await accounts.login({ ...request.body, ip: request.ip }));
      return reply.status(201).send({ user });
    },
  );

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; sets an HTTP-only session cookie',
        body: z.object({ email, password: z.string().min(1) }),
        response: { 200: userAnswerSchema },
      },
      config: { scope: 'session-only' },
    },
    async (request, reply) => {
      const session = await accounts.login({
        ...request.body,
        ip: request.ip,
        deviceCookie: request.cookies[DEVICE_COOKIE],
      });
      signedIn(reply, session);
      return { user: session.user };
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: { tags: ['accounts'], summary: 'Sign out', response: { 204: noContent } },
      config: { scope: 'session-only' },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await accounts.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user (or the owner of the API key)',
        response: { 200: userAnswerSchema },
      },
      config: { scope: 'unscoped' },
      preHandler: requireRole(),
    },
    async (request) => ({
      user: await accounts.getUser(actorOf(request).userId),
    }),
  );

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Change your password (browser session only); ends your other sessions, and with revokeApiKeys your API keys',
        body: z.object({
          currentPassword: z.string().min(1).max(200),
          newPassword: password,
          revokeApiKeys: z.boolean().default(false),
        }),
        response: { 200: passwordChangedSchema },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole(), requireInteractiveSession('change a password')],
    },
    async (request) => accounts.changePassword(actorOf(request), request.body, request.ip),
  );

  r.post(
    '/api/auth/reauthenticate',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Confirm your password; sensitive actions are then allowed for 5 minutes',
        body: z.object({ password: z.string().min(1).max(200) }),
        response: { 200: reauthenticatedSchema },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole(), requireInteractiveSession('re-authenticate')],
    },
    async (request) => {
      const at = await accounts.reauthenticate(actorOf(request), request.body.password, request.ip);
      return { reauthenticatedAt: at.toISOString(), validForSeconds: REAUTH_WINDOW_MS / 1000 };
    },
  );

  r.get(
    '/api/auth/api-keys',
    {
      schema: { tags: ['accounts'], summary: 'Your API keys', response: { 200: apiKeysAnswerSchema } },
      config: { scope: 'session-only' },
      preHandler: requireRole(...KEY_OWNER_ROLES),
    },
    async (request) => ({
      items: await accounts.listApiKeys(actorOf(request).userId),
    }),
  );

  r.post(
    '/api/auth/api-keys',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Create an API key with its scopes, optional store/campaign limits and rate; the key is shown once',
        body: newKeyBody,
        response: { 201: createdApiKeyAnswerSchema },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole(...KEY_OWNER_ROLES), recentAuth('mint API keys')],
    },
    async (request, reply) => {
      const { currentPassword: _password, ...input } = request.body;
      const created = await accounts.createApiKey(actorOf(request), input);
      return reply.status(201).send(created);
    },
  );

  r.delete(
    '/api/auth/api-keys/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an API key',
        params: z.object({ id: z.string() }),
        response: { 204: noContent },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole(...KEY_OWNER_ROLES), requireInteractiveSession('revoke API keys')],
    },
    async (request, reply) => {
      await accounts.revokeApiKey(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/keys/:id/usage',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Usage of one of your API keys: requests per day and route over the last 7 days, 4xx/5xx, last use',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: apiKeyUsageSchema },
      },
      config: { scope: 'session-only' },
      preHandler: requireRole(...KEY_OWNER_ROLES),
    },
    async (request) => {
      const key = await accounts.getOwnApiKey(actorOf(request), request.params.id);
      const days = await keyUsage.read(key.id);
      const total = (pick: (d: (typeof days)[number]) => number) => days.reduce((n, d) => n + pick(d), 0);
      return {
        keyId: key.id,
        lastUsedAt: key.lastUsedAt,
        ratePerMinute: key.ratePerMinute ?? accounts.rates.defaultPerMinute,
        totals: {
          requests: total((d) => d.requests),
          clientErrors: total((d) => d.clientErrors),
          serverErrors: total((d) => d.serverErrors),
        },
        days,
      };
    },
  );

  r.get(
    '/api/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'List users (operators)',
        querystring: z.object({
          role: z.enum(ROLES).optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: userListSchema },
      },
      config: { scope: 'users:read' },
      preHandler: requireRole('operator'),
    },
    async (request) => ({ items: await accounts.listUsers(request.query) }),
  );

  r.put(
    '/api/admin/users/:id/role',
    {
      schema: {
        tags: ['admin'],
        summary: "Change a user's role (audited)",
        params: z.object({ id: z.string() }),
        body: z.object({ role: z.enum(ROLES), reason: z.string().trim().min(1).max(500), currentPassword }),
        response: { 200: userAnswerSchema },
      },
      config: { scope: 'session-only' },
      preHandler: [requireRole('operator'), recentAuth('change roles')],
    },
    async (request) => ({
      user: await accounts.setRole(
        actorOf(request),
        request.params.id,
        request.body.role,
        request.body.reason,
      ),
    }),
  );
}
