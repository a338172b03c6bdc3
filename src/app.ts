import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context';
import {
  accountsRoutes,
  createAccountsService,
  createKeyUsage,
  createPasswordHasher,
  defaultHashingLimits,
  installActorResolution,
  installKeyUsageCounting,
} from './modules/accounts';
import { addressesRoutes, createAddressesService } from './modules/addresses';
import { analyticsRoutes, createAnalyticsModule } from './modules/analytics';
import { auditRoutes } from './modules/audit';
import { campaignsRoutes, createCampaignsService } from './modules/campaigns';
import { catalogRoutes, createCatalogService } from './modules/catalog';
import { cfpRoutes, createCfpModule } from './modules/cfp';
import { charityRoutes, createCharityService } from './modules/charity';
import { checkinRoutes, createCheckinModule, eventOfWith } from './modules/checkin';
import {
  campaignPriceRoutes,
  createCampaignPricesService,
  createEnrollmentService,
  createVenueService,
  currentCampaignPrice,
  enrollmentRoutes,
} from './modules/enrollment';
import {
  createFlashAdmission,
  createFlashSalesService,
  flashAdmissionRoutes,
  flashSalesRoutes,
  installEarlyShedding,
} from './modules/flash-sales';
import { createLedger, ledgerAdminRoutes, ledgerRoutes } from './modules/ledger';
import { createMerchantsService, merchantsRoutes } from './modules/merchants';
import {
  afterSaleRoutes,
  createAfterSale,
  createOrdersService,
  ordersRoutes,
  releaseLines,
} from './modules/orders';
import {
  CSRF_EXEMPT_PREFIXES,
  createPayments,
  GATEWAY_NOTIFY_PREFIX,
  paymentsRoutes,
  sandboxGatewayRoutes,
} from './modules/payments';
import { pricingRoutes } from './modules/pricing';
import {
  createProgrammeService,
  programmeOrganizerRoutes,
  programmePublicRoutes,
  proposalHandoff,
  proposalWithdrawal,
} from './modules/programme';
import { createPromotionsService, findUserWith, promotionsRoutes } from './modules/promotions';
import { createRuralService, ruralRoutes } from './modules/rural';
import { checkinTicketSource, createTicketsService, ticketsRoutes } from './modules/tickets';
import { createTraceabilityService, traceabilityRoutes } from './modules/traceability';
import { createTransparencyLog, transparencyRoutes } from './modules/transparency';
import { createWebhooksModule, webhooksRoutes } from './modules/webhooks';
import { WEB_DIST, WEB_SSR_ENTRY } from './paths';
import {
  installGuardOrder,
  installKeyResourceLimits,
  installScopeGuards,
  withScopeInDocs,
} from './platform/auth';
import { installCsrfProtection } from './platform/http/csrf';
import { withErrorResponses } from './platform/http/docs-errors';
import { installErrorHandling } from './platform/http/error-handler';
import { frameworkErrors } from './platform/http/fastify-errors';
import { installHealthRoutes } from './platform/http/health';
import { installIdempotentRoutes } from './platform/http/idempotent-route';
import { installInputHygiene } from './platform/http/input-hygiene';
import { installKeyRateLimit } from './platform/http/key-rate-limit';
import { createSpaShell } from './platform/http/page-hints';
import { createPageRenderer } from './platform/http/page-render';
import { toFastifyTrustProxy } from './platform/http/proxy-config';
import { installRateLimits } from './platform/http/rate-limit';
import { createResponseSerializer, strictResponsesByDefault } from './platform/http/response-serializer';
import { installSecurityHeaders } from './platform/http/security-headers';
import { httpServerTimeouts } from './platform/http/server-timeouts';
import { installTimeRoute } from './platform/http/time';
import { installCompression, installWebAssets } from './platform/http/web-assets';
import { installRequestContext } from './platform/request-context';

export interface BuiltApp {
  app: FastifyInstance;
  services: ReturnType<typeof createServices>;
}

