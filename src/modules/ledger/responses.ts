import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { LedgerIssue, StatementLine, TrialBalance } from './model';

/** One line of an account statement, with the balance right after it. */
export const statementLineSchema = z
  .object({
    entryId: z.number().int(),
    txnId: z.string().describe('The ledger transaction the entry belongs to'),
    kind: z.string().describe('What happened, dotted: wallet.topup, order.payment, order.refund...'),
    reference: z.string().describe('The business object: an order, refund or top-up id'),
    memo: z.string().nullable(),
    amount: fen().describe('The signed entry: debit positive, credit negative'),
    change: fen().describe("The change to the account's balance in its natural sign (a wallet: + in, - out)"),
    balanceAfter: fen(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'LedgerStatementLine' });
type _LineMatches = SameType<z.infer<typeof statementLineSchema>, StatementLine>;

/** GET /api/wallet: the balance and a page of the statement, newest first. */
export const walletSchema = z
  .object({
    wallet: z.object({
      account: z.string().describe('The ledger account code of the wallet'),
      currency: z.string(),
      balance: fen(),
    }),
    statement: z.object({
      items: z.array(statementLineSchema),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    }),
  })
  .meta({ id: 'Wallet' });

export const trialBalanceSchema = z
  .object({
    total: fen().describe('The sum of every entry ever posted, over all currencies: always 0'),
    byCurrency: z.record(z.string(), fen()).describe('The sum of entries per currency: every value 0'),
    balanced: z.boolean(),
  })
  .meta({ id: 'TrialBalance' });
type _TrialBalanceMatches = SameType<z.infer<typeof trialBalanceSchema>, TrialBalance>;

/** Something verifyBalances found wrong with the books. */
export const ledgerIssueSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('balance_mismatch'), account: z.string(), stored: fen(), computed: fen() }),
    z.object({ kind: z.literal('negative_balance'), account: z.string(), balance: fen() }),
    z.object({
      kind: z.literal('unbalanced_transaction'),
      txnId: z.string(),
      currency: z.string(),
      sum: fen(),
    }),
    z.object({
      kind: z.literal('currency_mismatch'),
      txnId: z.string(),
      account: z.string(),
      entryCurrency: z.string(),
      accountCurrency: z.string(),
    }),
  ])
  .meta({ id: 'LedgerIssue' });
type _IssueMatches = SameType<z.infer<typeof ledgerIssueSchema>, LedgerIssue>;

export const trialBalanceAnswerSchema = z.object({
  trialBalance: trialBalanceSchema,
  issues: z.array(ledgerIssueSchema).optional().describe('With verify=true: every stored balance recomputed'),
});
