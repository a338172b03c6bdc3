#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
// Runs the compiled CLI (dist/carnival.mjs): no TypeScript loader at run time. When the bundle
// is missing or older than the sources (a fresh clone, a `git pull`, an edit), esbuild rebuilds
// it first (~0.3 s), so `npx carnival ...` always runs the code in src/.
import { ensureServerBuild, SERVER_BUNDLE } from '../scripts/build.mjs';

await ensureServerBuild({ log: (line) => process.stderr.write(`${line}\n`) });
await import(pathToFileURL(SERVER_BUNDLE).href);
