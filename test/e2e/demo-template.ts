/**
 * The browser tests' seeded demo year, made once per `npm test` and copied into each test
 * file's own data folder. Seeding the demo takes about a minute on a loaded 2-core runner and
 * twenty files did it each; a copy of the closed PGlite folder starts in a few seconds (the
 * server finds its demo there and does not seed again).
 *
 * The first file that asks seeds the template under a lock (a mkdir, atomic across the test
 * processes); the others wait for its READY mark. The folder's root comes from the global setup
 * (per run, removed at the end), so a template never outlives the sources it was seeded from.
 * Files whose checks depend on the minutes since the seed (a slot that opens ten minutes after
 * it) seed their own: startTarget's `freshDemo`.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startServer } from '../../src/server';
import '../support/provided-context';

const WAIT_MS = 10 * 60_000;
/** The bootstrap operator's password in the copy (startTarget's default); a file that wants another seeds its own. */
export const TEMPLATE_ADMIN_PASSWORD = 'e2e-operator-pass-1';

/** The template's root for this run, or undefined when the global setup did not make one. */
function templateRoot(): string | undefined {
  try {
    const root = inject('demoTemplateRoot');
    return root && existsSync(root) ? root : undefined;
  } catch {
    return undefined;
  }
}

async function seedTemplate(root: string): Promise<void> {
  const server = await startServer(
    {
      port: 0,
      dataDir: join(root, 'data'),
      seedDemo: true,
      logLevel: 'silent',
      adminPassword: TEMPLATE_ADMIN_PASSWORD,
    },
    { env: {} },
  );
  await server.close();
}

async function awaitMark(root: string): Promise<'ready' | 'failed'> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(join(root, 'READY'))) return 'ready';
    if (existsSync(join(root, 'FAILED'))) return 'failed';
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return 'failed';
}

/**
 * Fills `dataDir` (empty) with a copy of the seeded demo year; false when there is no template
 * to copy (no global setup, or its seeding failed), and the caller seeds its own.
 */
export async function copyDemoTemplate(dataDir: string): Promise<boolean> {
  const root = templateRoot();
  if (!root) return false;
  let mine = false;
  try {
    mkdirSync(join(root, 'lock'));
    mine = true;
  } catch {
    // another test file is seeding it
  }
  if (mine) {
    try {
      await seedTemplate(root);
      writeFileSync(join(root, 'READY'), '');
    } catch (error) {
      writeFileSync(join(root, 'FAILED'), String(error));
      throw error;
    }
  } else if ((await awaitMark(root)) === 'failed') {
    return false;
  }
  cpSync(join(root, 'data'), dataDir, { recursive: true });
  return true;
}
