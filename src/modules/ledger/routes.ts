import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { customerWallet, DEFAULT_CURRENCY } from './accounts';
import { trialBalanceAnswerSchema, walletSchema } from './responses';
import type { Ledger } from './service';

export interface LedgerRoutesOptions {
  ledger: Ledger;
}

const statementQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const trialBalanceQuery = z.object({ verify: z.enum(['true', 'false']).default('false') });

/**
 * Wallet and ledger endpoints; amounts are integers in fen. Registered by app.ts. Money comes in
 * through the payments module (POST /api/wallet/top-ups), never here.
 */
export async function ledgerRoutes(app: FastifyInstance, { ledger }: LedgerRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wallet'];

  r.get(
    '/api/wallet',
    {
      schema: {
        tags,
        summary: 'Your wallet: balance and statement (newest first), in fen',
        querystring: statementQuery,
        response: { 200: walletSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: requireRole('consumer'),
    },
    async (request) => {
      const code = customerWallet(actorOf(request).userId, DEFAULT_CURRENCY);
      const statement = await ledger.entriesFor(code, request.query);
      return {
        wallet: { account: code, currency: DEFAULT_CURRENCY, balance: statement.account?.balance ?? 0 },
        statement: {
          items: statement.items,
          total: statement.total,
          limit: request.query.limit,
          offset: request.query.offset,
        },
      };
    },
  );

  r.get(
    '/api/admin/ledger/trial-balance',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Sum of all entries per currency (always 0); verify=true also recomputes every balance',
        querystring: trialBalanceQuery,
        response: { 200: trialBalanceAnswerSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: requireRole('operator'),
    },
    async (request) => {
      const trialBalance = await ledger.trialBalance();
      if (request.query.verify !== 'true') return { trialBalance };
      const issues = await ledger.verifyBalances();
      return { trialBalance, issues };
    },
  );
}
