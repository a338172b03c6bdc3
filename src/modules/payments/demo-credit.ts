import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { unprocessable } from '../../platform/errors';
import type { DB } from '../../schema';
import { credit, customerWallet, DEFAULT_CURRENCY, debit, externalFunding, type Ledger } from '../ledger';
import { DEMO_CREDIT, MAX_DEMO_CREDIT_TOTAL } from './model';

export interface DemoCreditResult {
  txnId: string;
  amount: number;
  /** All demo credit this customer has received, this one included. */
  total: number;
  replayed: boolean;
}

/**
 * Free demo money, the only way money enters a wallet without a payment: used by the demo seed,
 * and over HTTP only when the demo data is on and CARNIVAL_DEMO_CREDIT=true. Capped per customer
 * in all (a conditional write on the running total), once per (customer, key), and audited.
 */
export async function grantDemoCredit(
  deps: { db: Kysely<DB>; clock: Clock; ledger: Ledger },
  input: {
    customerId: string;
    amount: number;
    idempotencyKey: string;
    actor: Pick<Actor, 'userId' | 'role'> | null;
  },
): Promise<DemoCreditResult> {
  const { db, clock, ledger } = deps;
  const { customerId, amount, idempotencyKey } = input;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw unprocessable('INVALID_AMOUNT', 'amount: a positive integer in fen', { field: 'amount' });
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('demo_credits')
      .values({ customer_id: customerId, idempotency_key: idempotencyKey, amount, created_at: clock.now() })
      .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
      .returning('amount')
      .executeTakeFirst();
    if (!claimed) {
      const first = await trx
        .selectFrom('demo_credits')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirstOrThrow();
      if (first.amount !== amount || !first.txn_id)
        throw unprocessable(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different credit',
          {
            field: 'Idempotency-Key',
          },
        );
      const totals = await trx
        .selectFrom('demo_credit_totals')
        .select('total')
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return { txnId: first.txn_id, amount, total: totals?.total ?? amount, replayed: true };
    }
    const totals = await trx
      .insertInto('demo_credit_totals')
      .values({ customer_id: customerId, total: amount })
      .onConflict((oc) =>
        oc
          .column('customer_id')
          .doUpdateSet((eb) => ({ total: eb('demo_credit_totals.total', '+', amount) }))
          .where((eb) => eb(eb('demo_credit_totals.total', '+', amount), '<=', MAX_DEMO_CREDIT_TOTAL)),
      )
      .returning('total')
      .executeTakeFirst();
    if (!totals || totals.total > MAX_DEMO_CREDIT_TOTAL)
      throw unprocessable(
        'DEMO_CREDIT_LIMIT',
        `amount: at most ${MAX_DEMO_CREDIT_TOTAL} fen of demo credit in all`,
        {
          field: 'amount',
          max: MAX_DEMO_CREDIT_TOTAL,
        },
      );
    const wallet = customerWallet(customerId, DEFAULT_CURRENCY);
    const { transaction } = await ledger.post(trx, {
      kind: DEMO_CREDIT,
      reference: customerId,
      idempotencyKey: `${DEMO_CREDIT}:${customerId}:${idempotencyKey}`,
      memo: 'demo credit (no payment)',
      entries: [debit(externalFunding(DEFAULT_CURRENCY), amount), credit(wallet, amount)],
    });
    await trx
      .updateTable('demo_credits')
      .set({ txn_id: transaction.id })
      .where('customer_id', '=', customerId)
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
    await recordAudit(trx, clock, {
      actor: input.actor,
      action: 'wallet.demo_credit',
      entityType: 'wallet',
      entityId: wallet,
      after: { amount, total: totals.total, txnId: transaction.id },
      reason: input.actor ? 'demo credit asked for over HTTP' : 'demo seed',
    });
    return { txnId: transaction.id, amount, total: totals.total, replayed: false };
  });
}
