import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { installErrorHandling } from '../../platform/http/error-handler';
import { ledgerAdminRoutes } from './admin-routes';
import { createLedger } from './service';
import { creditWalletForTest } from './test-helpers';

/** The operator's account list and statements, on a bare Fastify with a test-header actor. */
describe.each(testDatabaseTargets())('ledger admin routes on $kind', (target) => {
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await target.open();
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandling(app);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      const who = request.headers['x-test-actor'];
      if (typeof who === 'string') {
        const [role, userId] = who.split(':') as [Role, string];
        request.actor = { role, userId, email: `${userId}@test.local`, displayName: userId, via: 'session' };
      }
    });
    await app.register(ledgerAdminRoutes, {
      ledger: createLedger({ db: database.db, clock: new ManualClock() }),
    });
    await app.ready();
    await creditWalletForTest(database.db, 'usr_adm1', 5_000, 'adm-1');
    await creditWalletForTest(database.db, 'usr_adm1', 2_500, 'adm-2');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const operator = { 'x-test-actor': 'operator:usr_op' };
  const wallet = 'customer:usr_adm1:wallet:CNY';

  it('lists accounts with balances, filtered by owner type', async () => {
    const res = await app.inject({ url: '/api/admin/ledger/accounts?ownerType=customer', headers: operator });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.items).toEqual([
      expect.objectContaining({ code: wallet, balance: 7_500, type: 'liability' }),
    ]);
    const all = await app.inject({ url: '/api/admin/ledger/accounts?limit=1', headers: operator });
    expect(all.json().items).toHaveLength(1);
    expect(all.json().total).toBeGreaterThanOrEqual(2);
  });

  it("shows one account's statement, newest first, with the balance after each line", async () => {
    const res = await app.inject({
      url: `/api/admin/ledger/accounts/${encodeURIComponent(wallet)}/statement`,
      headers: operator,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.account.balance).toBe(7_500);
    expect(body.total).toBe(2);
    expect(body.items.map((l: { balanceAfter: number }) => l.balanceAfter)).toEqual([7_500, 5_000]);
  });

  it('refuses anyone but an operator', async () => {
    expect((await app.inject({ url: '/api/admin/ledger/accounts' })).statusCode).toBe(401);
    for (const role of ['consumer', 'merchant', 'organizer']) {
      const headers = { 'x-test-actor': `${role}:usr_x` };
      expect((await app.inject({ url: '/api/admin/ledger/accounts', headers })).statusCode).toBe(403);
      const statement = await app.inject({
        url: `/api/admin/ledger/accounts/${encodeURIComponent(wallet)}/statement`,
        headers,
      });
      expect(statement.statusCode).toBe(403);
    }
  });

  it('names the field of a bad filter, and tells a malformed code from an unused one', async () => {
    const bad = await app.inject({ url: '/api/admin/ledger/accounts?ownerType=alien', headers: operator });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('ownerType');
    const cur = await app.inject({ url: '/api/admin/ledger/accounts?currency=yuan', headers: operator });
    expect(cur.statusCode).toBe(400);
    const malformed = await app.inject({
      url: '/api/admin/ledger/accounts/nonsense/statement',
      headers: operator,
    });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().error.code).toBe('UNKNOWN_ACCOUNT');
    const unused = await app.inject({
      url: `/api/admin/ledger/accounts/${encodeURIComponent('customer:usr_nobody:wallet:CNY')}/statement`,
      headers: operator,
    });
    expect(unused.statusCode).toBe(404);
    const page = await app.inject({
      url: `/api/admin/ledger/accounts/${encodeURIComponent(wallet)}/statement?limit=0`,
      headers: operator,
    });
    expect(page.statusCode).toBe(400);
  });
});
