import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ROLES, requireRole } from '../../platform/auth';
import { SELF_SERVICE_ROLES, SESSION_COOKIE } from './model';
import type { AccountsService } from './service';

const email = z.string().trim().email().max(200);
const password = z.string().min(8, 'must be at least 8 characters').max(200);

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
      const user = await accounts.createUser(request.body);
      const { token, expiresAt } = await accounts.login(request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
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
      const { user, token, expiresAt } = await accounts.login(request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
      return { user };
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
        summary: 'Change your password',
        body: z.object({ currentPassword: z.string().min(1), newPassword: password }),
      },
      preHandler: requireRole(),
    },
    async (request, reply) => {
      await accounts.changePassword(
        actorOf(request).userId,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.status(204).send();
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
        body: z.object({ name: z.string().trim().min(1).max(80) }),
      },
      preHandler: requireRole('partner', 'operator'),
    },
    async (request, reply) => {
      if (actorOf(request).via === 'api_key')
        return reply
          .status(403)
          .send({ error: { code: 'FORBIDDEN', message: 'API keys cannot mint API keys' } });
      const created = await accounts.createApiKey(actorOf(request), request.body.name);
      return reply.status(201).send(created);
    },
  );

  r.delete(
    '/api/auth/api-keys/:id',
    {
      schema: { tags: ['accounts'], summary: 'Revoke an API key', params: z.object({ id: z.string() }) },
      preHandler: requireRole('partner', 'operator'),
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
        body: z.object({ role: z.enum(ROLES), reason: z.string().trim().min(1).max(500) }),
      },
      preHandler: requireRole('operator'),
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
