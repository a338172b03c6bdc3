import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import { ACCOUNT_TYPES, type Account, OWNER_TYPES } from './model';
import { statementLineSchema } from './responses';

/** One ledger account with its balance, as the operator's 账户 list shows it. */
export const ledgerAccountSchema = z
  .object({
    id: z.string(),
    code: z.string().describe('owner:id:purpose:currency, or platform:purpose:currency'),
    type: z.enum(ACCOUNT_TYPES),
    ownerType: z.enum(OWNER_TYPES),
    ownerId: z.string().nullable(),
    currency: z.string(),
    balance: fen().describe("In the account's natural sign, minor units"),
    allowNegative: z.boolean(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'LedgerAccount' });
type _AccountMatches = SameType<z.infer<typeof ledgerAccountSchema>, Account>;

export const ledgerAccountListSchema = z
  .object({ items: z.array(ledgerAccountSchema), total: z.number().int() })
  .meta({ id: 'LedgerAccountList' });

/** GET /api/admin/ledger/accounts/:code/statement: the account and a page of its entries, newest first. */
export const accountStatementSchema = z
  .object({
    account: ledgerAccountSchema,
    items: z.array(statementLineSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'LedgerAccountStatement' });
