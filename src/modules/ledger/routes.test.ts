import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { installErrorHandling } from '../../platform/http/error-handler';
import { ledgerRoutes } from './routes';
import { createLedger } from './service';
import { creditWalletForTest } from './test-helpers';

/**
 * The routes on a bare Fastify with the app's error handling; the actor comes from a test header
 * instead of a session (accounts has its own tests), so this file does not depend on app.ts.
 */
describe.each(testDatabaseTargets())('ledger routes on $kind', (target) => {
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
    await app.register(ledgerRoutes, { ledger: createLedger({ db: database.db, clock: new ManualClock() }) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const consumer = { 'x-test-actor': 'consumer:usr_route1' };

  it('shows the wallet with its statement', async () => {
    await creditWalletForTest(database.db, 'usr_route1', 12_345, 'abc-1');
    const wallet = await app.inject({ url: '/api/wallet?limit=10', headers: consumer });
    expect(wallet.statusCode).toBe(200);
    expect(wallet.json()).toMatchObject({
      wallet: { account: 'customer:usr_route1:wallet:CNY', currency: 'CNY', balance: 12_345 },
      statement: { total: 1, items: [{ kind: 'test.credit', change: 12_345, balanceAfter: 12_345 }] },
    });
  });

  it('has no way to put money in a wallet: the old direct top-up is gone from the ledger', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/wallet/top-ups',
      headers: { ...consumer, 'idempotency-key': 'direct-1' },
      payload: { amount: 100 },
    });
    expect(res.statusCode).toBe(404);
    const wallet = await app.inject({
      url: '/api/wallet',
      headers: { 'x-test-actor': 'consumer:usr_direct' },
    });
    expect(wallet.json().wallet.balance).toBe(0);
  });

  it('shows an empty wallet to a new consumer', async () => {
    const res = await app.inject({ url: '/api/wallet', headers: { 'x-test-actor': 'consumer:usr_new' } });
    expect(res.json()).toMatchObject({ wallet: { balance: 0 }, statement: { total: 0, items: [] } });
  });

  it('keeps the wallet to consumers and the trial balance to operators', async () => {
    expect((await app.inject({ url: '/api/wallet' })).statusCode).toBe(401);
    expect(
      (await app.inject({ url: '/api/wallet', headers: { 'x-test-actor': 'merchant:usr_m' } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: '/api/admin/ledger/trial-balance', headers: consumer })).statusCode).toBe(
      403,
    );
    const res = await app.inject({
      url: '/api/admin/ledger/trial-balance?verify=true',
      headers: { 'x-test-actor': 'operator:usr_op' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      trialBalance: { total: 0, byCurrency: { CNY: 0 }, balanced: true },
      issues: [],
    });
  });
});
