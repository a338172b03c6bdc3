import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * The seam a payment gateway adapter implements (Alipay, WeChat Pay, a card acquirer...), and the
 * built-in wallet provider does too.
 *
 * The books contract: after a `succeeded` charge of `amount`, the paid money is in
 * `platformClearing(currency)` as far as the order is concerned, so the order module posts
 * `order.payment` debiting platformClearing with the paid amount whatever the provider (see
 * docs/ledger.md). A gateway posts nothing at charge time (the clearing balance is then money
 * the gateway owes us until it settles); the wallet provider moves the money from the customer's
 * wallet to clearing in the caller's transaction. Refunds mirror this: the order module credits
 * platformClearing, the provider's refund debits it.
 */
export interface ChargeRequest {
  /** Minor units, > 0. */
  amount: number;
  currency: string;
  /** The paying user (usr_...). */
  customerId: string;
  /** What is paid for: an order id (ord_...) or payment id (pay_...). */
  reference: string;
  /** Same key, same answer: a retried charge never charges twice. */
  idempotencyKey: string;
}

export type ChargeResult =
  | { status: 'succeeded'; providerRef: string; replayed: boolean }
  | { status: 'failed'; providerRef: string | null; failureCode: string; failureMessage: string };

export interface RefundRequest {
  /** The providerRef of the succeeded charge. */
  providerRef: string;
  /** Minor units, > 0; all refunds of a charge together never exceed it. */
  amount: number;
  idempotencyKey: string;
  /** What is refunded: a refund id (ref_...). Default the providerRef. */
  reference?: string;
}

export type RefundResult =
  | { status: 'succeeded'; providerRef: string; replayed: boolean }
  | { status: 'failed'; providerRef: string | null; failureCode: string; failureMessage: string };

/**
 * The caller's database transaction. A provider that writes to the books (the wallet) writes in
 * it, so an order and its payment commit or roll back together; a gateway adapter ignores it
 * (and should record its own request in an outbox or idempotency table before calling out).
 */
export interface PaymentContext {
  trx: Kysely<DB>;
}

export interface PaymentProvider {
  readonly name: string;
  charge(request: ChargeRequest, context: PaymentContext): Promise<ChargeResult>;
  refund(request: RefundRequest, context: PaymentContext): Promise<RefundResult>;
}
