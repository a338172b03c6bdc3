/**
 * Opening the embedded database (PGlite: PostgreSQL compiled to WebAssembly, in this process).
 * Two costs dominate a start on it, and both are set here:
 *
 * - initdb. A folder without a cluster first runs initdb inside a second WASM instance: 3-4 s,
 *   and ~400 MB of WASM memory that stays resident until V8 happens to collect it. The build
 *   (scripts/build.mjs) runs initdb once into dist/pglite-template; a fresh folder gets a copy
 *   of it (~40 MB of files, tens of ms) and PGlite then starts as on any later start.
 * - shared_buffers. PGlite's default is PostgreSQL's 128 MB, all of it touched and resident in
 *   the WASM heap. The files below PGlite are in the OS page cache anyway (NODEFS) or in JS
 *   memory (memory://), so a miss costs a copy, not a disk read: 16 MB keeps the working set of
 *   a single-process install and halves its idle memory. CARNIVAL_PGLITE_SHARED_BUFFERS raises it.
 *
 * PGlite is imported here, lazily, so a process on PostgreSQL never loads its WASM (~50 MB).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Kysely } from 'kysely';
import { PGLITE_TEMPLATE_DIR } from '../../paths';
import type { DB } from '../../schema';

export const DEFAULT_PGLITE_SHARED_BUFFERS = '16MB';

export interface PgliteOptions {
  /** Data folder, or `memory://` for a throwaway in-memory database. */
  dir: string;
  /** PostgreSQL's shared_buffers inside the WASM heap (`16MB`, `64MB`...). */
  sharedBuffers?: string;
  /** A folder initdb wrote (default dist/pglite-template); copied into `dir` when it is fresh. */
  templateDir?: string;
}

export async function openPglite(options: PgliteOptions): Promise<Kysely<DB>> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const memory = options.dir.startsWith('memory://');
  if (!memory) seedFromTemplate(options.dir, options.templateDir ?? PGLITE_TEMPLATE_DIR);
  const client = await PGlite.create(memory ? undefined : options.dir, {
    parsers: { 20: (v: string) => Number(v) },
    startParams: [
      ...PGlite.defaultStartParams,
      '-c',
      `shared_buffers=${options.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS}`,
    ],
  });
  return new Kysely<DB>({ dialect: new PGliteDialect(client) });
}

/**
 * Copies the template into `dir` when `dir` holds no cluster yet and the template was made by
 * the PGlite installed now (its format follows PGlite's version). Copied beside and renamed
 * into place, so a start killed halfway leaves no half cluster for the next one to trust.
 * Without a usable template nothing happens and PGlite runs initdb itself, as it always did.
 */
export function seedFromTemplate(dir: string, templateDir: string): 'copied' | 'existing' | 'no-template' {
  if (existsSync(join(dir, 'PG_VERSION'))) return 'existing';
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) return 'existing'; // not ours to overwrite; PGlite decides
  if (!templateMatches(templateDir)) return 'no-template';
  const staging = `${dir}.${process.pid}.seeding`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(templateDir, staging, { recursive: true });
  rmSync(dir, { recursive: true, force: true }); // empty, checked above
  renameSync(staging, dir);
  return 'copied';
}

function templateMatches(templateDir: string): boolean {
  try {
    if (!existsSync(join(templateDir, 'PG_VERSION'))) return false;
    const marker = JSON.parse(readFileSync(`${templateDir}.json`, 'utf8')) as { pglite?: string };
    return marker.pglite === installedPgliteVersion();
  } catch {
    return false;
  }
}

let pgliteVersion: string | undefined;
export function installedPgliteVersion(): string {
  if (pgliteVersion) return pgliteVersion;
  // The package's exports hide its package.json; its entry point sits in <package>/dist/.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  pgliteVersion = pkg.version;
  return pgliteVersion;
}
