/**
 * The PGlite template: a data folder that has been through initdb and every migration, made by
 * the build (`carnival pglite-template`, run by scripts/build.mjs) and copied into a fresh
 * folder instead of doing that work at start. On this machine a fresh folder otherwise costs
 * initdb (3-4 s, in a second WASM instance whose ~400 MB linger until V8 collects them) plus
 * the migrations (1.5-2 s: ~140 DDL statements, each a handful of synchronous file operations
 * through PGlite's NODEFS). Copying ~40 MB of files takes tens of ms.
 *
 * The template holds no Carnival data: no operator, no secret (server_secrets is filled at run
 * time by the first process that needs a secret), nothing but the schema. It is used only when
 * its marker says it was made by the PGlite installed now and from the migrations on disk now
 * (a hash of migrations/*.ts, the same one scripts/build.mjs computes); otherwise the folder
 * starts the old way, and the migrator brings it up to date either way.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../paths';

export interface TemplateMarker {
  pglite: string;
  /** sha256 of migrations/*.ts (names and contents, tests excluded). */
  migrations: string;
}

const markerPath = (templateDir: string) => `${templateDir}.json`;

/** Must stay the same computation as `migrationsHash` in scripts/build.mjs (a test checks). */
export function migrationsHash(dir = join(REPO_ROOT, 'migrations')): string | undefined {
  if (!existsSync(dir)) return undefined;
  const hash = createHash('sha256');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\n`)
      .update(readFileSync(join(dir, file)))
      .update('\n');
  return hash.digest('hex');
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

export function currentMarker(): TemplateMarker | undefined {
  const migrations = migrationsHash();
  return migrations ? { pglite: installedPgliteVersion(), migrations } : undefined;
}

export function templateMatches(templateDir: string): boolean {
  try {
    if (!existsSync(join(templateDir, 'PG_VERSION'))) return false;
    const marker = JSON.parse(readFileSync(markerPath(templateDir), 'utf8')) as Partial<TemplateMarker>;
    const current = currentMarker();
    return !!current && marker.pglite === current.pglite && marker.migrations === current.migrations;
  } catch {
    return false;
  }
}

/**
 * Copies the template into `dir` when `dir` holds no cluster yet and the template matches.
 * Copied beside and renamed into place, so a start killed halfway leaves no half cluster for
 * the next one to trust.
 */
export function seedFromTemplate(dir: string, templateDir: string): 'copied' | 'existing' | 'no-template' {
  if (existsSync(join(dir, 'PG_VERSION'))) return 'existing';
  if (existsSync(dir) && readdirSync(dir).length > 0) return 'existing'; // not ours to overwrite
  if (!templateMatches(templateDir)) return 'no-template';
  mkdirSync(dirname(dir), { recursive: true });
  const staging = `${dir}.${process.pid}.seeding`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(templateDir, staging, { recursive: true });
  rmSync(dir, { recursive: true, force: true }); // absent or empty, checked above
  renameSync(staging, dir);
  return 'copied';
}

/**
 * Makes the template: a cluster in a staging folder, migrated, closed cleanly, then renamed
 * into place and its marker written last (no marker, no use). `open` and `migrate` are the
 * server's own (openPglite without a template, migrateToLatest), passed in to keep this file
 * free of them.
 */
export async function buildPgliteTemplate(
  templateDir: string,
  migrateFolder: (dir: string) => Promise<void>,
): Promise<void> {
  const marker = currentMarker();
  if (!marker) throw new Error('no migrations/ folder beside the build: nothing to make a template from');
  const staging = `${templateDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  await migrateFolder(staging);
  rmSync(markerPath(templateDir), { force: true });
  rmSync(templateDir, { recursive: true, force: true });
  try {
    renameSync(staging, templateDir);
  } catch (err) {
    // Another build (a second test run) got there first; its template is as good as ours.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(templateDir, 'PG_VERSION'))) throw err;
  }
  writeFileSync(markerPath(templateDir), `${JSON.stringify(marker)}\n`);
}