export function createServices(ctx: AppContext) {
  const onEventsRecorded = () => ctx.relay.notify();
  const services = {
    accounts: createAccountsService({
      db: ctx.db,
      clock: ctx.clock,
      kv: ctx.kv,
      sessionIdleMs: ctx.config.sessionIdleMinutes * 60_000,
      passwords: passwordHasherFor(ctx.config),
      apiKeyRates: {
        defaultPerMinute: ctx.config.limits.apiKeyPerMinute,
        maxPerMinute: ctx.config.limits.apiKeyMaxPerMinute,
      },
    }),
    campaigns: createCampaignsService({
      db: ctx.db,
      clock: ctx.clock,
      kv: ctx.kv,
      cookieSecret: ctx.config.cookieSecret,
      onEventsRecorded,
    }),
    ...createMerchantServices(ctx, onEventsRecorded),
  };
  const promotions = createPromotionsService({
    db: ctx.db,
    clock: ctx.clock,
    storeIdsOf: services.merchants.storeIdsOf,
    findUser: findUserWith(services.accounts),
  });
  const ledger = createLedger({ db: ctx.db, clock: ctx.clock, onEventsRecorded });
  // Issue 10: the append-only logs other modules (charity, provenance) append to in their transactions.
  const transparency = createTransparencyLog({ db: ctx.db, clock: ctx.clock, logger: ctx.logger });
  const charity = createCharityService({
    db: ctx.db,
    clock: ctx.clock,
    ledger,
    merchants: services.merchants,
    log: transparency,
    onEventsRecorded,
  });
  // Issue 9: the shoppers' address books; checkout copies the picked address onto the order.
  const addresses = createAddressesService({ db: ctx.db, clock: ctx.clock });
  // Issue 10 item 6: provenance events are entries of the transparency module's `provenance` log.
  const traceability = createTraceabilityService({
    db: ctx.db,
    clock: ctx.clock,
    merchants: services.merchants,
    log: transparency,
  });
  // Issue 10 item 7: origin tags, the 丰收节 preset, green points recorded at checkout.
  const rural = createRuralService({
    db: ctx.db,
    clock: ctx.clock,
    merchants: services.merchants,
    campaigns: services.campaigns,
  });
  const orders = createOrdersService({
    db: ctx.db,
    clock: ctx.clock,
    addresses,
    campaigns: services.campaigns,
    merchants: services.merchants,
    ledger,
    unpaidOrderTimeoutMinutes: ctx.config.unpaidOrderTimeoutMinutes,
    autoConfirmDays: ctx.config.autoConfirmDays,
    holdingCaps: {
      unpaidOrdersPerCustomer: ctx.config.limits.unpaidOrdersPerCustomer,
      heldUnitsPerSku: ctx.config.limits.heldUnitsPerSku,
    },
    commitWithStock: ctx.dbKind === 'postgres',
    hotPathConcurrency: ctx.config.hotPathConcurrency,
    onEventsRecorded,
    // Donations accrue in the transaction that completes the sub-order (docs/charity.md).
    onSubOrderCompleted: charity.onSubOrderCompleted,
    // Green choices earn green points in the checkout's transaction (docs/traceability.md).
    onOrderPlaced: rural.onOrderPlaced,
  });
  const afterSale = createAfterSale({
    db: ctx.db,
    clock: ctx.clock,
    merchants: services.merchants,
    providers: [ledger.wallet],
    currentCampaignPrice,
    // Flash-sale lines too: after payment a refunded unit is the SKU's again, not the slot's
    // (docs/flash-sales.md).
    releaseStock: (trx, l) =>
      releaseLines(trx, l.campaignId, [
        { sku_id: l.skuId, quantity: l.quantity, nomination_id: l.nominationId },
      ]),
    onEventsRecorded,
  });
  const campaignPrices = createCampaignPricesService({
    db: ctx.db,
    clock: ctx.clock,
    merchants: services.merchants,
    onEventsRecorded,
  });
  const payments = createPayments({
    db: ctx.db,
    clock: ctx.clock,
    ledger,
    sandboxSecret: ctx.config.sandboxSecret,
    demoCreditEnabled: ctx.config.seedDemo && ctx.config.demoCredit,
    // CARNIVAL_PUBLIC_URL, when the config has it; otherwise the server tells payments its URL.
    publicUrl: ctx.config.publicUrl,
    logger: ctx.logger,
    onEventsRecorded,
  });
  // Admission control, waiting room and stats (flash-sales/admission), behind the module's seam.
  const flashAdmission = createFlashAdmission({
    db: ctx.db,
    kv: ctx.kv,
    settings: ctx.config.flashSales,
    secret: ctx.config.cookieSecret,
    accountCreatedAt: services.accounts.accountCreatedAt,
    logger: ctx.logger,
  });
  const flashSales = createFlashSalesService({
    db: ctx.db,
    kv: ctx.kv,
    clock: ctx.clock,
    campaigns: services.campaigns,
    storeIdsOf: services.merchants.storeIdsOf,
    admission: flashAdmission.admission,
    stats: flashAdmission.stats,
    logger: ctx.logger,
    onEventsRecorded,
    // PostgreSQL's pool overlaps flushes (their slot row locks order them); PGlite runs one
    // statement at a time, where a second flush in flight would only make both batches smaller.
    writer: { maxInFlight: ctx.dbKind === 'postgres' ? 4 : 1 },
  });
  const webhooks = createWebhooksModule({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    allowPrivate: ctx.config.webhooksAllowPrivate,
    storeIdsOf: services.merchants.storeIdsOf,
    roleOf: async (userId) => (await services.accounts.getUser(userId).catch(() => null))?.role ?? null,
    // An endpoint may filter on a campaign its owner can see (the campaigns module's 404 otherwise).
    assertCampaignVisible: async (actor, campaignId) => {
      await services.campaigns.get(campaignId, actor);
    },
    onEventsRecorded,
  });
  // Issue 16: the live screen's aggregator (a durable bus consumer), its push hub, the report.
  const analytics = createAnalyticsModule({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    campaigns: services.campaigns,
    storeIdsOf: services.merchants.storeIdsOf,
  });
  // Issue 11: conference tickets; paid through the wallet provider, the organizer credited like a store.
  const tickets = createTicketsService({
    db: ctx.db,
    clock: ctx.clock,
    ledger,
    storeIdsOf: services.merchants.storeIdsOf,
    logger: ctx.logger,
  });
  // Issue 11 item 6: signed ticket codes and check-in, on the tickets module's tickets.
  const checkin = createCheckinModule({
    db: ctx.db,
    clock: ctx.clock,
    // Check-in reads tickets only through the tickets module's index (no access to its tables).
    tickets: checkinTicketSource(ctx.db),
    eventOf: eventOfWith(services.campaigns),
    findUserByEmail: async (email) => findUserWith(services.accounts)({ email }),
  });
  // Issue 12: the conference programme (rooms, schedule, versions, agenda, seats, feedback).
  const programme = createProgrammeService({
    db: ctx.db,
    clock: ctx.clock,
    baseUrl: (ctx.config.publicUrl ?? '').replace(/\/$/, ''),
  });
  // The call for proposals: a confirmed proposal becomes an unscheduled session of the programme
  // in the confirming transaction; a withdrawn one cancels it.
  const cfp = createCfpModule({
    db: ctx.db,
    clock: ctx.clock,
    onConfirmed: proposalHandoff,
    onWithdrawn: proposalWithdrawal,
  });
  return {
    ...services,
    checkin,
    programme,
    cfp,
    analytics,
    tickets,
    promotions,
    ledger,
    addresses,
    orders,
    afterSale,
    campaignPrices,
    payments,
    flashSales,
    flashAdmission,
    webhooks,
    transparency,
    charity,
    traceability,
    rural,
  };
}

