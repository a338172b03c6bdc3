import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Client, createClient } from '../bench/lib/load';
import { type StartedServer, startServer } from '../src/server';
import { removeDir, tempDir } from './faults/support';
import { type FlashShop, seedFlashShop } from './support/flash-load';
import { RUSH_CUSTOMERS, runRushScenario } from './support/flash-rush-scenario';
import { relaxedLimits } from './support/limits';

/**
 * The same rush as test/flash-sale.rush.test.ts on the embedded default: one process, PGlite,
 * the in-process KV, no environment. The server runs in this process (its PGlite can only be
 * opened by one process, and the checks read it while it serves) and is driven over real HTTP.
 */
describe('flash-sale rush: the embedded default (PGlite, in-process KV)', () => {
  let dataDir: string;
  let server: StartedServer;
  let client: Client;
  let fixture: FlashShop;

  beforeAll(async () => {
    dataDir = tempDir('carnival-flash-embedded-');
    server = await startServer(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        logLevel: 'silent',
        seedDemo: false,
        adminPassword: 'embedded-operator-pw-2026',
        limits: relaxedLimits(),
      },
      { env: {} },
    );
    fixture = await seedFlashShop(
      { db: server.ctx.db, kind: server.ctx.dbKind },
      { customers: RUSH_CUSTOMERS },
    );
    client = createClient(server.url, 200);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await server?.close();
    if (dataDir) removeDir(dataDir);
  }, 60_000);

  it('gives the same exact counts as on PostgreSQL + Redis', async () => {
    await runRushScenario({
      clients: [client],
      db: server.ctx.db,
      fixture,
      log: (l) => console.log(`[embedded] ${l}`),
    });
    // ~10,500 answers through one PGlite, the load in the same process: 84 s at load average 12,
    // 194 s at 17 (the machine shared by six helpers).
  }, 300_000);
});
