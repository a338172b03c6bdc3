/**
 * The ledger's SQL, one file a role: posting-writes.ts (post, reverse) over balance-change.ts
 * (the conditional balance write), transaction-reads.ts, account-rows.ts, statements.ts
 * (statements, trial balance) and verification.ts. This file is the surface the rest of the
 * module imports from.
 */
export { type BalancesFilter, balanceOf, balances, getAccount } from './account-rows';
export { post, reverse } from './posting-writes';
export { entriesFor, trialBalance } from './statements';
export { loadTransaction, transactionsFor } from './transaction-reads';
export { verifyBalances } from './verification';
