import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../src/cli/simulate';
import { verifyCampaign } from '../src/modules/analytics';
import { type Database, openDatabase } from '../src/platform/db';
import { type ServeProcess, scratchDatabase, startServe, waitFor } from './faults/support';
import { relaxedLimits } from './support/limits';

const natsUrl = process.env.NATS_URL;
const databaseUrl = process.env.DATABASE_URL;

/**
 * Issue 16, item 3 across real processes: two `carnival serve` processes on one PostgreSQL
 * database and this machine's NATS (a stream and subject prefix of this run's own), each serving
 * its own simulated shoppers, so both publish through their outbox relays and both aggregators
 * share the durable consumer. One process is killed (SIGKILL) mid-run, with events in flight,
 * and restarted. At the quiescent end every campaign's screen equals SQL over the orders, and
 * the sequence counted each event once.
 */
describe.skipIf(!natsUrl || !databaseUrl)('the screen on NATS across two server processes', () => {
  const suffix = randomBytes(4).toString('hex');
  const stream = `CARNIVAL_MP_${suffix}`;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let env: Record<string, string>;
  let a: ServeProcess;
  let b: ServeProcess;
  let database: Database;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    env = {
      ...scratch.env,
      NATS_URL: natsUrl!,
      CARNIVAL_NATS_STREAM: stream,
      CARNIVAL_NATS_SUBJECT_PREFIX: `mp${suffix}`,
      CARNIVAL_LIMITS: JSON.stringify(relaxedLimits()),
      ...(process.env.REDIS_URL
        ? { REDIS_URL: process.env.REDIS_URL, CARNIVAL_KV_PREFIX: `carnival-mp-${suffix}:` }
        : {}),
    };
    // A seeds the demo year (under the bootstrap lock); B finds it there.
    a = await startServe(env);
    b = await startServe(env);
    database = await openDatabase({ databaseUrl: scratch.env.DATABASE_URL });
  }, 300_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.close();
    const nc = await connect({ servers: natsUrl! }).catch(() => undefined);
    if (nc) {
      await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
    await scratch?.drop();
  }, 120_000);

  const analyticsEvents = async () =>
    Number(
      (
        await database.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('topic', 'in', ['order.paid', 'refund.approved'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('keeps every campaign equal to SQL, each event counted once, with one process killed mid-run', async () => {
    const before = await analyticsEvents();
    const run = (url: string, seed: number, durationMs: number) =>
      simulate({
        url,
        shoppers: 3,
        durationMs,
        rate: 30,
        refundShare: 0.4,
        maxOrdersPerShopper: 3,
        progress: false,
        seed,
      });
    const onA = run(a.url, 161, 90_000);
    const onB = run(b.url, 162, 60_000).catch((e: unknown) => e);
    // B is killed once sales flow (its aggregator and relay busy with the events).
    await waitFor('sales flowing', async () => (await analyticsEvents()) >= before + 4, 120_000, 250);
    const atKill = await analyticsEvents();
    b.child.kill('SIGKILL');
    await b.exited;
    const [summaryA] = await Promise.all([onA, onB]);
    expect(summaryA.orders.paid).toBeGreaterThan(0);
    // B comes back: its aggregator catches up from the outbox and rejoins the durable consumer.
    b = await startServe(env);

    const campaigns = async () =>
      (await database.db.selectFrom('analytics_campaigns').select('campaign_id').execute()).map(
        (r) => r.campaign_id,
      );
    // Quiescent: the outbox all published, and (after the killed consumer's ack wait) every
    // campaign's screen equal to SQL.
    await waitFor(
      'every campaign on the screen equal to SQL',
      async () => {
        const pending = await database.db
          .selectFrom('outbox')
          .select('seq')
          .where('published_at', 'is', null)
          .limit(1)
          .execute();
        if (pending.length > 0) return false;
        const ids = await campaigns();
        if (ids.length === 0) return false;
        for (const id of ids) if (!(await verifyCampaign(database.db, id)).equal) return false;
        return true;
      },
      120_000,
      500,
    );
    const results = await Promise.all((await campaigns()).map((id) => verifyCampaign(database.db, id)));
    const simulated = results.find((r) => r.campaignId === summaryA.campaignId);
    expect(simulated?.database.orders).toBeGreaterThan(0);
    for (const r of results) expect(r.difference).toEqual({ gmv: 0, orders: 0, buyers: 0, refundAmount: 0 });
    // Exactly once: each applied event moved one campaign's sequence by one, never twice.
    const applied = Number(
      (
        await database.db
          .selectFrom('processed_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('consumer', '=', 'analytics')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const seqs = results.reduce((sum, r) => sum + r.screen.seq, 0);
    expect(seqs).toBeLessThanOrEqual(applied);
    expect(applied).toBe(await analyticsEvents());
    console.log(
      `[multiprocess] ${applied} events (${atKill - before} recorded by the simulators when B was killed); ` +
        `simulated campaign: ${simulated?.database.orders} orders, ${simulated?.database.buyers} buyers, ` +
        `GMV ${simulated?.database.gmv} fen, refunds ${simulated?.database.refundAmount} fen; ` +
        `${results.length} campaigns equal to SQL`,
    );
  }, 480_000);
});
