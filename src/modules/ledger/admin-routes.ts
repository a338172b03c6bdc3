import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { parseAccountCode } from './accounts';
import { accountStatementSchema, ledgerAccountListSchema } from './admin-responses';
import { unknownAccount } from './errors';
import { ACCOUNT_TYPES, OWNER_TYPES } from './model';
import type { Ledger } from './service';

const accountsQuery = z.object({
  ownerType: z.enum(OWNER_TYPES).optional(),
  ownerId: z.string().min(1).max(100).optional(),
  type: z.enum(ACCOUNT_TYPES).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const statementQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const codeParams = z.object({ code: z.string().min(1).max(200) });

/**
 * The operator's read side of the books (运营后台 → 账务): every account with its balance and
 * any account's statement. The trial balance is in routes.ts. Read only: nothing here posts.
 */
export async function ledgerAdminRoutes(app: FastifyInstance, { ledger }: { ledger: Ledger }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ledger'];

  r.get(
    '/api/admin/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Ledger accounts with their balances, by code (operators); filters combine',
        querystring: accountsQuery,
        response: { 200: ledgerAccountListSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: requireRole('operator'),
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const all = await ledger.balances(filter);
      return { items: all.slice(offset, offset + limit), total: all.length };
    },
  );

  r.get(
    '/api/admin/ledger/accounts/:code/statement',
    {
      schema: {
        tags,
        summary: "One account's statement, newest first, each line with the balance after it (operators)",
        params: codeParams,
        querystring: statementQuery,
        response: { 200: accountStatementSchema },
      },
      config: { scope: 'ledger:read' },
      preHandler: requireRole('operator'),
    },
    async (request) => {
      const { code } = request.params;
      if (!parseAccountCode(code)) throw unknownAccount(code);
      const statement = await ledger.entriesFor(code, request.query);
      if (!statement.account) throw notFound('ledger account', code);
      return {
        account: statement.account,
        items: statement.items,
        total: statement.total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );
}
