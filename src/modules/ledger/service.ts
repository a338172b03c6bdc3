import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../platform/clock';
import type { DB } from '../../schema';
import type { PostingInput, PostResult, ReverseInput } from './model';
import * as store from './store';
import { createWalletProvider, type WalletProvider } from './wallet';

export interface LedgerDeps {
  db: Kysely<DB>;
  clock?: Clock;
  /** Wakes the outbox relay after a commit that recorded events . */
  onEventsRecorded?: () => void;
}

/**
 * The ledger bound to a database and clock. Writes take the caller's transaction (`trx`), so
 * a business change and its money movement commit together; reads take the bound database.
 */
export function createLedger({ db, clock = systemClock, onEventsRecorded }: LedgerDeps) {
  const wallet: WalletProvider = createWalletProvider({ db, clock, onEventsRecorded });
  return {
    wallet,
    post: (trx: Kysely<DB>, input: PostingInput): Promise<PostResult> => store.post(trx, input, clock),
    reverse: (trx: Kysely<DB>, txnId: string, input?: ReverseInput): Promise<PostResult> =>
      store.reverse(trx, txnId, input, clock),
    transaction: (txnId: string) => store.loadTransaction(db, txnId),
    transactionsFor: (reference: string, kind?: string) => store.transactionsFor(db, reference, kind),
    getAccount: (code: string) => store.getAccount(db, code),
    balanceOf: (code: string) => store.balanceOf(db, code),
    balances: (filter?: store.BalancesFilter) => store.balances(db, filter),
    entriesFor: (code: string, page?: { limit?: number; offset?: number }) =>
      store.entriesFor(db, code, page),
    trialBalance: () => store.trialBalance(db),
    verifyBalances: () => store.verifyBalances(db),
  };
}

export type Ledger = ReturnType<typeof createLedger>;
