import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth';
import { badRequest } from '../../platform/errors';
import { customerWallet, DEFAULT_CURRENCY } from './accounts';
import type { Ledger } from './service';
import { MAX_CLIENT_KEY, MAX_TOP_UP } from './wallet';

export interface LedgerRoutesOptions {
  ledger: Ledger;
}

const statementQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const topUpBody = z.object({ amount: z.number().int().positive().max(MAX_TOP_UP) });
const trialBalanceQuery = z.object({ verify: z.enum(['true', 'false']).default('false') });

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers[IDEMPOTENCY_HEADER.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value)
    throw badRequest(
      `${IDEMPOTENCY_HEADER}: header is required for a request that moves money`,
      IDEMPOTENCY_HEADER,
      { location: 'headers' },
    );
  if (value.length > MAX_CLIENT_KEY || !/^[\x21-\x7e]+$/.test(value))
    throw badRequest(
      `${IDEMPOTENCY_HEADER}: 1 to ${MAX_CLIENT_KEY} visible ASCII characters`,
      IDEMPOTENCY_HEADER,
      { location: 'headers' },
    );
  return value;
}

/** Wallet and ledger endpoints; amounts are integers in fen. Registered by app.ts. */
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
      },
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

  r.post(
    '/api/wallet/top-ups',
    {
      schema: {
        tags,
        summary: 'Demo top-up of your wallet; send an Idempotency-Key header, amount in fen',
        body: topUpBody,
      },
      preHandler: requireRole('consumer'),
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request.headers);
      const userId = actorOf(request).userId;
      const { transaction, replayed } = await ledger.wallet.topUp(userId, request.body.amount, key);
      const balance = await ledger.balanceOf(customerWallet(userId, DEFAULT_CURRENCY));
      // A retry gets the first transaction back (same id, same status); `balance` is the balance now.
      return reply.status(201).send({
        topUp: {
          txnId: transaction.id,
          amount: request.body.amount,
          currency: DEFAULT_CURRENCY,
          createdAt: transaction.createdAt,
        },
        balance,
        replayed,
      });
    },
  );

  r.get(
    '/api/admin/ledger/trial-balance',
    {
      schema: {
        tags: ['ledger'],
        summary: 'Sum of all entries per currency (always 0); verify=true also recomputes every balance',
        querystring: trialBalanceQuery,
      },
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
