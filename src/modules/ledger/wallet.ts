import { type Kysely, sql } from 'kysely';
import { recordEvent } from '../../platform/bus';
import { type Clock, systemClock } from '../../platform/clock';
import { badRequest, isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { customerWallet, DEFAULT_CURRENCY, externalFunding, platformClearing } from './accounts';
import { credit, debit } from './engine';
import type { PostResult } from './model';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentContext,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from './payment-provider';
import { loadTransaction, post } from './store';

/** 1,000,000.00 in fen: the most one demo top-up may add. */
export const MAX_TOP_UP = 100_000_000;
/** Client-chosen idempotency keys (the Idempotency-Key header) are at most this long. */
export const MAX_CLIENT_KEY = 128;

export const WALLET_CHARGE = 'wallet.charge';
export const WALLET_REFUND = 'wallet.refund';
export const WALLET_TOPUP = 'wallet.topup';

export interface TopUpOptions {
  currency?: string;
  /** Post in the caller's transaction; by default the top-up runs in its own. */
  trx?: Kysely<DB>;
}

export interface WalletProvider extends PaymentProvider {
  readonly name: 'wallet';
  /** Demo top-up: external funding -> the customer's wallet. Same key, same transaction. */
  topUp(userId: string, amount: number, idempotencyKey: string, options?: TopUpOptions): Promise<PostResult>;
}

export interface WalletDeps {
  db: Kysely<DB>;
  clock?: Clock;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
}

function checkAmount(amount: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw badRequest('amount: must be a positive integer in minor units (fen)', 'amount');
  if (amount > max) throw badRequest(`amount: at most ${max} per top-up`, 'amount', { max });
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
export function createWalletProvider({
  db,
  clock = systemClock,
  onEventsRecorded,
}: WalletDeps): WalletProvider {
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

  async function topUp(
    userId: string,
    amount: number,
    idempotencyKey: string,
    options: TopUpOptions = {},
  ): Promise<PostResult> {
    checkAmount(amount, MAX_TOP_UP);
    checkKey(idempotencyKey);
    const currency = options.currency ?? DEFAULT_CURRENCY;
    const wallet = customerWallet(userId, currency);
    const run = async (trx: Kysely<DB>) => {
      const result = await post(
        trx,
        {
          kind: WALLET_TOPUP,
          reference: userId,
          // Namespaced by user: two customers sending the same header value are two top-ups.
          idempotencyKey: `${WALLET_TOPUP}:${userId}:${idempotencyKey}`,
          memo: 'demo top-up',
          entries: [debit(externalFunding(currency), amount), credit(wallet, amount)],
        },
        clock,
      );
      if (!result.replayed)
        await recordEvent(
          trx,
          'wallet.topped_up',
          { userId, amount, currency, txnId: result.transaction.id },
          clock,
        );
      return result;
    };
    if (options.trx) return run(options.trx);
    const result = await db.transaction().execute(run);
    if (!result.replayed) onEventsRecorded?.();
    return result;
  }

  return { name: 'wallet', charge, refund, topUp };
}
