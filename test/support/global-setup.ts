/**
 * Once per `npm test` (vitest globalSetup): the tests that spawn `carnival serve` run the
 * compiled CLI (dist/carnival.mjs), so it is rebuilt here when the sources are newer, and a
 * test never runs yesterday's server. The PGlite template makes their fresh data folders start
 * without initdb. Both are no-ops when up to date (a few ms of stat calls).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensurePgliteTemplate, ensureServerBuild } from '../../scripts/build.mjs';
import './provided-context';

export default async function setup(project: TestProject): Promise<() => void> {
  await ensureServerBuild({ log: () => {} });
  await ensurePgliteTemplate({ log: () => {} });
  // Where the browser tests' seeded demo year goes (test/e2e/demo-template.ts): made by the first
  // file that needs it, removed after the run.
  const demoTemplateRoot = mkdtempSync(join(tmpdir(), 'carnival-demo-template-'));
  project.provide('demoTemplateRoot', demoTemplateRoot);
  return () => rmSync(demoTemplateRoot, { recursive: true, force: true });
}
