import { type Kysely, sql } from 'kysely';
import { type Clock, systemClock } from '../../platform/clock';
import { badRequest, isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { customerWallet, platformClearing } from './accounts';
import { credit, debit } from './engine';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentContext,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from './payment-provider';
import { loadTransaction, post } from './store';

/** Client-chosen idempotency keys (the Idempotency-Key header) are at most this long. */
export const MAX_CLIENT_KEY = 128;

export const WALLET_CHARGE = 'wallet.charge';
export const WALLET_REFUND = 'wallet.refund';

/**
 * Pays from and refunds to a customer's wallet. It never puts new money in: that is the payments
 * module's (a gateway-confirmed top-up, or the capped demo credit).
 */
export interface WalletProvider extends PaymentProvider {
  readonly name: 'wallet';
}

export interface WalletDeps {
  db: Kysely<DB>;
  clock?: Clock;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
}

function checkAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw badRequest('amount: must be a positive integer in minor units (fen)', 'amount');
}

function checkKey(key: string): void {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_CLIENT_KEY ||
    !/^[\x21-\x7e]+$/.test(key)
  )
    throw badRequest(`idempotencyKey: 1 to ${MAX_CLIENT_KEY} visible ASCII characters`, 'idempotencyKey');
}

/** Runs `fn` under a savepoint, so a failed posting leaves the caller's transaction usable. */
async function underSavepoint<T>(trx: Kysely<DB>, name: string, fn: () => Promise<T>): Promise<T> {
  await sql`savepoint ${sql.id(name)}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${sql.id(name)}`.execute(trx);
    return result;
  } catch (e) {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(trx);
    throw e;
  }
}

/**
 * The built-in payment provider: pays from the customer's wallet by posting in the caller's
 * transaction. Too little in the wallet is an expected outcome, returned as `failed` with
 * INSUFFICIENT_FUNDS; the posting is undone to a savepoint, so the caller's transaction goes on.
 */
export function createWalletProvider({ clock = systemClock }: WalletDeps): WalletProvider {
  async function charge(request: ChargeRequest, { trx }: PaymentContext): Promise<ChargeResult> {
    checkAmount(request.amount);
    checkKey(request.idempotencyKey);
    const wallet = customerWallet(request.customerId, request.currency);
    try {
      const result = await underSavepoint(trx, 'wallet_charge', () =>
        post(
          trx,
          {
            kind: WALLET_CHARGE,
            reference: request.reference,
            idempotencyKey: `${WALLET_CHARGE}:${request.customerId}:${request.idempotencyKey}`,
            entries: [
              debit(wallet, request.amount),
              credit(platformClearing(request.currency), request.amount),
            ],
          },
          clock,
        ),
      );
      return { status: 'succeeded', providerRef: result.transaction.id, replayed: result.replayed };
    } catch (e) {
      if (isAppError(e) && e.code === 'INSUFFICIENT_FUNDS')
        return {
          status: 'failed',
          providerRef: null,
          failureCode: 'INSUFFICIENT_FUNDS',
          failureMessage: 'Not enough in the wallet',
        };
      throw e;
    }
  }

  async function refund(request: RefundRequest, { trx }: PaymentContext): Promise<RefundResult> {
    checkAmount(request.amount);
    checkKey(request.idempotencyKey);
    const failed = (failureCode: string, failureMessage: string): RefundResult => ({
      status: 'failed',
      providerRef: null,
      failureCode,
      failureMessage,
    });
    // Lock the charge so concurrent refunds of it are counted one after the other.
    const charged = await trx
      .selectFrom('ledger_transactions')
      .select(['id', 'kind'])
      .where('id', '=', request.providerRef)
      .forUpdate()
      .executeTakeFirst();
    if (!charged || charged.kind !== WALLET_CHARGE)
      return failed('UNKNOWN_CHARGE', 'No wallet charge with this providerRef');
    const charge = (await loadTransaction(trx, charged.id))!;
    const walletEntry = charge.entries.find((e) => e.account.startsWith('customer:'))!;
    const idempotencyKey = `${WALLET_REFUND}:${charge.id}:${request.idempotencyKey}`;
    const input = {
      kind: WALLET_REFUND,
      reference: charge.id,
      idempotencyKey,
      memo: request.reference ?? null,
      entries: [
        debit(platformClearing(walletEntry.currency), request.amount),
        credit(walletEntry.account, request.amount),
      ],
    };
    // A repeat is answered before the cap is checked: after a full refund the cap is reached.
    const repeat = await trx
      .selectFrom('ledger_transactions')
      .select('id')
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!repeat) {
      const refunded = await trx
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_transactions as t', 't.id', 'e.txn_id')
        .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
        .select(sql<string>`coalesce(sum(-e.amount), 0)::text`.as('sum'))
        .where('t.kind', '=', WALLET_REFUND)
        .where('t.reference', '=', charge.id)
        .where('a.code', '=', walletEntry.account)
        .executeTakeFirstOrThrow();
      const left = walletEntry.amount - Number(refunded.sum);
      if (request.amount > left)
        return failed('REFUND_EXCEEDS_CHARGE', `At most ${left} is left to refund on this charge`);
    }
    const result = await post(trx, input, clock);
    return { status: 'succeeded', providerRef: result.transaction.id, replayed: result.replayed };
  }

  return { name: 'wallet', charge, refund };
}
