import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root. This file sits one folder below it in the sources (src/paths.ts) and
 * its code one folder below it in the build (dist/carnival.mjs), so the same expression holds
 * whether the server runs from TypeScript (tests) or from the bundle (`carnival serve`).
 */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The web bundle (`npm run build:web`). */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

/** The server's render of public pages (web/src/ssr, built with the web bundle). */
export const WEB_SSR_ENTRY = join(REPO_ROOT, 'web', 'dist-ssr', 'entry-server.mjs');

/** A PGlite data folder straight out of initdb (scripts/build.mjs), copied into fresh folders. */
export const PGLITE_TEMPLATE_DIR = join(REPO_ROOT, 'dist', 'pglite-template');