/** argon2 as configured; at most half the cores hash at once unless the config says otherwise. */
function passwordHasherFor(config: AppContext['config']) {
  const { memoryKiB, timeCost, parallelism, maxConcurrent, maxQueued, maxWaitMs } = config.argon2;
  const defaults = defaultHashingLimits(availableParallelism());
  return createPasswordHasher(
    { memoryKiB, timeCost, parallelism },
    { maxConcurrent: maxConcurrent ?? defaults.maxConcurrent, maxQueued, maxWaitMs },
  );
}

/** Stores, catalog, enrollment (招商) and the venue; they reach each other only through these services. */
export function createMerchantServices(ctx: Pick<AppContext, 'db' | 'clock'>, onEventsRecorded?: () => void) {
  const { db, clock } = ctx;
  const accounts = createAccountsService({ db, clock });
  const campaigns = createCampaignsService({ db, clock, onEventsRecorded });
  const merchants = createMerchantsService({ db, clock, getUser: accounts.getUser });
  const catalog = createCatalogService({ db, clock, merchants });
  const enrollment = createEnrollmentService({ db, clock, campaigns, merchants, catalog, onEventsRecorded });
  const venue = createVenueService({ db, clock, campaigns, merchants, catalog });
  return { merchants, catalog, enrollment, venue };
}

