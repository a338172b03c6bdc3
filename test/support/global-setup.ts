/**
 * Once per `npm test` (vitest globalSetup): the tests that spawn `carnival serve` run the
 * compiled CLI (dist/carnival.mjs), so it is rebuilt here when the sources are newer, and a
 * test never runs yesterday's server. The PGlite template makes their fresh data folders start
 * without initdb. Both are no-ops when up to date (a few ms of stat calls).
 */
import { ensurePgliteTemplate, ensureServerBuild } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await ensureServerBuild({ log: () => {} });
  await ensurePgliteTemplate({ log: () => {} });
}
