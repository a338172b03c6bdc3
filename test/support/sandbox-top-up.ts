import type { FastifyInstance } from 'fastify';
import type { NotificationDelivery, Payments, TopUp } from '../../src/modules/payments';

let n = 0;

/** Delivers the sandbox gateway's notifications into the app in-process (app.inject), as HTTP would. */
export const injectDelivery =
  (app: FastifyInstance): NotificationDelivery =>
  async ({ url, headers, body }) => {
    const res = await app.inject({
      method: 'POST',
      url: new URL(url, 'http://carnival.test').pathname,
      headers,
      payload: body,
    });
    return { status: res.statusCode };
  };

/** Delivers straight to the payments service (no HTTP), for service-level tests. */
export const serviceDelivery =
  (payments: Payments): NotificationDelivery =>
  async ({ headers, body }) => {
    await payments.topUps.notify('sandbox', { headers, rawBody: body });
    return { status: 200 };
  };

/**
 * Money into a wallet the only way the product allows: a top-up, paid on the sandbox gateway's
 * page, credited when its signed notification is delivered. Returns the succeeded top-up.
 */
export async function topUpThroughSandbox(
  payments: Payments,
  userId: string,
  amount: number,
  options: { key?: string; deliver?: NotificationDelivery } = {},
): Promise<TopUp> {
  const topUp = await payments.topUps.create(
    userId,
    amount,
    options.key ?? `sandbox-top-up-${++n}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const token = await payments.sandbox.openPage(topUp.chargeId!);
  if (!token) throw new Error(`sandbox charge ${topUp.chargeId} is not payable`);
  if (!(await payments.sandbox.complete(topUp.chargeId!, token, 'succeeded')))
    throw new Error('sandbox pay failed');
  await payments.sandbox.deliverDue(options.deliver ?? serviceDelivery(payments), 5, topUp.chargeId!);
  const done = await payments.topUps.get(userId, topUp.id);
  if (done.status !== 'succeeded') throw new Error(`top-up ${topUp.id} is ${done.status}`);
  return done;
}

/**
 * The whole top-up over HTTP, as a browser and the gateway do it: POST /api/wallet/top-ups, open
 * the hosted page, press Pay (a form post with the page's one-time token), then the gateway's
 * signed notification is delivered to POST /api/payments/notify/sandbox. Returns the top-up.
 */
export async function topUpOverHttp(
  app: FastifyInstance,
  payments: Payments,
  cookie: string,
  amount: number,
  action: 'pay' | 'cancel' = 'pay',
): Promise<TopUp> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/wallet/top-ups',
    headers: { cookie, 'idempotency-key': `http-top-up-${++n}-${Math.random().toString(36).slice(2, 8)}` },
    payload: { amount },
  });
  if (created.statusCode !== 201) throw new Error(`top-up: ${created.statusCode} ${created.body}`);
  const topUp = created.json().topUp as TopUp;
  const page = await app.inject({ method: 'GET', url: topUp.redirectUrl! });
  const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.statusCode !== 200 || !token) throw new Error(`sandbox page: ${page.statusCode}`);
  const paid = await app.inject({
    method: 'POST',
    url: topUp.redirectUrl!,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, action }).toString(),
  });
  if (paid.statusCode !== 303) throw new Error(`sandbox ${action}: ${paid.statusCode} ${paid.body}`);
  await payments.sandbox.deliverDue(injectDelivery(app), 5, topUp.chargeId!);
  const after = await app.inject({
    method: 'GET',
    url: `/api/wallet/top-ups/${topUp.id}`,
    headers: { cookie },
  });
  return after.json().topUp as TopUp;
}