const responseSerializer = createResponseSerializer({ strict: strictResponsesByDefault() });

// Fastify types these factories for ajv and fast-json-stringify; the zod compilers have the
// same run-time shape (route schema in, validate/serialize function out).
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => responseSerializer,
} as unknown as NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'];

/** Wires the modules into one Fastify instance. Never listens: the server and tests decide. */
export async function buildApp(ctx: AppContext, options: { serveWeb?: boolean } = {}): Promise<BuiltApp> {
  // Per-request log lines only at debug: at 11.11 peak they would outnumber everything else.
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' }),
    // Only the proxies in CARNIVAL_TRUST_PROXY may set the client address, host and scheme.
    trustProxy: toFastifyTrustProxy(ctx.config.trustProxy),
    frameworkErrors,
    ...httpServerTimeouts(ctx.config.requestTimeoutMs),
    // zod validates and serializes every route (below). Without these factories Fastify loads
    // ajv and fast-json-stringify when it is created (0.1-0.3 s of every start) to use neither.
    schemaController: { compilersFactory: zodCompilers },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  const serveWeb = options.serveWeb !== false && existsSync(join(WEB_DIST, 'index.html'));
  const spaShell = serveWeb ? createSpaShell(WEB_DIST) : undefined;
  installErrorHandling(app, {
    spaFallback: serveWeb,
    spaShell,
    pageRenderer: spaShell ? createPageRenderer(WEB_SSR_ENTRY, spaShell) : undefined,
  });
  installGuardOrder(app);
  // Every /api route must say what an API key needs to call it, or buildApp fails (scopes.ts).
  installScopeGuards(app);
  const { publicUrl, secureCookies } = ctx.config;
  await installSecurityHeaders(app, { publicUrl, secureCookies });
  installCsrfProtection(app, { publicUrl, exemptPrefixes: CSRF_EXEMPT_PREFIXES });
  installInputHygiene(app);
  await installCompression(app);
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Carnival API',
        description:
          'Plan, run and measure official events: festivals, conferences, summits and public-welfare programmes.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'carnival_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'A partner API key (ck_live_...)' },
        },
      },
    },
    transform: withScopeInDocs(withErrorResponses(jsonSchemaTransform)),
    // Models registered by id (`.meta({ id })`) become named components the generated client exports.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // Before any route: the limits attach themselves to routes as they are registered.
  await installRateLimits(app, {
    kv: ctx.kv,
    logger: ctx.logger,
    limits: ctx.config.limits,
    exemptPrefixes: [GATEWAY_NOTIFY_PREFIX],
  });

  const services = createServices(ctx);
  installRequestContext(app);
  // Before the session lookup: a flash-sale crowd over the in-flight cap is shed for free.
  installEarlyShedding(app, services.flashSales);
  installActorResolution(app, services.accounts);
  // Per API key: its rate per minute (before anything else runs), the stores and campaigns it is
  // limited to (after validation), and its usage (after the answer is sent).
  installKeyRateLimit(app, {
    kv: ctx.kv,
    logger: ctx.logger,
    defaultPerMinute: ctx.config.limits.apiKeyPerMinute,
  });
  installKeyResourceLimits(app);
  // Creating routes (config.idempotent) accept Idempotency-Key: a partner's retry creates nothing twice.
  installIdempotentRoutes(app, ctx.db);
  const keyUsage = createKeyUsage({ kv: ctx.kv, clock: ctx.clock, logger: ctx.logger });
  installKeyUsageCounting(app, keyUsage);

  installHealthRoutes(app, { db: ctx.db, kv: ctx.kv, bus: ctx.bus });
  installTimeRoute(app, { clock: ctx.clock });

  await app.register(async (scope) => {
    await accountsRoutes(scope, {
      accounts: services.accounts,
      keyUsage,
      secureCookies: ctx.config.secureCookies,
    });
    await campaignsRoutes(scope, {
      campaigns: services.campaigns,
      clock: ctx.clock,
      secureCookies: ctx.config.secureCookies,
      publicUrl: ctx.config.publicUrl,
    });
    await auditRoutes(scope, { db: ctx.db });
    await pricingRoutes(scope, {
      caps: {
        maxLines: ctx.config.limits.quoteMaxLines,
        maxPromotions: ctx.config.limits.quoteMaxPromotions,
        maxListEntries: ctx.config.limits.quoteMaxListEntries,
      },
    });
    await merchantsRoutes(scope, {
      merchants: services.merchants,
      recentAuth: services.accounts.requireRecentAuth,
    });
    await catalogRoutes(scope, { catalog: services.catalog });
    await enrollmentRoutes(scope, { enrollment: services.enrollment, venue: services.venue });
    await promotionsRoutes(scope, { promotions: services.promotions });
    await ledgerRoutes(scope, { ledger: services.ledger });
    await ledgerAdminRoutes(scope, { ledger: services.ledger });
    await ordersRoutes(scope, { orders: services.orders });
    await addressesRoutes(scope, { addresses: services.addresses });
    await afterSaleRoutes(scope, services.afterSale);
    await campaignPriceRoutes(scope, { campaignPrices: services.campaignPrices });
    await paymentsRoutes(scope, { payments: services.payments });
    await sandboxGatewayRoutes(scope, { sandbox: services.payments.sandbox });
    await flashSalesRoutes(scope, { flashSales: services.flashSales });
    await flashAdmissionRoutes(scope, {
      flashSales: services.flashSales,
      admission: services.flashAdmission,
      storeIdsOf: services.merchants.storeIdsOf,
      clock: ctx.clock,
    });
    await webhooksRoutes(scope, { webhooks: services.webhooks });
    await transparencyRoutes(scope, { transparency: services.transparency });
    await analyticsRoutes(scope, { analytics: services.analytics });
    await charityRoutes(scope, { charity: services.charity });
    await traceabilityRoutes(scope, { traceability: services.traceability });
    await ruralRoutes(scope, { rural: services.rural });
    await ticketsRoutes(scope, { tickets: services.tickets });
    await checkinRoutes(scope, { checkin: services.checkin });
    await programmeOrganizerRoutes(scope, { programme: services.programme });
    await programmePublicRoutes(scope, { programme: services.programme });
    await cfpRoutes(scope, { cfp: services.cfp });
  });

  // Client-side routes (/events/x, /console) get the SPA shell via the not-found handler.
  if (serveWeb) await installWebAssets(app, WEB_DIST);
  return { app, services };
}
