import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ARGON2, meetsOwaspMinimum } from './modules/accounts';
import { limitsSchema, parseLimitsEnv } from './platform/http/limits-config';
import { publicUrlSchema, trustProxySchema } from './platform/http/proxy-config';

/**
 * The one reader of process.env. Flags from the CLI override env; everything is validated
 * here so the rest of the code receives a typed, complete Config.
 */
const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('127.0.0.1'),
  dataDir: z.string().default('./data'),
  /** PGlite's shared_buffers (the embedded database's page cache inside the WASM heap). */
  pgliteSharedBuffers: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'must look like 32MB')
    .default('32MB'),
  databaseUrl: z.string().url().optional(),
  redisUrl: z.string().url().optional(),
  /**
   * Prefix of every KV key (CARNIVAL_KV_PREFIX): processes of one deployment share it; two
   * deployments (or test runs) on one Redis keep apart. No braces (Redis Cluster hash tags).
   */
  kvPrefix: z
    .string()
    .regex(/^[^{}]+$/, 'must not contain braces')
    .default('carnival:'),
  natsUrl: z.string().optional(),
  /**
   * The JetStream stream and subject prefix (CARNIVAL_NATS_STREAM, CARNIVAL_NATS_SUBJECT_PREFIX):
   * processes of one deployment share them; two deployments (or test runs) on one NATS differ.
   */
  natsStream: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('CARNIVAL'),
  natsSubjectPrefix: z
    .string()
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, 'dot-separated lowercase words')
    .default('carnival'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The first operator's password; when absent a one-time password is generated and printed. */
  adminEmail: z.string().email().default('admin@carnival.local'),
  adminPassword: z.string().min(10).optional(),
  seedDemo: z.boolean().default(true),
  /** Whether session cookies carry `Secure` (set behind HTTPS). */
  secureCookies: z.boolean().default(false),
  unpaidOrderTimeoutMinutes: z.coerce.number().int().positive().default(15),
  /** Delivered sub-orders the customer has not confirmed complete after this many days. */
  autoConfirmDays: z.coerce.number().int().positive().default(7),
  /** The origin browsers use (`https://events.example.com`): CSRF checks, HSTS, absolute URLs (iCal). */
  publicUrl: publicUrlSchema.optional(),
  /** Proxies whose X-Forwarded-* headers count: IPs/CIDRs (a list) or a hop count; false trusts none. */
  trustProxy: trustProxySchema.default(false),
  /** The sandbox gateway's notification secret; when absent one is generated and kept in the database. */
  sandboxSecret: z.string().min(16).optional(),
  /** POST /api/wallet/demo-credit (free, capped demo money): only with seedDemo as well. */
  demoCredit: z.boolean().default(false),
  /** Rate limits and holding caps (see platform/http/limits-config.ts); env CARNIVAL_LIMITS (JSON). */
  limits: limitsSchema,
  // Bounded waits on dependencies and clients (docs/operations.md).
  dbStatementTimeoutMs: z.coerce.number().int().positive().default(5_000),
  dbConnectTimeoutMs: z.coerce.number().int().positive().default(5_000),
  /**
   * The embedded database (PGlite) has one connection, handed out in turn: a caller waiting longer
   * than this for it is answered 503 DATABASE_UNAVAILABLE (platform/db/pglite-driver.ts).
   */
  dbQueueTimeoutMs: z.coerce.number().int().positive().default(10_000),
  /** Log where each long holder of the embedded database's connection took it (diagnosis; costs a stack a query). */
  dbTraceHolders: z.boolean().default(false),
  /** Stage timestamps of events on their way to the live screen, in its SSE frames (bench/screen.ts only). */
  screenTrace: z.boolean().default(false),
  /** Frequent statements as named prepared statements (platform/db/prepared.ts); off behind PgBouncer. */
  dbPreparedStatements: z.boolean().default(true),
  /** Checkouts and payments one process lets into the database at once (orders/gate.ts). */
  hotPathConcurrency: z.coerce.number().int().positive().max(1000).default(8),
  kvCommandTimeoutMs: z.coerce.number().int().positive().default(500),
  /** A request (body included) not complete within this is answered 408 and closed. */
  requestTimeoutMs: z.coerce.number().int().positive().default(10_000),
  /** How long start waits for NATS before exiting non-zero; 0 waits forever. */
  busConnectTimeoutMs: z.coerce.number().int().min(0).default(60_000),
  /** A session unused this long ends (besides its 14-day absolute expiry). */
  sessionIdleMinutes: z.coerce.number().int().positive().max(20160).default(120),
  /** Password hashing (argon2id) and how many hashes run at once; docs/operations.md. */
  argon2: z
    .object({
      memoryKiB: z.coerce.number().int().positive().default(DEFAULT_ARGON2.memoryKiB),
      timeCost: z.coerce.number().int().positive().max(64).default(DEFAULT_ARGON2.timeCost),
      parallelism: z.coerce.number().int().min(1).max(16).default(DEFAULT_ARGON2.parallelism),
      /** Default: half the cores, at least one. */
      maxConcurrent: z.coerce.number().int().positive().optional(),
      maxQueued: z.coerce.number().int().min(0).default(64),
      maxWaitMs: z.coerce.number().int().positive().default(5_000),
    })
    .refine(meetsOwaspMinimum, {
      message:
        "below OWASP's argon2id minimum (memoryKiB >= 19456 with timeCost 2, 12288 with 3, 9216 with 4, 7168 with 5+, 47104 with 1)",
    })
    .default({
      ...DEFAULT_ARGON2,
      maxQueued: 64,
      maxWaitMs: 5_000,
    }),
  /** Flash-sale admission control (issue 15; modules/flash-sales/admission): per-slot numbers override the rates. */
  flashSales: z
    .object({
      /** Reservations one process works on at once; one more is answered 429 BUSY at once, never queued. */
      maxInFlight: z.coerce.number().int().positive().max(100_000).default(512),
      /**
       * Token-bucket rates (requests/s) when a slot sets none; the burst is one second's worth;
       * 0 = no such bucket. Off by default: per slot (the in-flight cap protects the process)
       * and per IP (a carrier's NAT puts thousands of shoppers behind one address).
       */
      defaultSlotRatePerSec: z.coerce.number().int().min(0).default(0),
      defaultCustomerRatePerSec: z.coerce.number().int().min(0).default(5),
      defaultIpRatePerSec: z.coerce.number().int().min(0).default(0),
      /** Waiting-room visitors let in per second from the start (the slot's own rate, when set, wins). */
      waitingRoomAdmitPerSec: z.coerce.number().int().positive().default(200),
      /** How long an admission token lets its holder reserve. */
      admissionTokenTtlSec: z.coerce.number().int().positive().max(3_600).default(120),
    })
    .default({
      maxInFlight: 512,
      defaultSlotRatePerSec: 0,
      defaultCustomerRatePerSec: 5,
      defaultIpRatePerSec: 0,
      waitingRoomAdmitPerSec: 200,
      admissionTokenTtlSec: 120,
    }),
  /**
   * Webhook targets on loopback, private and link-local addresses (CARNIVAL_WEBHOOKS_ALLOW_PRIVATE=1):
   * for tests and on-prem receivers only; the metadata service stays refused.
   */
  webhooksAllowPrivate: z.boolean().default(false),
  /** HMAC key of the visitor cookie; absent, one is made once and kept in the database. */
  cookieSecret: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export type ConfigOverrides = Partial<Record<keyof Config, unknown>>;

const envBool = (v: string | undefined) => (v === undefined ? undefined : ['1', 'true', 'yes'].includes(v));

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv = {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.CARNIVAL_DATA_DIR,
    pgliteSharedBuffers: env.CARNIVAL_PGLITE_SHARED_BUFFERS || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    kvPrefix: env.CARNIVAL_KV_PREFIX || undefined,
    natsUrl: env.NATS_URL || undefined,
    natsStream: env.CARNIVAL_NATS_STREAM || undefined,
    natsSubjectPrefix: env.CARNIVAL_NATS_SUBJECT_PREFIX || undefined,
    logLevel: env.LOG_LEVEL,
    adminEmail: env.CARNIVAL_ADMIN_EMAIL,
    adminPassword: env.CARNIVAL_ADMIN_PASSWORD || undefined,
    seedDemo: envBool(env.CARNIVAL_SEED_DEMO),
    secureCookies: envBool(env.CARNIVAL_SECURE_COOKIES),
    unpaidOrderTimeoutMinutes: env.CARNIVAL_UNPAID_TIMEOUT_MINUTES,
    autoConfirmDays: env.CARNIVAL_AUTO_CONFIRM_DAYS,
    publicUrl: env.CARNIVAL_PUBLIC_URL || undefined,
    trustProxy: env.CARNIVAL_TRUST_PROXY || undefined,
    sandboxSecret: env.CARNIVAL_SANDBOX_SECRET || undefined,
    demoCredit: envBool(env.CARNIVAL_DEMO_CREDIT),
    limits: parseLimitsEnv(env.CARNIVAL_LIMITS),
    dbStatementTimeoutMs: env.CARNIVAL_DB_STATEMENT_TIMEOUT_MS,
    dbConnectTimeoutMs: env.CARNIVAL_DB_CONNECT_TIMEOUT_MS,
    dbPreparedStatements: envBool(env.CARNIVAL_DB_PREPARE),
    dbQueueTimeoutMs: env.CARNIVAL_DB_QUEUE_TIMEOUT_MS,
    dbTraceHolders: envBool(env.CARNIVAL_DB_TRACE_HOLDERS),
    screenTrace: envBool(env.CARNIVAL_SCREEN_TRACE),
    hotPathConcurrency: env.CARNIVAL_HOT_PATH_CONCURRENCY,
    kvCommandTimeoutMs: env.CARNIVAL_KV_COMMAND_TIMEOUT_MS,
    requestTimeoutMs: env.CARNIVAL_REQUEST_TIMEOUT_MS,
    busConnectTimeoutMs: env.CARNIVAL_BUS_CONNECT_TIMEOUT_MS,
    sessionIdleMinutes: env.CARNIVAL_SESSION_IDLE_MINUTES,
    cookieSecret: env.CARNIVAL_COOKIE_SECRET || undefined,
    flashSales: {
      maxInFlight: env.CARNIVAL_FLASH_MAX_IN_FLIGHT || undefined,
      defaultSlotRatePerSec: env.CARNIVAL_FLASH_SLOT_RATE || undefined,
      defaultCustomerRatePerSec: env.CARNIVAL_FLASH_CUSTOMER_RATE || undefined,
      defaultIpRatePerSec: env.CARNIVAL_FLASH_IP_RATE || undefined,
      waitingRoomAdmitPerSec: env.CARNIVAL_FLASH_WAITING_ROOM_RATE || undefined,
      admissionTokenTtlSec: env.CARNIVAL_FLASH_ADMISSION_TOKEN_TTL_SEC || undefined,
    },
    webhooksAllowPrivate: envBool(env.CARNIVAL_WEBHOOKS_ALLOW_PRIVATE),
    argon2: {
      memoryKiB: env.CARNIVAL_ARGON2_MEMORY_KIB || undefined,
      timeCost: env.CARNIVAL_ARGON2_TIME_COST || undefined,
      parallelism: env.CARNIVAL_ARGON2_PARALLELISM || undefined,
      maxConcurrent: env.CARNIVAL_ARGON2_MAX_CONCURRENT || undefined,
      maxQueued: env.CARNIVAL_ARGON2_MAX_QUEUED || undefined,
      maxWaitMs: env.CARNIVAL_ARGON2_MAX_WAIT_MS || undefined,
    },
  };
  // A flag that was not given arrives as `undefined`; it must not hide the environment's value
  // (`carnival serve` passes { port: undefined, dataDir: undefined } when PORT or
  // CARNIVAL_DATA_DIR set them), so both sides drop their undefined entries before merging.
  const merged: Record<string, unknown> = {};
  for (const source of [fromEnv, overrides])
    for (const [k, v] of Object.entries(source)) if (v !== undefined) merged[k] = v;
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const { dataDir } = parsed.data;
  // `memory://` asks for a throwaway in-memory PGlite; anything else is a folder on disk.
  return { ...parsed.data, dataDir: dataDir.startsWith('memory://') ? 'memory://' : resolve(dataDir) };
}
