import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { type ConfigOverrides, loadConfig } from './config';
import { type AppContext, type ContextOptions, createContext } from './context';
import { startFlashSaleJobs, subscribeToOrderEvents } from './modules/flash-sales';
import { startOrderJobs } from './modules/orders';
import { startPaymentJobs } from './modules/payments';
import type { Actor } from './platform/auth';
import { withBootstrapLock } from './platform/db';
import { seedDemo } from './seed/seed';

export interface StartedServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  /** Set on the first start only, when the operator's password was generated. */
  bootstrap: { email: string; oneTimePassword?: string } | null;
  close(): Promise<void>;
}

/**
 * Opens the context, makes sure an operator exists, seeds the demo year on an empty
 * database, and listens. Used by `carnival serve` and by the browser tests.
 */
export async function startServer(
  overrides: ConfigOverrides = {},
  options: ContextOptions & { env?: NodeJS.ProcessEnv } = {},
): Promise<StartedServer> {
  // Tests pass `env: {}` so a DATABASE_URL meant for the contract suites never reaches them.
  const config = loadConfig(overrides, options.env);
  const started = performance.now();
  const ctx = await createContext(config, options);
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  phase('context');
  try {
    const { app, services } = await buildApp(ctx);
    phase('app');
    // The first operator and the demo seed under the bootstrap lock: of several processes
    // started at once on an empty database one creates them, the others find them there.
    const bootstrap = await withBootstrapLock(ctx.db, ctx.dbKind, async () => {
      const created = await services.accounts.ensureBootstrapOperator(
        config.adminEmail,
        config.adminPassword,
      );
      if (config.seedDemo) await seedOnce(ctx, services);
      return created;
    });
    phase('bootstrap');
    const address = await app.listen({ port: config.port, host: config.host });
    phase('listen');
    // Where a slow start went (docs/operations.md, "Start-up and memory").
    const startupMs = {
      // performance.now() counts from the process's start, so this includes loading the code.
      sinceProcessStart: Math.round(performance.now()),
      sinceConfig: Math.round(performance.now() - started),
      ...phases,
    };
    ctx.logger.info({ startupMs }, 'ready');
    // Unpaid-order timeouts, pre-sale balance windows and auto-confirm, every 5 s.
    const jobs = startOrderJobs(services.orders.sweep, { logger: ctx.logger });
    // Flash sales: reservation expiry every second; reconcile and close every five.
    const flashJobs = startFlashSaleJobs(services.flashSales, { logger: ctx.logger });
    // Flash-sale stats: this process's tallies go to the KV about once a second.
    services.flashAdmission.stats.start();
    // Ordered and released reservations (from the orders side) reach the slot's KV state. Not
    // awaited, and a failure only logged: the reconciler returns released units without it.
    const flashOrderEvents = subscribeToOrderEvents({
      bus: ctx.bus,
      state: services.flashSales.state,
      logger: ctx.logger,
    }).catch((err) => {
      ctx.logger.warn({ err }, 'flash-sale order events not subscribed; the reconciler will catch up');
      return null;
    });
    const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::1]', 'localhost');
    // The sandbox gateway's notifications go to this server over real HTTP.
    services.payments.setListenUrl(url);
    const paymentJobs = startPaymentJobs(services.payments, { logger: ctx.logger });
    // The webhook fan-out (a durable bus consumer) and the delivery worker, off the request path.
    await services.webhooks.start(ctx.bus);
    // Expired ticket holds and waiting-list offers give their seats back (docs/tickets.md).
    services.tickets.start();
    // Signed checkpoints at least every minute while entries arrive (docs/transparency.md).
    services.transparency.start();
    // The screen's aggregator: catches up from the outbox, then consumes as a durable consumer.
    await services.analytics.start(ctx.bus);
    return {
      url,
      app,
      ctx,
      bootstrap,
      async close() {
        await jobs.stop();
        await flashJobs.stop();
        await services.flashAdmission.stats.stop();
        await (await flashOrderEvents)?.close();
        await paymentJobs.stop();
        await services.webhooks.stop();
        await services.tickets.stop();
        await services.transparency.stop();
        await services.analytics.stop();
        await app.close();
        await services.flashSales.close();
        await ctx.close();
      },
    };
  } catch (e) {
    await ctx.close();
    throw e;
  }
}

/** Seeds the demo year on a database without campaigns, as the first operator. */
async function seedOnce(ctx: AppContext, services: Awaited<ReturnType<typeof buildApp>>['services']) {
  const operatorRow = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'operator')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirstOrThrow();
  const operator: Actor = {
    userId: operatorRow.id,
    role: 'operator',
    email: operatorRow.email,
    displayName: operatorRow.display_name,
    via: 'session',
  };
  if (await seedDemo(ctx, services, operator)) ctx.logger.info('demo data seeded');
}
