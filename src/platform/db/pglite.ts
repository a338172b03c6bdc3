/**
 * Opening the embedded database (PGlite: PostgreSQL compiled to WebAssembly, in this process).
 * Two costs dominate a start on it, and both are set here:
 *
 * - initdb and the migrations, on a fresh folder: 5-6 s and ~400 MB of lingering WASM memory.
 *   A fresh folder gets a copy of the build's template instead (./pglite-template.ts).
 * - shared_buffers. PGlite's default is PostgreSQL's 128 MB, which does not fit in the WASM
 *   heap's initial 128 MiB, so the heap grows and the buffers, once touched, stay resident:
 *   ~90 MB more idle RSS than 32 MB measured (docs/operations.md). The files below PGlite are in
 *   the OS page cache anyway (NODEFS) or in JS memory (memory://), so a buffer miss costs a
 *   copy, not a disk read. 16 MB and 32 MB measured the same idle RSS; 32 MB keeps more of a
 *   large hub in cache. CARNIVAL_PGLITE_SHARED_BUFFERS changes it.
 *
 * PGlite is imported here, lazily, so a process on PostgreSQL never loads its WASM (~50 MB).
 */
import { mkdirSync } from 'node:fs';
import { Kysely, type KyselyConfig } from 'kysely';
import { PGLITE_TEMPLATE_DIR } from '../../paths';
import type { DB } from '../../schema';
import type { PgliteQueueOptions } from './pglite-driver';
import { seedFromTemplate } from './pglite-template';

export const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

export interface PgliteOptions {
  /** Data folder, or `memory://` for a throwaway in-memory database. */
  dir: string;
  /** PostgreSQL's shared_buffers inside the WASM heap (`16MB`, `64MB`...). */
  sharedBuffers?: string;
  /** The template (default dist/pglite-template) copied into `dir` when it is fresh; null: none. */
  templateDir?: string | null;
  /** The bounded wait for the one connection (./pglite-driver.ts). */
  queue?: PgliteQueueOptions;
  /** Kysely's query log; for tests. */
  log?: KyselyConfig['log'];
}

export async function openPglite(options: PgliteOptions): Promise<Kysely<DB>> {
  const [{ PGlite }, { PgliteDialect }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite-driver'),
    // pg_trgm backs the hub's search index (migration 0014); PGlite loads it from its bundle.
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const memory = options.dir.startsWith('memory://');
  const templateDir = options.templateDir === undefined ? PGLITE_TEMPLATE_DIR : options.templateDir;
  if (!memory && templateDir) seedFromTemplate(options.dir, templateDir);
  if (!memory) mkdirSync(options.dir, { recursive: true });
  // One options object: PGlite.create(undefined, options) would ignore the options.
  const client = await PGlite.create({
    dataDir: memory ? undefined : options.dir,
    parsers: { 20: (v: string) => Number(v) },
    extensions: { pg_trgm },
    startParams: [
      ...PGlite.defaultStartParams,
      '-c',
      `shared_buffers=${options.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS}`,
    ],
  });
  return new Kysely<DB>({ dialect: new PgliteDialect(client, options.queue), log: options.log });
}
