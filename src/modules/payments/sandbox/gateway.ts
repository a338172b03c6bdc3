import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock';
import { AppError, badRequest } from '../../../platform/errors';
import type { DB } from '../../../schema';
import type { GatewayNotification, HostedPaymentGateway } from '../gateway';
import { checkSignature, signedHeaders } from './signature';
import * as store from './store';

/** How long the hosted page accepts a payment for a charge. */
export const SANDBOX_CHARGE_TTL_MS = 30 * 60 * 1000;
export const SANDBOX_PREFIX = '/sandbox-gateway';

/** Sends one notification over HTTP (or, in tests, into app.inject); resolves to the status code. */
export type NotificationDelivery = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<{ status: number }>;

export interface SandboxGatewayDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** CARNIVAL_SANDBOX_SECRET; when absent, one generated once and kept in the database. */
  configuredSecret?: string;
  /** The public origin of the hosted page ('' when not configured: a path on the origin the payer uses). */
  baseUrl: () => string;
  /** Where a notification to a path is sent: the public URL, or the URL this server listens on. */
  deliveryBaseUrl: () => string;
}

const notificationBody = z.object({
  id: z.string().min(1).max(64),
  type: z.enum(['charge.succeeded', 'charge.failed']),
  chargeId: z.string().min(1).max(64),
  reference: z.string().min(1).max(64),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export interface SandboxGateway extends HostedPaymentGateway {
  readonly name: 'sandbox';
  secret(): Promise<string>;
  charge(id: string): Promise<store.SandboxCharge | undefined>;
  /** A one-time token for the hosted page's form, or null when the charge is closed. */
  openPage(id: string): Promise<string | null>;
  /** The hosted page's Pay / Cancel: queues the notification. Null when the token or charge is not good. */
  complete(
    id: string,
    token: string,
    outcome: 'succeeded' | 'cancelled',
  ): Promise<store.SandboxCharge | null>;
  /** Delivers the notifications that are due; returns how many were acknowledged with a 2xx. */
  deliverDue(deliver: NotificationDelivery, limit?: number, chargeId?: string): Promise<number>;
}

/**
 * The built-in sandbox gateway: behaves like a real hosted gateway (its own records, a hosted page,
 * signed asynchronous notifications retried until acknowledged, refunds) but moves no real money.
 */
export function createSandboxGateway({
  db,
  clock,
  configuredSecret,
  baseUrl,
  deliveryBaseUrl,
}: SandboxGatewayDeps): SandboxGateway {
  let secretPromise: Promise<string> | null = null;
  const secret = () => {
    if (configuredSecret) return Promise.resolve(configuredSecret);
    secretPromise ??= store.storedSecret(db).catch((e) => {
      secretPromise = null;
      throw e;
    });
    return secretPromise;
  };

  return {
    name: 'sandbox',
    secret,

    async createCharge(request) {
      const now = clock.now();
      const charge = await store.insertCharge(db, {
        reference: request.reference,
        amount: request.amount,
        currency: request.currency,
        notify_url: request.notifyUrl,
        return_url: request.returnUrl,
        created_at: now,
        expires_at: new Date(now.getTime() + SANDBOX_CHARGE_TTL_MS),
      });
      if (charge.amount !== request.amount || charge.currency !== request.currency)
        throw new AppError('GATEWAY_REFERENCE_REUSED', 'This reference was charged with another amount', 409);
      return { chargeId: charge.id, redirectUrl: `${baseUrl()}${SANDBOX_PREFIX}/checkout/${charge.id}` };
    },

    async verifyNotification({ headers, rawBody }): Promise<GatewayNotification> {
      const check = checkSignature(await secret(), clock.now(), headers, rawBody);
      if (check === 'bad_signature')
        throw new AppError('BAD_SIGNATURE', 'The notification signature does not verify', 401);
      if (check === 'stale')
        throw new AppError('STALE_NOTIFICATION', 'The notification timestamp is older than 5 minutes', 401);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw badRequest('body: not JSON', 'body');
      }
      const parsed = notificationBody.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badRequest(`${issue.path.join('.')}: ${issue.message}`, issue.path.join('.') || 'body');
      }
      return parsed.data;
    },

    async refund({ chargeId, amount, idempotencyKey }) {
      const result = await store.refundCharge(db, { chargeId, amount, idempotencyKey, now: clock.now() });
      if ('refundId' in result) return { status: 'succeeded', refundId: result.refundId };
      return { status: 'failed', failureCode: result.failureCode, failureMessage: result.failureCode };
    },

    charge: (id) => store.chargeById(db, id),
    openPage: (id) => store.issuePageToken(db, id, clock.now()),
    complete: (id, token, outcome) => store.completeCharge(db, { id, token, outcome, now: clock.now() }),

    async deliverDue(deliver, limit = 20, chargeId) {
      const due = await store.claimDue(db, clock.now(), limit, chargeId);
      let delivered = 0;
      const key = due.length ? await secret() : '';
      for (const n of due) {
        try {
          const url = /^https?:\/\//.test(n.notifyUrl) ? n.notifyUrl : `${deliveryBaseUrl()}${n.notifyUrl}`;
          // Signed afresh on each attempt, as real gateways do: the timestamp is the attempt's.
          const { status } = await deliver({
            url,
            headers: signedHeaders(key, clock.now(), n.body),
            body: n.body,
          });
          if (status >= 200 && status < 300) {
            await store.markDelivered(db, n.id, clock.now());
            delivered++;
          } else await store.markFailed(db, n.id, n.attempts, `HTTP ${status}`, clock.now());
        } catch (e) {
          await store.markFailed(db, n.id, n.attempts, String((e as Error)?.message ?? e), clock.now());
        }
      }
      return delivered;
    },
  };
}
