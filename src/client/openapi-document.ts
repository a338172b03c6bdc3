import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createContextOn } from '../context';
import { createMemoryBus } from '../platform/bus';
import { openDatabase } from '../platform/db';
import { createMemoryKv } from '../platform/kv';
import { silentLogger } from '../platform/logger';

/**
 * The server's own OpenAPI document, as `GET /docs/json` serves it, built without listening and
 * without a migrated database: routes and schemas are all the document needs. The generated
 * client (scripts/build-client.ts) is made from it.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ dataDir: 'memory://', logLevel: 'silent', seedDemo: false });
  const database = await openDatabase({});
  const ctx = await createContextOn(config, database, {
    logger: silentLogger,
    kv: createMemoryKv(),
    bus: createMemoryBus(),
  });
  const { app } = await buildApp(ctx, { serveWeb: false });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await ctx.close();
  }
}
