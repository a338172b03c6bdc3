/**
 * An in-process Carnival on a bench database, for seeding it before the server under test starts:
 * migrated, relaxed limits, in-memory KV and bus, and a `user(role)` that inserts an account by
 * SQL (no argon2: the bench never signs it in through the password).
 */
import { createServices } from '../../src/app';
import { loadConfig } from '../../src/config';
import { type AppContext, createContextOn } from '../../src/context';
import type { Actor } from '../../src/platform/auth';
import { createMemoryBus } from '../../src/platform/bus';
import { migrateToLatest, openDatabase } from '../../src/platform/db';
import { newId } from '../../src/platform/ids';
import { createMemoryKv } from '../../src/platform/kv';
import { silentLogger } from '../../src/platform/logger';
import { relaxedLimits } from '../../test/support/limits';

export interface SeedContext {
  ctx: AppContext;
  services: ReturnType<typeof createServices>;
  user(role: Actor['role']): Promise<Actor>;
}

/** Runs `seed` on a context over `url` and closes the context afterwards. */
export async function withSeedContext<T>(url: string, seed: (s: SeedContext) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrateToLatest(database.db);
  const config = loadConfig(
    { dataDir: 'memory://', logLevel: 'silent', seedDemo: false, limits: relaxedLimits() },
    {},
  );
  const clock = { now: () => new Date() };
  const ctx = await createContextOn(config, database, {
    clock,
    logger: silentLogger,
    kv: createMemoryKv({ prefix: 'bench:', clock }),
    bus: createMemoryBus({ logger: silentLogger }),
  });
  try {
    const services = createServices(ctx);
    const user = async (role: Actor['role']): Promise<Actor> => {
      const id = newId('usr');
      await ctx.db
        .insertInto('users')
        .values({
          id,
          email: `${id}@bench.test`,
          display_name: role,
          role,
          password_hash: 'x',
          created_at: new Date(),
        })
        .execute();
      return { userId: id, role, email: `${id}@bench.test`, displayName: role, via: 'session' };
    };
    return await seed({ ctx, services, user });
  } finally {
    await ctx.close();
  }
}
