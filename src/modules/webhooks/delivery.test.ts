import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../test/support/webhook-receiver';
import type { Actor } from '../../platform/auth';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { newId } from '../../platform/ids';
import { silentLogger } from '../../platform/logger';
import type { DB } from '../../schema';
import { createFanout } from './fanout';
import { sendWebhook } from './sender';
import { createWebhooksService } from './service';
import type { Resolver } from './ssrf';
import { createDeliveryWorker } from './worker';

/**
 * The delivery worker on its own: the SSRF check at send time, the pinned address, the
 * per-endpoint in-flight limit, the timeout, redirects, and a claim whose worker died.
 */
describe.each(testDatabaseTargets())('webhook delivery worker on $kind', (target) => {
  let database: Database;
  let db: Kysely<DB>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: Actor;
  const clock = new ManualClock('2026-11-11T00:00:00Z');
  // A name only this test knows: what it resolves to is the test's to say.
  const dns: Record<string, string> = {};
  const resolve: Resolver = async (host) => {
    const address = dns[host];
    if (!address) throw new Error('ENOTFOUND');
    return [{ address, family: 4 }];
  };
  const port = () => new URL(receiver.url('/')).port;

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    receiver = await startReceiver(() => clock.now().getTime());
    const userId = newId('usr');
    await db
      .insertInto('users')
      .values({
        id: userId,
        email: `${userId}@t`,
        display_name: 'p',
        role: 'partner',
        password_hash: 'x',
        created_at: new Date(),
      })
      .execute();
    owner = { userId, role: 'partner', email: `${userId}@t`, displayName: 'p', via: 'session' };
  });
  afterAll(async () => {
    await receiver.close();
    await database.close();
  });

  const services = (allowPrivate: boolean) =>
    createWebhooksService({ db, clock, allowPrivate, resolve, assertCampaignVisible: async () => undefined });
  const worker = (allowPrivate: boolean, extra: Partial<Parameters<typeof createDeliveryWorker>[0]> = {}) =>
    createDeliveryWorker({
      db,
      clock,
      logger: silentLogger,
      allowPrivate,
      resolve,
      random: () => 0.5,
      ...extra,
    });
  const fanout = () => createFanout({ db, clock, storeIdsOf: async () => [] });
  const publish = (n = 1) =>
    Promise.all(
      Array.from({ length: n }, () =>
        fanout().handle({
          id: newId('evt', clock.now().getTime()),
          topic: 'campaign.published',
          occurredAt: clock.now().toISOString(),
          payload: { campaignId: 'cmp_x' },
        }),
      ),
    );
  const subscribe = async (url: string, allowPrivate = true) =>
    (await services(allowPrivate).create(owner, { url, eventTypes: ['campaign.published'] })).body.endpoint;
  const drop = (id: string) => services(true).remove({ ...owner, role: 'operator' }, id);

  it('connects to the address it checked, with the URL’s host name', async () => {
    dns['hooks.partner.test'] = '127.0.0.1';
    const ep = await subscribe(`http://hooks.partner.test:${port()}/pinned`);
    await publish();
    await worker(true).drain();
    const [got] = receiver.at('/pinned');
    expect(got?.headers.host).toBe(`hooks.partner.test:${port()}`);
    await drop(ep.id);
  });

  it('checks the address again at every send: a name that moved to a private address is refused', async () => {
    dns['moving.partner.test'] = '93.184.216.34';
    const ep = await subscribe(`http://moving.partner.test:${port()}/moved`, false);
    dns['moving.partner.test'] = '127.0.0.1';
    await publish();
    await worker(false).drain();
    expect(receiver.at('/moved')).toHaveLength(0);
    const attempt = await db
      .selectFrom('webhook_attempts')
      .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
      .select(['webhook_attempts.error', 'webhook_deliveries.status'])
      .where('webhook_deliveries.endpoint_id', '=', ep.id)
      .executeTakeFirstOrThrow();
    expect(attempt.error).toMatch(/^refused: url: moving\.partner\.test resolves to 127\.0\.0\.1/);
    expect(attempt.status).toBe('pending');
    await drop(ep.id);
  });

  it('keeps at most the per-endpoint limit in flight, and the rest waits its turn', async () => {
    receiver.behave('/slow', () => 'hang');
    const ep = await subscribe(receiver.url('/slow'));
    await publish(6);
    const w = worker(true, { perEndpointInFlight: 2 });
    const draining = w.drain();
    while (receiver.at('/slow').length < 2) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.at('/slow')).toHaveLength(2);
    receiver.behave('/slow', () => 200);
    receiver.release();
    await draining;
    expect(receiver.at('/slow')).toHaveLength(6);
    await drop(ep.id);
  });

  it('gives up on a hanging receiver after the timeout, and takes over a claim whose worker died', async () => {
    receiver.behave('/stuck', () => 'hang');
    const ep = await subscribe(receiver.url('/stuck'));
    await publish();
    const started = performance.now();
    await worker(true, { timeoutMs: 200 }).drain();
    expect(performance.now() - started).toBeLessThan(2000);
    const row = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', ep.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'timed out after 200 ms' });
    receiver.release();

    // A worker claimed the retry and died: once its lease is over another takes it.
    receiver.behave('/stuck', () => 200);
    await db
      .updateTable('webhook_deliveries')
      .set({ status: 'sending', attempts: 2, locked_until: new Date(clock.now().getTime() + 60_000) })
      .where('id', '=', row.id)
      .execute();
    clock.advance(30_000);
    await worker(true).drain();
    expect(receiver.at('/stuck').filter((r) => r.status === 200)).toHaveLength(0);
    clock.advance(31_000);
    await worker(true).drain();
    expect(receiver.at('/stuck').filter((r) => r.status === 200)).toHaveLength(1);
    const done = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3 });
    await drop(ep.id);
  });

  it('prunes finished deliveries older than the retention, keeping open and recent ones', async () => {
    const ep = await subscribe(receiver.url('/pruned'));
    await publish(2);
    const w = worker(true, { retentionDays: 30 });
    await w.drain();
    expect(await w.prune()).toBe(0);
    clock.advance(31 * 24 * 3600_000);
    await publish(1);
    expect(await w.prune()).toBe(2);
    const left = await db
      .selectFrom('webhook_deliveries')
      .select('status')
      .where('endpoint_id', '=', ep.id)
      .execute();
    expect(left).toEqual([{ status: 'pending' }]);
    await drop(ep.id);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    receiver.behave('/moved-away', () => 302);
    const result = await sendWebhook(
      { url: new URL(receiver.url('/moved-away')), address: '127.0.0.1', family: 4 },
      { 'webhook-id': 'evt_1' },
      '{}',
      1000,
    );
    expect(result.status).toBe(302);
    expect(receiver.at('/moved-away')).toHaveLength(1);
  });
});
