import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ROLES, requireInteractiveSession, requireRole } from '../../platform/auth';
import { DEVICE_COOKIE, DEVICE_COOKIE_TTL_MS } from './device-cookie';
import { SELF_SERVICE_ROLES, SESSION_COOKIE } from './model';
import { PASSWORD_MIN_LENGTH } from './password-strength';
import { REAUTH_WINDOW_MS } from './recent-auth';
import type { AccountsService } from './service';

const email = z.string().trim().email().max(200);
// Length here; strength (zxcvbn, e-mail-derived) in the service, which can say why (WEAK_PASSWORD).
const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200);
const currentPassword = z.string().min(1).max(200).optional();

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  secureCookies: boolean;
}

export async function accountsRoutes(
  app: FastifyInstance,
  { accounts, secureCookies }: AccountsRoutesOptions,
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
      },
      config: { limits: ['signupPerIp'] },
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
      },
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
    { schema: { tags: ['accounts'], summary: 'Sign out' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await accounts.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/auth/me',
    { schema: { tags: ['accounts'], summary: 'The signed-in user' }, preHandler: requireRole() },
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
      },
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
      },
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
      schema: { tags: ['accounts'], summary: 'Your API keys' },
      preHandler: requireRole('partner', 'operator'),
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
        summary: 'Create an API key; the key is shown once',
        body: z.object({ name: z.string().trim().min(1).max(80), currentPassword }),
      },
      preHandler: [requireRole('partner', 'operator'), recentAuth('mint API keys')],
    },
    async (request, reply) => {
      const created = await accounts.createApiKey(actorOf(request), request.body.name);
      return reply.status(201).send(created);
    },
  );

  r.delete(
    '/api/auth/api-keys/:id',
    {
      schema: { tags: ['accounts'], summary: 'Revoke an API key', params: z.object({ id: z.string() }) },
      preHandler: [requireRole('partner', 'operator'), requireInteractiveSession('revoke API keys')],
    },
    async (request, reply) => {
      await accounts.revokeApiKey(actorOf(request), request.params.id);
      return reply.status(204).send();
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
      },
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
      },
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
