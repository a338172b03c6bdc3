import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SandboxGateway } from './gateway';
import { checkoutPage, closedPage, SANDBOX_CSS } from './page';

const params = z.object({ chargeId: z.string().min(1).max(64) });
const form = z.object({ token: z.string().min(1).max(100), action: z.enum(['pay', 'cancel']) });

/**
 * The sandbox gateway's hosted pages, under /sandbox-gateway/ (exempt from Carnival's CSRF rule
 * because it is "another site": the form carries its own one-time token instead). Anyone with the
 * link may pay, as on a real gateway's page; paying only ever queues a signed notification.
 */
export async function sandboxGatewayRoutes(app: FastifyInstance, { sandbox }: { sandbox: SandboxGateway }) {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

    r.get('/sandbox-gateway/sandbox.css', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', 'max-age=3600')
        .send(SANDBOX_CSS),
    );

    r.get(
      '/sandbox-gateway/checkout/:chargeId',
      { schema: { hide: true, params } },
      async (request, reply) => {
        const charge = await sandbox.charge(request.params.chargeId);
        if (!charge) return reply.status(404).headers(html).send(closedPage(undefined, 'unknown'));
        const token = await sandbox.openPage(charge.id);
        if (!token) return reply.status(409).headers(html).send(closedPage(charge, 'closed'));
        return reply.headers(html).send(checkoutPage(charge, token));
      },
    );

    r.post(
      '/sandbox-gateway/checkout/:chargeId',
      { schema: { hide: true, params, body: form } },
      async (request, reply) => {
        const { chargeId } = request.params;
        const outcome = request.body.action === 'pay' ? 'succeeded' : 'cancelled';
        const done = await sandbox.complete(chargeId, request.body.token, outcome);
        if (done) return reply.redirect(done.return_url, 303);
        const charge = await sandbox.charge(chargeId);
        if (!charge) return reply.status(404).headers(html).send(closedPage(undefined, 'unknown'));
        // Still pending: the token was not this page's latest (another tab, a resubmitted form).
        const reason = charge.status === 'pending' ? 'stale' : 'closed';
        return reply.status(409).headers(html).send(closedPage(charge, reason));
      },
    );
  });
}
