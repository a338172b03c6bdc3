#!/usr/bin/env node
// Runs the compiled CLI (dist/carnival.mjs): no TypeScript loader at run time. When the bundle
// is missing or older than the sources (a fresh clone, a `git pull`, an edit), esbuild rebuilds
// it first (~0.3 s), so `npx carnival ...` always runs the code in src/.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ensureServerBuild, SERVER_BUNDLE } from '../scripts/build.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
try {
  await ensureServerBuild({ log });
} catch (err) {
  // A read-only install (an image built with `npm run build`, then files touched) still runs
  // the bundle it has; without one there is nothing to run.
  if (!existsSync(SERVER_BUNDLE)) throw err;
  log(
    `could not rebuild ${SERVER_BUNDLE} (${err instanceof Error ? err.message : err}); running the existing build`,
  );
}
await import(pathToFileURL(SERVER_BUNDLE).href);
