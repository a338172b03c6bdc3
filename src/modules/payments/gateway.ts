/**
 * The seam a hosted-payment gateway adapter implements: Alipay (电脑网站支付), WeChat Pay (Native /
 * H5), Stripe Checkout, and the built-in sandbox gateway. All of them work the same way, so the
 * top-up code is the code a real adapter runs under:
 *
 * 1. `createCharge` asks the gateway for a charge and gets back where to send the payer
 *    (a hosted page); nothing is credited yet.
 * 2. The payer pays (or cancels) on the gateway's page; the gateway sends them back to `returnUrl`.
 * 3. The gateway POSTs an asynchronous, signed notification to `notifyUrl`, retrying until it gets
 *    a 2xx. Only a notification that `verifyNotification` accepts moves money on our books.
 * 4. `refund` sends (part of) a succeeded charge back to the payer's source.
 *
 * A real adapter makes HTTP calls to the gateway here; none of these take our database
 * transaction, and each is idempotent on its own key so a retry after a crash is safe.
 */
export interface CreateChargeRequest {
  /** Minor units, > 0. */
  amount: number;
  currency: string;
  /** Our id for what is paid for (a top-up, tpu_...); the gateway keeps one charge per reference. */
  reference: string;
  /** Where the gateway POSTs its notifications (absolute, or a path on this server). */
  notifyUrl: string;
  /** Where the payer's browser goes after paying or cancelling. */
  returnUrl: string;
  /** Shown on the hosted page. */
  description: string;
}

export interface CreatedCharge {
  chargeId: string;
  redirectUrl: string;
}

/** An incoming HTTP request as the notify endpoint received it: the raw body is what was signed. */
export interface IncomingNotification {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/** What a verified notification says happened to a charge. */
export interface GatewayNotification {
  /** The gateway's id of this notification (the same on every retry of it). */
  id: string;
  type: 'charge.succeeded' | 'charge.failed';
  chargeId: string;
  reference: string;
  amount: number;
  currency: string;
}

export interface GatewayRefundRequest {
  chargeId: string;
  amount: number;
  /** Same key, same refund: a retried refund never pays back twice. */
  idempotencyKey: string;
}

export type GatewayRefundResult =
  | { status: 'succeeded'; refundId: string }
  | { status: 'failed'; failureCode: string; failureMessage: string };

export interface HostedPaymentGateway {
  /** The path segment of the notify endpoint: POST /api/payments/notify/<name>. */
  readonly name: string;
  createCharge(request: CreateChargeRequest): Promise<CreatedCharge>;
  /**
   * Checks the signature and freshness and parses the body. Throws an AppError: 401
   * BAD_SIGNATURE / STALE_NOTIFICATION when it is not from the gateway, 400 for a malformed body.
   */
  verifyNotification(incoming: IncomingNotification): Promise<GatewayNotification>;
  refund(request: GatewayRefundRequest): Promise<GatewayRefundResult>;
}
